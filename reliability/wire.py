"""Raw HTTP/1.1 on a socket: requests as bytes, responses read from a growing buffer.

The drivers talk to the sandbox byte for byte (no client library to retry, pool or reframe
anything), so every answer counts and a malformed one shows. The sandbox frames every response
with Content-Length (waitress's own error pages too); chunked answers are read as well.
"""

from __future__ import annotations

import selectors
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

__all__ = [
    "Answer",
    "NoAnswerError",
    "Request",
    "exchange",
    "form_request",
    "get_request",
    "read_answer",
]


@dataclass(frozen=True)
class Request:
    """One request: what it is for (`label`), its bytes, and the statuses it may get."""

    label: str
    data: bytes
    expect: frozenset[int] = frozenset({200})


@dataclass(frozen=True)
class Answer:
    """One complete response."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names, last one wins
    body: bytes = b""
    cookies: tuple[str, ...] = ()  # the `name=value` of each Set-Cookie


def _head(method: str, target: str, headers: Mapping[str, str]) -> str:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return "\r\n".join(lines) + "\r\n"


def get_request(
    label: str,
    path: str,
    query: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    expect: frozenset[int] = frozenset({200}),
) -> Request:
    """A GET on a kept-alive connection."""
    target = f"{path}?{urlencode(query)}" if query else path
    return Request(label, (_head("GET", target, headers or {}) + "\r\n").encode(), expect)


def form_request(
    label: str,
    path: str,
    params: Mapping[str, str],
    headers: Mapping[str, str] | None = None,
    expect: frozenset[int] = frozenset({200}),
) -> Request:
    """A form POST on a kept-alive connection."""
    body = urlencode(params).encode()
    sent = {
        **(headers or {}),
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(body)),
    }
    return Request(label, (_head("POST", path, sent) + "\r\n").encode() + body, expect)


def _chunked(data: bytes) -> tuple[bytes, int] | None:
    """The body of a chunked message at the start of `data` and its length on the wire."""
    body, at = b"", 0
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return None
        size = int(data[at:line_end].split(b";")[0], 16)
        start = line_end + 2
        if size == 0:
            end = data.find(b"\r\n\r\n", line_end)  # trailers, then the blank line
            return (body, end + 4) if end >= 0 else None
        if len(data) < start + size + 2:
            return None
        body += data[start : start + size]
        at = start + size + 2


def read_answer(
    buffer: bytes, *, head_only: bool = False, eof: bool = False
) -> tuple[Answer, bytes] | None:
    """The first complete response in `buffer` and what follows it; None while incomplete.

    `head_only`: the answer to a HEAD request, which has headers but no body. `eof`: the peer
    closed the connection, which ends a body that has neither length nor chunks.
    """
    head, sep, rest = buffer.partition(b"\r\n\r\n")
    if not sep:
        return None
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    cookies = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
        if name.strip().lower() == "set-cookie":
            cookies.append(value.strip().split(";", 1)[0])
    if 100 <= status < 200 and status != 101:  # interim (100 Continue): the answer follows
        return read_answer(rest, head_only=head_only, eof=eof)
    if head_only or status in (204, 304):
        return Answer(status, headers, b"", tuple(cookies)), rest
    if "chunked" in headers.get("transfer-encoding", "").lower():
        chunked = _chunked(rest)
        if chunked is None:
            return None
        body, used = chunked
        return Answer(status, headers, body, tuple(cookies)), rest[used:]
    if "content-length" not in headers:
        return (Answer(status, headers, rest, tuple(cookies)), b"") if eof else None
    length = int(headers["content-length"])
    if len(rest) < length:
        return None
    return Answer(status, headers, rest[:length], tuple(cookies)), rest[length:]


class NoAnswerError(Exception):
    """The server closed, or stayed silent past the timeout, before a complete answer."""


def exchange(port: int, data: bytes, *, timeout: float, head_only: bool = False) -> Answer:
    """Send `data` on a new connection to 127.0.0.1:`port`, reading while sending (a server
    may answer and stop reading before a huge request is all sent); the first complete
    answer, or `NoAnswerError` when none came within `timeout` seconds or before the server
    closed."""
    deadline = time.monotonic() + timeout
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.setblocking(False)
        buffer, eof, outgoing = b"", False, data
        with selectors.DefaultSelector() as selector:
            selector.register(conn, selectors.EVENT_READ | selectors.EVENT_WRITE)
            while (read := read_answer(buffer, head_only=head_only, eof=eof)) is None:
                if eof:
                    raise NoAnswerError(f"closed without a complete answer: {buffer[:200]!r}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise NoAnswerError(f"no answer within {timeout:g} s: {buffer[:200]!r}")
                for _, events in selector.select(remaining):
                    if events & selectors.EVENT_WRITE:
                        outgoing = _send_some(conn, outgoing)
                        if not outgoing:
                            selector.modify(conn, selectors.EVENT_READ)
                    if events & selectors.EVENT_READ and (chunk := _receive_some(conn)) is not None:
                        eof, buffer = not chunk, buffer + chunk
    return read[0]


def _send_some(conn: socket.socket, outgoing: bytes) -> bytes:
    """What is left to send; nothing once the server stopped reading and closed."""
    try:
        return outgoing[conn.send(outgoing) :]
    except BlockingIOError:
        return outgoing
    except (BrokenPipeError, ConnectionResetError):
        return b""


def _receive_some(conn: socket.socket) -> bytes | None:
    """What arrived (empty at the end of the stream); None when nothing has yet."""
    try:
        return conn.recv(65536)
    except BlockingIOError:
        return None
    except ConnectionResetError:
        return b""
