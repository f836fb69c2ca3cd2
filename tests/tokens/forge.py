"""A token forge for the token inspector tests: tokens signed by hand, at test time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

NOW = 1_700_000_000
ISSUER = "https://dev-sandbox.us.auth0.com/"
API = "https://api.example.com/"
CLIENT_ID = "3JJeI4tmMC6v8mCVCSDnAGVf2vrnJ0BT"


def b64(data: bytes | str | dict[str, Any] | list[Any]) -> str:
    """Unpadded base64url of bytes, text, or compact JSON."""
    if isinstance(data, dict | list):
        data = json.dumps(data, separators=(",", ":"))
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def m2m_claims(**changes: Any) -> dict[str, Any]:
    """An Auth0 M2M access token's claims (auth0-behavior §3.3); None removes a claim."""
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "sub": f"{CLIENT_ID}@clients",
        "aud": API,
        "iat": NOW,
        "exp": NOW + 86400,
        "azp": CLIENT_ID,
        "scope": "read:things write:things",
        "gty": "client-credentials",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


class Forge:
    """Signs tokens by hand, so malformed variants are as easy as valid ones."""

    def __init__(self, rsa_key: rsa.RSAPrivateKey, ec_key: ec.EllipticCurvePrivateKey) -> None:
        self.rsa_key = rsa_key
        self.ec_key = ec_key

    def sign(self, alg: str, signing_input: bytes, key: Any = None) -> bytes:
        """A signature of `signing_input` with the forge's key for `alg` (or `key`)."""
        if alg.startswith("HS"):
            digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}
            return hmac.new(key, signing_input, digest[alg]).digest()
        if alg.startswith(("RS", "PS")):
            digest = {"256": hashes.SHA256(), "384": hashes.SHA384(), "512": hashes.SHA512()}
            chosen = digest[alg[2:]]
            pad: padding.AsymmetricPadding = padding.PKCS1v15()
            if alg.startswith("PS"):  # RFC 7518 §3.5: MGF1 with the same hash, salt = hash size
                pad = padding.PSS(mgf=padding.MGF1(chosen), salt_length=chosen.digest_size)
            return (key or self.rsa_key).sign(signing_input, pad, chosen)
        if alg == "ES256":
            der = (key or self.ec_key).sign(signing_input, ec.ECDSA(hashes.SHA256()))
            r, s = decode_dss_signature(der)
            return r.to_bytes(32, "big") + s.to_bytes(32, "big")
        raise ValueError(alg)

    def token(
        self,
        claims: dict[str, Any] | None = None,
        *,
        alg: str = "RS256",
        kid: str | None = "rsa-1",
        typ: str | None = "JWT",
        key: Any = None,
        header: dict[str, Any] | None = None,
        raw_header: str | None = None,
        raw_payload: str | None = None,
        signature: bytes | None = None,
    ) -> str:
        """A compact token; `header` adds members, `raw_*` replace encoded segments."""
        head: dict[str, Any] = {"alg": alg}
        if typ is not None:
            head["typ"] = typ
        if kid is not None:
            head["kid"] = kid
        head.update(header or {})
        h = raw_header if raw_header is not None else b64(head)
        body = m2m_claims() if claims is None else claims
        p = raw_payload if raw_payload is not None else b64(body)
        signing_input = f"{h}.{p}".encode()
        sig = self.sign(alg, signing_input, key) if signature is None else signature
        return f"{h}.{p}.{b64(sig)}"


def auth0_opaque_token(iss: str = ISSUER) -> str:
    """The shape of Auth0's /userinfo-only access token (auth0-behavior §3.1)."""
    header = b64(f'{{"alg":"dir","enc":"A256GCM","iss":"{iss}"}}')
    return f"{header}..{b64(os.urandom(12))}.{b64(os.urandom(245))}.{b64(os.urandom(16))}"
