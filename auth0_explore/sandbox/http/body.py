"""Reading a token-endpoint request: its parameters and its client credentials, or a clear 400.

Auth0: §2.1 (form and JSON bodies, JSON nulls ignored, Basic or body credentials). RFC 6749 §3.2
(no parameter twice), §2.3 (one client authentication method), §2.3.1 (Basic credentials are
form-urlencoded before base64); RFC 7523 §2.2 (client assertions). Nothing here lets a
malformed request reach a handler.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from werkzeug.wrappers import Request

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.tenant.credentials import ASSERTION_TYPE
from auth0_explore.sandbox.tenant.settings import Emulation

__all__ = ["ClientCredentials", "client_credentials_of", "read_params"]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class _DuplicateError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _read_body(request: Request, emulation: Emulation) -> bytes:
    """The request body, refused with 413 past `Emulation.max_body_bytes`."""
    limit = emulation.max_body_bytes
    too_large = oauth_error(emulation, "body_too_large", limit=str(limit))
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for name, value in pairs:
        if name in seen:
            raise _DuplicateError(name)
        seen[name] = value
    return seen


def _from_json(data: bytes, emulation: Emulation) -> dict[str, str]:
    try:
        parsed = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except _DuplicateError as dup:
        raise oauth_error(emulation, "duplicate_parameter", name=dup.name) from None
    except UnicodeDecodeError:
        raise oauth_error(emulation, "malformed_body", reason="not valid UTF-8") from None
    except (ValueError, RecursionError):
        raise oauth_error(emulation, "malformed_body", reason="invalid JSON") from None
    if not isinstance(parsed, dict):
        raise oauth_error(emulation, "malformed_body", reason="expected a JSON object")
    params: dict[str, str] = {}
    for name, value in parsed.items():
        if not _is_text(name):
            reason = "a parameter name is not valid Unicode text"
            raise oauth_error(emulation, "malformed_body", reason=reason)
        if value is None:
            continue  # auth0-python sends "organization": null (§2.1)
        if not isinstance(value, str):
            raise oauth_error(emulation, "invalid_parameter", name=name)
        if not _is_text(value):
            raise oauth_error(emulation, "parameter_not_text", name=name)
        params[name] = value
    return params


def _is_text(value: str) -> bool:
    """False for a string holding a lone surrogate, which JSON can escape (`"\\ud800"`) but no
    encoder accepts: past this gate every parameter of every route encodes, in a response, a
    page, a header, a token or a log line. Form bodies decode strictly and URLs and headers
    with replacement or Latin-1, so only JSON can carry one."""
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _from_form(data: bytes, emulation: Emulation) -> dict[str, str]:
    try:
        text = data.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
        return _no_duplicates(list(pairs))
    except _DuplicateError as dup:
        raise oauth_error(emulation, "duplicate_parameter", name=dup.name) from None
    except UnicodeDecodeError:
        raise oauth_error(emulation, "malformed_body", reason="not valid UTF-8") from None
    except ValueError:
        raise oauth_error(emulation, "malformed_body", reason="invalid form encoding") from None


def read_params(request: Request, emulation: Emulation) -> dict[str, str]:
    """The body parameters as strings, by content type; JSON nulls dropped."""
    data = _read_body(request, emulation)
    mimetype = request.mimetype
    if mimetype == JSON:
        return _from_json(data, emulation)
    if mimetype == FORM or (not mimetype and not data.strip()):
        return _from_form(data, emulation)
    shown = (request.content_type or "none")[:100]
    raise oauth_error(emulation, "unsupported_content_type", content_type=shown)


@dataclass(frozen=True)
class ClientCredentials:
    """Who the caller says it is, and how it said so."""

    client_id: str
    client_secret: str | None
    method: str  # client_secret_basic | client_secret_post | private_key_jwt | none
    assertion: str | None = None


def _basic(header: str, emulation: Emulation) -> tuple[str, str]:
    def bad(reason: str) -> OAuthError:
        return oauth_error(emulation, "malformed_basic", reason=reason)

    encoded = header[len("basic ") :].strip()
    try:
        decoded = base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise bad("credentials are not base64 of UTF-8 text") from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise bad("expected client_id:client_secret")
    return unquote_plus(client_id), unquote_plus(secret)


def client_credentials_of(
    request: Request, params: dict[str, str], emulation: Emulation
) -> ClientCredentials | None:
    """The client's credentials from Basic or the body; None when no client_id was sent."""
    header = request.headers.get("Authorization", "")
    body_id = params.get("client_id")
    body_secret = params.get("client_secret")
    basic = header[:6].lower() == "basic "
    if "client_assertion" in params or "client_assertion_type" in params:
        if basic or body_secret is not None:
            raise oauth_error(emulation, "multiple_client_auth")
        if params.get("client_assertion_type") != ASSERTION_TYPE:
            raise oauth_error(emulation, "assertion_type", expected=ASSERTION_TYPE)
        if not params.get("client_assertion"):
            raise oauth_error(emulation, "missing_parameter", name="client_assertion")
        if not body_id:
            return None
        return ClientCredentials(body_id, None, "private_key_jwt", params["client_assertion"])
    if basic:
        client_id, secret = _basic(header, emulation)
        if body_secret is not None or (body_id is not None and body_id != client_id):
            raise oauth_error(emulation, "multiple_client_auth")
        return ClientCredentials(client_id, secret, "client_secret_basic")
    if not body_id:
        return None
    method = "client_secret_post" if body_secret is not None else "none"
    return ClientCredentials(body_id, body_secret, method)
