"""JWKS shape, key rotation and verification with PyJWT against the published keys."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import jwt
import requests
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import post_token

RS256 = "https://api.sandbox.example/"


def _jwks(sb: Sandbox) -> dict[str, Any]:
    data: dict[str, Any] = requests.get(f"{sb.base_url}.well-known/jwks.json", timeout=10).json()
    return data


def _verify_pyjwt(sb: Sandbox, token: str) -> dict[str, Any]:
    keys = jwt.PyJWKSet.from_dict(_jwks(sb))
    kid = jwt.get_unverified_header(token)["kid"]
    key = next(k for k in keys.keys if k.key_id == kid)
    claims: dict[str, Any] = jwt.decode(
        token, key.key, algorithms=["RS256"], audience=RS256, issuer=sb.base_url
    )
    return claims


def test_jwks_has_current_and_next_keys_in_auth0_shape(plain: Sandbox) -> None:
    """Two RSA keys, members in Auth0's order, 21-char kids, x5t = b64url SHA-1 of the cert."""
    keys = _jwks(plain)["keys"]
    assert len(keys) == 2
    for key in keys:
        assert list(key) == ["kty", "use", "n", "e", "kid", "x5t", "x5c", "alg"]
        assert (key["kty"], key["use"], key["e"], key["alg"]) == ("RSA", "sig", "AQAB", "RS256")
        assert len(key["kid"]) == 21
        der = base64.b64decode(key["x5c"][0])
        sha1 = hashlib.sha1(der).digest()  # noqa: S324 - x5t is SHA-1 by definition
        digest = base64.urlsafe_b64encode(sha1).rstrip(b"=").decode()
        assert key["x5t"] == digest
        cert = x509.load_der_x509_certificate(der)
        assert cert.subject.rfc4514_string() == "CN=dev-sandbox.us.auth0.com"
        assert cert.issuer == cert.subject
        public = cert.public_key()
        assert isinstance(public, rsa.RSAPublicKey)
        assert public.key_size == 2048


def test_rotation_moves_next_to_current_and_keeps_previous_until_revoked(fresh: Sandbox) -> None:
    """Old tokens verify after a rotation; after revocation their key is gone from the JWKS."""
    frozen = fresh
    before = post_token(frozen, audience=RS256).json()["access_token"]
    old_kids = [k["kid"] for k in _jwks(frozen)["keys"]]
    frozen.rotate_keys()
    after = post_token(frozen, audience=RS256).json()["access_token"]
    kids = [k["kid"] for k in _jwks(frozen)["keys"]]
    assert kids[0] == old_kids[1]  # next became current
    assert kids[2] == old_kids[0]  # previous still published
    assert len(kids) == 3
    assert jwt.get_unverified_header(after)["kid"] == old_kids[1]
    assert _verify_pyjwt(frozen, before)["aud"] == RS256
    assert _verify_pyjwt(frozen, after)["aud"] == RS256
    frozen.revoke_previous_key()
    assert [k["kid"] for k in _jwks(frozen)["keys"]] == kids[:2]


def test_remove_alg_from_jwks_flag_drops_alg(frozen: Sandbox) -> None:
    """Tenant flag remove_alg_from_jwks: keys have no `alg` member (§8.2)."""
    frozen.tenant.settings.remove_alg_from_jwks = True
    assert all("alg" not in key for key in _jwks(frozen)["keys"])


def test_tenant_model_holds_the_key_states(fresh: Sandbox) -> None:
    """`sb.tenant.keys` is the live key ring: states current, next, previous after rotation."""
    ring = fresh.tenant.keys
    assert ring is fresh.keys
    assert [k.state for k in ring.published()] == ["current", "next"]
    fresh.rotate_keys()
    assert [k.state for k in ring.published()] == ["current", "next", "previous"]
    revoked = fresh.revoke_previous_key()
    assert revoked is not None
    assert revoked.revoked
    assert fresh.revoke_previous_key() is None  # nothing left to revoke


def test_second_rotation_retires_the_oldest_key(fresh: Sandbox) -> None:
    """Only one previous key is kept: rotating twice drops the first current key."""
    first = fresh.keys.current.kid
    fresh.rotate_keys()
    second = fresh.keys.current.kid
    fresh.rotate_keys()
    kids = [k["kid"] for k in _jwks(fresh)["keys"]]
    assert len(kids) == 3
    assert kids[2] == second
    assert first not in kids
