"""Validation: every check on a token, as a report (`validate`) or a strict call (`verify`).

The order is RFC 7515 §5.2 then RFC 7519 §7.2: strict parsing, the header (alg allow-list from
the caller, never the token; `crit`), the key, the signature; only then the claims (`typ` and
profile, issuer, audience, time with leeway on an injected clock, client, nonce, scopes).
A failed parse, key or signature leaves the later checks "not run".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens.compact import (
    MAX_TOKEN_SIZE,
    ParsedToken,
    json_copy,
    parse,
    parse_shared,
)
from auth0_explore.tokens.display import token_fingerprint
from auth0_explore.tokens.keys import Key, KeySet
from auth0_explore.tokens.options import Settings, allow_list, as_tuple, scopes, settings_for
from auth0_explore.tokens.profiles import AUTH0_ACCESS_TOKEN, Profile
from auth0_explore.tokens.quick import quick_signature
from auth0_explore.tokens.report import CheckFailedError, Row, ValidationReport
from auth0_explore.tokens.rules import CLAIM_CHECKS, Context, all_pass_quickly
from auth0_explore.tokens.signature import (
    check_alg,
    check_crit,
    check_header_keys,
    check_signature,
    find_key,
)

__all__ = ["DEFAULT_LEEWAY", "validate", "verify", "verify_signature"]

#: seconds of clock skew tolerated on exp, nbf and iat (auth0-spa-js uses 60 too)
DEFAULT_LEEWAY: Final = 60.0

_SIGNATURE_ROWS: Final = ("algorithm", "crit", "header keys", "key", "signature")
_CLAIM_ROWS: Final = ("payload", *(name for name, _ in CLAIM_CHECKS))
_STRUCTURE: Final = "compact JWS (3 segments)"
_PARSED: Final[Row] = (
    "structure", True, _STRUCTURE, "JWS", "", "strict base64url and JSON, no duplicates"
)  # fmt: skip
_CHECK_NAMES: Final = tuple(name for name, _ in CLAIM_CHECKS)
_CHECK_FUNCTIONS: Final = tuple(check for _, check in CLAIM_CHECKS)


def validate(
    token: object,
    *,
    keys: KeySet,
    clock: Clock,
    issuers: str | Sequence[str],
    audience: str,
    profile: Profile = AUTH0_ACCESS_TOKEN,
    leeway: float = DEFAULT_LEEWAY,
    algorithms: Sequence[str] | None = None,
    required_scopes: Sequence[str] | str = (),
    expected_azp: str | None = None,
    nonce: str | None = None,
    max_size: int = MAX_TOKEN_SIZE,
) -> ValidationReport:
    """Run every check on `token` and report each one; never raises on a bad token.

    Args:
        token: the compact token (str or ASCII bytes).
        keys: the issuer's keys (`KeySet.from_jwks`) or an HMAC secret (`KeySet.from_secret`).
        clock: the time source for exp, nbf and iat.
        issuers: the accepted `iss`: one string, or several named explicitly (custom domains).
        audience: the API identifier (for an ID token: the client id).
        profile: the kind of token expected.
        leeway: seconds of clock skew tolerated.
        algorithms: the alg allow-list; the profile's when None. Never taken from the token.
        required_scopes: scopes that `scope` must all contain (a list, or one string of
            space-separated scopes).
        expected_azp: the client that must have requested the token (`azp` / `client_id`).
        nonce: for ID tokens, the nonce sent to /authorize.
        max_size: the size gate, in characters.

    Raises:
        ConfigError: only for invalid arguments (e.g. `none` in the allow-list).
    """
    settings = settings_for(issuers, algorithms, profile, leeway)
    _check_keys(keys)
    required_scopes = scopes(required_scopes)
    rows: list[Row] = []
    try:
        quick = quick_signature(token, keys, settings.allowed, max_size)
    except TokenError:  # a signature that does not match: the full path reports it
        quick = None
    if quick is not None:  # parsed, header and signature checks passed: their rows are known
        plan, claims = quick
        rows.append(_PARSED)
        rows.extend(plan.rows)
        rows.append(("payload", True, "a JSON object", f"{len(claims)} claims", "", "a JWT"))
        context = _context(plan.header, claims, settings, clock.now(), audience, profile,
                           required_scopes, expected_azp, nonce)  # fmt: skip
        _claim_rows(context, rows)
        return _report(token, "jws", profile, rows, plan.header, claims)
    try:
        parsed = parse_shared(token, max_size=max_size)
    except TokenError as error:
        rows.append(("structure", False, _STRUCTURE, None, error.reason, error.message))
        _skip(rows, (*_SIGNATURE_ROWS, *_CLAIM_ROWS), "not run: the token did not parse")
        return _report(token, "malformed", profile, rows, {}, None)
    if parsed.kind != "jws":
        refusal = _not_jws(parsed)
        rows.append(("structure", False, _STRUCTURE, parsed.kind, refusal.reason, refusal.message))
        _skip(rows, (*_SIGNATURE_ROWS, *_CLAIM_ROWS), "not run: not a signed token")
        return _report(token, parsed.kind, profile, rows, parsed.header, None)
    rows.append(_PARSED)
    if _signature_rows(parsed, keys, settings, rows) is None:
        _skip(rows, _CLAIM_ROWS, "not run: the signature was not verified")
    elif parsed.payload is None:
        reason, message = parsed.payload_problem or ("malformed", "the payload is not a JWT")
        rows.append(("payload", False, "a JSON object", None, reason, message))
        _skip(rows, _CLAIM_ROWS[1:], "not run: the payload is not a JWT claims set")
    else:
        claims = parsed.payload
        rows.append(("payload", True, "a JSON object", f"{len(claims)} claims", "", "a JWT"))
        context = _context(parsed.header, claims, settings, clock.now(), audience, profile,
                           required_scopes, expected_azp, nonce)  # fmt: skip
        _claim_rows(context, rows)
    return _report(token, parsed.kind, profile, rows, parsed.header, parsed.payload)


def _claim_rows(context: Context, rows: list[Row]) -> None:
    append = rows.append
    for name, check in CLAIM_CHECKS:
        try:
            expected, found, explanation = check(context)
        except CheckFailedError as fail:
            append((name, False, fail.expected, fail.found, fail.reason, fail.message))
        else:
            append((name, True, expected, found, "", explanation))


def verify(
    token: object,
    *,
    keys: KeySet,
    clock: Clock,
    issuers: str | Sequence[str],
    audience: str,
    profile: Profile = AUTH0_ACCESS_TOKEN,
    leeway: float = DEFAULT_LEEWAY,
    algorithms: Sequence[str] | None = None,
    required_scopes: Sequence[str] | str = (),
    expected_azp: str | None = None,
    nonce: str | None = None,
    max_size: int = MAX_TOKEN_SIZE,
) -> dict[str, Any]:
    """The claims of a token that passes every check of `validate` (same arguments).

    Raises:
        TokenError: the first failing check, with its reason code and check name.
        ConfigError: for invalid arguments.
    """
    settings = settings_for(issuers, algorithms, profile, leeway)
    if type(keys) is not KeySet:
        _check_keys(keys)
    if type(required_scopes) is not tuple:
        required_scopes = scopes(required_scopes)
    quick = quick_signature(token, keys, settings.allowed, max_size)
    if quick is None:  # anything unusual, or a failure: the full path names the reason
        parsed = parse_shared(token, max_size=max_size)
        if parsed.kind != "jws":
            raise _not_jws(parsed)
        _verify_signature(parsed, keys, settings)
        if parsed.payload is None:
            reason, message = parsed.payload_problem or ("malformed", "the payload is not a JWT")
            raise TokenError(reason, message, check="payload")
        header, claims = parsed.header, parsed.payload
    else:
        header, claims = quick[0].header, quick[1]
    if type(audience) is not str or not audience:
        raise ConfigError("audience is the API identifier (or the client id for an ID token)")
    now = clock.now()
    if not all_pass_quickly(
        header, claims, settings.issuers, audience, profile, now, settings.leeway,
        required_scopes, expected_azp,
    ):  # fmt: skip
        context = _context(
            header, claims, settings, now, audience, profile, required_scopes, expected_azp, nonce
        )
        try:
            for check in _CHECK_FUNCTIONS:
                check(context)
        except CheckFailedError as fail:
            raise fail.error(_CHECK_NAMES[_CHECK_FUNCTIONS.index(check)]) from None
    return claims  # decoded afresh for this call: the caller's to keep


def verify_signature(
    token: object, *, keys: KeySet, algorithms: Sequence[str], max_size: int = MAX_TOKEN_SIZE
) -> ParsedToken:
    """Check a compact JWS's header, key and signature only (any payload bytes; no claims).

    Raises:
        TokenError: the first failing check.
    """
    allowed, shown = allow_list(as_tuple(algorithms))
    _check_keys(keys)
    parsed = parse(token, max_size=max_size)  # not shared: the caller gets it
    if parsed.kind != "jws":
        raise _not_jws(parsed)
    _verify_signature(parsed, keys, Settings(("",), allowed, shown, 0.0, ""))
    return parsed


def _context(
    header: dict[str, Any],
    claims: dict[str, Any],
    settings: Settings,
    now: float,
    audience: str,
    profile: Profile,
    required_scopes: Sequence[str],
    expected_azp: str | None,
    nonce: str | None,
) -> Context:
    if type(audience) is not str or not audience:
        raise ConfigError("audience is the API identifier (or the client id for an ID token)")
    return Context(
        header,
        claims,
        settings.issuers,
        audience,
        profile,
        now,
        settings.leeway,
        settings.window,
        required_scopes if type(required_scopes) is tuple else tuple(required_scopes),
        expected_azp,
        nonce,
    )


# --- header and signature -------------------------------------------------------------------


def _verify_signature(parsed: ParsedToken, keys: KeySet, settings: Settings) -> Key:
    header = parsed.header
    alg: str = header.get("alg")  # type: ignore[assignment]  # checked just below
    name = "algorithm"
    try:
        if (
            type(alg) is not str
            or alg not in settings.allowed
            or "crit" in header
            or "b64" in header
        ):
            check_alg(header, settings.allowed, settings.shown)  # raises with the reason
            name = "crit"
            check_crit(header)
        name = "key"
        key = find_key(header, keys, alg, settings.allowed)
        name = "signature"
        check_signature(parsed, key, alg)
    except CheckFailedError as fail:
        raise fail.error(name) from None
    return key


def _signature_rows(
    parsed: ParsedToken, keys: KeySet, settings: Settings, rows: list[Row]
) -> Key | None:
    header = parsed.header
    name = "algorithm"
    try:
        expected, found, explanation = check_alg(header, settings.allowed, settings.shown)
        rows.append(("algorithm", True, expected, found, "", explanation))
        alg: str = header["alg"]
        name = "crit"
        expected, found, explanation = check_crit(header)
        rows.append(("crit", True, expected, found, "", explanation))
        name = "header keys"
        expected, found, explanation = check_header_keys(header)
        rows.append(("header keys", True, expected, found, "", explanation))
        name = "key"
        key = find_key(header, keys, alg, settings.allowed)
        rows.append(
            ("key", True, header.get("kid"), key.kid, "", f"{key.kty} key, {key.bits} bits")
        )
        name = "signature"
        expected, found, explanation = check_signature(parsed, key, alg)
        rows.append(("signature", True, expected, found, "", explanation))
    except CheckFailedError as fail:
        rows.append((name, False, fail.expected, fail.found, fail.reason, fail.message))
        index = _SIGNATURE_ROWS.index(name)
        _skip(rows, _SIGNATURE_ROWS[index + 1 :], f"not run: the {name} check failed")
        return None
    return key


def _check_keys(keys: object) -> None:
    if not isinstance(keys, KeySet):
        raise ConfigError("keys is a KeySet: KeySet.from_jwks(document) or KeySet.from_secret(s)")


def _skip(rows: list[Row], names: Sequence[str], why: str) -> None:
    rows.extend((name, None, None, None, "", why) for name in names)


def _not_jws(parsed: ParsedToken) -> TokenError:
    if parsed.kind == "auth0_opaque_jwe":
        return TokenError(
            "jwe_not_jws",
            "Auth0's opaque /userinfo token (JWE, alg dir, enc A256GCM): only Auth0 can read "
            "it; request an audience to get a JWT",
            check="structure",
        )
    if parsed.kind == "jwe":
        return TokenError(
            "jwe_not_jws",
            "an encrypted token (JWE) cannot be validated as a JWS",
            check="structure",
        )
    return TokenError(
        "malformed", "an opaque token, not a JWT: only its issuer can check it", check="structure"
    )


def _report(
    token: object,
    kind: str,
    profile: Profile,
    rows: list[Row],
    header: dict[str, Any],
    claims: dict[str, Any] | None,
) -> ValidationReport:
    valid = True
    for row in rows:
        if not row[1]:
            valid = False
            break
    return ValidationReport(
        token_fingerprint(token),
        kind,
        profile.name,
        valid,
        json_copy(header),  # shared with other calls (compact.parse_shared)
        claims,
        tuple(rows),
    )
