"""grant_type=authorization_code, with and without PKCE (Auth0: §2.4, §2.9 rows 5, 12-14, 19)."""

from __future__ import annotations

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import FrozenSandbox
from tests.sandbox.flows import (
    ALICE,
    RS256,
    claims,
    client_auth,
    code_login,
    pkce,
    post_token,
    query_of,
    row,
)


@pytest.fixture
def sb(frozen_module: FrozenSandbox) -> FrozenSandbox:
    """This module's plain sandbox on a frozen clock."""
    return frozen_module


def _code(sb: Sandbox, client: str = "spa", **authorize: str) -> str:
    return query_of(sb.login(ALICE, client=client, **authorize))["code"]


def _exchange(sb: Sandbox, client: str = "spa", **form: str) -> requests.Response:
    body = {"grant_type": "authorization_code", **client_auth(sb, client), **form}
    return post_token(sb, **body)


def test_pkce_s256_exchange_gives_auth0s_response_shape(sb: Sandbox) -> None:
    """access_token, refresh_token, id_token, scope, expires_in, token_type; no-store headers."""
    response = code_login(sb, scope="openid profile email offline_access")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "access_token", "refresh_token", "id_token", "scope", "expires_in", "token_type",
    ]  # fmt: skip
    assert body["scope"] == "openid profile email offline_access"
    assert (body["expires_in"], body["token_type"]) == (86400, "Bearer")
    assert body["refresh_token"].startswith("v1.M")
    assert len(body["refresh_token"]) == 90
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"


def test_pkce_plain_method_is_accepted(sb: Sandbox) -> None:
    """code_challenge_method=plain: the verifier itself is the challenge."""
    verifier = "v" * 43
    code = _code(sb, code_challenge=verifier, code_challenge_method="plain")
    app = sb.application("spa")
    response = _exchange(sb, code=code, code_verifier=verifier, redirect_uri=app.callbacks[0])
    assert response.status_code == 200, response.text


def test_confidential_client_exchanges_with_its_secret_and_no_pkce(sb: Sandbox) -> None:
    """A regular web app proves itself with its secret; API token lives token_lifetime."""
    code = _code(sb, client="web", audience=RS256, scope="read:items")
    redirect = sb.application("web").callbacks[0]
    response = _exchange(sb, "web", code=code, redirect_uri=redirect)
    assert response.status_code == 200, response.text
    assert list(response.json()) == ["access_token", "scope", "expires_in", "token_type"]
    token = claims(response.json()["access_token"])
    assert list(token) == ["iss", "sub", "aud", "iat", "exp", "azp", "scope"]  # no gty
    assert token["exp"] - token["iat"] == 86400
    assert token["sub"] == sb.user(ALICE).user_id


INVALID_CODE = (403, "invalid_grant", "Invalid authorization code")


def test_row_12_unknown_code(sb: Sandbox) -> None:
    """§2.9 row 12: a code the tenant never issued."""
    response = _exchange(
        sb, "web", code="not-a-code", redirect_uri="http://localhost:3000/callback"
    )
    assert row(response) == INVALID_CODE


def test_row_12_code_is_single_use(sb: Sandbox) -> None:
    """§2.9 row 12: the second exchange of the same code fails."""
    code = _code(sb, client="web")
    redirect = sb.application("web").callbacks[0]
    assert _exchange(sb, "web", code=code, redirect_uri=redirect).status_code == 200
    assert row(_exchange(sb, "web", code=code, redirect_uri=redirect)) == INVALID_CODE


def test_row_12_code_expires_after_its_lifetime(sb: FrozenSandbox) -> None:
    """§2.9 row 12: past Emulation.authorization_code_lifetime (600 s) the code is invalid."""
    code = _code(sb, client="web")
    sb.clock.advance(sb.tenant.emulation.authorization_code_lifetime)
    redirect = sb.application("web").callbacks[0]
    assert row(_exchange(sb, "web", code=code, redirect_uri=redirect)) == INVALID_CODE


def test_row_12_another_clients_code(sb: Sandbox) -> None:
    """§2.9 row 12: a code issued to the SPA, presented by the web app."""
    code = _code(sb, client="spa")
    response = _exchange(sb, "web", code=code, redirect_uri="http://localhost:5173/callback")
    assert row(response) == INVALID_CODE


@pytest.mark.parametrize(
    "verifier", ["w" * 43, None, "short"], ids=["wrong-verifier", "no-verifier", "too-short"]
)
def test_row_13_pkce_verifier_must_match(sb: Sandbox, verifier: str | None) -> None:
    """§2.9 row 13: 403 invalid_grant, Failed to verify code verifier."""
    _, challenge = pkce()
    code = _code(sb, code_challenge=challenge, code_challenge_method="S256")
    form = {"code": code, "redirect_uri": sb.application("spa").callbacks[0]}
    if verifier is not None:
        form["code_verifier"] = verifier
    assert row(_exchange(sb, **form)) == (403, "invalid_grant", "Failed to verify code verifier")


def test_row_14_redirect_uri_required_when_sent_to_authorize(sb: Sandbox) -> None:
    """§2.9 row 14: the exchange must repeat the redirect_uri /authorize got."""
    code = _code(sb, client="web")
    assert row(_exchange(sb, "web", code=code)) == (
        403, "invalid_grant",
        "redirect_uri is required if it was included in the authorization request.",
    )  # fmt: skip


def test_redirect_uri_must_match_exactly(sb: Sandbox) -> None:
    """A different redirect_uri is refused [inferred wording]."""
    code = _code(sb, client="web")
    response = _exchange(sb, "web", code=code, redirect_uri="http://localhost:3000/other")
    assert row(response) == (
        403, "invalid_grant",
        "redirect_uri does not match the one used in the authorization request.",
    )  # fmt: skip


def test_row_19_missing_code(sb: Sandbox) -> None:
    """§2.9 row 19: invalid_request, Missing required parameter: code."""
    assert row(_exchange(sb, "web")) == (
        400, "invalid_request", "Missing required parameter: code",
    )  # fmt: skip


def test_row_5_wrong_client_secret(sb: Sandbox) -> None:
    """§2.4 / §2.9 row 5: wrong secret on the code exchange is 401 access_denied Unauthorized."""
    code = _code(sb, client="web")
    app = sb.application("web")
    response = post_token(
        sb, grant_type="authorization_code", client_id=app.client_id, client_secret="wrong",
        code=code, redirect_uri=app.callbacks[0],
    )  # fmt: skip
    assert row(response) == (401, "access_denied", "Unauthorized")


def test_public_client_without_pkce_cannot_exchange(sb: Sandbox) -> None:
    """A SPA code without code_challenge: the public client has no way to prove itself."""
    code = _code(sb)
    response = _exchange(sb, code=code, redirect_uri=sb.application("spa").callbacks[0])
    assert row(response) == (401, "access_denied", "Unauthorized")
