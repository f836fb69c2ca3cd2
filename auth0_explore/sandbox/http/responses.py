"""How every sandbox response is written: compact JSON, OAuth errors, rate-limit headers.

Auth0: §2.9 (error body `{"error","error_description"}` + extras, JSON), §2.10 (rate-limit
headers on success and on 429); RFC 6749 §5.1 (no caching of token responses).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from werkzeug.wrappers import Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.minting.access_tokens import compact_json

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = [
    "TOKEN_HEADERS",
    "AnyResponse",
    "JsonResponse",
    "error_response",
    "json_response",
    "take_rate_limit",
]

# RFC 6749 §5.1; all three seen on Auth0's token endpoint (REAL-2020). The JSON endpoints of the
# user flows send them too, with success and error alike.
TOKEN_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Robots-Tag": "noindex, nofollow, nosnippet, noarchive",
}
_JSON = "application/json; charset=utf-8"
# Set by the response itself, replacing a header of the same name given in any case (as
# werkzeug's Headers.set does).
_OWN = frozenset({"content-type", "content-length"})


@functools.cache
def _status_line(status: int) -> str:
    """werkzeug's status text for `status` (e.g. "403 FORBIDDEN"), the same bytes as before."""
    return Response(status=status).status


class JsonHeaders(dict[str, str]):
    """Response headers in order; setting one replaces any of that name whatever its case, and
    a value with a line break is refused with ValueError (both as werkzeug's Headers)."""

    def __init__(self, headers: Mapping[str, object]) -> None:
        super().__init__()
        for name, value in headers.items():
            dict.__setitem__(self, name, _header_value(value))

    def __setitem__(self, name: str, value: str) -> None:
        lower = name.lower()
        for old in [key for key in self if key.lower() == lower]:
            del self[old]
        super().__setitem__(name, _header_value(value))


def _header_value(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    if "\n" in text or "\r" in text:
        raise ValueError("Header values must not contain newline characters.")
    return text


class JsonResponse:
    """A JSON answer written straight to WSGI, without werkzeug's Response and Headers.

    Every token request ends in one (BENCHMARKS.md, figure 2), and building werkzeug's objects
    cost about as much as the rest of the endpoint. The bytes on the wire are werkzeug's: its
    status text, `Content-Type` and `Content-Length` replacing any header of that name, and no
    body for HEAD. waitress then writes and sorts the headers as for any WSGI app.
    """

    __slots__ = ("body", "headers", "status_code")

    def __init__(self, body: bytes, status: int, headers: Mapping[str, object] | None) -> None:
        self.body = body
        self.status_code = status
        given = headers or {}
        self.headers = JsonHeaders({k: v for k, v in given.items() if k.lower() not in _OWN})

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = self.body
        headers = [
            *self.headers.items(),
            ("Content-Type", _JSON),
            ("Content-Length", str(len(body))),
        ]
        start_response(_status_line(self.status_code), headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


#: what an endpoint answers with: werkzeug's Response (pages, redirects) or a JsonResponse
AnyResponse: TypeAlias = Response | JsonResponse


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, object] | None = None
) -> JsonResponse:
    """A compact JSON response, as Auth0 sends them."""
    return JsonResponse(compact_json(body), status, headers)


def error_response(error: OAuthError, headers: Mapping[str, str] | None = None) -> JsonResponse:
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
