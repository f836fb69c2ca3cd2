"""One JWK, strictly parsed into one verification `Key`, or the reason it cannot be used.

Keys become `cryptography` objects once, through PyJWT's algorithm classes, so verification
does no key work. Rules: RFC 7517 §4 (`use`, `key_ops`, `alg`), RFC 7518 §3.2 (HMAC key
length), RFC 7518 §6 (key members), RFC 8725 §3.1-3.2 (one algorithm per key, key sizes);
private members are refused because a published key set holds public keys only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_der_public_key,
)
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, RSAAlgorithm
from jwt.exceptions import PyJWTError

from auth0_explore.errors import TokenError
from auth0_explore.tokens.compact import b64url_decode
from auth0_explore.tokens.display import json_type, short_repr

__all__ = [
    "HMAC_ALGS",
    "MIN_RSA_BITS",
    "RSA_ALGS",
    "Key",
    "has_roca_fingerprint",
    "hmac_key",
    "key_from_jwk",
]

MIN_RSA_BITS: Final = 2048

RSA_ALGS: Final = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
HMAC_ALGS: Final = frozenset({"HS256", "HS384", "HS512"})
_EC_ALG_BY_CURVE: Final = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
_HMAC_MIN_BYTES: Final = {"HS256": 32, "HS384": 48, "HS512": 64}
_PRIVATE_MEMBERS: Final = ("d", "p", "q", "dp", "dq", "qi", "oth")
_SIGNING_ALGS: Final = RSA_ALGS | HMAC_ALGS | frozenset(_EC_ALG_BY_CURVE.values())


@dataclass(frozen=True, eq=False, slots=True)
class Key:
    """One verification key from a key set, or the reason it cannot be used.

    Attributes:
        kid: the key id, or None.
        kty: `RSA`, `EC` or `oct`.
        algorithms: the algorithms this key may verify: the JWK's `alg` when it has one,
            else its family (RSA: RS*/PS*; EC: the one ES alg of its curve; oct: HS*).
        bits: key size (RSA modulus, EC curve, HMAC secret) in bits.
        problem: (reason, message) when the key must not be used; lookups raise it.
    """

    kid: str | None
    kty: str
    algorithms: frozenset[str]
    bits: int
    problem: tuple[str, str] | None = None
    material: Any = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        """True when the key may verify signatures."""
        return self.problem is None

    def __reduce__(self) -> tuple[Any, ...]:
        # cryptography's key objects do not pickle: a public key travels as DER
        # (SubjectPublicKeyInfo), so a key set can go to worker processes (`verify_many`).
        # An HMAC key is a secret and, like `Secret`, stays in the process that holds it.
        if self.kty == "oct" and self.material is not None:
            raise TypeError("an HMAC key holds a secret and cannot be pickled")
        der = None
        if self.material is not None:
            der = self.material.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        return (_unpickle_key, (self.kid, self.kty, self.algorithms, self.bits, self.problem, der))

    def __repr__(self) -> str:
        algs = ",".join(sorted(self.algorithms)) or "-"
        state = "" if self.problem is None else f", problem={self.problem[0]!r}"
        return f"Key(kid={self.kid!r}, kty={self.kty!r}, bits={self.bits}, algs={algs}{state})"


def _unpickle_key(
    kid: str | None,
    kty: str,
    algorithms: frozenset[str],
    bits: int,
    problem: tuple[str, str] | None,
    der: bytes | None,
) -> Key:
    material = None if der is None else load_der_public_key(der)
    return Key(kid, kty, algorithms, bits, problem, material)


def key_from_jwk(jwk: object, *, allow_symmetric: bool) -> Key:
    if not isinstance(jwk, Mapping):
        return _bad(None, "?", "malformed", f"a JWK is a JSON object, not {json_type(jwk)}")
    kid = jwk.get("kid")
    kty = jwk.get("kty")
    if kid is not None and not isinstance(kid, str):
        return _bad(
            None, str(kty), "malformed", f"a JWK kid must be a string, not {json_type(kid)}"
        )
    if not isinstance(kty, str):
        return _bad(kid, "?", "malformed", "the JWK has no kty")
    use = jwk.get("use")
    if use is not None and use != "sig":
        return _bad(
            kid, kty, "key_not_for_signing", f"the key's use is {short_repr(use)}, not 'sig'"
        )
    ops = jwk.get("key_ops")
    if ops is not None and (not isinstance(ops, list) or "verify" not in ops):
        return _bad(kid, kty, "key_not_for_signing", "the key's key_ops do not include 'verify'")
    alg = jwk.get("alg")
    if alg is not None and (type(alg) is not str or alg not in _SIGNING_ALGS):
        return _bad(
            kid,
            kty,
            "key_not_for_signing",
            f"the key's alg {short_repr(alg)} is not a JWS algorithm this validator supports",
        )
    try:
        if kty == "RSA":
            return _rsa_key(kid, jwk, alg)
        if kty == "EC":
            return _ec_key(kid, jwk, alg)
        if kty == "oct":
            if not allow_symmetric:
                return _bad(
                    kid,
                    kty,
                    "key_not_for_signing",
                    "secret (oct) keys are not accepted from a JWKS",
                )
            algs = frozenset({alg}) if alg is not None else HMAC_ALGS
            if alg is not None and alg not in HMAC_ALGS:
                return _bad(kid, kty, "key_not_for_signing", f"an oct key cannot verify {alg}")
            return hmac_key(kid, _member_bytes(jwk, "k"), algs)
    except TokenError as error:
        return _bad(kid, kty, error.reason, error.message)
    except (PyJWTError, ValueError, TypeError, KeyError, UnsupportedAlgorithm, OverflowError):
        return _bad(kid, kty, "malformed", f"the {kty} key could not be loaded")
    return _bad(kid, kty, "malformed", f"key type {short_repr(kty)} is not supported")


def _rsa_key(kid: str | None, jwk: Mapping[str, Any], alg: str | None) -> Key:
    if alg is not None and alg not in RSA_ALGS:
        raise TokenError("key_not_for_signing", f"an RSA key cannot verify {alg}")
    _refuse_private(jwk)
    n = int.from_bytes(_member_bytes(jwk, "n"), "big")
    e = int.from_bytes(_member_bytes(jwk, "e"), "big")
    algs = frozenset({alg}) if alg is not None else RSA_ALGS
    bits = n.bit_length()
    if bits < MIN_RSA_BITS:
        raise TokenError(
            "weak_key", f"the RSA key has {bits} bits; at least {MIN_RSA_BITS} are required"
        )
    if e < 3 or e % 2 == 0:
        raise TokenError(
            "weak_key", f"the RSA public exponent {e} is not a valid odd exponent >= 3"
        )
    if has_roca_fingerprint(n):
        raise TokenError("weak_key", "the RSA key has the ROCA fingerprint (CVE-2017-15361)")
    public = RSAAlgorithm.from_jwk({"kty": "RSA", "n": jwk["n"], "e": jwk["e"]})
    if not isinstance(public, RSAPublicKey):  # from_jwk without "d" gives a public key
        raise TokenError("malformed", "the RSA JWK is not a public key")
    return Key(kid, "RSA", algs, public.key_size, None, public)


def _ec_key(kid: str | None, jwk: Mapping[str, Any], alg: str | None) -> Key:
    crv = jwk.get("crv")
    expected = _EC_ALG_BY_CURVE.get(crv) if isinstance(crv, str) else None
    if expected is None:
        raise TokenError("malformed", f"curve {short_repr(crv)} is not supported")
    if alg is not None and alg != expected:
        raise TokenError("key_not_for_signing", f"a {crv} key verifies {expected} only, not {alg}")
    _refuse_private(jwk)
    _member_bytes(jwk, "x")
    _member_bytes(jwk, "y")
    public = ECAlgorithm.from_jwk({"kty": "EC", "crv": crv, "x": jwk["x"], "y": jwk["y"]})
    if not isinstance(public, EllipticCurvePublicKey):
        raise TokenError("malformed", "the EC JWK is not a public key")
    return Key(kid, "EC", frozenset({expected}), public.curve.key_size, None, public)


def hmac_key(kid: str | None, material: bytes, algs: frozenset[str]) -> Key:
    bits = len(material) * 8
    try:
        HMACAlgorithm(HMACAlgorithm.SHA256).prepare_key(material)
    except PyJWTError:
        return _bad(
            kid,
            "oct",
            "weak_key",
            "the HMAC secret is empty or is really a public key (PEM, DER, SSH)",
            bits,
        )
    shortest = min(_HMAC_MIN_BYTES[alg] for alg in algs)
    if len(material) < shortest:
        return _bad(
            kid,
            "oct",
            "weak_key",
            f"the HMAC secret has {len(material)} bytes; {shortest} are required (RFC 7518 §3.2)",
            bits,
        )
    return Key(kid, "oct", algs, bits, None, material)


def _refuse_private(jwk: Mapping[str, Any]) -> None:
    present = [name for name in _PRIVATE_MEMBERS if name in jwk]
    if present:
        raise TokenError(
            "malformed",
            f"the JWK holds private members ({', '.join(present)}); "
            "a key set publishes public keys only",
        )


def _member_bytes(jwk: Mapping[str, Any], name: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str):
        raise TokenError("malformed", f"the JWK member {name!r} is missing or not a string")
    data = b64url_decode(value, f"JWK member {name!r}")
    if not data:
        raise TokenError(
            "malformed" if name != "k" else "weak_key", f"the JWK member {name!r} is empty"
        )
    return data


def _bad(kid: str | None, kty: str, reason: str, message: str, bits: int = 0) -> Key:
    return Key(kid, kty, frozenset(), bits, (reason, message), None)


_ROCA_PRIMES: Final = (3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
                       73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151,
                       157, 163, 167)  # fmt: skip


@cache
def _roca_residues() -> tuple[tuple[int, frozenset[int]], ...]:
    # The subgroup generated by 65537 modulo each small prime; ROCA moduli stay inside it.
    residues = []
    for prime in _ROCA_PRIMES:
        seen, value = set(), 1
        while value not in seen:
            seen.add(value)
            value = value * 65537 % prime
        residues.append((prime, frozenset(seen)))
    return tuple(residues)


def has_roca_fingerprint(n: int) -> bool:
    """Infineon's weak key generation (ROCA, CVE-2017-15361) leaves this fingerprint."""
    return all(n % prime in group for prime, group in _roca_residues())
