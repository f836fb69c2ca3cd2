"""The physical limits every figure is held against: RSA-2048 signing and RS256 verification.

Also the token factory for figure 1 until the sandbox can mint in-process: RS256 JWTs shaped
like Auth0's client-credentials tokens (header, claims and claim order), all distinct.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

__all__ = [
    "AUDIENCE",
    "ISSUER",
    "Minted",
    "VerifyPool",
    "mint_tokens",
    "sign_rate",
    "sign_rate_all_cores",
    "verify_raw",
]

ISSUER = "https://dev-sandbox.us.auth0.com/"
AUDIENCE = "https://api.example.com/"
KID = "bench-key-1"
_PKCS1 = padding.PKCS1v15()
_SHA256 = hashes.SHA256()


def cores() -> int:
    """Cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Minted:
    """Distinct RS256 tokens and the public key that verifies them."""

    tokens: list[str]
    public_pem: bytes
    kid: str = KID
    issuer: str = ISSUER
    audience: str = AUDIENCE
    jwks: dict[str, Any] | None = None
    from_sandbox: bool = False

    def public_key(self) -> rsa.RSAPublicKey:
        key = serialization.load_pem_public_key(self.public_pem)
        assert isinstance(key, rsa.RSAPublicKey)
        return key


def _mint_chunk(
    private_pem: bytes, start: int, count: int, now: int, audience: str = AUDIENCE
) -> list[str]:
    key = serialization.load_pem_private_key(private_pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    header = _b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": KID}).encode())
    out = []
    for i in range(start, start + count):
        client = f"bench{i:027d}"
        claims = {
            "iss": ISSUER,
            "sub": f"{client}@clients",
            "aud": audience,
            "iat": now,
            "exp": now + 86_400,
            "scope": "read:things write:things",
            "gty": "client-credentials",
            "azp": client,
        }
        signing_input = f"{header}.{_b64(json.dumps(claims, separators=(',', ':')).encode())}"
        signature = key.sign(signing_input.encode("ascii"), _PKCS1, _SHA256)
        out.append(f"{signing_input}.{_b64(signature)}")
    return out


def mint_tokens(count: int, *, workers: int | None = None, audience: str = AUDIENCE) -> Minted:
    """`count` distinct Auth0-shaped RS256 access tokens, minted on all cores."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    now = int(time.time())
    jwks = {"keys": [_jwk(key.public_key())]}
    workers = min(workers or cores(), max(1, count // 500))
    if workers == 1:
        tokens = _mint_chunk(private_pem, 0, count, now, audience)
        return Minted(tokens, public_pem, audience=audience, jwks=jwks)
    step = -(-count // workers)
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        parts = [
            pool.submit(_mint_chunk, private_pem, i, min(step, count - i), now, audience)
            for i in range(0, count, step)
        ]
        tokens = [token for part in parts for token in part.result()]
    return Minted(tokens, public_pem, audience=audience, jwks=jwks)


def _jwk(public_key: rsa.RSAPublicKey) -> dict[str, Any]:
    """The public key as a JWKS member, the way Auth0 publishes one (`use` sig, `alg` RS256)."""
    numbers = public_key.public_numbers()

    def b64int(value: int) -> str:
        return _b64(value.to_bytes((value.bit_length() + 7) // 8, "big"))

    return {
        "kty": "RSA",
        "use": "sig",
        "alg": "RS256",
        "kid": KID,
        "n": b64int(numbers.n),
        "e": b64int(numbers.e),
    }


def verify_raw(tokens: Sequence[str], public_key: rsa.RSAPublicKey) -> int:
    """The floor of any validator: split off the signature, decode it, verify RS256. No checks."""
    verify = public_key.verify
    for token in tokens:
        signing_input, _, signature = token.rpartition(".")
        verify(_unb64(signature), signing_input.encode("ascii"), _PKCS1, _SHA256)
    return len(tokens)


def _verify_chunk(public_pem: bytes, tokens: list[str]) -> int:
    key = serialization.load_pem_public_key(public_pem)
    assert isinstance(key, rsa.RSAPublicKey)
    return verify_raw(tokens, key)


class VerifyPool:
    """Raw RS256 verification on every core, one process each, kept warm between calls.

    The ceiling of any multi-core batch validator on this machine: `verify(tokens)` hands each
    process its share and returns when the last is done, timed as a batch call's caller sees it.
    """

    def __init__(self, public_pem: bytes, workers: int | None = None) -> None:
        self.workers = workers or cores()
        self._pem = public_pem
        self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))

    def verify(self, tokens: list[str]) -> int:
        step = -(-len(tokens) // self.workers)
        chunks = [tokens[i : i + step] for i in range(0, len(tokens), step)]
        return sum(self._pool.map(_verify_chunk, [self._pem] * len(chunks), chunks))

    def close(self) -> None:
        self._pool.shutdown()

    def __enter__(self) -> VerifyPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def verify_rate_all_cores(minted: Minted, repeats: int) -> float:
    """Raw RS256 verifications per second with one process per core, each on its share.

    Median of `repeats`, after one warm-up call.
    """
    rates = []
    with VerifyPool(minted.public_pem) as pool:
        pool.verify(minted.tokens[: 10 * pool.workers])
        for _ in range(repeats):
            start = time.perf_counter()
            done = pool.verify(minted.tokens)
            rates.append(done / (time.perf_counter() - start))
    return sorted(rates)[len(rates) // 2]


def _sign_for(private_pem: bytes, start_at: float, seconds: float) -> float:
    """Sign distinct messages from `start_at` for `seconds`; return signatures per second."""
    key = serialization.load_pem_private_key(private_pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    key.sign(b"warm-up", _PKCS1, _SHA256)
    while time.time() < start_at:
        time.sleep(0.001)
    count = 0
    begin = time.perf_counter()
    deadline = begin + seconds
    while True:
        for _ in range(20):
            key.sign(b"message %d" % count, _PKCS1, _SHA256)
            count += 1
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - begin)


def sign_rate_threads(seconds: float, threads: int) -> float:
    """Signatures per second of `threads` threads of this one process, all signing together.

    Against `sign_rate` this shows whether signing releases the GIL: if not, a threaded server
    in one process signs no faster than one core, whatever the machine has.
    """
    pem = _private_pem()
    start_at = time.time() + 0.1
    rates: list[float] = []
    workers = [
        threading.Thread(target=lambda: rates.append(_sign_for(pem, start_at, seconds)))
        for _ in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(rates)


def _private_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def sign_rate(seconds: float) -> float:
    """RSA-2048 PKCS#1 v1.5 SHA-256 signatures per second on one core, in this process."""
    return _sign_for(_private_pem(), 0.0, seconds)


class SignPool:
    """One process per core, kept warm, so the signing limit can be sampled between other runs."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or cores()
        self._pem = _private_pem()
        self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        self.rate(0.05)  # start the processes and import cryptography in them

    def rate(self, seconds: float) -> float:
        """Signatures per second summed over every core, all signing at the same time."""
        start_at = time.time() + 0.2
        futures = [
            self._pool.submit(_sign_for, self._pem, start_at, seconds) for _ in range(self.workers)
        ]
        return sum(f.result() for f in futures)

    def close(self) -> None:
        self._pool.shutdown()

    def __enter__(self) -> SignPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def sign_rate_all_cores(seconds: float) -> float:
    """RSA-2048 signatures per second on all cores (one process each), measured now."""
    with SignPool() as pool:
        return pool.rate(seconds)
