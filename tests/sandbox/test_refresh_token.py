"""grant_type=refresh_token: rotation, reuse detection, lifetimes, reduced scope, the cap.

Auth0: §2.5 and §2.9 row 15; every time on the sandbox clock, which the tests move.
"""

from __future__ import annotations

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import FrozenSandbox
from tests.sandbox.flows import (
    ALICE,
    ALICE_PASSWORD,
    RS256,
    claims,
    client_auth,
    code_login,
    post_token,
    row,
)

INVALID = (403, "invalid_grant", "Unknown or invalid refresh token.")
OFFLINE = "openid profile offline_access"


def _refresh(sb: Sandbox, token: str, client: str = "spa", **form: str) -> requests.Response:
    return post_token(sb, grant_type="refresh_token", refresh_token=token,
                      **client_auth(sb, client), **form)  # fmt: skip


def _first(sb: Sandbox, client: str = "spa", **authorize: str) -> str:
    response = code_login(sb, client=client, scope=authorize.pop("scope", OFFLINE), **authorize)
    assert response.status_code == 200, response.text
    token: str = response.json()["refresh_token"]
    return token


def test_rotation_returns_a_new_token_and_auth0s_refresh_shape(frozen: FrozenSandbox) -> None:
    """SPA (rotating): access_token, id_token, expires_in, token_type, scope, refresh_token."""
    first = _first(frozen)
    response = _refresh(frozen, first)
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == [
        "access_token", "id_token", "expires_in", "token_type", "scope", "refresh_token",
    ]  # fmt: skip
    assert body["refresh_token"] != first
    assert len(body["refresh_token"]) == 90
    assert _refresh(frozen, body["refresh_token"]).status_code == 200


def test_reusing_a_rotated_token_revokes_the_whole_family(frozen: FrozenSandbox) -> None:
    """Reuse detection: the old token fails, and so does its still-unused descendant."""
    first = _first(frozen)
    second = _refresh(frozen, first).json()["refresh_token"]
    frozen.clock.advance(5)
    assert row(_refresh(frozen, first)) == INVALID
    assert row(_refresh(frozen, second)) == INVALID


def test_leeway_lets_the_previous_token_be_reused_briefly(frozen: FrozenSandbox) -> None:
    """refresh_token.leeway: reuse within the leeway works; after it, the family is revoked."""
    frozen.application("spa").refresh_token.leeway = 30
    first = _first(frozen)
    second = _refresh(frozen, first).json()["refresh_token"]
    frozen.clock.advance(20)
    assert _refresh(frozen, first).status_code == 200
    frozen.clock.advance(20)
    assert row(_refresh(frozen, first)) == INVALID
    assert row(_refresh(frozen, second)) == INVALID


def test_non_rotating_client_keeps_its_token(frozen: FrozenSandbox) -> None:
    """Web app (non-rotating): no new refresh_token in the response; the same one works again."""
    first = _first(frozen, client="web", audience=RS256, scope="openid read:items offline_access")
    for _ in range(2):
        response = _refresh(frozen, first, client="web")
        assert response.status_code == 200
        assert "refresh_token" not in response.json()
    token = claims(response.json()["access_token"])
    assert token["aud"] == [RS256, f"https://{frozen.tenant.domain}/userinfo"]
    assert token["gty"] == "refresh_token"  # Emulation.refresh_token_gty [inferred]


def test_reduced_scopes_narrow_the_new_tokens(frozen: FrozenSandbox) -> None:
    """§2.5: scope ⊆ original gives tokens with only those scopes; more is refused."""
    first = _first(frozen, client="web", audience=RS256,
                   scope="openid read:items write:items offline_access")  # fmt: skip
    narrowed = _refresh(frozen, first, client="web", scope="read:items")
    assert narrowed.json()["scope"] == "read:items"
    assert claims(narrowed.json()["access_token"])["aud"] == RS256
    assert "id_token" not in narrowed.json()
    wider = _refresh(frozen, first, client="web", scope="read:items delete:items")
    assert row(wider) == (
        403, "invalid_scope", "The requested scopes were not granted to the refresh token: "
        "delete:items",
    )  # fmt: skip


def test_idle_lifetime_expires_an_unused_token_and_renews_on_use(frozen: FrozenSandbox) -> None:
    """Expiring tokens: each exchange renews the idle window; idling past it fails."""
    spa = frozen.application("spa")
    spa.refresh_token.idle_token_lifetime = 100
    token = _first(frozen)
    frozen.clock.advance(90)
    token = _refresh(frozen, token).json()["refresh_token"]
    frozen.clock.advance(90)
    token = _refresh(frozen, token).json()["refresh_token"]
    frozen.clock.advance(100)
    assert row(_refresh(frozen, token)) == INVALID


def test_absolute_lifetime_is_fixed_at_issuance(frozen: FrozenSandbox) -> None:
    """Rotation does not extend the absolute lifetime of the family."""
    frozen.application("spa").refresh_token.token_lifetime = 150
    token = _first(frozen)
    for _ in range(2):
        frozen.clock.advance(70)
        token = _refresh(frozen, token).json()["refresh_token"]
    frozen.clock.advance(10)
    assert row(_refresh(frozen, token)) == INVALID


def test_non_expiring_tokens_outlive_any_idle_window(frozen: FrozenSandbox) -> None:
    """expiration_type non-expiring (the web app): a year later the token still works."""
    token = _first(frozen, client="web", scope="openid offline_access")
    frozen.clock.advance(365 * 86400)
    assert _refresh(frozen, token, client="web").status_code == 200


@pytest.mark.parametrize("token", ["v1.Mnot-a-token", ""], ids=["unknown", "missing"])
def test_row_15_and_19_unknown_or_missing_token(frozen: FrozenSandbox, token: str) -> None:
    """§2.9 row 15 for an unknown token; row 19 when the parameter is missing."""
    response = _refresh(frozen, token)
    if token:
        assert row(response) == INVALID
    else:
        assert row(response) == (400, "invalid_request",
                                  "Missing required parameter: refresh_token")  # fmt: skip


def test_another_clients_token_is_invalid(frozen: FrozenSandbox) -> None:
    """A refresh token works only for the application it was issued to."""
    token = _first(frozen)
    assert row(_refresh(frozen, token, client="web")) == INVALID


def test_no_refresh_token_without_offline_access_or_when_the_api_disallows_it(
    frozen: FrozenSandbox,
) -> None:
    """§2.2: offline_access is needed, and the API must allow offline access (HS256 does not)."""
    plain = code_login(frozen, scope="openid")
    assert "refresh_token" not in plain.json()
    hs = code_login(frozen, audience="https://hs256.sandbox.example/",
                    scope="openid read:reports offline_access")  # fmt: skip
    assert "refresh_token" not in hs.json()
    assert hs.json()["scope"] == "openid read:reports"


def test_the_200_token_cap_revokes_the_oldest(frozen: FrozenSandbox) -> None:
    """§2.5: at most 200 active tokens per user and application; the oldest is revoked."""
    form = {"grant_type": "password", "username": ALICE, "password": ALICE_PASSWORD,
            "scope": "offline_access", **client_auth(frozen, "web")}  # fmt: skip
    with requests.Session() as session:
        tokens = [
            session.post(f"{frozen.base_url}oauth/token", data=form, timeout=10).json()[
                "refresh_token"
            ]
            for _ in range(201)
        ]
    assert row(_refresh(frozen, tokens[0], client="web")) == INVALID
    assert _refresh(frozen, tokens[1], client="web").status_code == 200
