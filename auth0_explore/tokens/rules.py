"""Claim checks, one small function each, run in the order of `CLAIM_CHECKS`.

Each takes the `Expectations`, the header, the claims and the time, and returns (expected,
found, explanation) or raises `CheckFailedError`. They are the only implementation of each
rule: `validate` turns each outcome into a report row, `verify` stops at the first failure.
Passing is the cheap path: no text is built that the expectations do not already hold.

Sources: RFC 7519 §4.1 (registered claims), RFC 9068 §2.2 and §4, RFC 8725 §3.8-3.9 and
§3.11 (issuer, audience, explicit typing), OpenID Connect Core §2 and §3.1.3.7 (ID tokens).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final, NoReturn

from auth0_explore.tokens.display import show, when
from auth0_explore.tokens.expectations import Expectations
from auth0_explore.tokens.report import CheckFailedError, Outcome

__all__ = ["CLAIM_CHECKS", "ClaimCheck", "numeric_date"]

Header = dict[str, Any]
Claims = dict[str, Any]


def _fail(reason: str, message: str, expected: object, found: object, claim: str = "") -> NoReturn:
    raise CheckFailedError(reason, message, expected, found, claim)


def check_typ(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """`typ` fits the profile (RFC 8725 §3.11, RFC 9068 §2.1), compared case-insensitively."""
    profile = e.profile
    typ = header.get("typ")
    if typ is None:
        if profile.typ_required:
            _fail("typ_mismatch", f"the {profile.name} profile requires typ {profile.typ_text}",
                  profile.typ_text, None, "typ")  # fmt: skip
        return profile.typ_text, None, "no typ, which this profile allows"
    if type(typ) is not str or (
        typ not in profile.typ_spellings and typ.lower() not in profile.typ
    ):
        hint = ""
        if isinstance(typ, str) and "at+jwt" in typ.lower():
            hint = " (an RFC 9068 token: use the RFC9068_ACCESS_TOKEN profile)"
        _fail("typ_mismatch", f"typ {show(typ, 30)} does not fit the {profile.name} profile{hint}",
              profile.typ_text, typ, "typ")  # fmt: skip
    return profile.typ_text, typ, "typ fits the profile"


def check_use(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """An ID token is never accepted by an API, nor an access token as an ID token."""
    if e.profile.id_token:
        if "scope" in claims or "gty" in claims:
            _fail("wrong_token_type", "an access token (it has scope or gty) given as an ID token",
                  "an ID token", "an access token")  # fmt: skip
        return "an ID token", "an ID token", "no access token claims"
    if "nonce" in claims or (e.expected_azp is not None and claims.get("aud") == e.expected_azp):
        _fail("wrong_token_type",
              "an ID token (nonce, or aud = the client id): it is for the application, not an API",
              "an access token", "an ID token")  # fmt: skip
    return "an access token", "an access token", "no ID token claims"


def check_required(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """Every claim the profile requires is present."""
    profile = e.profile
    required = profile.required_claims
    if not profile.required <= claims.keys():
        missing = [n for n in required if n not in claims]
        _fail("missing_claim", f"missing {', '.join(missing)} (required by {profile.name})",
              required, missing, missing[0])  # fmt: skip
    return required, "all present", "every claim the profile requires is present"


def check_issuer(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """`iss` is exactly one of the accepted issuers: no case folding, no prefix, no array."""
    iss = claims.get("iss")
    expected = e.shown_issuers
    if type(iss) is str and iss in e.issuers:
        return expected, iss, "iss matches an accepted issuer exactly"
    if iss is None:
        _fail("missing_claim", "the token has no iss", expected, None, "iss")
    if type(iss) is not str:
        _fail("bad_claim_type", "iss must be a string (RFC 7519 §4.1.1); arrays are refused",
              expected, iss, "iss")  # fmt: skip
    return _fail("iss_mismatch",
                 f"iss {show(iss, 60)!r} is not exactly an accepted issuer (mind slash and case; "
                 "a custom domain must be named in issuers)",
                 expected, iss, "iss")  # fmt: skip


def check_audience(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """`aud` is the audience, or an array of strings that contains it (RFC 7519 §4.1.3)."""
    aud = claims.get("aud")
    audience = e.audience
    if type(aud) is str:
        if aud != audience:
            _fail(
                "aud_mismatch", f"aud {show(aud, 60)!r} is not {audience!r}", audience, aud, "aud"
            )
        return audience, aud, "aud is the expected audience"
    if aud is None:
        _fail("missing_claim", "the token has no aud", audience, None, "aud")
    if type(aud) is not list:
        _fail("bad_claim_type", "aud must be a string or an array of strings", audience, aud, "aud")
    if e.profile.aud_string_only:
        _fail("aud_mismatch", f"the {e.profile.name} profile accepts aud only as a string",
              audience, aud, "aud")  # fmt: skip
    if not aud:
        _fail("aud_mismatch", "aud is an empty array", audience, aud, "aud")
    if not all(type(member) is str for member in aud):
        _fail("bad_claim_type", "aud has a member that is not a string", audience, aud, "aud")
    if audience not in aud:
        _fail("aud_mismatch", f"aud does not contain {audience!r}", audience, aud, "aud")
    return audience, aud, f"aud is an array of {len(aud)} that contains the expected audience"


def numeric_date(claims: Claims, name: str) -> float | None:
    """The claim as it is (seconds), None when absent; refuses strings, booleans, NaN, inf and
    integers beyond 2**53 (which a float, and JavaScript, cannot hold exactly)."""
    value: Any = claims.get(name)
    seconds: float = value  # what it is when one of the two checks below passes
    kind = type(value)
    if kind is int and -(2**53) < value < 2**53:
        return seconds
    if value is None and name not in claims:
        return None
    if kind is float and math.isfinite(value):
        return seconds
    return _fail("bad_claim_type",
                 f"{name} must be a finite JSON number of seconds (RFC 7519 §2 NumericDate)",
                 "NumericDate", value, name)  # fmt: skip


def check_exp(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """Now is before `exp` + leeway (RFC 7519 §4.1.4)."""
    exp = numeric_date(claims, "exp")
    expected = e.expiry_text
    if exp is None:
        if "exp" in e.profile.required:
            _fail("missing_claim", "the token has no exp", expected, None, "exp")
        return expected, None, "no exp"
    if now >= exp + e.leeway:
        _fail("expired", f"expired {when(exp - now)} (leeway {e.window})",
              expected, exp, "exp")  # fmt: skip
    return expected, exp, "not expired"


def check_nbf(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """Now is after `nbf` - leeway (RFC 7519 §4.1.5)."""
    nbf = numeric_date(claims, "nbf")
    expected = e.not_after_text
    if nbf is None:
        return expected, None, "no nbf"
    if nbf > now + e.leeway:
        _fail("not_yet_valid", f"not valid until {when(nbf - now)} (leeway {e.window})",
              expected, nbf, "nbf")  # fmt: skip
    return expected, nbf, "already valid"


def check_iat(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """`iat` is not in the future beyond the leeway (RFC 7519 §4.1.6)."""
    iat = numeric_date(claims, "iat")
    expected = e.not_after_text
    if iat is None:
        if "iat" in e.profile.required:
            _fail("missing_claim", "the token has no iat", expected, None, "iat")
        return expected, None, "no iat"
    if iat > now + e.leeway:
        _fail("issued_in_future", f"iat is {when(iat - now)}: issued in the future",
              expected, iat, "iat")  # fmt: skip
    return expected, iat, "issued in the past"


def check_client(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """`azp` (Auth0, OIDC) or `client_id` (RFC 9068) names the expected client."""
    profile = e.profile
    name = profile.client_claim
    client = e.client
    if name is None:
        return None, None, "this profile names no client claim"
    value = claims.get(name)
    if value is None:
        aud = claims.get("aud")
        if profile.id_token and type(aud) is list and len(aud) > 1:
            _fail("missing_claim", "an ID token with several audiences must have azp (OIDC §2)",
                  client, None, name)  # fmt: skip
        if client is not None and name in profile.required:
            _fail("missing_claim", f"the token has no {name}", client, None, name)
        return client, None, f"no {name}"
    if type(value) is not str:
        _fail("bad_claim_type", f"{name} must be a string", client, value, name)
    if client is None:
        return None, value, f"{name} not compared: no expected client given"
    if value != client:
        _fail("azp_mismatch", f"{name} {show(value, 40)!r} is not the expected client {client!r}",
              client, value, name)  # fmt: skip
    return client, value, f"{name} names the expected client"


def check_nonce(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """For an ID token, `nonce` echoes the one sent to /authorize (OIDC §3.1.3.7 step 11)."""
    nonce = e.nonce
    if nonce is None:  # Expectations allows a nonce on ID tokens only
        return None, None, "no nonce expected"
    value = claims.get("nonce")
    if value is None:
        _fail("missing_claim", "the ID token has no nonce, but one was sent", nonce, None, "nonce")
    if value != nonce:
        _fail("nonce_mismatch", "nonce differs from the one sent to /authorize (a replay?)",
              nonce, value, "nonce")  # fmt: skip
    return nonce, value, "nonce matches"


def check_scope(e: Expectations, header: Header, claims: Claims, now: float) -> Outcome:
    """`scope` is a space-separated string holding every required scope (RFC 8693 §4.2)."""
    scope = claims.get("scope")
    required = e.required_scopes
    if scope is not None and type(scope) is not str:
        _fail("bad_claim_type", "scope must be a space-separated string", required, scope, "scope")
    if not required:
        return None, scope, "no scope required"
    if scope is None:
        _fail("missing_claim", "the token has no scope", required, None, "scope")
    granted = scope.split()
    missing = [s for s in required if s not in granted]
    if missing:
        _fail("insufficient_scope", f"scope lacks {' '.join(missing)}", required, scope, "scope")
    return required, scope, "every required scope is granted"


#: one claim check: (expectations, header, claims, now) -> outcome, or raises CheckFailedError
ClaimCheck = Callable[[Expectations, Header, Claims, float], Outcome]

#: the claim checks, in report order
CLAIM_CHECKS: Final[tuple[tuple[str, ClaimCheck], ...]] = (
    ("typ", check_typ),
    ("token use", check_use),
    ("required claims", check_required),
    ("issuer", check_issuer),
    ("audience", check_audience),
    ("expiry", check_exp),
    ("not before", check_nbf),
    ("issued at", check_iat),
    ("client", check_client),
    ("nonce", check_nonce),
    ("scope", check_scope),
)
