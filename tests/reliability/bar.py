"""The fuzz suites' bar for one answer (issue 10): what every response must be, whatever was sent.

No 5xx. Every 4xx an Auth0 / RFC 6749 JSON error `{"error": str, "error_description": str}` (on
the Management API, Auth0's `{"statusCode": int, "error": str, "message": str}`, except for a
431: headers too large to read leave the request line unread, so the API is unknown) — except
where the sandbox answers a person by design: the pages of /authorize, /u/login,
/activate and the logouts (HTML), and /userinfo's 401, which Auth0 sends as the text
`Unauthorized` with a `WWW-Authenticate` header. Every answer of the token and device endpoints
carries `Cache-Control: no-store`, and so does any answer that holds a token or a code.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

__all__ = ["PAGE_ROUTES", "problems_with"]

PAGE_ROUTES = ("/authorize", "/u/login", "/activate", "/v2/logout", "/oidc/logout")
NO_STORE_ROUTES = ("/oauth/token", "/oauth/device/code")
SECRETS = ("access_token", "refresh_token", "id_token", "device_code", "code")


def _json_error(path: str, status: int, body: bytes) -> str | None:
    try:
        parsed = json.loads(body)
    except ValueError:
        return f"a 4xx whose body is not JSON: {body[:120]!r}"
    if not isinstance(parsed, dict):
        return f"a 4xx whose JSON is not an object: {body[:120]!r}"
    if path.startswith("/api/v2/") and status != 431:  # 431: its request line went unread
        boom = parsed.get("statusCode") == status and isinstance(parsed.get("message"), str)
        if boom and isinstance(parsed.get("error"), str):
            return None
        return f"a 4xx without statusCode, error and message: {body[:120]!r}"
    if not isinstance(parsed.get("error"), str) or not isinstance(
        parsed.get("error_description"), str
    ):
        return f"a 4xx without string error and error_description: {body[:120]!r}"
    return None


def _error_problem(
    method: str, path: str, status: int, headers: Mapping[str, str], body: bytes
) -> str | None:
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if path in PAGE_ROUTES and media == "text/html":
        return None
    if method.upper() == "HEAD":  # the headers of the GET's answer, without its body
        acceptable = ("application/json", "text/plain" if path == "/userinfo" else "")
        return None if media in acceptable else f"a {status} to HEAD as {media or 'nothing'}"
    if path == "/userinfo" and status == 401:
        challenge = headers.get("www-authenticate", "")
        if body == b"Unauthorized" and challenge.startswith('Bearer realm="Users"'):
            return None
        return f"/userinfo 401 is not Auth0's: {body[:80]!r}, {challenge!r}"
    if media != "application/json":
        return f"a {status} as {media or 'no content type'}, not JSON: {body[:120]!r}"
    return _json_error(path, status, body)


def _holds_secret(headers: Mapping[str, str], body: bytes) -> bool:
    if headers.get("content-type", "").startswith("application/json"):
        try:
            parsed = json.loads(body)
        except ValueError:
            return False
        return isinstance(parsed, dict) and any(k in parsed for k in SECRETS)
    return False


def problems_with(
    method: str, path: str, status: int, headers: Mapping[str, str], body: bytes
) -> list[str]:
    """What is wrong with this answer (header names in lower case); empty when it is fine."""
    found = []
    where = f"{method} {path[:80]} -> {status}"
    if status >= 500:
        found.append(f"{where}: a server error: {body[:200]!r}")
    if 400 <= status < 500 and (problem := _error_problem(method, path, status, headers, body)):
        found.append(f"{where}: {problem}")
    no_store = "no-store" in headers.get("cache-control", "")
    if (path in NO_STORE_ROUTES or _holds_secret(headers, body)) and not no_store:
        found.append(f"{where}: no Cache-Control: no-store")
    return found
