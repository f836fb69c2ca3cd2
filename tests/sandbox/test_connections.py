"""Many kept-alive clients on one sandbox (issue 10, finding 1): none starves, none is lost.

The clients are plain non-blocking sockets driven by one selector, so a thousand of them cost
this process no threads: each connects, sends a request, reads the whole answer and sends the
next on the same connection, all at once. An answer is counted only when complete.
"""

from __future__ import annotations

import logging
import selectors
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import SEED, cc_body

RS256 = "https://api.sandbox.example/"


@dataclass
class Client:
    """One kept-alive connection and the requests it still has to send."""

    sock: socket.socket
    requests: list[bytes]
    statuses: list[int] = field(default_factory=list)
    buffer: bytes = b""


def _port(sb: Sandbox) -> int:
    return int(sb.base_url.rstrip("/").rsplit(":", 1)[1])


def _get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def _post_form(path: str, body: str) -> bytes:
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n" + body).encode()


def _answer(client: Client) -> bool:
    """Take one complete response off the client's buffer; False while it is incomplete."""
    head, sep, rest = client.buffer.partition(b"\r\n\r\n")
    if not sep:
        return False
    lines = head.split(b"\r\n")
    length = next(
        int(line.split(b":", 1)[1]) for line in lines if line.lower().startswith(b"content-length")
    )
    if len(rest) < length:
        return False
    client.statuses.append(int(lines[0].split(b" ", 2)[1]))
    client.buffer = rest[length:]
    return True


def drive(port: int, plans: list[list[bytes]], deadline: float) -> list[Client]:
    """Open one connection per plan at once and send its requests one after the other on it."""
    selector = selectors.DefaultSelector()
    clients = []
    for plan in plans:
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        client = Client(sock, list(plan))
        clients.append(client)
        selector.register(sock, selectors.EVENT_WRITE, client)
    waiting = len(clients)
    end = time.monotonic() + deadline
    try:
        while waiting and time.monotonic() < end:
            for key, events in selector.select(timeout=0.5):
                client = key.data
                if events & selectors.EVENT_WRITE:
                    client.sock.sendall(client.requests.pop(0))
                    selector.modify(client.sock, selectors.EVENT_READ, client)
                    continue
                try:
                    chunk = client.sock.recv(65536)
                except OSError:  # reset: counted as lost
                    chunk = b""
                client.buffer += chunk
                if not chunk or _answer(client):
                    if chunk and client.requests:
                        selector.modify(client.sock, selectors.EVENT_WRITE, client)
                    else:
                        selector.unregister(client.sock)
                        waiting -= 1
    finally:
        selector.close()
    return clients


@pytest.fixture
def closing() -> Iterator[list[Client]]:
    """Clients to close after the test, whatever happened."""
    clients: list[Client] = []
    yield clients
    for client in clients:
        client.sock.close()


def test_a_thousand_kept_alive_clients_all_get_their_answers(closing: list[Client]) -> None:
    """1,000 connections at once, two requests each on the same connection (discovery, then
    JWKS or, for one in ten, a token): 2,000 answers, all 200, none lost."""
    with Sandbox(profile="plain", seed=SEED) as sb:
        token = _post_form("/oauth/token", urlencode(cc_body(sb, audience=RS256)))
        plans = [
            [_get("/.well-known/openid-configuration"),
             token if n % 10 == 0 else _get("/.well-known/jwks.json")]
            for n in range(1000)
        ]  # fmt: skip
        clients = drive(_port(sb), plans, deadline=120)
        closing.extend(clients)
        answered = sum(len(c.statuses) for c in clients)
        assert answered == 2000, f"{2000 - answered} requests got no answer"
        assert {s for c in clients for s in c.statuses} == {200}


