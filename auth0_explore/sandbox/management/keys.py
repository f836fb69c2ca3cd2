"""The tenant's signing keys: `GET /api/v2/keys/signing`, `POST …/rotate`, `PUT …/{kid}/revoke`.

Auth0: §9.3 and the Management API's keys routes — each key with `kid`, `cert` and `pkcs7`
(PEM), `fingerprint` (SHA-1, colon-separated) and `thumbprint` (SHA-1 hex), `current`, `next`,
`previous`, `current_since`/`current_until`, `revoked`/`revoked_at`. Scopes `read:signing_keys`,
`create:signing_keys` (rotate) and `update:signing_keys` (revoke). Rotation and revocation
change the JWKS and the signing key of the very next token.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

from auth0_explore.clock import to_datetime
from auth0_explore.sandbox.management.endpoint import Call, route
from auth0_explore.sandbox.management.errors import ManagementError, not_found
from auth0_explore.sandbox.minting.keys import KeyRing, SigningKey

__all__ = ["ROUTES", "signing_key_json"]


def _iso(seconds: float) -> str:
    return to_datetime(seconds).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def signing_key_json(key: SigningKey) -> dict[str, Any]:
    """One signing key as the Management API returns it."""
    cert = x509.load_der_x509_certificate(key.cert_der)
    sha1 = hashlib.sha1(key.cert_der).hexdigest().upper()  # noqa: S324 - Auth0's fingerprint
    body: dict[str, Any] = {
        "kid": key.kid,
        "cert": cert.public_bytes(Encoding.PEM).decode("ascii"),
        "pkcs7": pkcs7.serialize_certificates([cert], Encoding.PEM).decode("ascii"),
        "current": key.state == "current",
        "next": key.state == "next",
        "previous": key.state == "previous",
        "fingerprint": ":".join(sha1[i : i + 2] for i in range(0, len(sha1), 2)),
        "thumbprint": sha1,
    }
    if key.current_since is not None:
        body["current_since"] = _iso(key.current_since)
    if key.current_until is not None:
        body["current_until"] = _iso(key.current_until)
    body["revoked"] = key.revoked
    if key.revoked_at is not None:
        body["revoked_at"] = _iso(key.revoked_at)
    return body


def _ring(call: Call) -> KeyRing:
    ring = call.state.tenant.keys
    if ring is None:  # pragma: no cover - a running sandbox always has its keys
        raise ManagementError(500, "The tenant has no signing keys")
    return ring


def _list(call: Call) -> tuple[int, Any]:
    return 200, [signing_key_json(k) for k in _ring(call).keys]


def _get(call: Call) -> tuple[int, Any]:
    key = next((k for k in _ring(call).keys if k.kid == call.args["kid"]), None)
    if key is None:
        raise not_found("Signing key not found", "inexistent_signing_key")  # [inferred]
    return 200, signing_key_json(key)


def _rotate(call: Call) -> tuple[int, Any]:
    key = _ring(call).rotate()
    return 201, {"cert": signing_key_json(key)["cert"], "kid": key.kid}


def _revoke(call: Call) -> tuple[int, Any]:
    ring, kid = _ring(call), call.args["kid"]
    if not any(k.kid == kid for k in ring.keys):
        raise not_found("Signing key not found", "inexistent_signing_key")  # [inferred]
    key = ring.revoke(kid)
    if key is None:  # [inferred] wording: Auth0 revokes only keys no longer current or next
        raise ManagementError(
            400, "The current and next signing keys cannot be revoked; rotate first", "invalid_body"
        )
    return 200, {"cert": signing_key_json(key)["cert"], "kid": key.kid}


ROUTES = (
    route("keys/signing", "GET", ("read:signing_keys",), _list),
    route("keys/signing/<kid>", "GET", ("read:signing_keys",), _get),
    route("keys/signing/rotate", "POST", ("create:signing_keys",), _rotate),
    route("keys/signing/<kid>/revoke", "PUT", ("update:signing_keys",), _revoke),
)
