"""Serving: HTTP/1.1 keep-alive for every kind of answer; stop() with idle connections open."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import cc_body

RS256 = "https://api.sandbox.example/"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class RecordingSession(requests.Session):
    """A requests.Session that records, per response, the local port of its TCP connection."""

    def __init__(self) -> None:
        super().__init__()
        self.ports: list[int] = []
        self.hooks["response"].append(self._record)

    def _record(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        # Called before the body is read, while urllib3 still lends the connection out;
        # 0 when the server has closed it already.
        connection = response.raw.connection
        sock = connection.sock if connection is not None else None
        self.ports.append(sock.getsockname()[1] if sock is not None else 0)

    def connections_used(self) -> int:
        """How many distinct TCP connections the responses came on (closed ones: one each)."""
        return len(set(self.ports) - {0}) + self.ports.count(0)


@pytest.fixture
def http() -> Iterator[RecordingSession]:
    """A session that records the local port of each response's connection."""
    with RecordingSession() as session:
        yield session


def _framed(response: requests.Response) -> bool:
    """The response says where it ends (Content-Length or chunked), so the connection can go on."""
    chunked = response.headers.get("Transfer-Encoding", "").lower() == "chunked"
    return "Content-Length" in response.headers or chunked


def test_one_session_makes_many_token_requests_on_one_connection(
    fresh: Sandbox, http: RecordingSession
) -> None:
    """Twenty client-credentials requests through one requests.Session use one TCP connection."""
    url = f"{fresh.base_url}oauth/token"
    for _ in range(20):
        response = http.post(url, data=cc_body(fresh, audience=RS256), timeout=10)
        assert response.status_code == 200
        assert response.headers.get("Connection", "").lower() != "close"
        assert _framed(response)
    assert http.connections_used() == 1


Ask = Callable[[Sandbox, requests.Session], requests.Response]


def _token(sb: Sandbox, http: requests.Session, **params: str) -> requests.Response:
    return http.post(f"{sb.base_url}oauth/token", data=cc_body(sb, **params), timeout=10)


def _faulted(status: int | None, body: bytes | None = None, delay: float = 0.0) -> Ask:
    def ask(sb: Sandbox, http: requests.Session) -> requests.Response:
        sb.faults.inject("/oauth/token", status=status, body=body, delay=delay)
        return _token(sb, http, audience=RS256)

    return ask


ANSWERS: list[tuple[str, Ask, int]] = [
    ("404", lambda sb, http: http.get(f"{sb.base_url}nope", timeout=10), 404),
    ("405", lambda sb, http: http.get(f"{sb.base_url}oauth/token", timeout=10), 405),
    ("head-jwks", lambda sb, http: http.head(f"{sb.base_url}.well-known/jwks.json"), 200),
    ("oauth-error", lambda sb, http: _token(sb, http, audience="https://unknown.example/"), 403),
    ("fault-503", _faulted(503), 503),
    ("fault-injected-body", _faulted(502, b"<html>bad gateway</html>"), 502),
    ("fault-delay-only", _faulted(None, delay=0.2), 200),
    (
        "json-413-oversized-body",
        lambda sb, http: http.post(
            f"{sb.base_url}oauth/token", data=b"pad=" + b"a" * 70_000, headers=FORM, timeout=10
        ),
        413,
    ),
]


@pytest.mark.parametrize(("ask", "status"), [a[1:] for a in ANSWERS], ids=[a[0] for a in ANSWERS])
def test_error_and_fault_answers_keep_the_connection(
    fresh: Sandbox, http: RecordingSession, ask: Ask, status: int
) -> None:
    """Each answer is framed; a token request after it reuses the same connection."""
    assert _token(fresh, http, audience=RS256).status_code == 200
    response = ask(fresh, http)
    assert response.status_code == status
    assert _framed(response) or response.request.method == "HEAD"
    assert _token(fresh, http, audience=RS256).status_code == 200
    assert http.connections_used() == 1


def test_a_body_past_the_server_cap_is_refused_and_the_connection_closed(
    fresh: Sandbox, http: RecordingSession
) -> None:
    """9 MB (past the 8 MiB cap): 413 with Connection: close; the next request gets a new one."""
    assert _token(fresh, http, audience=RS256).status_code == 200
    huge = b"pad=" + b"a" * 9_000_000
    response = http.post(f"{fresh.base_url}oauth/token", data=huge, headers=FORM, timeout=30)
    assert response.status_code == 413
    assert response.headers.get("Connection", "").lower() == "close"
    assert _token(fresh, http, audience=RS256).status_code == 200
    before, _, after = http.ports
    assert before != after


def test_curl_reuses_the_connection_for_two_urls(plain: Sandbox) -> None:
    """`curl -v URL URL`: the second transfer says it re-uses the connection."""
    url = f"{plain.base_url}.well-known/jwks.json"
    done = subprocess.run(
        ["curl", "-sS", "-v", "-o", "/dev/null", "-o", "/dev/null", url, url],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert "Re-using existing connection" in done.stderr, done.stderr


def test_stop_closes_idle_kept_alive_connections() -> None:
    """stop() with an idle kept-alive connection open: the server closes it and stops."""
    sb = Sandbox(profile="plain", seed=7).start()
    port = int(sb.base_url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(b"GET /.well-known/jwks.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = conn.recv(65536)
        assert head.startswith(b"HTTP/1.1 200")
        assert b"Connection: close" not in head
        sb.stop()
        rest = b""
        while chunk := conn.recv(65536):  # the rest of the body, then end of stream
            rest += chunk
    assert not sb.running
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
