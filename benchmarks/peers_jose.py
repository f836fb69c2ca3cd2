"""The JOSE libraries people use instead, each configured with the checks the toolkit makes.

Each validator takes a token and returns its claims, or raises. Checks, where a library can
express them: RS256 only, with one cached key; header `typ` is `JWT`; `iss` exact; `aud`
contains the API; `exp`, `nbf`, `iat` with 60 s of leeway; `iss`, `sub`, `aud`, `exp`, `iat`
and `azp` present. What a library cannot express is added by hand after it returns, so every
side does the same work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa

from benchmarks.limits import AUDIENCE, ISSUER

Validator = Callable[[str], Any]
LEEWAY = 60
REQUIRED = ["iss", "sub", "aud", "exp", "iat"]


def _check_rest(header: dict[str, Any], claims: dict[str, Any]) -> None:
    if header.get("typ") != "JWT":
        raise ValueError("typ")
    if not isinstance(claims.get("azp"), str):
        raise ValueError("azp")


def pyjwt(public_key: rsa.RSAPublicKey) -> Validator:
    import jwt

    def validate(token: str) -> Any:
        decoded = jwt.api_jwt.decode_complete(
            token,
            public_key,
            algorithms=["RS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            leeway=LEEWAY,
            options={"require": REQUIRED, "strict_aud": False},
        )
        _check_rest(decoded["header"], decoded["payload"])
        return decoded["payload"]

    return validate


def joserfc(public_key: rsa.RSAPublicKey) -> Validator:
    from joserfc import jwt
    from joserfc.jwk import RSAKey

    key = RSAKey.import_key(public_key)
    registry = jwt.JWTClaimsRegistry(
        leeway=LEEWAY,
        iss={"essential": True, "value": ISSUER},
        aud={"essential": True, "value": AUDIENCE},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        azp={"essential": True},
    )

    def validate(token: str) -> Any:
        decoded = jwt.decode(token, key, algorithms=["RS256"])
        registry.validate(decoded.claims)
        _check_rest(dict(decoded.header), decoded.claims)
        return decoded.claims

    return validate


def jwcrypto(public_key: rsa.RSAPublicKey) -> Validator:
    import json

    from jwcrypto import jwk, jwt

    key = jwk.JWK.from_pyca(public_key)
    checks = {"iss": ISSUER, "aud": AUDIENCE, "exp": None, "iat": None, "sub": None}

    def validate(token: str) -> Any:
        decoded = jwt.JWT(
            jwt=token,
            key=key,
            algs=["RS256"],
            check_claims=checks,
            expected_type="JWS",
        )
        decoded.leeway = LEEWAY
        claims = json.loads(decoded.claims)
        _check_rest(decoded.token.jose_header, claims)
        return claims

    return validate


PEERS: dict[str, tuple[str, Callable[[rsa.RSAPublicKey], Validator]]] = {
    "PyJWT jwt.decode": ("PyJWT", pyjwt),
    "joserfc": ("joserfc", joserfc),
    "jwcrypto": ("jwcrypto", jwcrypto),
}

_MODULES = {"PyJWT": "jwt", "joserfc": "joserfc", "jwcrypto": "jwcrypto"}


def available(public_key: rsa.RSAPublicKey) -> dict[str, Validator]:
    """The peers installed here, ready to validate tokens signed by `public_key`."""
    out: dict[str, Validator] = {}
    for label, (dist, build) in PEERS.items():
        try:
            import_module(_MODULES[dist])
        except ImportError:
            continue
        out[f"{label} {version(dist)}"] = build(public_key)
    return out


def peer_version(dist: str) -> str:
    try:
        return version(dist)
    except PackageNotFoundError:
        return "not installed"


def validate_all(validate: Validator, tokens: Sequence[str]) -> int:
    for token in tokens:
        validate(token)
    return len(tokens)
