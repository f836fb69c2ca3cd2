"""Validation: every check on a token, as a report (`validate`) or a strict call (`verify`).

The order is RFC 7515 §5.2 then RFC 7519 §7.2: strict parsing, the header (alg allow-list from
the caller, never the token; `crit`), the key, the signature; only then the claims (`typ` and
profile, issuer, audience, time with leeway on an injected clock, client, nonce, scopes).
A failed parse, key or signature leaves the later checks "not run".

Both entry points run the same checks in the same order, read through the same plan
(`tokens.plan`): `validate` turns every outcome into a row, `verify` raises the first failure,
so the strict helper always raises the reason the report gives first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens.compact import (
    MAX_TOKEN_SIZE,
    ParsedToken,
    json_copy,
    parse,
    payload_claims,
)
from auth0_explore.tokens.display import token_fingerprint
from auth0_explore.tokens.expectations import Expectations, allow_list
from auth0_explore.tokens.keys import KeySet
from auth0_explore.tokens.plan import SIGNATURE_ROWS, Jws, read_jws
from auth0_explore.tokens.report import CheckFailedError, Row, ValidationReport
from auth0_explore.tokens.rules import CLAIM_CHECKS

__all__ = ["Result", "validate", "verify", "verify_each", "verify_signature"]

#: one token's outcome in a batch: its claims, or the error `verify` raises for it
Result = dict[str, Any] | TokenError

_CLAIM_ROWS: Final = ("payload", *(name for name, _ in CLAIM_CHECKS))
_STRUCTURE: Final = "compact JWS (3 segments)"
_PARSED: Final[Row] = (
    "structure", True, _STRUCTURE, "JWS", "", "strict base64url and JSON, no duplicates"
)  # fmt: skip
_CHECK_NAMES: Final = tuple(name for name, _ in CLAIM_CHECKS)
_CHECK_FUNCTIONS: Final = tuple(check for _, check in CLAIM_CHECKS)


def validate(
    token: object, expectations: Expectations, *, keys: KeySet, clock: Clock
) -> ValidationReport:
    """Run every check on `token` and report each one; never raises on a bad token.

    Args:
        token: the compact token (str or ASCII bytes).
        expectations: what the token must be (issuers, audience, profile, algorithms, ...).
        keys: the issuer's keys (`KeySet.from_jwks`) or an HMAC secret (`KeySet.from_secret`).
        clock: the time source for exp, nbf and iat.

    Raises:
        ConfigError: only when `expectations` or `keys` is not what it should be.
    """
    e = _checked(expectations, keys)
    rows: list[Row] = []
    try:
        read = read_jws(token, keys, e.allowed, e.shown_algorithms, e.max_size)
    except TokenError as error:
        rows.append(("structure", False, _STRUCTURE, None, error.reason, error.message))
        _skip(rows, (*SIGNATURE_ROWS, *_CLAIM_ROWS), "not run: the token did not parse")
        return _report(token, "malformed", e, rows, {}, None)
    if isinstance(read, ParsedToken):  # JWE or opaque
        refusal = not_jws(read)
        rows.append(("structure", False, _STRUCTURE, read.kind, refusal.reason, refusal.message))
        _skip(rows, (*SIGNATURE_ROWS, *_CLAIM_ROWS), "not run: not a signed token")
        return _report(token, read.kind, e, rows, read.header, None)
    rows.append(_PARSED)
    plan, _, payload, _ = read
    rows.extend(plan.rows)
    if not _signature_row(read, rows):
        _skip(rows, _CLAIM_ROWS, "not run: the signature was not verified")
        return _report(token, "jws", e, rows, plan.header, None)
    try:
        claims = payload_claims(payload)
    except TokenError as error:
        rows.append(("payload", False, "a JSON object", None, error.reason, error.message))
        _skip(rows, _CLAIM_ROWS[1:], "not run: the payload is not a JWT claims set")
        return _report(token, "jws", e, rows, plan.header, None)
    rows.append(("payload", True, "a JSON object", f"{len(claims)} claims", "", "a JWT"))
    _claim_rows(e, plan.header, claims, clock.now(), rows)
    return _report(token, "jws", e, rows, plan.header, claims)


def verify(
    token: object, expectations: Expectations, *, keys: KeySet, clock: Clock
) -> dict[str, Any]:
    """The claims of a token that passes every check of `validate` (same arguments).

    Raises:
        TokenError: the first failing check, with its reason code and check name.
        ConfigError: when `expectations` or `keys` is not what it should be.
    """
    if type(expectations) is not Expectations or type(keys) is not KeySet:
        _checked(expectations, keys)  # subclasses pass; anything else raises
    return _verify_at(token, expectations, keys, clock.now())


def verify_each(
    tokens: Iterable[object], expectations: Expectations, *, keys: KeySet, clock: Clock
) -> list[Result]:
    """`verify` on every token, here, in order: each result is the claims or the `TokenError`.

    The batch is checked at one instant (`clock.now()` when the call starts); nothing is
    raised for a bad token. `auth0_explore.batch.verify_many` spreads this over processes.

    Raises:
        ConfigError: when `expectations` or `keys` is not what it should be.
    """
    e = _checked(expectations, keys)
    now = clock.now()
    out: list[Result] = []
    append = out.append
    for token in tokens:
        try:
            append(_verify_at(token, e, keys, now))
        except TokenError as error:
            append(error)
    return out


def _verify_at(token: object, e: Expectations, keys: KeySet, now: float) -> dict[str, Any]:
    """`verify` at the time `now`: the first failure in report order, raised."""
    read = read_jws(token, keys, e.allowed, e.shown_algorithms, e.max_size)
    if isinstance(read, ParsedToken):  # JWE or opaque
        raise not_jws(read)
    _check_signature(read)
    claims = payload_claims(read[2])  # decoded afresh for this call: the caller's to keep
    header = read[0].header
    try:
        for rule in _CHECK_FUNCTIONS:
            rule(e, header, claims, now)
    except CheckFailedError as fail:
        raise fail.error(_CHECK_NAMES[_CHECK_FUNCTIONS.index(rule)]) from None
    return claims


def verify_signature(
    token: object, *, keys: KeySet, algorithms: Sequence[str], max_size: int = MAX_TOKEN_SIZE
) -> ParsedToken:
    """Check a compact JWS's header, key and signature only (any payload bytes; no claims).

    Raises:
        TokenError: the first failing check.
        ConfigError: for an invalid allow-list or key set.
    """
    allowed = allow_list(algorithms)
    _checked_keys(keys)
    parsed = parse(token, max_size=max_size)  # not shared: the caller gets it
    if parsed.kind != "jws":
        raise not_jws(parsed)
    read = read_jws(parsed.raw, keys, frozenset(allowed), tuple(sorted(allowed)), max_size)
    if isinstance(read, ParsedToken):  # parsed as a JWS just above, so never; but say so
        raise not_jws(parsed)
    _check_signature(read)
    return parsed


def not_jws(parsed: ParsedToken) -> TokenError:
    """Why a JWE or an opaque token cannot be validated as a signed token."""
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


def _check_signature(read: Jws) -> None:
    """Raise the first failure of the header checks or the signature, as a fresh TokenError.

    Fresh, because the plan is shared between tokens and a raised exception collects frames.
    """
    plan, signing_input, _, signature = read
    if plan.failure is not None:
        raise plan.failure.error(plan.failed_check)
    try:
        plan.check(signing_input, signature)
    except CheckFailedError as fail:
        raise fail.error("signature") from None


def _signature_row(read: Jws, rows: list[Row]) -> bool:
    """Append the signature row; True when the signature verified."""
    plan, signing_input, _, signature = read
    if plan.failure is not None:
        return False  # the plan's rows already say which header check failed
    try:
        plan.check(signing_input, signature)
    except CheckFailedError as fail:
        rows.append(("signature", False, fail.expected, fail.found, fail.reason, fail.message))
        return False
    rows.append(plan.signature_row)
    return True


def _claim_rows(
    e: Expectations, header: dict[str, Any], claims: dict[str, Any], now: float, rows: list[Row]
) -> None:
    append = rows.append
    for name, check in CLAIM_CHECKS:
        try:
            expected, found, explanation = check(e, header, claims, now)
        except CheckFailedError as fail:
            append((name, False, fail.expected, fail.found, fail.reason, fail.message))
        else:
            append((name, True, expected, found, "", explanation))


def _checked(expectations: object, keys: object) -> Expectations:
    if not isinstance(expectations, Expectations):
        raise ConfigError(
            "expectations is an Expectations, e.g. Expectations.for_api('dev-x.us.auth0.com', "
            "'https://api.example.com/')"
        )
    _checked_keys(keys)
    return expectations


def _checked_keys(keys: object) -> None:
    if not isinstance(keys, KeySet):
        raise ConfigError("keys is a KeySet: KeySet.from_jwks(document) or KeySet.from_secret(s)")


def _skip(rows: list[Row], names: Sequence[str], why: str) -> None:
    rows.extend((name, None, None, None, "", why) for name in names)


def _report(
    token: object,
    kind: str,
    e: Expectations,
    rows: list[Row],
    header: dict[str, Any],
    claims: dict[str, Any] | None,
) -> ValidationReport:
    valid = all(row[1] for row in rows)
    return ValidationReport(
        token_fingerprint(token),
        kind,
        e.profile.name,
        valid,
        json_copy(header),  # shared with other tokens of the same header (tokens.plan)
        claims,
        tuple(rows),
        e,
    )
