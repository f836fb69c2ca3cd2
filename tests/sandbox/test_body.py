"""Request encodings and client authentication at /oauth/token (§2.1), and bad input."""

from __future__ import annotations

import base64
import json
import random
from typing import Any
from urllib.parse import quote_plus, urlencode

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import cc_body

RS256 = "https://api.sandbox.example/"


def _basic(client_id: str, secret: str) -> str:
    raw = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return "Basic " + base64.b64encode(raw).decode()


def test_json_body_with_nulls_is_accepted(plain: Sandbox) -> None:
    """JSON bodies work; null members (auth0-python's "organization": null) are ignored."""
    body = cc_body(plain, audience=RS256, organization=None, scope=None)
    response = requests.post(f"{plain.base_url}oauth/token", json=body, timeout=10)
    assert response.status_code == 200
    assert response.json()["scope"] == "read:items write:items"


def test_http_basic_client_authentication(plain: Sandbox) -> None:
    """client_secret_basic: credentials in the Authorization header only."""
    app = plain.application("m2m")
    assert app.client_secret is not None
    response = requests.post(
        f"{plain.base_url}oauth/token",
        data={"grant_type": "client_credentials", "audience": RS256},
        headers={"Authorization": _basic(app.client_id, app.client_secret.reveal())},
        timeout=10,
    )
    assert response.status_code == 200


def test_unknown_extra_parameters_are_ignored(plain: Sandbox) -> None:
    """Extra parameters do not matter (GO-REC Should_allow_sending_extra_parameters)."""
    response = requests.post(
        f"{plain.base_url}oauth/token",
        data=cc_body(plain, audience=RS256, test="value", extra="value"),
        timeout=10,
    )
    assert response.status_code == 200


def _raw(sb: Sandbox, body: bytes, content_type: str | None, **headers: str) -> requests.Response:
    if content_type is not None:
        headers["Content-Type"] = content_type
    return requests.post(f"{sb.base_url}oauth/token", data=body, headers=headers, timeout=10)


def _form(sb: Sandbox, **extra: Any) -> bytes:
    return urlencode(cc_body(sb, audience=RS256, **extra)).encode()


FORM = "application/x-www-form-urlencoded"
BAD_BODIES: list[tuple[str, Any, str | None, int, str, str]] = [
    (
        "wrong-content-type",
        lambda sb: _form(sb),
        "text/plain",
        400,
        "invalid_request",
        "Unsupported content type: text/plain. Send application/x-www-form-urlencoded "
        "or application/json",
    ),
    (
        "body-without-content-type",
        lambda sb: _form(sb),
        None,
        400,
        "invalid_request",
        "Unsupported content type: none. Send application/x-www-form-urlencoded "
        "or application/json",
    ),
    (
        "empty-body",
        lambda sb: b"",
        None,
        400,
        "invalid_request",
        "Missing required parameter: grant_type",
    ),
    (
        "unparseable-json",
        lambda sb: b'{"grant_type": "client_credentials",',
        "application/json",
        400,
        "invalid_request",
        "The request body could not be parsed: invalid JSON",
    ),
    (
        "json-array",
        lambda sb: b"[1, 2]",
        "application/json",
        400,
        "invalid_request",
        "The request body could not be parsed: expected a JSON object",
    ),
    (
        "json-number-value",
        lambda sb: json.dumps({"grant_type": "client_credentials", "scope": 3}).encode(),
        "application/json",
        400,
        "invalid_request",
        "Invalid parameter: scope must be a string",
    ),
    (
        "json-duplicate-member",
        lambda sb: b'{"grant_type":"client_credentials","grant_type":"password"}',
        "application/json",
        400,
        "invalid_request",
        "Parameter sent more than once: grant_type",
    ),
    (
        "form-duplicate-parameter",
        lambda sb: _form(sb) + b"&audience=https%3A%2F%2Fother%2F",
        FORM,
        400,
        "invalid_request",
        "Parameter sent more than once: audience",
    ),
    (
        "form-not-utf8",
        lambda sb: b"grant_type=client_credentials&audience=\xff\xfe",
        FORM,
        400,
        "invalid_request",
        "The request body could not be parsed: not valid UTF-8",
    ),
    (
        "form-percent-encoded-not-utf8",
        lambda sb: b"grant_type=client_credentials&audience=%ff%fe",
        FORM,
        400,
        "invalid_request",
        "The request body could not be parsed: not valid UTF-8",
    ),
    (
        "json-not-utf8",
        lambda sb: b'{"grant_type":"\xff"}',
        "application/json",
        400,
        "invalid_request",
        "The request body could not be parsed: not valid UTF-8",
    ),
    (
        "oversized-body",
        lambda sb: b"grant_type=client_credentials&pad=" + b"a" * 70_000,
        FORM,
        413,
        "invalid_request",
        "Request body larger than 65536 bytes",
    ),
]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error", "description"),
    [row[1:] for row in BAD_BODIES],
    ids=[row[0] for row in BAD_BODIES],
)
def test_bad_bodies_get_clear_json_errors(
    plain: Sandbox, body: Any, content_type: str | None, status: int, error: str, description: str
) -> None:
    """Malformed requests get an RFC 6749 style JSON error, never a 500."""
    response = _raw(plain, body(plain), content_type)
    assert response.status_code == status
    assert response.json() == {"error": error, "error_description": description}


