"""Captured tokens for the batch inspection tests: a handful minted by a sandbox over HTTP, a
handful forged, and many rows made from them by cheap mutations (fast on 2 cores)."""

from __future__ import annotations

import base64
import json
import random
from dataclasses import dataclass
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from auth0_explore.tokens import MAX_TOKEN_SIZE
from tests.tokens.forge import Forge, auth0_opaque_token, b64, m2m_claims

CANONICAL = "https://dev-sandbox.us.auth0.com/"
CUSTOM = "https://login.example.com/"
API = "https://api.sandbox.example/"


@dataclass(frozen=True)
class Captured:
    """Distinct tokens with the reason each must get ("" for valid), and the JWKS snapshot."""

    tokens: list[str]
    reasons: list[str]
    snapshot: dict[str, dict[str, Any]]


def _token(sb: Sandbox, app: str, audience: str, host: str = "dev-sandbox.us.auth0.com",
           **params: str) -> str:  # fmt: skip
    application = sb.application(app)
    base = sb.domains[1].base_url if host == "login.example.com" else sb.base_url
    secret = application.client_secret.reveal() if application.client_secret else ""
    body = {"grant_type": "client_credentials", "client_id": application.client_id,
            "client_secret": secret, "audience": audience, **params}  # fmt: skip
    answer = requests.post(f"{base}oauth/token", data=body, headers={"Host": host}, timeout=10)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


def minted(sb: Sandbox[FrozenClock]) -> list[tuple[str, str]]:
    """(token, expected reason) from the sandbox, over HTTP, as a gateway would capture them."""
    acme = sb.tenant.organization("acme")
    assert acme is not None
    sb.clock.advance(-2 * 86_400)  # two days earlier: a 24 h token, expired by now
    expired = _token(sb, "m2m", API)
    sb.clock.advance(2 * 86_400)
    return [
        (_token(sb, "m2m", API), ""),
        (_token(sb, "m2m", API, scope="read:items"), ""),
        (_token(sb, "m2m", API, host="login.example.com"), ""),
        (_token(sb, "m2m-orgs", API, organization=acme.id), ""),
        (_token(sb, "m2m", "https://ps256.sandbox.example/"), "alg_not_allowed"),
        (_token(sb, "m2m", "https://hs256.sandbox.example/"), "alg_not_allowed"),
        (_token(sb, "m2m", "https://rfc9068.sandbox.example/"), "typ_mismatch"),
        (_token(sb, "m2m", "https://dev-sandbox.us.auth0.com/api/v2/"), "aud_mismatch"),
        (expired, "expired"),
    ]


def forged(valid: str, kid: str, attacker: rsa.RSAPrivateKey) -> list[tuple[str, str]]:
    """(token, expected reason): what an attacker or a broken client sends."""
    head, payload, signature = valid.split(".")
    other = Forge(attacker, None)  # type: ignore[arg-type]  # RSA only: no EC key needed
    claims = m2m_claims(iss=CANONICAL, aud=API)
    admin = b64(m2m_claims(iss=CANONICAL, aud=API, scope="admin"))
    evil = m2m_claims(iss="https://evil.example/", aud=API)
    duplicate = b64('{"iss":"https://evil.example/","iss":"' + CANONICAL + '"}')
    return [
        (f"{head}.{payload}.{_flip(signature)}", "bad_signature"),
        (f"{head}.{admin}.{signature}", "bad_signature"),
        (other.token(claims, kid=kid), "bad_signature"),
        (other.token(claims, kid="attacker-kid"), "unknown_kid"),
        (other.token(evil, kid=kid), "jwks_unavailable"),
        (other.token(claims, alg="none", kid=kid, signature=b""), "alg_not_allowed"),
        # iss twice: a loose reading picks the last; the signature is checked before the payload
        (other.token(claims, kid=kid, raw_payload=duplicate), "bad_signature"),
        (auth0_opaque_token(CANONICAL), "jwe_not_jws"),
        ("", "malformed"),
        ("not a token", "malformed"),
        ("a.b", "malformed"),
        ("x" * (MAX_TOKEN_SIZE + 1), "too_large"),
        (f"{head}.{payload}.{signature}é", "malformed"),
    ]


def _flip(segment: str, at: int | None = None) -> str:
    """`segment` with one character changed (not the last: its low bits may be padding)."""
    i = len(segment) // 2 if at is None else at
    return segment[:i] + ("A" if segment[i] != "A" else "B") + segment[i + 1 :]


def captured(sb: Sandbox[FrozenClock], attacker: rsa.RSAPrivateKey) -> Captured:
    """The distinct tokens, their reasons and the snapshot of both issuers' JWKS (over HTTP)."""
    jwks = requests.get(f"{sb.base_url}.well-known/jwks.json", timeout=10).json()
    good = minted(sb)
    kid = json.loads(base64.urlsafe_b64decode(good[0][0].split(".")[0] + "=="))["kid"]
    pairs = good + forged(good[0][0], kid, attacker)
    return Captured([t for t, _ in pairs], [r for _, r in pairs], {CANONICAL: jwks, CUSTOM: jwks})


def rows(distinct: list[str], count: int, seed: int = 16) -> list[str]:
    """`count` tokens drawn from `distinct`; one in three has a signature character changed
    (distinct bad signatures, cheaply)."""
    draw = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    out = []
    for n in range(count):
        token = draw.choice(distinct)
        parts = token.split(".")
        if n % 3 == 0 and len(parts) == 3 and len(parts[2]) > 8:
            position = draw.randrange(1, len(parts[2]) - 2)
            token = f"{parts[0]}.{parts[1]}.{_flip(parts[2], position)}"
        out.append(token)
    return out
