"""Where every random value of the sandbox comes from: the OS, or a seed for repeatable runs.

A seeded `Entropy` derives independent streams by label (HMAC-SHA256 in counter mode), so ids,
keys and `jti`s do not shift when an unrelated part draws one more value. Without a seed every
stream reads `secrets`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import threading

__all__ = ["ALNUM", "HEX", "Entropy", "Stream"]

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
SECRET_CHARS = ALNUM + "-_"


class Stream:
    """A byte stream: deterministic when seeded, else the OS's randomness. Thread-safe."""

    def __init__(self, key: bytes | None) -> None:
        self._key = key
        self._counter = 0
        self._buffer = b""
        self._lock = threading.Lock()

    def __call__(self, n: int) -> bytes:
        """`n` bytes; also usable as a `randfunc` for key generation."""
        if self._key is None:
            return secrets.token_bytes(n)
        with self._lock:
            while len(self._buffer) < n:
                block = self._counter.to_bytes(8, "big")
                self._buffer += hmac.new(self._key, block, hashlib.sha256).digest()
                self._counter += 1
            out, self._buffer = self._buffer[:n], self._buffer[n:]
            return out

    def text(self, length: int, alphabet: str = ALNUM) -> str:
        """A random string over `alphabet` without modulo bias (rejection sampling)."""
        limit = 256 - 256 % len(alphabet)
        chars: list[str] = []
        while len(chars) < length:
            chars.extend(alphabet[b % len(alphabet)] for b in self(length) if b < limit)
        return "".join(chars[:length])

    def integer(self, bits: int) -> int:
        """A non-negative integer below 2**bits."""
        return int.from_bytes(self((bits + 7) // 8), "big") >> (-bits % 8)


# What worker processes of one seeded sandbox must share: the tenant's ids and secrets, its
# signing keys and certificates, and the key that seals /userinfo tokens. Every other stream
# (jti, codes, refresh tokens, request ids, AES-GCM IVs) is drawn per request and must not
# repeat across workers, so a non-zero `instance` gets its own.
_SHARED = ("ids", "key:", "serial:", "kid:", "userinfo-token-key")


class Entropy:
    """Named streams of randomness; `seed` makes every stream repeatable.

    `instance` (the worker number of `auth0-explore sandbox --workers`) keeps the tenant's ids
    and keys of `seed` but gives per-request values (jti, codes, IVs) streams of their own.
    """

    def __init__(self, seed: int | None = None, instance: int = 0) -> None:
        self.seed = seed
        self.instance = instance
        self._streams: dict[str, Stream] = {}
        self._lock = threading.Lock()

    def stream(self, label: str) -> Stream:
        """The stream for one purpose (e.g. "ids", "jti", "key:3")."""
        with self._lock:
            found = self._streams.get(label)
            if found is None:
                key = None
                if self.seed is not None:
                    seed = f"{self.seed}"
                    if self.instance and not label.startswith(_SHARED):
                        seed = f"{self.seed}/{self.instance}"
                    key = hashlib.sha256(f"auth0-explore:{seed}:{label}".encode()).digest()
                found = self._streams[label] = Stream(key)
            return found

    # Auth0's identifier formats (reference §1), drawn from the "ids" stream.
    def client_id(self) -> str:
        """32 alphanumerics, like `yCaTa3Jtg6Rni9tHKgSWQPGM2Fdhmo6W`."""
        return self.stream("ids").text(32)

    def client_secret(self) -> str:
        """64 characters of `[A-Za-z0-9_-]`."""
        return self.stream("ids").text(64, SECRET_CHARS)

    def prefixed(self, prefix: str) -> str:
        """`cgr_`, `org_`, `cd_` + 16 alphanumerics."""
        return prefix + self.stream("ids").text(16)

    def object_id(self) -> str:
        """24 hex characters (Mongo ObjectId style), for resource servers and users."""
        return self.stream("ids").text(24, HEX)
