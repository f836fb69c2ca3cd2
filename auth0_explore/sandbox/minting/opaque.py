"""The opaque `/userinfo` access token: a JWE only the sandbox can read.

Auth0: §3.1 — a user who asks for no audience (and the tenant has no default audience) gets a
JWE compact serialization with direct encryption: protected header exactly
`{"alg":"dir","enc":"A256GCM","iss":"<issuer>"}`, an empty encrypted-key segment, a 12-byte IV,
the ciphertext and a 16-byte tag. RFC 7516 §5.1: the additional authenticated data is the ASCII
of the encoded protected header. The key is a tenant secret that never leaves the sandbox.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from auth0_explore.sandbox.minting.access_tokens import compact_json
from auth0_explore.sandbox.minting.entropy import Entropy
from auth0_explore.sandbox.minting.keys import b64url

__all__ = ["OpaqueTokens"]


def _b64decode(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


class OpaqueTokens:
    """Seals claims into Auth0-shaped JWE tokens and opens them again."""

    def __init__(self, entropy: Entropy) -> None:
        self._aead = AESGCM(entropy.stream("userinfo-token-key")(32))
        self._ivs = entropy.stream("userinfo-token-iv")

    def seal(self, issuer: str, claims: dict[str, Any]) -> str:
        """A JWE compact token carrying `claims`, with Auth0's protected header for `issuer`."""
        header = b64url(compact_json({"alg": "dir", "enc": "A256GCM", "iss": issuer}))
        iv = self._ivs(12)
        sealed = self._aead.encrypt(iv, compact_json(claims), header.encode("ascii"))
        ciphertext, tag = sealed[:-16], sealed[-16:]
        return f"{header}..{b64url(iv)}.{b64url(ciphertext)}.{b64url(tag)}"

    def open(self, token: str) -> dict[str, Any] | None:
        """The claims of a token this sandbox sealed; None for anything else."""
        parts = token.split(".")
        if len(parts) != 5 or parts[1]:
            return None
        header, _, iv, ciphertext, tag = parts
        try:
            protected = json.loads(_b64decode(header))
            if protected.get("alg") != "dir" or protected.get("enc") != "A256GCM":
                return None
            plain = self._aead.decrypt(
                _b64decode(iv), _b64decode(ciphertext) + _b64decode(tag), header.encode("ascii")
            )
            claims = json.loads(plain)
        except (ValueError, binascii.Error, InvalidTag, AttributeError, UnicodeError):
            return None
        return claims if isinstance(claims, dict) else None
