"""How every sandbox response is written: compact JSON, OAuth errors, rate-limit headers.

Auth0: §2.9 (error body `{"error","error_description"}` + extras, JSON), §2.10 (rate-limit
headers on success and on 429); RFC 6749 §5.1 (no caching of token responses).
"""

from __future__ import annotations

from typing import Any

from werkzeug.wrappers import Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.minting.access_tokens import compact_json

__all__ = ["TOKEN_HEADERS", "error_response", "json_response", "take_rate_limit"]

# RFC 6749 §5.1; all three seen on Auth0's token endpoint (REAL-2020). The JSON endpoints of the
# user flows send them too, with success and error alike.
TOKEN_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Robots-Tag": "noindex, nofollow, nosnippet, noarchive",
}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A compact JSON response, as Auth0 sends them."""
    response = Response(compact_json(body), status=status, headers=headers)
    response.content_type = "application/json; charset=utf-8"
    return response


def error_response(error: OAuthError, headers: dict[str, str] | None = None) -> Response:
    """An OAuthError rendered as Auth0's JSON body, with its headers."""
    return json_response(error.response_body(), error.status, {**(headers or {}), **error.headers})


def take_rate_limit(
    state: SandboxState, path: str, key: str | None = None
) -> tuple[dict[str, str], OAuthError | None]:
    """Take a token from `path`'s bucket (or `key`'s, for limits per user): the headers to
    send, and the 429 if refused."""
    emulation = state.tenant.emulation
    limit = emulation.rate_limits.get(path)
    if limit is None:
        return {}, None
    bucket = state.rate_limiter.take(key or path, limit, enforce=emulation.enforce_rate_limits)
    headers = bucket.headers()
    if bucket.allowed:
        return headers, None
    if emulation.retry_after_on_rate_limit:
        headers["Retry-After"] = str(bucket.retry_after)
    return headers, oauth_error(emulation, "rate_limited")