def test_basic_and_body_secret_together_is_refused(plain: Sandbox) -> None:
    """RFC 6749 §2.3: one authentication method per request."""
    app = plain.application("m2m")
    assert app.client_secret is not None
    response = _raw(
        plain, _form(plain), FORM, Authorization=_basic(app.client_id, app.client_secret.reveal())
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "Use only one client authentication method: "
        "HTTP Basic or client_secret in the body",
    }


def test_malformed_basic_header_is_refused(plain: Sandbox) -> None:
    """A Basic header that is not base64 of id:secret is a 400 saying so."""
    body = urlencode({"grant_type": "client_credentials", "audience": RS256}).encode()
    response = _raw(plain, body, FORM, Authorization="Basic !!!notbase64")
    assert response.status_code == 400
    assert response.json()["error_description"] == (
        "The Authorization header is not valid HTTP Basic: credentials are not base64 of UTF-8 text"
    )


@pytest.mark.parametrize(
    ("method", "path", "status", "body"),
    [
        ("GET", "/nope", 404, {"error": "not_found", "error_description": "Not found: GET /nope"}),
        (
            "GET",
            "/oauth/token",
            405,
            {
                "error": "method_not_allowed",
                "error_description": "Method GET is not allowed on /oauth/token; use POST",
            },
        ),
        (
            "DELETE",
            "/.well-known/jwks.json",
            405,
            {
                "error": "method_not_allowed",
                "error_description": "Method DELETE is not allowed on /.well-known/jwks.json; "
                "use GET, HEAD",
            },
        ),
        (
            "GET",
            "/api/v2/nope",
            404,
            {"statusCode": 404, "error": "Not Found", "message": "Not found: GET /api/v2/nope"},
        ),
        (
            "TRACE",
            "/api/v2/clients",
            405,
            {
                "statusCode": 405,
                "error": "Method Not Allowed",
                "message": "Method TRACE is not allowed on /api/v2/clients; use GET, HEAD",
            },
        ),
    ],
    ids=[
        "unknown-route-404",
        "get-token-405",
        "delete-jwks-405",
        "management-404",
        "management-405",
    ],
)
def test_unknown_routes_and_methods_answer_json(
    plain: Sandbox, method: str, path: str, status: int, body: dict[str, str]
) -> None:
    """404 and 405 are JSON, never cached (found by the fuzz suite: a TRACE to /oauth/token
    got a 405 without `Cache-Control: no-store`), in the Management API's body under /api/v2/
    (found by the same suite); 405 names the allowed methods in `Allow`."""
    response = requests.request(method, f"{plain.base_url}{path.lstrip('/')}", timeout=10)
    assert response.status_code == status
    assert response.json() == body
    assert response.headers["Cache-Control"] == "no-store"
    if status == 405:
        assert response.headers["Allow"]


def test_hostile_host_header_falls_back_to_the_loopback_base_url(plain: Sandbox) -> None:
    """A Host that is not a host name does not end up in the issuer."""
    response = requests.get(
        f"{plain.base_url}.well-known/openid-configuration",
        headers={"Host": "evil/path?x"},
        timeout=10,
    )
    assert response.json()["issuer"] == plain.base_url


def test_random_bodies_and_content_types_never_get_a_500(plain: Sandbox) -> None:
    """300 seeded random requests: every answer is a JSON 4xx with error and description."""
    rng = random.Random(20261129)  # noqa: S311 - reproducible fuzzing, not cryptography
    content_types = [FORM, "application/json", "text/plain", "multipart/form-data", "", "a/b;c"]
    seeds = [b"grant_type=client_credentials&", b'{"grant_type":', b"%", b"\xff", b"[", b"="]
    for _ in range(300):
        body = rng.choice(seeds) + rng.randbytes(rng.randrange(0, 64))
        response = _raw(plain, body, rng.choice(content_types))
        assert 400 <= response.status_code < 500, (body, response.text)
        assert set(response.json()) >= {"error", "error_description"}