def test_past_its_connection_limit_the_sandbox_says_so_and_loses_nothing(
    caplog: pytest.LogCaptureFixture, closing: list[Client]
) -> None:
    """`max_connections=4`, six clients: four are served, the sandbox's logger warns with the
    limit and the setting; once those four hang up, the other two are served too."""
    caplog.set_level(logging.INFO, logger="auth0_explore.sandbox")
    with Sandbox(profile="plain", seed=SEED, max_connections=4) as sb:
        port = _port(sb)
        first = drive(port, [[_get("/.well-known/jwks.json")]] * 4, deadline=30)
        closing.extend(first)
        later = drive(port, [[_get("/.well-known/jwks.json")]] * 2, deadline=2)
        closing.extend(later)
        assert [c.statuses for c in first] == [[200]] * 4
        assert [c.statuses for c in later] == [[], []]  # waiting in the listen backlog
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        said = [r.getMessage() for r in warnings if r.name.startswith("auth0_explore.sandbox")]
        assert any("at most 4 connections" in m and "max_connections" in m for m in said), said
        for client in first:
            client.sock.close()
        for client in later:  # the requests already sent are answered once accepted
            while not _answer(client) and (chunk := _recv(client.sock, deadline=30)):
                client.buffer += chunk
        assert [c.statuses for c in later] == [[200], [200]]


def test_a_connection_being_handed_to_its_loop_still_counts(
    monkeypatch: pytest.MonkeyPatch, closing: list[Client]
) -> None:
    """A loop taking over a connection is slow (here 1.5 s, past the accepting loop's 1 s poll):
    the connection counts against the limit the whole time, so a fifth is never accepted (it
    was, in about one full run in two on a loaded machine)."""
    from auth0_explore.sandbox.http import loops

    adopt = loops._Loop.adopt

    def slow_adopt(self: loops._Loop, conn: socket.socket, addr: object) -> None:
        if threading.current_thread() is self.thread and not self.accepts:
            time.sleep(1.5)
        adopt(self, conn, addr)

    monkeypatch.setattr(loops._Loop, "adopt", slow_adopt)
    with Sandbox(profile="plain", seed=SEED, max_connections=4) as sb:
        clients = drive(_port(sb), [[_get("/.well-known/jwks.json")]] * 6, deadline=4)
        closing.extend(clients)
        assert sorted(c.statuses for c in clients) == [[], [], [200], [200], [200], [200]]


def _recv(sock: socket.socket, deadline: float) -> bytes:
    sock.setblocking(True)
    sock.settimeout(deadline)
    return sock.recv(65536)


def test_the_open_file_limit_is_raised_or_the_connection_limit_follows_it() -> None:
    """In a process allowed 256 open files (hard limit 3,000): the sandbox raises its own limit
    to 3,000 and, short of 4,096 connections plus a reserve, says how many it will hold."""
    code = (
        "import logging, resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, 3000))\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stdout, format='%(message)s')\n"
        "from auth0_explore.sandbox import Sandbox\n"
        "with Sandbox(profile='plain', seed=7):\n"
        "    print('soft', resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert "soft 3000" in done.stdout
    assert "may open 3000 files: the sandbox holds at most 2250 connections" in done.stdout


@pytest.mark.parametrize(("limit", "accepted"), [(100, 20), (5, 5)])
def test_one_wake_up_accepts_every_waiting_connection_up_to_the_limit(
    limit: int, accepted: int
) -> None:
    """Twenty connections waiting in the backlog are all accepted on one wake-up of the poll
    loop (the load suite: one per wake-up made the last of 1,000 clients wait 15 s while the
    sandbox signed tokens), and never past `max_connections`. White-box: the accepting loop's
    handler, called once, with no loop running."""
    from auth0_explore.clock import SystemClock
    from auth0_explore.sandbox.http.app import SandboxApp
    from auth0_explore.sandbox.http.hosts import SandboxDomain
    from auth0_explore.sandbox.http.server import _serve
    from auth0_explore.sandbox.http.state import SandboxState
    from auth0_explore.sandbox.tenant.profiles import load_profile

    state = SandboxState.create(load_profile("plain"), SystemClock(), seed=SEED)
    app = SandboxApp(state, SandboxDomain("dev-sandbox.us.auth0.com", "", canonical=True))
    listener = _serve(0, app, "test", limit)
    waiting = [socket.create_connection(("127.0.0.1", listener.port)) for _ in range(20)]
    try:
        assert listener.connections == 0
        listener._loops[0].server.handle_accept()
        assert listener.connections == accepted
    finally:
        for sock in waiting:
            sock.close()
        listener.stop()
