"""The toolkit's one exception tree.

Every error a public call raises is one of these; none lets a raw Python exception escape.
Each message says what was wrong and what to do next::

    Auth0ExploreError             base of everything the toolkit raises
    ├── ConfigError               configuration missing or invalid (domain, credentials, file)
    ├── SandboxError              the sandbox cannot do what was asked (port, profile, fault)
    ├── OAuthError                the tenant answered with an OAuth error (status, error, ...)
    ├── TransportError            no usable HTTP response (refused, reset, bad TLS, not JSON)
    │   └── RequestTimeoutError   no response within the timeouts or the overall deadline
    └── TokenError                a token failed parsing or validation; a stable reason code

`OAuthError` knows both directions: the client builds it from a response
(`OAuthError.from_response`), the sandbox renders it to one (`OAuthError.response_body`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "Auth0ExploreError",
    "ConfigError",
    "OAuthError",
    "RequestTimeoutError",
    "SandboxError",
    "TokenError",
    "TransportError",
]

# Response headers worth carrying on an OAuthError: rate limits, quotas and request ids.
_KEPT_HEADER_PREFIXES = ("x-ratelimit-", "auth0-", "retry-after", "x-auth0-requestid")


class Auth0ExploreError(Exception):
    """Base class of every error the toolkit raises."""


class ConfigError(Auth0ExploreError):
    """Raised when configuration is missing or invalid: a domain, credentials, a tenant file."""


class SandboxError(Auth0ExploreError):
    """Raised when the sandbox tenant cannot do what was asked (no free port, unknown profile)."""


class TransportError(Auth0ExploreError):
    """Raised when no usable HTTP response arrived: connection refused or reset, body not JSON."""

    def __init__(self, message: str, *, url: str = "", attempts: int = 1) -> None:
        super().__init__(message)
        self.url = url
        self.attempts = attempts

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_transport_error, (type(self), str(self), self.url, self.attempts))


def _rebuild_transport_error(
    cls: type[TransportError], message: str, url: str, attempts: int
) -> TransportError:
    return cls(message, url=url, attempts=attempts)


class RequestTimeoutError(TransportError):
    """Raised when the tenant did not answer within the connect or read timeout or the deadline."""


class OAuthError(Auth0ExploreError):
    """Raised when the tenant answered with an OAuth error (RFC 6749 §5.2 body, Auth0 wording)."""

    def __init__(
        self,
        status: int,
        error: str,
        error_description: str = "",
        *,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status
        self.error = error
        self.error_description = error_description
        self.headers: dict[str, str] = dict(headers or {})
        #: further body members Auth0 sends with some errors (`error_uri`, `interval`, `mfa_token`)
        self.extra: dict[str, Any] = dict(extra or {})
        #: how many requests the client made before giving up (set by the client's retry loop)
        self.attempts = 1
        super().__init__(self._message())

    def _message(self) -> str:
        text = f"{self.status} {self.error}"
        if self.error_description:
            text += f": {self.error_description}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def hint(self) -> str:
        """What to do next, from the status and error code ("" when there is nothing to add)."""
        return _STATUS_HINTS.get((self.status, self.error)) or _HINTS.get(self.error, "")

    def response_body(self) -> dict[str, Any]:
        """The JSON body Auth0 sends for this error, members in Auth0's order."""
        body: dict[str, Any] = {"error": self.error, "error_description": self.error_description}
        body.update(self.extra)
        return body

    @classmethod
    def from_response(
        cls, status: int, headers: Mapping[str, str], body: bytes | str
    ) -> OAuthError:
        """Build the error from an HTTP error response, whatever its body holds."""
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        kept = {k: v for k, v in headers.items() if k.lower().startswith(_KEPT_HEADER_PREFIXES)}
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested past the decoder's stack
            data = None
        if isinstance(data, dict) and "statusCode" in data and isinstance(data.get("message"), str):
            # A Management API (Boom) body: {"statusCode","error","message","errorCode"}.
            code = data.get("errorCode")
            return cls(
                status,
                code if isinstance(code, str) else str(data.get("error", "error")),
                data["message"],
                headers=kept,
                extra={"statusCode": data["statusCode"]},
            )
        if isinstance(data, dict) and isinstance(data.get("error"), str):
            extra = {k: v for k, v in data.items() if k not in ("error", "error_description")}
            description = data.get("error_description")
            return cls(
                status,
                data["error"],
                description if isinstance(description, str) else "",
                headers=kept,
                extra=extra,
            )
        # Plain text, such as /userinfo's "Unauthorized".
        return cls(status, _status_error(status), text.strip()[:200], headers=kept)

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_oauth_error,
            (
                self.status,
                self.error,
                self.error_description,
                self.headers,
                self.extra,
                self.attempts,
            ),
        )


def _rebuild_oauth_error(
    status: int,
    error: str,
    description: str,
    headers: dict[str, str],
    extra: dict[str, Any],
    attempts: int = 1,
) -> OAuthError:
    error_ = OAuthError(status, error, description, headers=headers, extra=extra)
    error_.attempts = attempts
    return error_


class TokenError(Auth0ExploreError):
    """Raised by strict helpers when a token fails a check; `reason` is a stable code."""

    def __init__(self, reason: str, message: str, *, check: str = "", claim: str = "") -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
        #: the name of the failing check, e.g. "signature" or "audience"
        self.check = check
        #: the claim or header member concerned, when there is one
        self.claim = claim

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_token_error, (self.reason, self.message, self.check, self.claim))


def _rebuild_token_error(reason: str, message: str, check: str, claim: str) -> TokenError:
    return TokenError(reason, message, check=check, claim=claim)


def _status_error(status: int) -> str:
    if status == 429:
        return "too_many_requests"
    if status == 401:
        return "unauthorized"
    if status >= 500:
        return "server_error"
    return "http_error"


# What to do next, by status and OAuth error code where the code alone is ambiguous: Auth0
# answers a failed client authentication with 401 access_denied "Unauthorized" (§2.9 row 5).
_STATUS_HINTS: dict[tuple[int, str], str] = {
    (401, "access_denied"): "check the client id and secret (or the key for private_key_jwt)",
}

# What to do next, by OAuth error code (shown after Auth0's own description).
_HINTS: dict[str, str] = {
    "access_denied": "check the audience, the client grant and the scopes of this application",
    "invalid_client": "check the client id and secret",
    "unauthorized_client": "enable this grant type in the application's settings",
    "invalid_grant": "start the flow again to get a fresh code or token",
    "invalid_request": "add the missing or malformed parameter",
    "unsupported_grant_type": "use one of the grant types Auth0 supports",
    "too_many_requests": "wait for the rate limit to reset, and cache tokens instead of refetching",
    "invalid_scope": "request only scopes the API defines and the user may have",
    "server_error": "the tenant failed to answer; try again later",
    "expired_token": "the device code expired: start the device flow again",
    "temporarily_unavailable": "the tenant is overloaded or down; try again later",
}
