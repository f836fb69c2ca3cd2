"""The WSGI application: faults, routing, and JSON for every outcome.

One app instance per domain server; they share one `SandboxState`. The routes come from
`routes.default_routes()`. Bad input never produces a 500 or a traceback: unknown routes get 404
JSON, wrong methods 405 JSON with `Allow` (both `Cache-Control: no-store`, as any answer to a
request for the token endpoint: HTTP caches may keep a 404 or 405; under /api/v2/ in the
Management API's body), and a bug in the sandbox itself is logged and answered with a JSON
`server_error`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.http.faults import Fault
from auth0_explore.sandbox.http.hosts import SandboxDomain, site_for
from auth0_explore.sandbox.http.responses import (
    TOKEN_HEADERS,
    AnyResponse,
    error_response,
    json_response,
)
from auth0_explore.sandbox.http.routes import PathRoute, Route, default_routes
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.management.endpoint import API as MANAGEMENT_API
from auth0_explore.sandbox.management.endpoint import in_api_shape

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = ["SandboxApp"]

log = logging.getLogger(__name__)

_FAULT_ERRORS = {429: "too_many_requests", 503: "temporarily_unavailable"}


def _fault_response(fault: Fault, status: int) -> AnyResponse:
    if fault.body is not None:
        response = Response(fault.body, status=status, headers=fault.headers)
        if "content-type" not in {k.lower() for k in fault.headers}:
            response.content_type = "application/json; charset=utf-8"
        return response
    error = _FAULT_ERRORS.get(status, "server_error")
    body = {"error": error, "error_description": f"Injected fault: HTTP {status}"}
    return json_response(body, status, fault.headers)


class SandboxApp:
    """Serves one domain of the sandbox tenant."""

    def __init__(self, state: SandboxState, domain: SandboxDomain) -> None:
        self.state = state
        self.domain = domain
        self._routes = default_routes()
        self._map = Map(
            [Rule(r.path, endpoint=i, methods=list(r.methods)) for i, r in enumerate(self._routes)]
        )
        self._fixed = _fixed_routes(self._routes, self._map)

    def may_wait(self, path: str) -> bool:
        """Whether answering `path` may wait for seconds: a fault with a delay is armed for it,
        or a Management API call (a key rotation makes an RSA key, about a second when seeded).
        The server runs such requests on a helper thread, where they hold up no other
        connection (http/loops.py)."""
        return path.startswith(MANAGEMENT_API) or self.state.faults.delays(path)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> AnyResponse:
        """Answer one request; never raises."""
        request_id = self.state.request_id()
        try:
            response = self._dispatch(request)
        except Exception:
            log.exception("sandbox bug while answering %s %s", request.method, request.path)
            reason = "The sandbox failed to answer this request; see its log."
            error = oauth_error(self.state.tenant.emulation, "server_error", reason=reason)
            response = error_response(error)
        response.headers["X-Auth0-RequestId"] = request_id
        return response

    def _dispatch(self, request: Request) -> AnyResponse:
        emulation = self.state.tenant.emulation
        fault = self.state.faults.take(request.path)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status is not None:
                return _fault_response(fault, fault.status)
        site = site_for(request.headers.get("Host"), self.domain, self.state.tenant.domain_names)
        path, method = request.path[:200], request.method
        try:
            index, args = self._match(request.path, method)
        except MethodNotAllowed as exc:
            allowed = ", ".join(sorted(exc.valid_methods or []))
            error = oauth_error(
                emulation, "method_not_allowed", method=method, path=path, allowed=allowed
            )
            return error_response(in_api_shape(error, path), {"Allow": allowed, **TOKEN_HEADERS})
        except NotFound:
            error = oauth_error(emulation, "not_found", method=method, path=path)
            return error_response(in_api_shape(error, path), TOKEN_HEADERS)
        except HTTPException as exc:  # werkzeug routing redirects and the like
            error = OAuthError(exc.code or 400, "invalid_request", exc.description or "Bad request")
            return error_response(in_api_shape(error, path))
        route: Route | PathRoute = self._routes[index]
        return route.answer(self.state, request, site, args)

    def _match(self, path: str, method: str) -> tuple[int, Mapping[str, str]]:
        """The route index and path values for this request; werkzeug's errors otherwise."""
        index = self._fixed.get((path, method))
        if index is not None:
            return index, _NO_ARGS
        found: tuple[int, Mapping[str, str]] = self._map.bind("sandbox").match(path, method=method)
        return found


_NO_ARGS: Mapping[str, str] = MappingProxyType({})


def _fixed_routes(routes: list[Route | PathRoute], rules: Map) -> dict[tuple[str, str], int]:
    """(path, method) -> route index for the fixed paths: a dict look-up on the hot path instead
    of werkzeug's matcher. Each entry is werkzeug's own answer for that path and method, taken
    here once, so what a request reaches never changes; anything else goes to werkzeug."""
    adapter = rules.bind("sandbox")
    table: dict[tuple[str, str], int] = {}
    for index, route in enumerate(routes):
        methods = {*route.methods, *(("HEAD",) if "GET" in route.methods else ())}
        for method in methods:
            try:
                found, args = adapter.match(route.path, method=method)
            except HTTPException:
                continue
            if found == index and not args:
                table[(route.path, method)] = index
    return table
