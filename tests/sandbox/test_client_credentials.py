"""POST /oauth/token, grant_type=client_credentials: success and the §2.9 error rows."""

from __future__ import annotations

from typing import Any

import jwt
import pytest
import requests

from auth0_explore.sandbox import Application, ClientGrant, Sandbox, load_profile
from tests.sandbox.conftest import SEED, cc_body, claims_of, post_token

RS256 = "https://api.sandbox.example/"
HS256 = "https://hs256.sandbox.example/"
PS256 = "https://ps256.sandbox.example/"
RFC9068 = "https://rfc9068.sandbox.example/"
CLIENT_GRANT_DOC = "https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"


def test_m2m_token_has_auth0_claims_in_auth0_order(plain: Sandbox) -> None:
    """iss, sub, aud, iat, exp, azp, scope, gty — sub is <client_id>@clients, gty hyphenated."""
    response = post_token(plain, audience=RS256)
    assert response.status_code == 200
    assert list(response.json()) == ["access_token", "expires_in", "scope", "token_type"]
    assert response.json()["token_type"] == "Bearer"
    assert response.json()["expires_in"] == 86400
    got = claims_of(response)
    client_id = plain.application("m2m").client_id
    assert list(got) == ["iss", "sub", "aud", "iat", "exp", "azp", "scope", "gty"]
    assert got["iss"] == plain.base_url
    assert got["sub"] == f"{client_id}@clients"
    assert got["aud"] == RS256
    assert got["azp"] == client_id
    assert got["scope"] == "read:items write:items"
    assert got["gty"] == "client-credentials"
    assert got["exp"] - got["iat"] == 86400
    header = jwt.get_unverified_header(response.json()["access_token"])
    assert list(header) == ["alg", "typ", "kid"]
    assert header["typ"] == "JWT"


def test_success_headers_are_auth0s(plain: Sandbox) -> None:
    """Cache-Control no-store, Pragma no-cache, rate-limit headers and a 20-hex request id."""
    response = post_token(plain, audience=RS256)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"
    assert response.headers["X-RateLimit-Limit"] == "30"
    assert int(response.headers["X-RateLimit-Remaining"]) <= 29
    assert int(response.headers["X-RateLimit-Reset"]) >= int(claims_of(response)["iat"])
    request_id = response.headers["X-Auth0-RequestId"]
    assert len(request_id) == 20
    assert set(request_id) <= set("0123456789abcdef")
    assert response.headers["Content-Type"].startswith("application/json")


def test_grant_without_scopes_gives_token_without_scope(plain: Sandbox) -> None:
    """A client grant with no scopes: no `scope` claim and no `scope` in the response (§3.3)."""
    response = post_token(plain, audience=PS256)
    assert response.status_code == 200
    assert "scope" not in response.json()
    got = claims_of(response)
    assert list(got) == ["iss", "sub", "aud", "iat", "exp", "azp", "gty"]
    assert jwt.get_unverified_header(response.json()["access_token"])["alg"] == "PS256"
    assert response.json()["expires_in"] == 600


def test_rfc9068_token_uses_at_jwt_client_id_and_jti(plain: Sandbox) -> None:
    """RFC 9068 dialect: typ at+jwt, client_id and a 22-char jti, no azp or gty, permissions."""
    response = post_token(plain, audience=RFC9068)
    assert response.status_code == 200
    header = jwt.get_unverified_header(response.json()["access_token"])
    assert header["typ"] == "at+jwt"
    got = claims_of(response)
    assert "azp" not in got
    assert "gty" not in got
    assert got["client_id"] == plain.application("m2m").client_id
    assert len(got["jti"]) == 22
    assert got["permissions"] == ["read:orders", "write:orders"]


def test_hs256_api_token_is_signed_with_the_api_secret(plain: Sandbox) -> None:
    """HS256 APIs sign with their own secret; the header has no kid."""
    response = post_token(plain, audience=HS256)
    token = response.json()["access_token"]
    secret = plain.api("custom-hs256").signing_secret
    assert secret is not None
    got = jwt.decode(token, secret.reveal(), algorithms=["HS256"], audience=HS256)
    assert got["scope"] == "read:reports"
    assert "kid" not in jwt.get_unverified_header(token)


def test_an_api_switched_to_hs256_from_python_gets_a_secret() -> None:
    """Set from Python without a secret, the sandbox makes one as Auth0 does (it answered 500)."""
    with Sandbox(profile="plain") as sb:
        api = sb.api("custom-rs256")
        api.signing_alg, api.signing_secret = "HS256", None
        sb.tenant.check()  # an unset secret is not an error: one is made when needed
        first = post_token(sb, audience=RS256)
        assert first.status_code == 200, first.text
        again = post_token(sb, audience=RS256)
    assert api.signing_secret is not None
    for response in (first, again):  # the same secret kept
        token = response.json()["access_token"]
        assert jwt.decode(token, api.signing_secret.reveal(), algorithms=["HS256"], audience=RS256)


