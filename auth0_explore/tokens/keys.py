"""Key sets: the keys a validator may use, looked up by `kid`.

Pure data: the client's JWKS cache fetches the document and calls `KeySet.from_jwks`; this
module never does I/O. Each JWK is parsed once by `jwk.key_from_jwk`; a key that cannot be
used stays in the set with its reason, so a token naming it gets that reason rather than
`unknown_kid`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.secrets import Secret
from auth0_explore.tokens.display import json_type, short_repr
from auth0_explore.tokens.jwk import HMAC_ALGS, RSA_ALGS, Key, hmac_key, key_from_jwk

if TYPE_CHECKING:
    from auth0_explore.tokens.plan import Plan

__all__ = ["HMAC_ALGS", "RSA_ALGS", "Key", "KeySet"]


class KeySet:
    """The keys a validator may use, looked up by `kid`. Immutable once built."""

    __slots__ = ("_by_kid", "_keys", "_signing", "plans")

    def __init__(self, keys: Iterable[Key]) -> None:
        self._keys: tuple[Key, ...] = tuple(keys)
        by_kid: dict[str, list[Key]] = {}
        for key in self._keys:
            if key.kid is not None:
                by_kid.setdefault(key.kid, []).append(key)
        self._by_kid = by_kid
        self._signing = tuple(key for key in self._keys if key.usable)
        #: what each header segment means for this key set, per allow-list (`tokens.plan`);
        #: a small memo owned by the set, so it lives and goes with the keys it describes
        self.plans: dict[tuple[str, frozenset[str]], Plan] = {}

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
        keys = [key_from_jwk(jwk, allow_symmetric=allow_symmetric) for jwk in members]
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
            ConfigError: when the secret is not text, bytes or a `Secret`.
        """
        if alg not in HMAC_ALGS:
            raise TokenError("alg_not_allowed", f"{alg} is not an HMAC algorithm", check="keys")
        raw = secret.reveal() if isinstance(secret, Secret) else secret
        if not isinstance(raw, str | bytes | bytearray):
            raise ConfigError("an HMAC secret is text, bytes or a Secret")
        material = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
        key = hmac_key(kid, material, frozenset({alg}))
        if key.problem is not None:
            raise TokenError(key.problem[0], key.problem[1], check="keys")
        return cls([key])

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt from its keys (each pickles as DER; HMAC secrets refuse to)
        return (KeySet, (self._keys,))

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
            return self._only_key()
        if not isinstance(kid, str):
            raise TokenError(
                "malformed",
                f"kid must be a string, not {json_type(kid)}",
                check="key",
                claim="kid",
            )
        found = self._by_kid.get(kid)
        if found is None:
            raise TokenError(
                "unknown_kid", f"no key has kid {short_repr(kid)}", check="key", claim="kid"
            )
        if len(found) > 1:
            raise TokenError(
                "ambiguous_kid",
                f"{len(found)} keys share kid {short_repr(kid)}",
                check="key",
                claim="kid",
            )
        key = found[0]
        if key.problem is not None:
            raise TokenError(key.problem[0], key.problem[1], check="key", claim="kid")
        return key

    def _only_key(self) -> Key:
        """The key for a token without `kid`: only ever the one key of a one-key set.

        A refused key still counts (issue 10): with a usable key beside a weak one, a token
        without `kid` must not be matched to the usable one by elimination.
        """
        count = len(self._keys)
        if count > 1:
            usable = len(self._signing)
            raise TokenError(
                "ambiguous_kid",
                f"the token has no kid and the key set holds {count} keys ({usable} usable): "
                "with more than one key, a token must name its key with kid",
                check="key",
                claim="kid",
            )
        if not count:
            raise TokenError("unknown_kid", "the key set has no key", check="key")
        key = self._keys[0]
        if key.problem is not None:
            raise TokenError(key.problem[0], key.problem[1], check="key", claim="kid")
        return key

    def __repr__(self) -> str:
        kids = ", ".join(repr(key.kid) for key in self._keys[:5])
        more = ", ..." if len(self._keys) > 5 else ""
        return f"KeySet({len(self._keys)} keys: {kids}{more})"
