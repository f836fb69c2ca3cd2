"""Header and signature checks: alg allow-list, `crit`, key lookup, the signature itself.

PyJWT's algorithm objects compute the signature; around them this module refuses `none` in any
case, algorithms the caller did not allow (RFC 8725 §3.1), unknown `crit` (RFC 7515 §4.1.11),
keys of another family than the alg (algorithm confusion, RFC 8725 §2.1), signatures of the
wrong length, and ECDSA integers outside [1, n-1] (psychic signatures, CVE-2022-21449).
Keys in the header (`jku`, `x5u`, `jwk`, `x5c`) are never used (RFC 8725 §3.10).
"""

from __future__ import annotations

from typing import Any, Final

from cryptography.exceptions import UnsupportedAlgorithm
from jwt.algorithms import get_default_algorithms
from jwt.exceptions import PyJWTError

from auth0_explore.errors import TokenError
from auth0_explore.tokens.compact import ParsedToken
from auth0_explore.tokens.display import show
from auth0_explore.tokens.keys import HMAC_ALGS, RSA_ALGS, Key, KeySet
from auth0_explore.tokens.report import CheckFailedError, Outcome

__all__ = [
    "BAD_SIGNATURE",
    "SUPPORTED_ALGORITHMS",
    "check_alg",
    "check_crit",
    "check_header_keys",
    "check_signature",
    "find_key",
    "rsa_signature_matches",
]

_ALGORITHMS: Final = get_default_algorithms()
# ECDSA: (bytes per integer, group order n) per alg.
_ECDSA: Final = {
    "ES256": (32, 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
    "ES384": (48, int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F437"
                      "2DDF581A0DB248B0A77AECEC196ACCC52973", 16)),
    "ES512": (66, int("01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
                      "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA"
                      "51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409", 16)),
}  # fmt: skip
_HMAC_BYTES: Final = {"HS256": 32, "HS384": 48, "HS512": 64}
#: the algorithms this validator can check
SUPPORTED_ALGORITHMS: Final = RSA_ALGS | HMAC_ALGS | frozenset(_ECDSA)
# RFC 7515 §4.1 and RFC 7516 §4.1: header names crit may not list.
_REGISTERED_HEADERS: Final = frozenset(
    {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
     "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c"}
)  # fmt: skip
_KEY_HEADERS: Final = ("jku", "x5u", "jwk", "x5c")


def check_alg(header: dict[str, Any], allowed: frozenset[str], shown: tuple[str, ...]) -> Outcome:
    """`alg` is a string on the caller's allow-list; `none` never is."""
    alg = header.get("alg")
    if type(alg) is not str:
        raise CheckFailedError(
            "malformed", "the header has no alg string (RFC 7515 §4.1.1)", shown, alg, "alg"
        )
    if alg not in allowed:
        if alg.lower() == "none":
            raise CheckFailedError(
                "alg_not_allowed",
                "alg none means unsigned: never accepted (RFC 8725 §3.1)",
                shown,
                alg,
                "alg",
            )
        raise CheckFailedError(
            "alg_not_allowed",
            f"alg {show(alg, 20)} is not in the allow-list {list(shown)}",
            shown,
            alg,
            "alg",
        )
    return shown, alg, "the algorithm is on the caller's allow-list"


def check_crit(header: dict[str, Any]) -> Outcome:
    """No critical extension is understood, so any `crit` refuses the token."""
    if header.get("b64") is False:
        raise CheckFailedError(
            "crit_unsupported",
            "b64:false (RFC 7797 unencoded payload) is not allowed on a JWT",
            "absent",
            header.get("crit"),
            "b64",
        )
    if "crit" not in header:
        return "absent", None, "no critical extensions"
    crit = header["crit"]
    if not isinstance(crit, list) or not crit:
        raise CheckFailedError(
            "crit_unsupported",
            "crit must be a non-empty array of names (RFC 7515 §4.1.11)",
            "absent",
            crit,
            "crit",
        )
    for name in crit:
        if not isinstance(name, str):
            raise CheckFailedError(
                "crit_unsupported", "crit lists a name that is not a string", "absent", crit, "crit"
            )
        if name in _REGISTERED_HEADERS:
            raise CheckFailedError(
                "crit_unsupported",
                f"crit may not list the registered header {name!r}",
                "absent",
                crit,
                "crit",
            )
    raise CheckFailedError(
        "crit_unsupported",
        f"unsupported critical extension {show(crit[0], 30)!r}: the token must be refused",
        "absent",
        crit,
        "crit",
    )


