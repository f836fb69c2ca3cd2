"""Small builders shared by the client tests (no network)."""

from __future__ import annotations

from requests.structures import CaseInsensitiveDict

from auth0_explore.client.results import RequestRecord, TokenResult
from auth0_explore.client.session import Attempt

TOKEN_CANARY = "eyJhbGciOiJSUzI1NiJ9.eyJjYW5hcnkiOiJ0b2tlbi1jYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ"


def token_result(
    received_at: float, expires_in: int | None = 86400, token: str = TOKEN_CANARY
) -> TokenResult:
    """A TokenResult as the tenant would produce for a client-credentials response."""
    return TokenResult(
        request=RequestRecord(
            "POST",
            "http://127.0.0.1:1/oauth/token",
            {"grant_type": "client_credentials", "client_id": "abc", "client_secret": "********"},
            "client_secret_post",
        ),
        status=200,
        headers=CaseInsensitiveDict({"Cache-Control": "no-store"}),
        token_type="Bearer",
        expires_in=expires_in,
        scope=None,
        received_at=received_at,
        elapsed=0.001,
        attempts=(Attempt(1, 200, "ok", 0.001),),
        rate_limit=None,
        quotas=None,
        base_url="http://127.0.0.1:1/",
        canonical_domain="dev-sandbox.us.auth0.com",
        audience=None,
        _access_token=token,
    )
