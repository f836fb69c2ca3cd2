"""Key sets: strict JWK parsing, `kid` lookup, one algorithm family per key.

Pure data: the client's JWKS cache fetches the document and calls `KeySet.from_jwks`; this
module never does I/O. Keys are parsed once into `cryptography` objects (through PyJWT's
algorithm classes) so verification does no key work. Rules: RFC 7517 §4 (`use`, `key_ops`,
`alg`), RFC 7518 §3.2 (HMAC key length), RFC 8725 §3.1-3.2 (one algorithm per key, key sizes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import ECAlgorithm, HMACAlgorithm, RSAAlgorithm
from jwt.exceptions import PyJWTError

from auth0_explore.errors import TokenError
from auth0_explore.secrets import Secret
from auth0_explore.tokens.parse import b64url_decode

__all__ = ["MIN_RSA_BITS", "Key", "KeySet"]

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

    def __repr__(self) -> str:
        algs = ",".join(sorted(self.algorithms)) or "-"
        state = "" if self.problem is None else f", problem={self.problem[0]!r}"
        return f"Key(kid={self.kid!r}, kty={self.kty!r}, bits={self.bits}, algs={algs}{state})"


class KeySet:
    """The keys a validator may use, looked up by `kid`. Immutable once built."""

    __slots__ = ("_by_kid", "_keys", "_signing")

    def __init__(self, keys: Iterable[Key]) -> None:
        self._keys: tuple[Key, ...] = tuple(keys)
        by_kid: dict[str, list[Key]] = {}
        for key in self._keys:
            if key.kid is not None:
                by_kid.setdefault(key.kid, []).append(key)
        self._by_kid = by_kid
        self._signing = tuple(key for key in self._keys if key.usable)

    @classmethod
    def from_jwks(
        cls, jwks: Mapping[str, Any] | str | bytes, *, allow_symmetric: bool = False
    ) -> KeySet:
        """Build a key set from a JWKS document (RFC 7517 §5).

        A key that cannot be used (wrong `use`, weak, malformed) stays in the set with its
        problem, so a token naming it gets that reason rather than `unknown_kid`.

        Args:
            jwks: the parsed document, or its JSON text.
            allow_symmetric: accept `oct` (HMAC) keys. A published JWKS never holds secrets,
                so this is off by default; a set may not mix secret and public keys.

        Raises:
            TokenError: `malformed` when the document is not a JWKS or mixes key families.
        """
        if isinstance(jwks, str | bytes):
            try:
                jwks = json.loads(jwks)
            except (ValueError, RecursionError):
                raise TokenError("malformed", "the JWKS is not JSON", check="keys") from None
        members = jwks.get("keys") if isinstance(jwks, Mapping) else None
        if not isinstance(members, list):
            raise TokenError("malformed", 'a JWKS is an object with a "keys" array', check="keys")
        keys = [_key_from_jwk(jwk, allow_symmetric=allow_symmetric) for jwk in members]
        families = {key.kty == "oct" for key in keys if key.usable}
        if len(families) > 1:
            raise TokenError(
                "malformed",
                "the key set mixes secret (oct) and public keys; keep HMAC secrets apart",
                check="keys",
            )
        return cls(keys)

    @classmethod
    def from_secret(
        cls, secret: str | bytes | Secret, *, alg: str = "HS256", kid: str | None = None
    ) -> KeySet:
        """A key set holding one HMAC secret bound to one algorithm (an HS256 API or client).

        Raises:
            TokenError: `alg_not_allowed` for a non-HMAC alg, `weak_key` for a short secret or
                one that is really a public key (the algorithm-confusion attack, RFC 8725 §2.1).
        """
        if alg not in HMAC_ALGS:
            raise TokenError("alg_not_allowed", f"{alg} is not an HMAC algorithm", check="keys")
        raw = secret.reveal() if isinstance(secret, Secret) else secret
        material = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw)
        key = _hmac_key(kid, material, frozenset({alg}))
        if key.problem is not None:
            raise TokenError(key.problem[0], key.problem[1], check="keys")
        return cls([key])

    @property
    def keys(self) -> tuple[Key, ...]:
        """Every key, usable or not, in document order."""
        return self._keys

    @property
    def kids(self) -> frozenset[str]:
        """The key ids present (usable or not); the JWKS cache refetches on a miss."""
        return frozenset(self._by_kid)

    def __contains__(self, kid: object) -> bool:
        return isinstance(kid, str) and kid in self._by_kid

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, kid: object) -> Key:
        """The one usable key for a token's `kid` (None when the header has none).

        Raises:
            TokenError: `unknown_kid`, `ambiguous_kid`, `malformed` (a `kid` that is not a
                string), or the key's own problem (`weak_key`, `key_not_for_signing`, ...).
        """
        if kid is None:
            if len(self._signing) == 1:
                return self._signing[0]
            if not self._signing:
                raise TokenError("unknown_kid", "the key set has no usable key", check="key")
            raise TokenError(
                "ambiguous_kid",
                f"the token has no kid and the key set holds {len(self._signing)} signing keys",
                check="key",
                claim="kid",
            )
        if not isinstance(kid, str):
            raise TokenError(
                "malformed",
                f"kid must be a string, not {_json_type(kid)}",
                check="key",
                claim="kid",
            )
        found = self._by_kid.get(kid)
        if found is None:
            raise TokenError(
                "unknown_kid", f"no key has kid {_short(kid)}", check="key", claim="kid"
            )
        if len(found) > 1:
            raise TokenError(
                "ambiguous_kid",
                f"{len(found)} keys share kid {_short(kid)}",
                check="key",
                claim="kid",
            )
        key = found[0]
        if key.problem is not None:
            raise TokenError(key.problem[0], key.problem[1], check="key", claim="kid")
        return key

    def __repr__(self) -> str:
        kids = ", ".join(repr(key.kid) for key in self._keys[:5])
        more = ", ..." if len(self._keys) > 5 else ""
        return f"KeySet({len(self._keys)} keys: {kids}{more})"


def _key_from_jwk(jwk: object, *, allow_symmetric: bool) -> Key:
    if not isinstance(jwk, Mapping):
        return _bad(None, "?", "malformed", f"a JWK is a JSON object, not {_json_type(jwk)}")
    kid = jwk.get("kid")
    kty = jwk.get("kty")
    if kid is not None and not isinstance(kid, str):
        return _bad(
            None, str(kty), "malformed", f"a JWK kid must be a string, not {_json_type(kid)}"
        )
    if not isinstance(kty, str):
        return _bad(kid, "?", "malformed", "the JWK has no kty")
    use = jwk.get("use")
    if use is not None and use != "sig":
        return _bad(kid, kty, "key_not_for_signing", f"the key's use is {_short(use)}, not 'sig'")
    ops = jwk.get("key_ops")
    if ops is not None and (not isinstance(ops, list) or "verify" not in ops):
        return _bad(kid, kty, "key_not_for_signing", "the key's key_ops do not include 'verify'")
    alg = jwk.get("alg")
    if alg is not None and alg not in _SIGNING_ALGS:
        return _bad(
            kid,
            kty,
            "key_not_for_signing",
            f"the key's alg {_short(alg)} is not a JWS algorithm this validator supports",
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
            return _hmac_key(kid, _member_bytes(jwk, "k"), algs)
    except TokenError as error:
        return _bad(kid, kty, error.reason, error.message)
    except (PyJWTError, ValueError, TypeError, KeyError, UnsupportedAlgorithm, OverflowError):
        return _bad(kid, kty, "malformed", f"the {kty} key could not be loaded")
    return _bad(kid, kty, "malformed", f"key type {_short(kty)} is not supported")


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
    if _has_roca_fingerprint(n):
        raise TokenError("weak_key", "the RSA key has the ROCA fingerprint (CVE-2017-15361)")
    public = RSAAlgorithm.from_jwk({"kty": "RSA", "n": jwk["n"], "e": jwk["e"]})
    if not isinstance(public, RSAPublicKey):  # from_jwk without "d" gives a public key
        raise TokenError("malformed", "the RSA JWK is not a public key")
    return Key(kid, "RSA", algs, public.key_size, None, public)


def _ec_key(kid: str | None, jwk: Mapping[str, Any], alg: str | None) -> Key:
    crv = jwk.get("crv")
    expected = _EC_ALG_BY_CURVE.get(crv) if isinstance(crv, str) else None
    if expected is None:
        raise TokenError("malformed", f"curve {_short(crv)} is not supported")
    if alg is not None and alg != expected:
        raise TokenError("key_not_for_signing", f"a {crv} key verifies {expected} only, not {alg}")
    _refuse_private(jwk)
    _member_bytes(jwk, "x")
    _member_bytes(jwk, "y")
    public = ECAlgorithm.from_jwk({"kty": "EC", "crv": crv, "x": jwk["x"], "y": jwk["y"]})
    if not isinstance(public, EllipticCurvePublicKey):
        raise TokenError("malformed", "the EC JWK is not a public key")
    return Key(kid, "EC", frozenset({expected}), public.curve.key_size, None, public)


def _hmac_key(kid: str | None, material: bytes, algs: frozenset[str]) -> Key:
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


def _has_roca_fingerprint(n: int) -> bool:
    """Infineon's weak key generation (ROCA, CVE-2017-15361) leaves this fingerprint."""
    return all(n % prime in group for prime, group in _roca_residues())


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 42 else text[:40] + "...'"


_JSON_TYPES: Final = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
                      list: "an array", dict: "an object", type(None): "null"}  # fmt: skip


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)
