"""Bearer tokens on the Management API: audience, expiry, scopes, the custom-domain rule, 429."""

from __future__ import annotations

import requests

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import RateLimitRule, Sandbox
from tests.sandbox.conftest import post_token
from tests.sandbox.management.conftest import Api, management_token

CUSTOM = "login.example.com"


def _token_for(sb: Sandbox, audience: str) -> str:
    return str(post_token(sb, audience=audience).json()["access_token"])


def test_missing_and_malformed_authorization(sb: Sandbox) -> None:
    """401 Missing authentication (attributes form); a non-JWT bearer is 400 errorCode Bearer."""
    bare = requests.get(f"{sb.base_url}api/v2/clients", timeout=10)
    assert bare.status_code == 401
    assert bare.json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Missing authentication",
        "attributes": {"error": "Missing authentication"},
    }
    opaque = Api(sb, "not-a-jwt").call("GET", "clients")
    assert (opaque.status_code, opaque.json()["errorCode"]) == (400, "Bearer")
    assert opaque.json()["message"] == "Bad HTTP authentication header format"


def test_a_token_for_another_api_is_a_bad_audience(sb: Sandbox) -> None:
    """The Management API audience only: a custom API's token is 401 Bad audience."""
    response = Api(sb, _token_for(sb, "https://api.sandbox.example/")).call("GET", "clients")
    assert response.status_code == 401
    assert response.json()["message"] == "Bad audience: https://api.sandbox.example/"


def test_expired_token_and_tampered_signature(sb: Sandbox[FrozenClock]) -> None:
    """Expiry on the sandbox clock; a changed signature is refused."""
    token = management_token(sb)
    head, payload, signature = token.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    tampered = Api(sb, f"{head}.{payload}.{flipped}").call("GET", "clients")
    assert tampered.status_code == 401
    sb.clock.advance(86_401)
    expired = Api(sb, token).call("GET", "clients")
    assert expired.status_code == 401
    assert expired.json()["message"] == "Expired token received for JSON Web Token validation"


def test_insufficient_scope_names_what_the_endpoint_expects(sb: Sandbox) -> None:
    """m2m holds read:users read:clients only: client grants answer Auth0's 403."""
    api = Api(sb, management_token(sb, "m2m"))
    assert api.call("GET", "clients").status_code == 200
    response = api.call("GET", "client-grants")
    assert response.status_code == 403
    assert response.json() == {
        "statusCode": 403,
        "error": "Forbidden",
        "message": "Insufficient scope, expected any of: read:client_grants",
        "errorCode": "insufficient_scope",
    }


def test_a_token_from_the_custom_domain_is_used_through_it(sb: Sandbox) -> None:
    """§7: iss follows the domain a token came from; the other domain refuses it (401)."""
    custom = sb.domain(CUSTOM).base_url
    via_custom = management_token(sb, base=custom, host=CUSTOM)
    via_canonical = management_token(sb, host=sb.tenant.domain)
    on_custom = Api(sb, via_custom, custom)
    on_custom.session.headers["Host"] = CUSTOM
    assert on_custom.call("GET", "clients").status_code == 200
    on_canonical = Api(sb, via_custom)
    on_canonical.session.headers["Host"] = sb.tenant.domain
    refused = on_canonical.call("GET", "clients")
    assert (refused.status_code, refused.json()["message"]) == (401, "Invalid token")
    back = Api(sb, via_canonical, custom)
    back.session.headers["Host"] = CUSTOM
    assert back.call("GET", "clients").status_code == 401


def test_rate_limit_headers_always_and_429_when_enforced(sb: Sandbox) -> None:
    """2 burst on the frozen clock: the third call is Auth0's 429 with Retry-After."""
    api = Api(sb, management_token(sb))
    first = api.call("GET", "clients")
    assert first.headers["X-RateLimit-Limit"] == "2"
    assert first.headers["X-RateLimit-Remaining"] == "1"
    sb.tenant.emulation.enforce_rate_limits = True
    api.call("GET", "clients")
    limited = api.call("GET", "clients")
    assert limited.status_code == 429
    assert limited.json() == {
        "statusCode": 429,
        "error": "Too Many Requests",
        "message": "Global limit has been reached",
        "errorCode": "too_many_requests",
    }
    assert limited.headers["Retry-After"] == "1"
    assert limited.headers["X-RateLimit-Remaining"] == "0"


def test_the_management_limit_is_switchable(sb: Sandbox) -> None:
    """Emulation.rate_limits["/api/v2/"] sets the bucket (e.g. 16/s, self-service production)."""
    sb.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(burst=16, per_second=16.0)
    sb.tenant.emulation.enforce_rate_limits = True
    api = Api(sb, management_token(sb))
    statuses = [api.call("GET", "clients").status_code for _ in range(17)]
    assert statuses == [200] * 16 + [429]
