"""Every time value comes from the sandbox clock."""

from __future__ import annotations

import jwt

from tests.sandbox.conftest import FROZEN_AT, FrozenSandbox, post_token

RS256 = "https://api.sandbox.example/"


def test_iat_exp_and_rate_limit_reset_follow_the_frozen_clock(frozen: FrozenSandbox) -> None:
    """Tokens carry the frozen time; advancing the clock moves the next token's iat."""
    first = post_token(frozen, audience=RS256)
    claims = jwt.decode(first.json()["access_token"], options={"verify_signature": False})
    assert (claims["iat"], claims["exp"]) == (FROZEN_AT, FROZEN_AT + 86400)
    assert int(first.headers["X-RateLimit-Reset"]) in (FROZEN_AT, FROZEN_AT + 1)
    frozen.clock.advance(100)
    second = post_token(frozen, audience=RS256)
    claims = jwt.decode(second.json()["access_token"], options={"verify_signature": False})
    assert claims["iat"] == FROZEN_AT + 100