def test_requested_scopes_must_be_granted(plain: Sandbox) -> None:
    """A subset is issued as asked; an ungranted scope gets 403 naming it (§2.9 row 10)."""
    ok = post_token(plain, audience=RS256, scope="read:items")
    assert ok.json()["scope"] == "read:items"
    both = post_token(plain, audience=RS256, scope="write:items read:items write:items")
    assert both.json()["scope"] == "read:items write:items"  # the grant's order
    refused = post_token(plain, audience=RS256, scope="read:items delete:items openid")
    assert refused.status_code == 403
    assert refused.json() == {
        "error": "access_denied",
        "error_description": "Client has not been granted scopes: delete:items, openid",
    }


ERROR_ROWS = [
    (
        {"grant_type": ...},
        400,
        "invalid_request",
        "Missing required parameter: grant_type",
    ),
    (
        {"grant_type": "urn:example:nope"},
        400,
        "unsupported_grant_type",
        "Unsupported grant type: urn:example:nope",
    ),
    ({"client_id": "unknownclient", "audience": RS256}, 401, "access_denied", "Unauthorized"),
    (
        {"client_id": ..., "client_secret": ..., "audience": RS256},
        401,
        "access_denied",
        "Unauthorized",
    ),
    ({"client_secret": "wrong", "audience": RS256}, 401, "access_denied", "Unauthorized"),
    ({"client_secret": ..., "audience": RS256}, 401, "access_denied", "Unauthorized"),
    (
        {"audience": ...},
        403,
        "access_denied",
        "Non-global clients are not allowed access to APIv1",
    ),
    (
        {"audience": "https://sample.api.com"},
        403,
        "access_denied",
        "Service not enabled within domain: https://sample.api.com",
    ),
    (
        {"audience": RS256.rstrip("/")},
        403,
        "access_denied",
        "Service not enabled within domain: https://api.sandbox.example",
    ),
]


@pytest.mark.parametrize(
    ("params", "status", "error", "description"),
    ERROR_ROWS,
    ids=[
        "row2-missing-grant-type",
        "row3-unknown-grant-type",
        "row4-unknown-client",
        "row4-missing-client",
        "row5-wrong-secret",
        "row5-missing-secret",
        "row7-no-audience-no-default",
        "row8-unknown-audience",
        "row8-trailing-slash-mismatch",
    ],
)
def test_error_rows(
    plain: Sandbox, params: dict[str, Any], status: int, error: str, description: str
) -> None:
    """Each row answers with Auth0's exact status, error and error_description."""
    response = requests.post(
        f"{plain.base_url}oauth/token", data=cc_body(plain, **params), timeout=10
    )
    assert response.status_code == status
    assert response.json() == {"error": error, "error_description": description}
    assert response.headers["Cache-Control"] == "no-store"


def test_missing_client_grant_is_403_with_the_2024_wording(plain: Sandbox) -> None:
    """§2.9 row 9: the exact body seen in 2024."""
    response = post_token(plain, "m2m-quota", audience=HS256)
    assert response.status_code == 403
    assert response.json() == {
        "error": "access_denied",
        "error_description": f'Client is not authorized to access "{HS256}". You need to create '
        f'a "client-grant" associated to this API. See: {CLIENT_GRANT_DOC}',
    }


def test_grant_type_not_allowed_for_client_is_403_with_error_uri(plain: Sandbox) -> None:
    """§2.9 row 6: a confidential client without client_credentials in grant_types."""
    response = post_token(plain, "web", audience=RS256)
    assert response.status_code == 403
    assert response.json() == {
        "error": "unauthorized_client",
        "error_description": "Grant type 'client_credentials' not allowed for the client.",
        "error_uri": "https://auth0.com/docs/clients/client-grant-types",
    }


def test_third_party_apps_fall_back_to_the_default_for_grant() -> None:
    """default_for: third_party_clients serves third-party apps only; user grants never serve CC."""
    tenant = load_profile("plain")
    tenant.applications.append(Application("partner", is_first_party=False))
    tenant.applications.append(Application("first-party-no-grant"))
    tenant.client_grants += [
        ClientGrant("", HS256, ["read:reports"], default_for="third_party_clients"),
        ClientGrant("first-party-no-grant", PS256, [], subject_type="user"),
    ]
    with Sandbox(profile=tenant, seed=SEED) as sb:
        partner = post_token(sb, "partner", audience=HS256)
        assert partner.json()["scope"] == "read:reports"
        assert post_token(sb, "first-party-no-grant", audience=HS256).status_code == 403
        assert post_token(sb, "first-party-no-grant", audience=PS256).status_code == 403
