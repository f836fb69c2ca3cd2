"""Header and signature checks: alg allow-list, `crit`, key lookup, the signature itself.

PyJWT's algorithm objects compute the signature; around them this module refuses `none` in any
case, algorithms the caller did not allow (RFC 8725 §3.1), unknown `crit` (RFC 7515 §4.1.11),
keys of another family than the alg (algorithm confusion, RFC 8725 §2.1), signatures of the
wrong length, and ECDSA integers outside [1, n-1] (psychic signatures, CVE-2022-21449).
Keys in the header (`jku`, `x5u`, `jwk`, `x5c`) are never used (RFC 8725 §3.10).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NoReturn

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from jwt.algorithms import get_default_algorithms
from jwt.exceptions import PyJWTError

from auth0_explore.errors import TokenError
from auth0_explore.tokens.display import show
from auth0_explore.tokens.keys import HMAC_ALGS, RSA_ALGS, Key, KeySet
from auth0_explore.tokens.report import CheckFailedError, Outcome

__all__ = [
    "BAD_SIGNATURE",
    "SUPPORTED_ALGORITHMS",
    "SignatureCheck",
    "check_alg",
    "check_crit",
    "check_header_keys",
    "find_key",
    "signature_check",
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
# RS256/384/512 are RSASSA-PKCS1-v1_5 with SHA-2 (RFC 7518 §3.3): padding and hash objects
# built once instead of per token.
_PKCS1: Final = padding.PKCS1v15()
_RS_HASHES: Final = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}
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


def find_key(
    header: dict[str, Any], keys: KeySet, alg: str, allowed: frozenset[str]
) -> tuple[Key, str]:
    """The key for the header's `kid` if it may verify `alg`, and the key row's explanation.

    A key verifies exactly one algorithm (RFC 8725 §3.1): its JWK `alg`, or else the one
    algorithm of its family that the caller allows. A key without `alg` while the allow-list
    holds several algorithms of its family (RS256 and PS256, say) is refused as ambiguous.
    One exception, for Auth0: an RSA key published for RSxxx may verify PSxxx (same hash)
    when the caller allows PSxxx, because Auth0 publishes every tenant key as RS256 and signs
    a PS256 API's tokens with it. Never across key types, never towards HMAC.
    """
    try:
        key = keys.find(header.get("kid"))
    except TokenError as error:
        raise CheckFailedError(
            error.reason, error.message, "a key of the key set", header.get("kid"), "kid"
        ) from None
    explanation = f"{key.kty} key, {key.bits} bits"
    if alg not in key.algorithms:
        published = _pkcs1_twin(key, alg)
        if published is None:
            raise CheckFailedError(
                "alg_not_allowed",
                f"key {show(key.kid, 30)} ({key.kty}) verifies "
                f"{', '.join(sorted(key.algorithms))} only, not {alg}",
                sorted(key.algorithms),
                alg,
                "alg",
            )
        explanation += (
            f", published for {published} and used for {alg} because the allow-list names "
            f"{alg} (Auth0 publishes RSA keys as RS256 and signs PS256 APIs' tokens with them)"
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
    return key, explanation


def _pkcs1_twin(key: Key, alg: str) -> str | None:
    """RSxxx when `key` is an RSA key published for RSxxx alone and `alg` is PSxxx."""
    if key.kty != "RSA" or not alg.startswith("PS") or alg not in RSA_ALGS:
        return None
    published = "RS" + alg[2:]
    return published if key.algorithms == {published} else None


BAD_SIGNATURE: Final = "the signature does not match the header and payload"

#: checks one signature: (signing input, signature) -> None, or raises CheckFailedError
SignatureCheck = Callable[[bytes, bytes], None]


def signature_check(key: Key, alg: str) -> SignatureCheck:
    """The check of `alg` signatures with `key`, built once per key and algorithm.

    Every signature must have the exact length the key gives; ECDSA integers must lie in
    [1, n-1]. RS256/384/512 call `cryptography` directly with padding and hash objects built
    once (what PyJWT's RSAAlgorithm.verify calls); every other algorithm goes through PyJWT.
    """
    if key.kty == "RSA":
        size = (key.bits + 7) // 8
    elif key.kty == "EC":
        size = 2 * _ECDSA[alg][0]
    else:
        size = _HMAC_BYTES[alg]
    rs_hash = _RS_HASHES.get(alg) if key.kty == "RSA" else None
    if rs_hash is not None:
        verify_rsa = key.material.verify

        def check_rs(signing_input: bytes, signature: bytes) -> None:
            if len(signature) != size:
                _wrong_size(alg, size, len(signature))
            try:
                verify_rsa(signature, signing_input, _PKCS1, rs_hash)
            except InvalidSignature:
                raise CheckFailedError("bad_signature", BAD_SIGNATURE, "valid", "invalid") from None

        return check_rs
    algorithm, material = _ALGORITHMS[alg], key.material

    def check(signing_input: bytes, signature: bytes) -> None:
        if len(signature) != size:
            _wrong_size(alg, size, len(signature))
        if key.kty == "EC":
            _check_ecdsa_range(alg, signature)
        try:
            good = algorithm.verify(signing_input, material, signature)
        except (PyJWTError, ValueError, TypeError, UnsupportedAlgorithm, OverflowError):
            good = False
        if not good:
            raise CheckFailedError("bad_signature", BAD_SIGNATURE, "valid", "invalid")

    return check


def _wrong_size(alg: str, expected: int, size: int) -> NoReturn:
    if not size:
        raise CheckFailedError(
            "bad_signature", "the signature is empty (a stripped token)", "a signature", "empty"
        )
    raise CheckFailedError(
        "bad_signature",
        f"a {alg} signature with this key has {expected} bytes, not {size}",
        expected,
        size,
    )


def _check_ecdsa_range(alg: str, signature: bytes) -> None:
    half, order = _ECDSA[alg]
    r = int.from_bytes(signature[:half], "big")
    s = int.from_bytes(signature[half:], "big")
    if not (0 < r < order and 0 < s < order):
        raise CheckFailedError(
            "bad_signature",
            "ECDSA r and s must lie in [1, n-1] (psychic signature)",
            "r, s in [1, n-1]",
            "out of range",
        )
