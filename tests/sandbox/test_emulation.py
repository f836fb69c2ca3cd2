"""Emulation settings for inferred and conflicting behaviour, and the server under load."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote_plus

import jwt
import pytest
import requests

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox, TenantConfig, load_profile
from tests.sandbox.conftest import FROZEN_AT, SEED, post_token

RS256 = "https://api.sandbox.example/"


def _basic_auth(sb: Sandbox) -> dict[str, str]:
    app = sb.application("m2m")
    assert app.client_secret is not None
    raw = f"{quote_plus(app.client_id)}:{quote_plus(app.client_secret.reveal())}"
    return {"Authorization": "Basic " + base64.b64encode(raw.encode()).decode()}


def test_strict_client_auth_method_refuses_basic_for_a_post_client(frozen: Sandbox) -> None:
    """Emulation.strict_client_auth_method: the configured method only (default: either)."""
    form = {"grant_type": "client_credentials", "audience": RS256}
    url = f"{frozen.base_url}oauth/token"
    assert requests.post(url, data=form, headers=_basic_auth(frozen), timeout=10).status_code == 200
    frozen.tenant.emulation.strict_client_auth_method = True
    refused = requests.post(url, data=form, headers=_basic_auth(frozen), timeout=10)
    assert (refused.status_code, refused.json()["error_description"]) == (401, "Unauthorized")
    assert post_token(frozen, audience=RS256).status_code == 200  # the body method still works


def test_unknown_client_error_code_is_switchable(frozen: Sandbox) -> None:
    """Emulation.unknown_client_error: access_denied (legacy, default) or invalid_client."""
    frozen.tenant.emulation.unknown_client_error = "invalid_client"
    response = post_token(frozen, audience=RS256, client_id="nobody")
    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client", "error_description": "Unauthorized"}


def test_any_catalogue_entry_can_be_replaced(frozen: Sandbox) -> None:
    """Emulation.errors overrides status, error and description of one entry."""
    frozen.tenant.emulation.errors["scopes_not_granted"] = (
        400,
        "invalid_scope",
        "Scopes not granted: {scopes}",
    )
    frozen.tenant.emulation.missing_scopes_separator = " "
    response = post_token(frozen, audience=RS256, scope="a b")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_scope",
        "error_description": "Scopes not granted: a b",
    }


def test_public_client_cannot_use_client_credentials(plain: Sandbox) -> None:
    """A SPA sending only its client_id is authenticated as public, then refused the grant."""
    spa = plain.application("spa")
    response = requests.post(
        f"{plain.base_url}oauth/token",
        data={"grant_type": "client_credentials", "client_id": spa.client_id, "audience": RS256},
        timeout=10,
    )
    assert response.status_code == 403
    assert response.json()["error"] == "unauthorized_client"


def test_thumbprint_kid_format_of_older_tenants() -> None:
    """Emulation.kid_format="thumbprint": kid = base64url(uppercase hex SHA-1 of the cert)."""
    tenant: TenantConfig = load_profile("plain")
    tenant.emulation.kid_format = "thumbprint"
    with Sandbox(profile=tenant, seed=SEED) as sb:
        key = requests.get(f"{sb.base_url}.well-known/jwks.json", timeout=10).json()["keys"][0]
    thumb = base64.urlsafe_b64decode(key["kid"] + "=" * (-len(key["kid"]) % 4)).decode()
    assert len(thumb) == 40
    assert thumb == thumb.upper()


def test_concurrent_requests_are_served_in_parallel_and_counted(fresh: Sandbox) -> None:
    """The threaded server answers 24 simultaneous requests; mint_count counts each token."""
    before = fresh.mint_count
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: post_token(fresh, audience=RS256), range(24)))
    assert {r.status_code for r in responses} == {200}
    assert len({r.headers["X-Auth0-RequestId"] for r in responses}) == 24
    assert fresh.mint_count - before == 24


def test_head_on_jwks_has_headers_and_no_body(plain: Sandbox) -> None:
    """HEAD works wherever GET does."""
    response = requests.head(f"{plain.base_url}.well-known/jwks.json", timeout=10)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("alg", ["RS256", "HS256"], ids=["rs256", "hs256"])
def test_api_lifetime_sets_exp_and_expires_in(alg: str) -> None:
    """expires_in and exp - iat both equal the API's token_lifetime (§2.3 step 7)."""
    tenant = load_profile("plain")
    api = tenant.api("custom-rs256" if alg == "RS256" else "custom-hs256")
    assert api is not None
    api.token_lifetime = 1234
    with Sandbox(profile=tenant, clock=FrozenClock(FROZEN_AT), seed=SEED) as sb:
        response = post_token(sb, audience=api.identifier)
    assert response.json()["expires_in"] == 1234
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 1234
