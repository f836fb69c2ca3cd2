"""Reading a JWS: its segments, and what its header means for a key set, worked out once.

Every token an issuer signs with one key has the same header segment, and the header checks
of RFC 7515 §5.2 (the alg allow-list, `crit`, the key lookup and the key's algorithm binding)
depend on nothing else. `read_jws` runs them once per (header segment, allow-list) and keeps
the outcome as a `Plan` in the key set's own memo (`KeySet.plans`): the rows a report shows,
the first failure if any, and the signature check for the key and algorithm. `validate` and
`verify` both read tokens through here, so there is one implementation of each check: the
plan is made by the same functions (`tokens.signature`) whichever entry point asks first.

The segments are decoded by `compact.jws_segments` (one strict pass over the token) when the
header is known; anything unusual goes through `compact.parse`, which names the problem.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from auth0_explore.tokens.compact import ParsedToken, jws_segments, parse
from auth0_explore.tokens.keys import KeySet
from auth0_explore.tokens.report import CheckFailedError, Outcome, Row
from auth0_explore.tokens.signature import (
    SignatureCheck,
    check_alg,
    check_crit,
    check_header_keys,
    find_key,
    signature_check,
)

__all__ = ["SIGNATURE_ROWS", "Jws", "Plan", "read_jws"]

#: the rows of the header and signature checks, in report order
SIGNATURE_ROWS: Final = ("algorithm", "crit", "header keys", "key", "signature")

# Plans are few (one per signing key and allow-list in use); the memo stays small so a stream
# of distinct headers neither holds memory nor slows anything down.
_MAX_PLANS: Final = 32


class Plan(NamedTuple):
    """What one header segment means for one key set and allow-list, checked once."""

    header: dict[str, Any]  # shared between tokens: never handed out (callers copy)
    #: the report rows of the header checks: all passed, or up to the failure then "not run"
    rows: tuple[Row, ...]
    #: the first failing header check and its name, or None
    failure: CheckFailedError | None
    failed_check: str
    #: checks a signature with the key and algorithm (never called when a header check failed)
    check: SignatureCheck
    #: the signature row once the signature verifies
    signature_row: Row


#: a compact JWS split and decoded, with its header's plan; nothing verified yet:
#: (plan, signing input, payload, signature). A plain tuple: it is made for every token.
Jws = tuple[Plan, bytes, bytes, bytes]


def read_jws(
    token: object, keys: KeySet, allowed: frozenset[str], shown: tuple[str, ...], max_size: int
) -> Jws | ParsedToken:
    """The token as a `Jws` (a plain tuple), or the `ParsedToken` of a JWE or opaque token.

    Raises:
        TokenError: `too_large`, `malformed` or `duplicate_member` (check `structure`,
            `header` or `size`), exactly as `compact.parse` names them.
    """
    if type(token) is str and len(token) <= max_size and token.isascii():
        first = token.find(".")
        plan = keys.plans.get((token[:first], allowed))
        if plan is not None:  # a header decoded before, so strict: only the rest to do
            decoded = jws_segments(token, first)
            if decoded is not None:
                return plan, decoded[0], decoded[1], decoded[2]
    parsed = parse(token, max_size=max_size)
    if parsed.kind != "jws":
        return parsed
    segment = parsed.raw.partition(".")[0]
    plan = keys.plans.get((segment, allowed))
    if plan is None:
        plan = _make_plan(parsed.header, keys, allowed, shown)
        if len(keys.plans) >= _MAX_PLANS:
            keys.plans.clear()
        keys.plans[(segment, allowed)] = plan
    return plan, parsed.signing_input, parsed.payload_bytes, parsed.signature


def _make_plan(
    header: dict[str, Any], keys: KeySet, allowed: frozenset[str], shown: tuple[str, ...]
) -> Plan:
    """Run the header checks in report order, stopping at the first failure."""
    rows: list[Row] = []
    name = "algorithm"
    try:
        rows.append(_passed(name, check_alg(header, allowed, shown)))
        alg: str = header["alg"]
        name = "crit"
        rows.append(_passed(name, check_crit(header)))
        name = "header keys"
        rows.append(_passed(name, check_header_keys(header)))
        name = "key"
        key, explanation = find_key(header, keys, alg, allowed)
        rows.append((name, True, header.get("kid"), key.kid, "", explanation))
        check = signature_check(key, alg)
    except CheckFailedError as fail:
        rows.append((name, False, fail.expected, fail.found, fail.reason, fail.message))
        why = f"not run: the {name} check failed"
        rows.extend((later, None, None, None, "", why) for later in _after(name))
        return Plan(header, tuple(rows), fail, name, _unreachable, rows[-1])
    signature_row: Row = ("signature", True, "valid", "valid", "", f"{alg} signature verified")
    return Plan(header, tuple(rows), None, "", check, signature_row)


def _unreachable(signing_input: bytes, signature: bytes) -> None:
    """The signature check of a plan whose header failed: validation stops before it."""
    raise CheckFailedError("malformed", "the header checks failed; no signature is checked")


def _after(name: str) -> tuple[str, ...]:
    return SIGNATURE_ROWS[SIGNATURE_ROWS.index(name) + 1 :]


def _passed(name: str, outcome: Outcome) -> Row:
    expected, found, explanation = outcome
    return (name, True, expected, found, "", explanation)
