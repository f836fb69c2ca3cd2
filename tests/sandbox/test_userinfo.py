"""GET /userinfo (Auth0: §8.3): opaque and JWT tokens, and the 401 text body and header."""

from __future__ import annotations

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import FrozenSandbox
from tests.sandbox.flows import BOB, HS256, RS256, client_auth, code_login, post_token


def _userinfo(sb: Sandbox, token: str | None, base: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return requests.get(f"{base or sb.base_url}userinfo", headers=headers, timeout=10)


def _challenge(description: str) -> str:
    return f'Bearer realm="Users", error="invalid_token", error_description="{description}"'


def test_opaque_token_gives_sub_then_scope_claims_in_auth0s_order(plain: Sandbox) -> None:
    """sub, nickname, name, picture, updated_at, email, email_verified (GO-REC order)."""
    token = code_login(plain, BOB, scope="openid profile email").json()["access_token"]
    response = _userinfo(plain, token)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "sub", "nickname", "name", "picture", "updated_at", "email", "email_verified",
    ]  # fmt: skip
    assert (body["nickname"], body["email"], body["email_verified"]) == ("bob", BOB, False)
    assert body["picture"].startswith("https://s.gravatar.com/avatar/")
    assert body["updated_at"].endswith("Z")


def test_scopes_decide_the_claims(plain: Sandbox) -> None:
    """openid alone: only sub."""
    token = code_login(plain, BOB, scope="openid").json()["access_token"]
    assert list(_userinfo(plain, token).json()) == ["sub"]


def test_jwt_with_the_userinfo_audience_is_accepted_on_every_domain(full: Sandbox) -> None:
    """An RS256 API token with openid carries /userinfo in aud; any domain answers."""
    token = code_login(full, BOB, audience=RS256, scope="openid email").json()["access_token"]
    for domain in full.domains:
        assert _userinfo(full, token, domain.base_url).json()["email"] == BOB


@pytest.mark.parametrize(
    ("audience", "scope"), [(RS256, "read:items"), (HS256, "openid")],
    ids=["no-openid", "hs256-single-audience"],
)  # fmt: skip
def test_jwt_without_the_userinfo_audience_is_refused(
    plain: Sandbox, audience: str, scope: str
) -> None:
    """401 text `Unauthorized` with Auth0's WWW-Authenticate header."""
    token = code_login(plain, BOB, audience=audience, scope=scope).json()["access_token"]
    response = _userinfo(plain, token)
    assert response.status_code == 401
    assert response.text == "Unauthorized"
    assert response.headers["WWW-Authenticate"] == _challenge("Invalid token")


def test_expired_token_says_the_token_has_expired(frozen: FrozenSandbox) -> None:
    """§8.3 seen header: error_description="The token has expired"."""
    token = code_login(frozen, BOB, scope="openid").json()["access_token"]
    frozen.clock.advance(86400)
    response = _userinfo(frozen, token)
    assert (response.status_code, response.text) == (401, "Unauthorized")
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.headers["WWW-Authenticate"] == _challenge("The token has expired")


@pytest.mark.parametrize(
    "token", ["garbage", "a.b.c", "a..b.c.d"], ids=["not-a-token", "bad-jws", "bad-jwe"]
)
def test_malformed_tokens_are_invalid(plain: Sandbox, token: str) -> None:
    """Emulation.userinfo_invalid_token_description [inferred: Invalid token]."""
    response = _userinfo(plain, token)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == _challenge("Invalid token")


def test_no_token_gets_a_bare_challenge(plain: Sandbox) -> None:
    """RFC 6750 §3.1: no error code when no credentials were sent."""
    response = _userinfo(plain, None)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Users"'


def test_m2m_token_is_refused(plain: Sandbox) -> None:
    """A client-credentials token has no /userinfo audience."""
    m2m = post_token(plain, grant_type="client_credentials", audience=RS256,
                     **client_auth(plain, "m2m")).json()["access_token"]  # fmt: skip
    assert _userinfo(plain, m2m).status_code == 401


def test_userinfo_is_rate_limited_per_user(frozen: FrozenSandbox) -> None:
    """§2.10: buckets per user (burst 10, 5/min); enforced, the 11th call is 429; others pass."""
    frozen.tenant.emulation.enforce_rate_limits = True
    bob = code_login(frozen, BOB, scope="openid").json()["access_token"]
    alice = code_login(frozen, "alice@example.com", scope="openid").json()["access_token"]
    statuses = [_userinfo(frozen, bob).status_code for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    limited = _userinfo(frozen, bob)
    assert limited.json()["error"] == "too_many_requests"
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert "Retry-After" in limited.headers
    fine = _userinfo(frozen, alice)
    assert (fine.status_code, fine.headers["X-RateLimit-Limit"]) == (200, "10")
    frozen.clock.advance(12)  # one token back at 5 a minute
    assert _userinfo(frozen, bob).status_code == 200
