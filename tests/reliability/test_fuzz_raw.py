"""Raw fuzz (issue 10): hypothesis-made HTTP/1.1 requests over sockets, and hostile pacing.

`RAW_EXAMPLES` requests from `rawhttp.raw_requests` (odd methods and paths, duplicated, huge and
undecodable parameters, every content type and charset, truncated, nested and lone-surrogate
JSON, huge and repeated headers, chunked bodies), each on its own connection to one sandbox.
Bar (`bar.py`): a complete answer within `BOUND`, no 5xx, every 4xx an OAuth JSON error or the
page a person gets by design, no-store on the token endpoints. Then the pacing a slow or broken
client inflicts: a request sent a few bytes at a time, requests cut off mid-way, and idle
connections that never send anything — the sandbox keeps answering everyone else meanwhile.
"""

from __future__ import annotations

import socket
import struct
import time
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from auth0_explore.sandbox import Sandbox
from reliability.wire import exchange, read_answer
from tests.reliability.bar import problems_with
from tests.reliability.conftest import DERANDOMIZE, RAW_EXAMPLES, by_status
from tests.reliability.rawhttp import RawRequest, raw_requests

pytestmark = pytest.mark.reliability

BOUND = 10.0  # seconds for a complete answer


@pytest.fixture(scope="module")
def target() -> Iterator[Sandbox]:
    with Sandbox(profile="full") as sb:
        yield sb


def _port(sb: Sandbox) -> int:
    return int(sb.base_url.rstrip("/").rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def sent(figures: list[str]) -> Iterator[Counter[int]]:
    """Answers by status; the module's figure once the fuzz test is done."""
    statuses: Counter[int] = Counter()
    yield statuses
    if statuses:
        figures.append(
            f"fuzz (raw requests over sockets): {sum(statuses.values())} requests, every one "
            f"answered within {BOUND:g} s, none 5xx ({by_status(statuses)})"
        )


@settings(
    max_examples=RAW_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=DERANDOMIZE,
    # no "explain" phase: it prints every draw, 300 KB headers included, which hypothesis then
    # refuses with a warning (an error here) that hides the failure itself
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(request=raw_requests())
def test_any_request_gets_a_complete_answer_that_meets_the_bar(
    target: Sandbox, sent: Counter[int], request: RawRequest
) -> None:
    head_only = request.method.upper() == "HEAD"
    answer = exchange(_port(target), request.data, timeout=BOUND, head_only=head_only)
    sent[answer.status] += 1
    problems = problems_with(request.method, request.path, answer.status, answer.headers,
                             answer.body)  # fmt: skip
    assert not problems, problems


def _token_request(sb: Sandbox) -> bytes:
    m2m = sb.application("m2m")
    secret = m2m.client_secret.reveal() if m2m.client_secret else ""
    rs256 = "https://api.sandbox.example/"
    body = urlencode({"grant_type": "client_credentials", "client_id": m2m.client_id,
                      "client_secret": secret, "audience": rs256})  # fmt: skip
    head = "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n" + body).encode()


def test_a_request_sent_a_few_bytes_at_a_time_is_answered(target: Sandbox) -> None:
    """Eight bytes every 10 ms (about half a second for a token request): a slow client gets
    its token like any other."""
    data = _token_request(target)
    with socket.create_connection(("127.0.0.1", _port(target)), timeout=BOUND) as conn:
        for start in range(0, len(data), 8):
            conn.sendall(data[start : start + 8])
            time.sleep(0.01)
        received = b""
        while (read := read_answer(received)) is None and (chunk := conn.recv(65536)):
            received += chunk
    assert read is not None
    assert read[0].status == 200
    assert read[0].headers["cache-control"] == "no-store"


def _stall(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=BOUND)
    if data:
        sock.sendall(data)
    return sock


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a crashed client's kernel does."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def test_slow_stalled_and_vanishing_clients_hold_no_one_else_up(target: Sandbox) -> None:
    """300 connections that stall (half a request line, headers without their end, a body
    short of its Content-Length, nothing at all) or vanish mid-request (a reset): while they
    are all open, 20 ordinary token requests are each answered within the bound, and after
    they are gone the sandbox still answers. A stalled request holds no worker thread."""
    port, token = _port(target), _token_request(target)
    partial = [b"POST /oauth/tok", token[: token.index(b"\r\n\r\n")], token[:-10], b""]
    stalled = [_stall(port, partial[n % 4]) for n in range(240)]
    for n in range(60):
        _reset(_stall(port, partial[n % 3]))
    try:
        answers = [exchange(port, token, timeout=BOUND) for _ in range(20)]
    finally:
        for sock in stalled:
            _reset(sock)
    assert [a.status for a in answers] == [200] * 20
    assert exchange(port, token, timeout=BOUND).status == 200
