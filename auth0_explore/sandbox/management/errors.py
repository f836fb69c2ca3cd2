"""The Management API's error body, and the refusals its endpoints answer with.

Auth0: §9.1 — Boom-style `{"statusCode","error","message","errorCode"}`; 401s carry
`"attributes":{"error":…}` instead of `errorCode`. Seen strings are used as seen; the others are
marked inferred.
"""

from __future__ import annotations

from typing import Any

from werkzeug.http import HTTP_STATUS_CODES

from auth0_explore.errors import OAuthError

__all__ = [
    "ManagementError",
    "bad_request",
    "insufficient_scope",
    "invalid_body",
    "not_found",
    "unauthorized",
]


class ManagementError(OAuthError):
    """A Management API refusal: the client reads `errorCode` as `error` and `message` as
    `error_description`, so it renders as the Boom body instead of OAuth's."""

    def __init__(
        self,
        status: int,
        message: str,
        error_code: str | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(status, error_code or "", message, headers=headers)
        self.error_code = error_code

    def response_body(self) -> dict[str, Any]:
        """Auth0's body, members in its order."""
        body: dict[str, Any] = {
            "statusCode": self.status,
            "error": HTTP_STATUS_CODES.get(self.status, "Error"),
            "message": self.error_description,
        }
        if self.error_code:
            body["errorCode"] = self.error_code
        elif self.status == 401:
            body["attributes"] = {"error": self.error_description}
        return body


def unauthorized(message: str) -> ManagementError:
    """401 (`Missing authentication`, `Invalid token`, `Bad audience: …`, expiry; §9.1)."""
    return ManagementError(401, message)


def bad_request(message: str, error_code: str = "invalid_query_string") -> ManagementError:
    """400 for a query Auth0 would refuse (validation wording seen in SDK issue threads)."""
    return ManagementError(400, message, error_code)


def invalid_body(message: str) -> ManagementError:
    """400 `Payload validation error: …` (§9.1)."""
    return ManagementError(400, f"Payload validation error: {message}", "invalid_body")


def insufficient_scope(scopes: tuple[str, ...]) -> ManagementError:
    """403 `Insufficient scope, expected any of: a,b` (§9.1, seen)."""
    return ManagementError(
        403, f"Insufficient scope, expected any of: {','.join(scopes)}", "insufficient_scope"
    )


def not_found(message: str, error_code: str | None) -> ManagementError:
    """404 with Auth0's wording for the object (`The grant does not exist.` …, §9.1)."""
    return ManagementError(404, message, error_code)
