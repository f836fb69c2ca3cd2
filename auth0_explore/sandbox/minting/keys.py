"""The tenant's signing keys: current, next and previous, their certificates and the JWKS.

Auth0: §8.2 (JWKS member order `kty, use, n, e, kid, x5t, x5c, alg`; `x5t` = base64url SHA-1 of
the DER certificate; self-signed certificate CN=tenant domain) and §3.2 (kid formats). Seeded
keys come from pycryptodome's RSA generator fed by the seed's stream, cached per seed in-process
because a 2048-bit key takes about a second to find.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from auth0_explore.clock import Clock, to_datetime
from auth0_explore.sandbox.minting.entropy import Entropy

__all__ = ["KeyRing", "SigningKey", "b64url", "generate_rsa_key", "rsa_jwk_thumbprint"]

_CERT_VALIDITY = timedelta(days=5000)  # ~13.7 years, like the real certificate (§8.2)
_SEEDED_KEYS: dict[tuple[int, str], rsa.RSAPrivateKey] = {}
_SEEDED_LOCK = threading.Lock()


def b64url(data: bytes) -> str:
    """Base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int_b64(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def rsa_jwk_thumbprint(key: rsa.RSAPublicKey) -> str:
    """RFC 7638 JWK thumbprint (SHA-256, base64url) of an RSA public key."""
    numbers = key.public_numbers()
    canonical = f'{{"e":"{_int_b64(numbers.e)}","kty":"RSA","n":"{_int_b64(numbers.n)}"}}'
    return b64url(hashlib.sha256(canonical.encode("ascii")).digest())


@dataclass
class SigningKey:
    """One RSA key pair and its certificate; `state` is current, next or previous."""

    kid: str
    private_key: rsa.RSAPrivateKey
    cert_der: bytes
    state: str
    revoked: bool = False
    # When it signed (unix seconds), and when it was revoked: the Management API reports them.
    current_since: float | None = None
    current_until: float | None = None
    revoked_at: float | None = None

    @property
    def x5t(self) -> str:
        """base64url(SHA-1(DER certificate)), 27 chars."""
        return b64url(hashlib.sha1(self.cert_der).digest())  # noqa: S324 - the JWK member is SHA-1 by definition

    def jwk(self, *, with_alg: bool = True) -> dict[str, Any]:
        """The public JWK in Auth0's member order."""
        numbers = self.private_key.public_key().public_numbers()
        jwk: dict[str, Any] = {
            "kty": "RSA",
            "use": "sig",
            "n": _int_b64(numbers.n),
            "e": _int_b64(numbers.e),
            "kid": self.kid,
            "x5t": self.x5t,
            "x5c": [base64.b64encode(self.cert_der).decode("ascii")],
        }
        if with_alg:
            jwk["alg"] = "RS256"
        return jwk


def generate_rsa_key(entropy: Entropy, label: str) -> rsa.RSAPrivateKey:
    """An RSA-2048 key: random, or derived from the seed's `label` stream (cached per process)."""
    if entropy.seed is None:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cache_key = (entropy.seed, label)
    with _SEEDED_LOCK:
        cached = _SEEDED_KEYS.get(cache_key)
        if cached is None:
            from Crypto.PublicKey import RSA  # only seeded runs need it

            stream = entropy.stream(label)
            pem = RSA.generate(2048, randfunc=stream).export_key("PEM")
            loaded = serialization.load_pem_private_key(pem, password=None)
            if not isinstance(loaded, rsa.RSAPrivateKey):  # pragma: no cover - RSA.generate
                raise TypeError("pycryptodome returned a non-RSA key")
            cached = _SEEDED_KEYS[cache_key] = loaded
        return cached


def _certificate(key: rsa.RSAPrivateKey, domain: str, serial: int, now: float) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, domain)])
    public = key.public_key()
    start = to_datetime(int(now))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(start)
        .not_valid_after(start + _CERT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


# What each state becomes on rotation; a previous key (revoked or not) leaves the ring.
_ROTATION = {"previous": "retired", "current": "previous", "next": "current"}


class KeyRing:
    """The tenant's keys; rotation moves next to current, current to previous (Auth0: §8.2)."""

    def __init__(
        self,
        domain: str,
        entropy: Entropy,
        clock: Clock,
        kid_format: str = "random",
        issued_at: float | None = None,
    ):
        """`issued_at`: the first two certificates' start (default: now); worker processes of
        one sandbox pass the same one so that their JWKS are identical."""
        self._domain = domain
        self._entropy = entropy
        self._clock = clock
        self._kid_format = kid_format
        self._lock = threading.Lock()
        self._made = 0
        self.keys: list[SigningKey] = [
            self._new("current", issued_at),
            self._new("next", issued_at),
        ]
        self.keys[0].current_since = clock.now() if issued_at is None else issued_at

    def _new(self, state: str, issued_at: float | None = None) -> SigningKey:
        with self._lock:
            index = self._made
            self._made += 1
        key = generate_rsa_key(self._entropy, f"key:{index}")
        serial = self._entropy.stream(f"serial:{index}").integer(64) | 1
        now = self._clock.now() if issued_at is None else issued_at
        cert = _certificate(key, self._domain, serial, now)
        if self._kid_format == "thumbprint":
            # Older tenants: kid = base64url of the uppercase hex SHA-1 thumbprint (§3.2).
            thumb = hashlib.sha1(cert).hexdigest().upper()  # noqa: S324 - Auth0's format
            kid = b64url(thumb.encode("ascii"))
        else:
            kid = self._entropy.stream(f"kid:{index}").text(21)
        return SigningKey(kid=kid, private_key=key, cert_der=cert, state=state)

    def _by_state(self, state: str) -> SigningKey | None:
        return next((k for k in self.keys if k.state == state and not k.revoked), None)

    @property
    def current(self) -> SigningKey:
        """The key that signs tokens now."""
        with self._lock:
            return next(k for k in self.keys if k.state == "current")

    def rotate(self) -> SigningKey:
        """Next becomes current, a new next appears, the old current stays as previous."""
        new_next = self._new("next")  # slow when seeded: made before tokens have to wait
        now = self._clock.now()
        with self._lock:
            for key in self.keys:
                key.state = _ROTATION.get(key.state, key.state)
                if key.state == "previous":
                    key.current_until = now
                elif key.state == "current":
                    key.current_since = now
            self.keys = [k for k in self.keys if k.state != "retired"] + [new_next]
        return self.current

    def revoke_previous(self) -> SigningKey | None:
        """Revoke the previous key: it leaves the JWKS, tokens it signed stop verifying."""
        with self._lock:
            key = self._by_state("previous")
            if key is not None:
                key.revoked, key.revoked_at = True, self._clock.now()
            return key

    def revoke(self, kid: str) -> SigningKey | None:
        """Revoke the previous key with this kid (the current and next keys cannot be);
        None when no such key may be revoked."""
        with self._lock:
            key = next((k for k in self.keys if k.kid == kid), None)
            if key is None or key.state != "previous":
                return None
            if not key.revoked:
                key.revoked, key.revoked_at = True, self._clock.now()
            return key

    def find(self, kid: str) -> SigningKey | None:
        """The published key with this kid."""
        return next((k for k in self.published() if k.kid == kid), None)

    def published(self) -> list[SigningKey]:
        """Current, next, then previous until revoked."""
        with self._lock:
            order = {"current": 0, "next": 1, "previous": 2}
            live = [k for k in self.keys if not k.revoked and k.state in order]
        return sorted(live, key=lambda k: order[k.state])

    def jwks(self, *, with_alg: bool = True) -> dict[str, Any]:
        """The `/.well-known/jwks.json` document."""
        return {"keys": [k.jwk(with_alg=with_alg) for k in self.published()]}
