"""Claim checks, one small function each, run in the order of `CLAIM_CHECKS`.

Each takes a `Context` and returns (expected, found, explanation) or raises
`CheckFailedError`. Sources: RFC 7519 §4.1 (registered claims), RFC 9068 §2.2 and §4,
RFC 8725 §3.8-3.9 and §3.11 (issuer, audience, explicit typing), OpenID Connect Core
§2 and §3.1.3.7 (ID tokens: aud, azp, nonce).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Final, NoReturn

from auth0_explore.tokens.display import show, when
from auth0_explore.tokens.profiles import Profile
from auth0_explore.tokens.report import CheckFailedError, Outcome

__all__ = ["CLAIM_CHECKS", "Context", "all_pass_quickly"]


class Context:
    """What the claim checks read, built once per validation."""

    __slots__ = (
        "audience",
        "claims",
        "client",
        "expected_azp",
        "header",
        "issuers",
        "leeway",
        "nonce",
        "now",
        "profile",
        "required_scopes",
        "window",
    )

    def __init__(
        self,
        header: dict[str, Any],
        claims: dict[str, Any],
        issuers: tuple[str, ...],
        audience: str,
        profile: Profile,
        now: float,
        leeway: float,
        window: str,
        required_scopes: Sequence[str],
        expected_azp: str | None,
        nonce: str | None,
    ) -> None:
        self.header = header
        self.claims = claims
        self.issuers = issuers
        self.audience = audience
        self.profile = profile
        self.now = now
        self.leeway = leeway
        #: the leeway as text, e.g. "60 s"
        self.window = window
        self.required_scopes = required_scopes
        self.expected_azp = expected_azp
        #: the client that must be named: the expected azp, or for ID tokens the audience
        self.client = expected_azp if not profile.id_token else (expected_azp or audience)
        self.nonce = nonce


def _fail(reason: str, message: str, expected: object, found: object, claim: str = "") -> NoReturn:
    raise CheckFailedError(reason, message, expected, found, claim)


def check_typ(c: Context) -> Outcome:
    """`typ` fits the profile (RFC 8725 §3.11, RFC 9068 §2.1), compared case-insensitively."""
    profile = c.profile
    typ = c.header.get("typ")
    expected = " or ".join(profile.typ) + ("" if profile.typ_required else " (or absent)")
    if typ is None:
        if profile.typ_required:
            _fail("typ_mismatch", f"the {profile.name} profile requires typ {expected}",
                  expected, None, "typ")  # fmt: skip
        return expected, None, "no typ, which this profile allows"
    if type(typ) is not str or typ.lower() not in profile.typ:
        hint = ""
        if isinstance(typ, str) and "at+jwt" in typ.lower():
            hint = " (an RFC 9068 token: use the RFC9068_ACCESS_TOKEN profile)"
        _fail("typ_mismatch", f"typ {show(typ, 30)} does not fit the {profile.name} profile{hint}",
              expected, typ, "typ")  # fmt: skip
    return expected, typ, "typ fits the profile"


def check_use(c: Context) -> Outcome:
    """An ID token is never accepted by an API, nor an access token as an ID token."""
    claims = c.claims
    if c.profile.id_token:
        if "scope" in claims or "gty" in claims:
            _fail("wrong_token_type", "an access token (it has scope or gty) given as an ID token",
                  "an ID token", "an access token")  # fmt: skip
        return "an ID token", "an ID token", "no access token claims"
    if "nonce" in claims or (c.expected_azp is not None and claims.get("aud") == c.expected_azp):
        _fail("wrong_token_type",
              "an ID token (nonce, or aud = the client id): it is for the application, not an API",
              "an access token", "an ID token")  # fmt: skip
    return "an access token", "an access token", "no ID token claims"


def check_required(c: Context) -> Outcome:
    """Every claim the profile requires is present."""
    required = c.profile.required_claims
    claims = c.claims
    for name in required:
        if name not in claims:
            missing = [n for n in required if n not in claims]
            _fail("missing_claim", f"missing {', '.join(missing)} (required by {c.profile.name})",
                  required, missing, missing[0])  # fmt: skip
    return required, "all present", "every claim the profile requires is present"


def check_issuer(c: Context) -> Outcome:
    """`iss` is exactly one of the accepted issuers: no case folding, no prefix, no array."""
    iss = c.claims.get("iss")
    issuers = c.issuers
    expected = issuers[0] if len(issuers) == 1 else list(issuers)
    if iss in issuers and type(iss) is str:
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


def check_audience(c: Context) -> Outcome:
    """`aud` is the audience, or an array of strings that contains it (RFC 7519 §4.1.3)."""
    aud = c.claims.get("aud")
    audience = c.audience
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
    if c.profile.aud_string_only:
        _fail("aud_mismatch", f"the {c.profile.name} profile accepts aud only as a string",
              audience, aud, "aud")  # fmt: skip
    if not aud:
        _fail("aud_mismatch", "aud is an empty array", audience, aud, "aud")
    if not all(type(member) is str for member in aud):
        _fail("bad_claim_type", "aud has a member that is not a string", audience, aud, "aud")
    if audience not in aud:
        _fail("aud_mismatch", f"aud does not contain {audience!r}", audience, aud, "aud")
    return audience, aud, f"aud is an array of {len(aud)} that contains the expected audience"


def numeric_date(claims: dict[str, Any], name: str) -> float | None:
    """The claim as seconds, None when absent; refuses strings, booleans, NaN, inf, huge ints."""
    value: Any = claims.get(name)
    if value is None and name not in claims:
        return None
    kind = type(value)
    if kind is int and -(2**53) < value < 2**53:
        return float(value)
    if kind is float and math.isfinite(value):
        return float(value)
    return _fail("bad_claim_type",
                 f"{name} must be a finite JSON number of seconds (RFC 7519 §2 NumericDate)",
                 "NumericDate", value, name)  # fmt: skip


def check_exp(c: Context) -> Outcome:
    """Now is before `exp` + leeway (RFC 7519 §4.1.4)."""
    exp = numeric_date(c.claims, "exp")
    expected = "after now - " + c.window
    if exp is None:
        if "exp" in c.profile.required_claims:
            _fail("missing_claim", "the token has no exp", expected, None, "exp")
        return expected, None, "no exp"
    if c.now >= exp + c.leeway:
        _fail("expired", f"expired {when(exp - c.now)} (leeway {c.window})",
              expected, c.claims["exp"], "exp")  # fmt: skip
    return expected, c.claims["exp"], "not expired"


def check_nbf(c: Context) -> Outcome:
    """Now is after `nbf` - leeway (RFC 7519 §4.1.5)."""
    nbf = numeric_date(c.claims, "nbf")
    expected = "before now + " + c.window
    if nbf is None:
        return expected, None, "no nbf"
    if nbf > c.now + c.leeway:
        _fail("not_yet_valid", f"not valid until {when(nbf - c.now)} (leeway {c.window})",
              expected, c.claims["nbf"], "nbf")  # fmt: skip
    return expected, c.claims["nbf"], "already valid"


def check_iat(c: Context) -> Outcome:
    """`iat` is not in the future beyond the leeway (RFC 7519 §4.1.6)."""
    iat = numeric_date(c.claims, "iat")
    expected = "before now + " + c.window
    if iat is None:
        if "iat" in c.profile.required_claims:
            _fail("missing_claim", "the token has no iat", expected, None, "iat")
        return expected, None, "no iat"
    if iat > c.now + c.leeway:
        _fail("issued_in_future", f"iat is {when(iat - c.now)}: issued in the future",
              expected, c.claims["iat"], "iat")  # fmt: skip
    return expected, c.claims["iat"], "issued in the past"


def check_client(c: Context) -> Outcome:
    """`azp` (Auth0, OIDC) or `client_id` (RFC 9068) names the expected client."""
    name = c.profile.client_claim
    client = c.client
    if name is None:
        return None, None, "this profile names no client claim"
    value = c.claims.get(name)
    if value is None:
        aud = c.claims.get("aud")
        if c.profile.id_token and type(aud) is list and len(aud) > 1:
            _fail("missing_claim", "an ID token with several audiences must have azp (OIDC §2)",
                  client, None, name)  # fmt: skip
        if client is not None and name in c.profile.required_claims:
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


def check_nonce(c: Context) -> Outcome:
    """For an ID token, `nonce` echoes the one sent to /authorize (OIDC §3.1.3.7 step 11)."""
    if not c.profile.id_token or c.nonce is None:
        return None, None, "no nonce expected"
    value = c.claims.get("nonce")
    if value is None:
        _fail(
            "missing_claim", "the ID token has no nonce, but one was sent", c.nonce, None, "nonce"
        )
    if value != c.nonce:
        _fail("nonce_mismatch", "nonce differs from the one sent to /authorize (a replay?)",
              c.nonce, value, "nonce")  # fmt: skip
    return c.nonce, value, "nonce matches"


def check_scope(c: Context) -> Outcome:
    """`scope` is a space-separated string holding every required scope (RFC 8693 §4.2)."""
    scope = c.claims.get("scope")
    required = c.required_scopes
    if scope is not None and type(scope) is not str:
        _fail("bad_claim_type", "scope must be a space-separated string", required, scope, "scope")
    if not required:
        return None, scope, "no scope required"
    if scope is None:
        _fail("missing_claim", "the token has no scope", required, None, "scope")
    granted = set(scope.split())
    missing = [s for s in required if s not in granted]
    if missing:
        _fail("insufficient_scope", f"scope lacks {' '.join(missing)}", required, scope, "scope")
    return required, scope, "every required scope is granted"


_ABSENT: Final = object()


def all_pass_quickly(
    header: dict[str, Any],
    claims: dict[str, Any],
    issuers: tuple[str, ...],
    audience: str,
    profile: Profile,
    now: float,
    leeway: float,
    required_scopes: Sequence[str],
    expected_azp: str | None,
) -> bool:
    """True only when every check above would pass; False means "run them to find out".

    The strict helper calls this first: for an ordinary access token it is one pass over a
    few claims instead of eleven checks that each build a report row. It is conservative:
    anything unusual (arrays, floats, ID tokens) answers False, and then the checks run and
    name the failure, if any. Tests hold it to "True implies every check passes".
    """
    if profile.id_token or "nonce" in claims:
        return False
    typ = header.get("typ")
    if typ is None:
        if profile.typ_required:
            return False
    elif type(typ) is not str or (
        typ not in profile.typ_spellings and typ.lower() not in profile.typ
    ):
        return False
    if not claims.keys() >= profile.required:
        return False
    aud = claims.get("aud")
    iss = claims.get("iss")
    if type(aud) is not str or aud != audience or aud == expected_azp:
        return False
    if type(iss) is not str or iss not in issuers:
        return False
    exp = claims.get("exp")
    if type(exp) is not int or not -(2**53) < exp < 2**53 or now >= exp + leeway:
        return False
    latest = now + leeway
    iat = claims.get("iat", _ABSENT)
    if iat is not _ABSENT and (type(iat) is not int or not -(2**53) < iat < 2**53 or iat > latest):
        return False
    nbf = claims.get("nbf", _ABSENT)
    if nbf is not _ABSENT and (type(nbf) is not int or not -(2**53) < nbf < 2**53 or nbf > latest):
        return False
    client_claim = profile.client_claim
    if client_claim is not None:
        client = claims.get(client_claim)
        if client is None:
            if expected_azp is not None and client_claim in profile.required_claims:
                return False
        elif type(client) is not str or (expected_azp is not None and client != expected_azp):
            return False
    scope = claims.get("scope")
    if scope is not None and type(scope) is not str:
        return False
    if required_scopes:
        if scope is None:
            return False
        granted = scope.split()
        for wanted in required_scopes:
            if wanted not in granted:
                return False
    return True


#: the claim checks, in report order
CLAIM_CHECKS: Final[tuple[tuple[str, Callable[[Context], Outcome]], ...]] = (
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
