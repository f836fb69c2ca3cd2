"""The strict helper's common case in one pass: an ordinary RS* token from a known issuer.

`verify` spends most of its time outside the RSA operation on work that is the same for every
token of an issuer: decoding the header, the alg allow-list, `crit`, the `kid` lookup and the
key's algorithm binding. Here that work is done once per (header segment, key set, allow-list)
and kept as a `_Plan`; each token then costs a split, one strict base64url pass over the payload
and signature, the strict JSON decoder, the signature, and the claim rules.

Anything unusual answers None and `validation.verify` runs the full path, which names the
failure; the only failure reported here is a signature that definitely does not match (so a
forged token costs one RSA operation, not two), with the full path's words. Nothing here
loosens a check: the plan is made by the same tests the full path runs, and the payload is
decoded by the same strict functions.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from auth0_explore.errors import TokenError
from auth0_explore.tokens.compact import (
    json_object_or_none,
    jws_segments,
    shared_header,
)
from auth0_explore.tokens.keys import Key, KeySet
from auth0_explore.tokens.report import Outcome, Row
from auth0_explore.tokens.signature import (
    BAD_SIGNATURE,
    check_alg,
    check_crit,
    check_header_keys,
    rsa_signature_matches,
)

__all__ = ["Plan", "quick_signature"]

# RS256/384/512 are RSASSA-PKCS1-v1_5 with SHA-2 (RFC 7518 §3.3), exactly what PyJWT's
# RSAAlgorithm.verify calls on the key; building the padding and hash objects once instead of
# per call, and calling the key directly, saves a Python frame and two objects per token.
# PS* and everything else go through PyJWT (`rsa_signature_matches`).
_PKCS1: Final = padding.PKCS1v15()
_RS_HASHES: Final = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}

# Plans are few (one per signing key and allow-list in use); the dict stays small so a stream
# of distinct headers neither holds memory nor slows anything down.
_MAX_PLANS: Final = 32


class Plan(NamedTuple):
    """What one header segment means for one key set and allow-list, checked once."""

    header: dict[str, Any]  # shared: never handed out (callers copy, see compact.parse_shared)
    alg: str
    material: Any  # the key's cryptography object
    size: int  # the signature length the key gives, in bytes
    rs_hash: hashes.HashAlgorithm | None  # for RS*: the hash; None: verify through PyJWT
    key: Key
    #: `validate`'s rows for the header and signature checks once the signature verifies:
    #: the same functions' words as on the full path, computed once per plan
    rows: tuple[Row, ...]


_plans: dict[tuple[str, KeySet, frozenset[str]], Plan] = {}


def quick_signature(
    token: object, keys: KeySet, allowed: frozenset[str], max_size: int
) -> tuple[Plan, dict[str, Any]] | None:
    """(plan, claims) of an ordinary RS* token whose signature verifies, else None.

    Raises:
        TokenError: `bad_signature` when everything up to the signature is in order and the
            signature of the right length does not match.
    """
    if type(token) is not str or len(token) > max_size or not token.isascii():
        return None
    parts = token.split(".")
    if len(parts) != 3:
        return None
    header_segment = parts[0]
    plan = _plans.get((header_segment, keys, allowed))
    if plan is None:
        plan = _make_plan(header_segment, keys, allowed)
        if plan is None:
            return None
    decoded = jws_segments(token, parts)
    if decoded is None:
        return None
    signing_input, payload, signature = decoded
    claims = json_object_or_none(payload)
    if claims is None:
        return None
    if len(signature) != plan.size:
        return None  # the full path says which length problem it is
    rs_hash = plan.rs_hash
    if rs_hash is not None:
        try:
            plan.material.verify(signature, signing_input, _PKCS1, rs_hash)
        except InvalidSignature:
            raise TokenError("bad_signature", BAD_SIGNATURE, check="signature") from None
    elif not rsa_signature_matches(signing_input, signature, plan.key, plan.alg):
        raise TokenError("bad_signature", BAD_SIGNATURE, check="signature")
    return plan, claims


def _make_plan(header_segment: str, keys: KeySet, allowed: frozenset[str]) -> Plan | None:
    """The checks of the full path that depend on the header alone; None if any is unusual."""
    header = shared_header(header_segment)  # a header decoded before, so already strict
    if header is None:
        return None
    alg = header.get("alg")
    if type(alg) is not str or alg not in allowed or "crit" in header or "b64" in header:
        return None
    kid = header.get("kid")
    if kid is not None and type(kid) is not str:
        return None
    try:
        key = keys.find(kid)
    except TokenError:
        return None
    algorithms = key.algorithms
    if key.kty != "RSA" or alg not in algorithms:
        return None
    if len(algorithms) > 1 and len(algorithms & allowed) > 1:
        return None  # ambiguous: the full path refuses it with its reason
    shown = tuple(sorted(allowed))
    rows = (  # as validation._signature_rows writes them (a test holds the two equal)
        _passed("algorithm", check_alg(header, allowed, shown)),
        _passed("crit", check_crit(header)),
        _passed("header keys", check_header_keys(header)),
        ("key", True, kid, key.kid, "", f"{key.kty} key, {key.bits} bits"),
        _passed("signature", ("valid", "valid", f"{alg} signature verified")),
    )
    size = (key.bits + 7) // 8
    plan = Plan(header, alg, key.material, size, _RS_HASHES.get(alg), key, rows)
    if len(_plans) >= _MAX_PLANS:
        _plans.clear()
    _plans[(header_segment, keys, allowed)] = plan
    return plan


def _passed(name: str, outcome: Outcome) -> Row:
    expected, found, explanation = outcome
    return (name, True, expected, found, "", explanation)
