"""inspect_token: the readable view of a token, for every kind of token and for junk."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.tokens import FAMILIES, inspect_token
from auth0_explore.tokens.glossary import CLAIMS, HEADER, describe_claim, describe_header
from tests.tokens.forge import (
    API,
    CLIENT_ID,
    ISSUER,
    NOW,
    Forge,
    auth0_opaque_token,
    b64,
    m2m_claims,
)

USERINFO = "https://dev-sandbox.us.auth0.com/userinfo"
USER_TOKEN = m2m_claims(gty=None, sub="auth0|1", aud=[API, USERINFO], scope="openid")
ID_CLAIMS = {
    "iss": ISSUER,
    "sub": "a|1",
    "aud": CLIENT_ID,
    "iat": NOW,
    "exp": NOW + 1,
    "nonce": "n",
}
RFC9068_CLAIMS = m2m_claims(azp=None, gty=None, client_id=CLIENT_ID, jti="j")


def test_an_m2m_token_is_made_readable(forge: Forge) -> None:
    """Times become UTC datetimes with relative phrases; aud a list; lifetime and remaining."""
    inspection = inspect_token(forge.token(), clock=FrozenClock(NOW + 3600))
    assert inspection.family == "M2M access token"
    assert inspection.kind == "jws"
    exp = inspection.time("exp")
    assert exp is not None
    assert exp.at == datetime.fromtimestamp(NOW + 86400, tz=UTC)
    assert exp.relative == "in 23 h"
    iat = inspection.time("iat")
    assert iat is not None
    assert iat.relative == "60 min ago"
    assert inspection.audiences == [API]
    assert inspection.aud_was_array is False
    assert inspection.lifetime == 86400
    assert inspection.lifetime_text == "24 h"
    assert inspection.remaining == 86400 - 3600
    assert inspection.remaining_text == "expires in 23 h"
    assert inspection.expired is False
    assert inspection.scopes == ["read:things", "write:things"]
    assert inspection.issuer == ISSUER
    assert ("gty", CLAIMS["gty"]) in inspection.glossary()
    assert ("header.kid", HEADER["kid"]) in inspection.glossary()


def test_an_expired_token_says_how_long_ago(forge: Forge) -> None:
    """Relative phrases follow the given clock, not the wall clock."""
    inspection = inspect_token(forge.token(), clock=FrozenClock(NOW + 86400 + 300))
    assert inspection.expired is True
    assert inspection.remaining_text == "expired 5 min ago"


@pytest.mark.parametrize(
    ("claims", "typ", "family"),
    [
        (m2m_claims(), "JWT", "M2M access token"),
        (USER_TOKEN, "JWT", "user access token"),
        (ID_CLAIMS, "JWT", "ID token"),
        (RFC9068_CLAIMS, "at+jwt", "RFC 9068 access token"),
        ({"iss": ISSUER, "sub": "x"}, "JWT", "JWT"),
    ],
    ids=["m2m", "user", "id-token", "rfc9068", "plain-jwt"],
)  # fmt: skip
def test_token_families(claims: dict[str, object], typ: str, family: str, forge: Forge) -> None:
    """The family follows Auth0's claim shapes (auth0-behavior §3, §4)."""
    inspection = inspect_token(forge.token(claims, typ=typ), clock=FrozenClock(NOW))
    assert inspection.family == family
    assert family in FAMILIES


def test_the_auth0_opaque_token_is_named_and_not_decoded() -> None:
    """The /userinfo JWE is classified; its issuer is in the header; only Auth0 can read it."""
    inspection = inspect_token(auth0_opaque_token(), clock=FrozenClock(NOW))
    assert inspection.family == "Auth0 opaque /userinfo token"
    assert inspection.claims is None
    assert inspection.header["iss"] == ISSUER
    assert "only Auth0 can read it" in inspection.message
    assert inspection.issuer == ISSUER


@pytest.mark.parametrize(
    "token",
    ["", "a.b", "!!!", None, 12, "a" * 20000, f"{b64('{}')}.{b64('[1]')}.AA"],
    ids=["empty", "two-segments", "junk", "none", "int", "huge", "payload-array"],
)
def test_junk_gives_a_malformed_inspection(token: object) -> None:
    """inspect_token never raises: junk is kind malformed with the reason."""
    inspection = inspect_token(token, clock=FrozenClock(NOW))
    assert inspection.family == "malformed"
    assert inspection.reason in {"malformed", "too_large"}
    assert inspection.message


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("soon", "not a NumericDate"),
        (True, "not a NumericDate"),
        (1e300, "out of range"),
        (10**30, "out of range"),
    ],
    ids=["string", "bool", "huge-float", "huge-int"],
)
def test_unreadable_times_are_described_not_raised(
    value: object, phrase: str, forge: Forge
) -> None:
    """A time claim that is not a usable NumericDate is described, not a crash."""
    inspection = inspect_token(forge.token(m2m_claims(exp=value)), clock=FrozenClock(NOW))
    exp = inspection.time("exp")
    assert exp is not None
    assert exp.at is None
    assert exp.relative == phrase


def test_every_listed_claim_has_a_glossary_line() -> None:
    """Registered and Auth0 claims and header members are all described in one line."""
    for name in ("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "azp", "scope", "gty",
                 "permissions", "org_id", "org_name", "client_id", "nonce", "at_hash", "sid",
                 "auth_time", "email", "email_verified", "name", "nickname", "picture",
                 "updated_at"):  # fmt: skip
        assert describe_claim(name) == CLAIMS[name]
        assert "\n" not in CLAIMS[name]
    for name in ("alg", "typ", "kid", "crit", "enc"):
        assert describe_header(name) == HEADER[name]
    assert "namespaced" in describe_claim("https://example.com/roles")
    assert "custom" in describe_claim("favourite_colour")
