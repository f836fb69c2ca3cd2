"""Values that are not Unicode text (issue 10, finding 2) get the route's 4xx, never a 500.

JSON may escape a lone surrogate (`"x\\ud800"`): the parser hands back a string no encoder
accepts, which used to reach an error description or a page and end in a 500. Form bodies,
query strings, paths and headers cannot carry one (strict UTF-8 for forms, replacement
characters for URLs, Latin-1 for headers); they are tried here too, on every route.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any

import pytest
import requests

from auth0_explore.sandbox import Sandbox

RS256 = "https://api.sandbox.example/"
LONE = "x\\ud800"  # the JSON escape of a lone high surrogate, as sent on the wire
CALLBACK = "http://localhost:3000/callback"

Body = Callable[[Sandbox], dict[str, str]]


def _token_body(sb: Sandbox) -> dict[str, str]:
    m2m = sb.application("m2m")
    secret = m2m.client_secret.reveal() if m2m.client_secret else ""
    return {"grant_type": "client_credentials", "client_id": m2m.client_id,
            "client_secret": secret, "audience": RS256, "scope": "read:items"}  # fmt: skip


def _device_body(sb: Sandbox) -> dict[str, str]:
    return {"client_id": sb.application("cli").client_id, "audience": RS256}


def _revoke_body(sb: Sandbox) -> dict[str, str]:
    web = sb.application("web")
    secret = web.client_secret.reveal() if web.client_secret else ""
    return {"client_id": web.client_id, "client_secret": secret, "token": "v1.Mabc"}


def _login_body(sb: Sandbox) -> dict[str, str]:
    return {"client_id": sb.application("web").client_id, "response_type": "code",
            "redirect_uri": CALLBACK, "username": "alice@example.com",
            "password": "alice-Sandbox-1", "state": "s"}  # fmt: skip


def _activate_body(sb: Sandbox) -> dict[str, str]:
    return {"user_code": "BCDF-GHJK", "username": "alice@example.com", "action": "approve"}


# Every (route, parameter) the finding listed; JSON routes answer JSON, the two pages HTML.
CASES: list[tuple[str, Body, str, bool]] = [
    ("oauth/token", _token_body, "grant_type", True),
    ("oauth/token", _token_body, "client_secret", True),
    ("oauth/token", _token_body, "audience", True),
    ("oauth/token", _token_body, "scope", True),
    ("oauth/device/code", _device_body, "audience", True),
    ("oauth/revoke", _revoke_body, "client_secret", True),
    ("u/login", _login_body, "client_id", False),
    ("u/login", _login_body, "response_type", False),
    ("u/login", _login_body, "redirect_uri", False),
    ("u/login", _login_body, "username", False),
    ("u/login", _login_body, "state", False),
    ("activate", _activate_body, "user_code", False),
]


def _json_with(body: dict[str, str], name: str, escaped: str) -> bytes:
    """`body` as JSON with `name`'s value replaced by raw JSON text (an escape json.dumps
    would never write)."""
    others = {k: v for k, v in body.items() if k != name}
    members = [f"{json.dumps(k)}:{json.dumps(v)}" for k, v in others.items()]
    members.append(f'{json.dumps(name)}:"{escaped}"')
    return ("{" + ",".join(members) + "}").encode("ascii")


def _post_json(sb: Sandbox, path: str, data: bytes) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    return requests.post(f"{sb.base_url}{path}", data=data, headers=headers, timeout=10)


@pytest.mark.parametrize(
    ("path", "body", "name", "json_route"),
    CASES,
    ids=[f"{path.replace('/', '-')}-{name}" for path, _, name, _ in CASES],
)
def test_a_lone_surrogate_in_a_json_value_is_the_routes_400(
    plain: Sandbox, path: str, body: Body, name: str, json_route: bool
) -> None:
    """400 invalid_request naming the parameter: JSON on the OAuth routes, the page on the
    login and activation forms (as for any other invalid body there)."""
    response = _post_json(plain, path, _json_with(body(plain), name, LONE))
    assert response.status_code == 400, response.text
    wanted = f"Invalid parameter: {name} is not valid Unicode text"
    if json_route:
        assert response.json()["error"] == "invalid_request"
        assert response.json()["error_description"].startswith(wanted)
        assert response.headers["Cache-Control"] == "no-store"
    else:
        assert response.headers["Content-Type"].startswith("text/html")
        assert wanted in response.text


def test_a_lone_surrogate_in_a_json_name_is_a_400(plain: Sandbox) -> None:
    """An unknown member would be ignored, but not one whose name is not text."""
    data = json.dumps(_token_body(plain)).encode("ascii")
    data = data[:-1] + b', "' + LONE.encode("ascii") + b'extra": "value"}'
    response = _post_json(plain, "oauth/token", data)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "error_description": "The request body could not be parsed: "
        "a parameter name is not valid Unicode text",
    }


def test_a_valid_surrogate_pair_is_text_and_accepted(plain: Sandbox) -> None:
    """The pair `\\ud83d\\ude00` is one character (U+1F600): fine, even in a password."""
    data = _json_with(_token_body(plain), "state", "\\ud83d\\ude00")
    assert _post_json(plain, "oauth/token", data).status_code == 200


ROUTES = [("POST", "oauth/token"), ("POST", "oauth/device/code"), ("POST", "oauth/revoke"),
          ("POST", "u/login"), ("GET", "activate"), ("POST", "activate"), ("GET", "authorize"),
          ("GET", "userinfo"), ("GET", "v2/logout"), ("GET", "oidc/logout"),
          ("GET", ".well-known/openid-configuration"), ("GET", ".well-known/jwks.json"),
          ("GET", "%ED%A0%80")]  # fmt: skip
# Bytes that are no UTF-8 text, where HTTP can carry them: the query, the path, headers.
RAW = [
    ("query-encoded-surrogate", "?client_id=%ED%A0%80&returnTo=%ED%A0%80&user_code=%ED%A0%80", ""),
    ("query-invalid-utf8", "?client_id=%FF%FE&redirect_uri=%C3&state=%ED%A0%80", ""),
    ("authorization", "", "Authorization: Bearer \xed\xa0\x80\r\n"),
    ("basic", "", "Authorization: Basic \xed\xa0\x80\xff\r\n"),
    ("cookie", "", "Cookie: auth0=\xed\xa0\x80\r\n"),
    ("host", "", "Host: \xed\xa0\x80\r\n"),
]


def _raw_status(sb: Sandbox, request: bytes) -> int:
    port = int(sb.base_url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request)
        head = b""
        while b"\r\n" not in head and (chunk := conn.recv(4096)):
            head += chunk
    return int(head.split(b" ", 2)[1])


@pytest.mark.parametrize("raw", RAW, ids=[r[0] for r in RAW])
def test_undecodable_bytes_in_urls_and_headers_never_get_a_5xx(
    plain: Sandbox, raw: tuple[str, str, str]
) -> None:
    """Every route, with the bytes in the query string, the path or a header: below 500."""
    _, query, header = raw
    host = "" if header.startswith("Host") else "Host: 127.0.0.1\r\n"
    for method, path in ROUTES:
        request = f"{method} /{path}{query} HTTP/1.1\r\n{host}{header}Connection: close\r\n"
        request += "Content-Length: 0\r\n\r\n"
        status = _raw_status(plain, request.encode("latin-1"))
        assert status < 500, (method, path, status)


def test_a_lone_surrogate_in_every_json_parameter_of_every_body_route_is_a_4xx(
    plain: Sandbox,
) -> None:
    """Any parameter name the sandbox reads, on every route that takes a body: never a 5xx."""
    names = ["grant_type", "client_id", "client_secret", "audience", "scope", "organization",
             "code", "redirect_uri", "code_verifier", "refresh_token", "username", "password",
             "realm", "device_code", "token", "user_code", "action", "response_type", "state",
             "nonce", "connection", "prompt", "max_age", "response_mode", "code_challenge",
             "code_challenge_method", "client_assertion", "client_assertion_type", "resource",
             "login_hint"]  # fmt: skip
    bodies: dict[str, Any] = {"oauth/token": _token_body, "oauth/device/code": _device_body,
                              "oauth/revoke": _revoke_body, "u/login": _login_body,
                              "activate": _activate_body}  # fmt: skip
    for path, body in bodies.items():
        for name in names:
            response = _post_json(plain, path, _json_with(body(plain), name, LONE))
            assert 400 <= response.status_code < 500, (path, name, response.text)