def check_header_keys(header: dict[str, Any]) -> Outcome:
    """Report keys or key URLs in the header; they are never fetched or used."""
    present = [name for name in _KEY_HEADERS if name in header]
    if present:
        return (
            "ignored",
            present,
            f"{', '.join(present)} in the header ignored: keys come only from the key set",
        )
    return "ignored", None, "no key or key URL in the header"


def find_key(header: dict[str, Any], keys: KeySet, alg: str, allowed: frozenset[str]) -> Key:
    """The key for the header's `kid`, if it may verify `alg` and no other allowed alg.

    A key verifies exactly one algorithm (RFC 8725 §3.1): its JWK `alg`, or else the one
    algorithm of its family that the caller allows. A key without `alg` while the allow-list
    holds several algorithms of its family (RS256 and PS256, say) is refused as ambiguous.
    """
    try:
        key = keys.find(header.get("kid"))
    except TokenError as error:
        raise CheckFailedError(
            error.reason, error.message, "a key of the key set", header.get("kid"), "kid"
        ) from None
    if alg not in key.algorithms:
        raise CheckFailedError(
            "alg_not_allowed",
            f"key {show(key.kid, 30)} ({key.kty}) verifies "
            f"{', '.join(sorted(key.algorithms))} only, not {alg}",
            sorted(key.algorithms),
            alg,
            "alg",
        )
    if len(key.algorithms) > 1:
        usable = sorted(key.algorithms & allowed)
        if len(usable) > 1:
            raise CheckFailedError(
                "alg_not_allowed",
                f"key {show(key.kid, 30)} has no alg and the allow-list gives it several "
                f"({', '.join(usable)}): a key verifies one algorithm; allow only one",
                usable[:1],
                usable,
                "alg",
            )
    minimum = _HMAC_BYTES.get(alg)
    if minimum is not None and key.bits < 8 * minimum:
        raise CheckFailedError(
            "weak_key",
            f"{alg} needs a secret of {minimum} bytes or more (RFC 7518 §3.2)",
            minimum,
            key.bits // 8,
            "kid",
        )
    return key


BAD_SIGNATURE: Final = "the signature does not match the header and payload"


def rsa_signature_matches(signing_input: bytes, signature: bytes, key: Key, alg: str) -> bool:
    """An RSA signature of exactly the modulus length that PyJWT verifies with `key`."""
    if len(signature) != (key.bits + 7) // 8:
        return False
    try:
        return bool(_ALGORITHMS[alg].verify(signing_input, key.material, signature))
    except (PyJWTError, ValueError, TypeError, UnsupportedAlgorithm, OverflowError):
        return False


def check_signature(parsed: ParsedToken, key: Key, alg: str) -> Outcome:
    """The signature has the exact length for the key and verifies."""
    signature = parsed.signature
    size = len(signature)
    if not size:
        raise CheckFailedError(
            "bad_signature", "the signature is empty (a stripped token)", "a signature", "empty"
        )
    if key.kty == "RSA":
        expected_size = (key.bits + 7) // 8
    elif key.kty == "EC":
        half, order = _ECDSA[alg]
        expected_size = 2 * half
        if size == expected_size:
            r = int.from_bytes(signature[:half], "big")
            s = int.from_bytes(signature[half:], "big")
            if not (0 < r < order and 0 < s < order):
                raise CheckFailedError(
                    "bad_signature",
                    "ECDSA r and s must lie in [1, n-1] (psychic signature)",
                    "r, s in [1, n-1]",
                    "out of range",
                )
    else:
        expected_size = _HMAC_BYTES[alg]
    if size != expected_size:
        raise CheckFailedError(
            "bad_signature",
            f"a {alg} signature with this key has {expected_size} bytes, not {size}",
            expected_size,
            size,
        )
    try:
        good = _ALGORITHMS[alg].verify(parsed.signing_input, key.material, signature)
    except (PyJWTError, ValueError, TypeError, UnsupportedAlgorithm, OverflowError):
        good = False
    if not good:
        raise CheckFailedError(
            "bad_signature",
            "the signature does not match the header and payload",
            "valid",
            "invalid",
        )
    return "valid", "valid", f"{alg} signature verified"
