"""The WSGI application: routes, faults, rate limits, and JSON for every outcome.

Auth0: §2.2 (token-endpoint headers), §2.10 (rate-limit headers), §8.1-8.2. One app instance per
domain server; they share one `SandboxState`. Bad input never produces a 500 or a traceback:
unknown routes get 404 JSON, wrong methods 405 JSON with `Allow`, and a bug in the sandbox
itself is logged and answered with a JSON `server_error`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.body import read_body
from auth0_explore.sandbox.catalogue import oauth_error
from auth0_explore.sandbox.discovery import openid_configuration
from auth0_explore.sandbox.faults import Fault
from auth0_explore.sandbox.hosts import RequestSite, SandboxDomain, site_for
from auth0_explore.sandbox.issuer import compact_json
from auth0_explore.sandbox.oauth import token_endpoint
from auth0_explore.sandbox.state import SandboxState

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

__all__ = ["SandboxApp", "json_response"]

log = logging.getLogger(__name__)

URLS = Map(
    [
        Rule("/.well-known/openid-configuration", endpoint="discovery", methods=["GET"]),
        Rule("/.well-known/jwks.json", endpoint="jwks", methods=["GET"]),
        Rule("/oauth/token", endpoint="token", methods=["POST"]),
    ]
)
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749 §5.1, seen REAL-2020
_FAULT_ERRORS = {429: "too_many_requests", 503: "temporarily_unavailable"}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A compact JSON response, as Auth0 sends them."""
    response = Response(compact_json(body), status=status, headers=headers)
    response.content_type = "application/json; charset=utf-8"
    return response


def error_response(error: OAuthError, headers: dict[str, str] | None = None) -> Response:
    """An OAuthError rendered as Auth0's JSON body, with its headers."""
    return json_response(error.response_body(), error.status, {**(headers or {}), **error.headers})


def _fault_response(fault: Fault, status: int) -> Response:
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

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        response = self.dispatch(request)
        return response(environ, start_response)

    def dispatch(self, request: Request) -> Response:
        """Answer one request; never raises."""
        request_id = self.state.request_id()
        try:
            response = self._dispatch(request)
        except Exception:
            log.exception("sandbox bug while answering %s %s", request.method, request.path)
            reason = "The sandbox failed to answer this request; see its log."
            response = error_response(
                oauth_error(self.state.tenant.emulation, "server_error", reason=reason)
            )
        response.headers["X-Auth0-RequestId"] = request_id
        return response

    def _dispatch(self, request: Request) -> Response:
        emulation = self.state.tenant.emulation
        fault = self.state.faults.take(request.path)
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            if fault.status is not None:
                return _fault_response(fault, fault.status)
        site = site_for(request.headers.get("Host"), self.domain, self.state.tenant.domain_names)
        try:
            endpoint, _ = URLS.bind("sandbox").match(request.path, method=request.method)
        except MethodNotAllowed as exc:
            allowed = ", ".join(sorted(exc.valid_methods or []))
            error = oauth_error(
                emulation, "method_not_allowed", method=request.method, path=request.path[:200],
                allowed=allowed,
            )  # fmt: skip
            return error_response(error, {"Allow": allowed})
        except NotFound:
            path = request.path[:200]
            return error_response(
                oauth_error(emulation, "not_found", method=request.method, path=path)
            )
        except HTTPException as exc:  # werkzeug routing redirects and the like
            error = OAuthError(exc.code or 400, "invalid_request", exc.description or "Bad request")
            return error_response(error)
        if endpoint == "discovery":
            return json_response(openid_configuration(site.issuer))
        if endpoint == "jwks":
            return self._jwks(request)
        return self._token(request, site)

    def _rate_limit(self, path: str) -> tuple[dict[str, str], OAuthError | None]:
        emulation = self.state.tenant.emulation
        limit = emulation.rate_limits.get(path)
        if limit is None:
            return {}, None
        bucket = self.state.rate_limiter.take(path, limit, enforce=emulation.enforce_rate_limits)
        headers = bucket.headers()
        if bucket.allowed:
            return headers, None
        if emulation.retry_after_on_rate_limit:
            headers["Retry-After"] = str(bucket.retry_after)
        return headers, oauth_error(emulation, "rate_limited")

    def _jwks(self, request: Request) -> Response:
        headers, refused = self._rate_limit(request.path)
        if refused is not None:
            return error_response(refused, headers)
        with_alg = not self.state.tenant.settings.remove_alg_from_jwks
        return json_response(self.state.issuer.keys.jwks(with_alg=with_alg), headers=headers)

    def _token(self, request: Request, site: RequestSite) -> Response:
        headers, refused = self._rate_limit(request.path)
        headers.update(NO_STORE)
        if refused is not None:
            return error_response(refused, headers)
        try:
            data = read_body(request, self.state.tenant.emulation)
            result = token_endpoint(request, data, site, self.state)
        except OAuthError as error:
            return error_response(error, headers)
        return json_response(result.body, headers={**headers, **result.headers})
