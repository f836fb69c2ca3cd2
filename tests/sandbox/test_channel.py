"""What waitress answers before the app runs, corrected (issue 10, found by the raw fuzz suite).

Requests waitress refuses itself (a malformed request line, headers past its limit, a body past
8 MiB, a transfer coding other than chunked) get the sandbox's JSON error, never text or a 5xx;
and `Expect: 100-continue` on a request without a body is answered instead of hanging.
"""

from __future__ import annotations

import json
import socket

import pytest

from auth0_explore.sandbox import Sandbox
from reliability.wire import Answer, exchange, read_answer


def _port(sb: Sandbox) -> int:
    return int(sb.base_url.rstrip("/").rsplit(":", 1)[1])


def _exchange(sb: Sandbox, data: bytes) -> Answer:
    """The sandbox's answer, read while the request is sent (it may answer before the end of a
    request it refuses); NoAnswerError after 10 s is the hang being tested for."""
    return exchange(_port(sb), data, timeout=10)


def _request(head: str, body: bytes = b"") -> bytes:
    return f"{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1") + body


REFUSED = [
    ("lower-case-method", _request("post /oauth/token HTTP/1.1"), 400, "Bad Request"),
    ("headers-past-the-limit", _request("GET /userinfo HTTP/1.1\r\nX-Big: " + "h" * 300_000),
     431, "Request Header Fields Too Large"),
    ("body-past-8-mib", _request("POST /oauth/token HTTP/1.1\r\nContent-Length: 9000000"),
     413, "Request Entity Too Large"),
    ("transfer-coding-gzip", _request("POST /oauth/token HTTP/1.1\r\nTransfer-Encoding: gzip"),
     400, "Not Implemented"),
]  # fmt: skip


@pytest.mark.parametrize(("request_bytes", "status", "reason"),
                         [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])  # fmt: skip
def test_what_waitress_refuses_is_a_json_error(
    plain: Sandbox, request_bytes: bytes, status: int, reason: str
) -> None:
    answer = _exchange(plain, request_bytes)
    assert answer.status == status
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["connection"] == "close"
    body = json.loads(answer.body)
    assert body["error"] == "invalid_request"
    assert body["error_description"].startswith(f"{reason}: ")


@pytest.mark.parametrize(
    "head",
    ["POST /oauth/token HTTP/1.1\r\nContent-Length: 0", "GET /.well-known/jwks.json HTTP/1.1"],
    ids=["post-content-length-0", "get-without-body"],
)
def test_expect_100_continue_without_a_body_is_answered(plain: Sandbox, head: str) -> None:
    """No `100 Continue` (nothing is to come), the answer at once; waitress used to send the
    100 and then wait for body bytes until its 30 s idle timeout closed the connection."""
    with socket.create_connection(("127.0.0.1", _port(plain)), timeout=10) as conn:
        conn.sendall(_request(f"{head}\r\nExpect: 100-continue"))
        first = conn.recv(65536)  # a timeout here is the hang
    assert not first.startswith(b"HTTP/1.1 100")
    assert first.split(b" ", 2)[1] in (b"200", b"400")


def test_expect_100_continue_with_a_body_still_gets_the_100_then_the_answer(
    plain: Sandbox,
) -> None:
    body = b"grant_type=client_credentials"
    head = "POST /oauth/token HTTP/1.1\r\nExpect: 100-continue\r\n"
    head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}"
    with socket.create_connection(("127.0.0.1", _port(plain)), timeout=10) as conn:
        conn.sendall(_request(head, body))
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    assert received.startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
    read = read_answer(received, eof=True)
    assert read is not None
    assert read[0].status == 401  # no client: the token endpoint's own answer


@pytest.mark.parametrize(
    ("head", "reason"),
    [("POST /api/v2/client-grants HTTP/1.1\r\nTransfer-Encoding: gzip", "Not Implemented"),
     ("get /api/v2/client-grants HTTP/1.1", "Bad Request")],
    ids=["transfer-coding", "unreadable-request-line"],
)  # fmt: skip
def test_under_the_management_api_a_refusal_is_its_error_body(
    plain: Sandbox, head: str, reason: str
) -> None:
    """The same refusals on /api/v2/ are Auth0's Management API body (found by the raw fuzz
    suite: they were OAuth's there)."""
    answer = _exchange(plain, _request(head))
    assert answer.status == 400
    body = json.loads(answer.body)
    assert body["statusCode"] == 400
    assert body["error"] == "Bad Request"
    assert body["message"].startswith(f"{reason}: ")
