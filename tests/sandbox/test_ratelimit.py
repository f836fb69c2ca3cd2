"""Token-bucket rate limits per endpoint (§2.10)."""

from __future__ import annotations

import requests

from auth0_explore.sandbox import RateLimitRule
from tests.sandbox.conftest import FROZEN_AT, FrozenSandbox, post_token

RS256 = "https://api.sandbox.example/"


def test_enforced_bucket_refuses_with_429_and_headers(frozen: FrozenSandbox) -> None:
    """Past the burst: 429 too_many_requests, Remaining 0, Reset and Retry-After."""
    frozen.tenant.emulation.enforce_rate_limits = True
    frozen.tenant.emulation.rate_limits["/oauth/token"] = RateLimitRule(burst=3, per_second=1)
    codes = [post_token(frozen, audience=RS256).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    refused = post_token(frozen, audience=RS256)
    assert refused.status_code == 429
    assert refused.json() == {
        "error": "too_many_requests",
        "error_description": "Too many requests. Check the X-RateLimit-Limit, "
        "X-RateLimit-Remaining and X-RateLimit-Reset headers.",
    }
    assert refused.headers["X-RateLimit-Limit"] == "3"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert refused.headers["X-RateLimit-Reset"] == str(FROZEN_AT + 3)
    assert refused.headers["Retry-After"] == "1"
    frozen.clock.advance(1)
    assert post_token(frozen, audience=RS256).status_code == 200


def test_unenforced_bucket_reports_but_never_refuses(frozen: FrozenSandbox) -> None:
    """The default: headers count down to 0 and requests still succeed."""
    frozen.tenant.emulation.rate_limits["/oauth/token"] = RateLimitRule(burst=2, per_second=1)
    responses = [post_token(frozen, audience=RS256) for _ in range(4)]
    assert [r.status_code for r in responses] == [200] * 4
    assert [r.headers["X-RateLimit-Remaining"] for r in responses] == ["1", "0", "0", "0"]


def test_jwks_has_its_own_bucket(frozen: FrozenSandbox) -> None:
    """The JWKS endpoint counts separately (Free tier: 20 burst)."""
    post_token(frozen, audience=RS256)
    response = requests.get(f"{frozen.base_url}.well-known/jwks.json", timeout=10)
    assert (response.headers["X-RateLimit-Limit"], response.headers["X-RateLimit-Remaining"]) == (
        "20",
        "19",
    )
