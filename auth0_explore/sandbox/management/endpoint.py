"""What every Management API endpoint shares: rate limit, bearer token, scopes, JSON in and out.

A handler is a plain function of a `Call` returning `(status, body)`; `route` wraps it into a
sandbox route. The Management API has one rate-limit bucket (`Emulation.rate_limits["/api/v2/"]`,
Auth0 Free: 2 burst at 2/s), which counts every call and sends `X-RateLimit-*`; when enforced,
an empty bucket answers Auth0's 429 (§9.1). Writes change the live tenant under one lock and are
rolled back when the tenant's checks refuse the result, so the token endpoint never sees a
configuration the sandbox cannot honour.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from auth0_explore.errors import ConfigError, OAuthError
from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.http.responses import (
    AnyResponse,
    error_response,
    json_response,
    take_rate_limit,
)
from auth0_explore.sandbox.http.routes import PathRoute
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.management.auth import Caller, authenticate
from auth0_explore.sandbox.management.errors import ManagementError, invalid_body

__all__ = ["API", "Call", "Handler", "changing", "in_api_shape", "route"]

API = "/api/v2/"


@dataclass(frozen=True)
class Call:
    """One authenticated Management API call: where it came, who sent it, its path values."""

    state: SandboxState
    request: Request
    site: RequestSite
    caller: Caller
    args: Mapping[str, str]

    def body(self) -> dict[str, Any]:
        """The JSON object sent, or Auth0's 400 `Payload validation error`."""
        try:
            data = json.loads(self.request.get_data(as_text=True) or "null")
        except ValueError:
            raise invalid_body("the body is not JSON.") from None
        if not isinstance(data, dict):
            raise invalid_body("'Expected type object but found another type'.")
        return data


Handler = Callable[[Call], tuple[int, Any]]


def route(path: str, method: str, scopes: tuple[str, ...], handler: Handler) -> PathRoute:
    """A Management API route: `path` under /api/v2/, answered by `handler` for `scopes`."""

    def endpoint(
        state: SandboxState, request: Request, site: RequestSite, args: Mapping[str, str]
    ) -> AnyResponse:
        headers, refused = take_rate_limit(state, API)
        if refused is not None:
            limited = ManagementError(429, "Global limit has been reached", "too_many_requests")
            return error_response(limited, headers)  # seen (§9.1), Retry-After included
        try:
            caller = authenticate(state, request, site)
            caller.require(scopes)
            status, body = handler(Call(state, request, site, caller, args))
        except ManagementError as error:
            return error_response(error, headers)
        if status == 204:
            return Response(status=204, headers=headers)
        return json_response(body, status, headers)

    return PathRoute(API + path, (method,), endpoint)


def changing(state: SandboxState, change: Callable[[], Any], undo: Callable[[], Any]) -> None:
    """Apply `change` to the live tenant; undo it and answer 400 if the tenant then fails
    its checks (the token endpoint sees the change from its next request)."""
    with state.management_writes:  # one write at a time, checked and rolled back whole
        change()
        try:
            state.tenant.check()
        except ConfigError as exc:
            undo()
            raise invalid_body(str(exc)) from None


def in_api_shape(error: OAuthError, path: str) -> OAuthError:
    """An error answered before any endpoint (routing, waitress's refusals) in the body of the
    API `path` belongs to: OAuth's, or under /api/v2/ the Management API's (found by the fuzz
    suites: a wrong method there answered OAuth's body)."""
    if path.startswith(API) and not isinstance(error, ManagementError):
        return ManagementError(error.status, error.error_description)
    return error
