"""A fake tenant on loopback, for failures no well-behaved server produces.

`FakeTenant` speaks raw HTTP/1.1 over a socket. Each request is answered by the next behaviour
scripted for its path (`fake.script("/oauth/token", reset(), answer(503))`); an unscripted
request gets the `default` behaviour, else is forwarded to `upstream` (a sandbox: real tokens
and keys, whose `iss` is the fake's own URL because the sandbox reads it from the Host header),
else a 404. Every connection carries one response, and every thread and socket ends with the
`with` block.
"""

from __future__ import annotations

import contextlib
import datetime
import http.client
import socket
import ssl
import struct
import tempfile
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    """What the client sent: method, path (query included), lower-case headers, body."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class Peer:
    """One client connection as a behaviour sees it: send bytes, wait, or hold it open."""

    def __init__(self, conn: socket.socket, stopping: threading.Event) -> None:
        self.conn = conn
        self.stopping = stopping

    def send(self, data: bytes) -> bool:
        """Send `data`; False when the client has gone (closed or reset)."""
        try:
            self.conn.sendall(data)
        except OSError:
            return False
        return True

    def pause(self, seconds: float | None) -> bool:
        """Wait `seconds` (None: until the fake stops); True when the fake is stopping."""
        return self.stopping.wait(seconds)


Behaviour = Callable[[Peer, Request], None]


def response_bytes(
    status: int,
    body: bytes = b"",
    *,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json",
    length: int | None = None,
) -> bytes:
    """A complete HTTP/1.1 response; `length` overrides the announced Content-Length."""
    reason = http.client.responses.get(status, "Status")
    lines = [
        f"HTTP/1.1 {status} {reason}",
        f"Content-Type: {content_type}",
        f"Content-Length: {len(body) if length is None else length}",
        "Connection: close",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def answer(
    status: int,
    body: bytes = b"",
    *,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json",
) -> Behaviour:
    """A complete response."""
    data = response_bytes(status, body, headers=headers, content_type=content_type)

    def behave(peer: Peer, request: Request) -> None:
        peer.send(data)

    return behave


def reset() -> Behaviour:
    """Read the request, then reset the connection (RST) without a status line."""

    def behave(peer: Peer, request: Request) -> None:
        peer.conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return behave


def silent() -> Behaviour:
    """Accept and read, then never answer (a hung tenant)."""

    def behave(peer: Peer, request: Request) -> None:
        peer.pause(None)

    return behave


def cut(status: int, body: bytes, *, keep: int, hold: bool = False) -> Behaviour:
    """Announce all of `body`, send its first `keep` bytes, then close (or hold it open)."""
    whole = response_bytes(status, body)
    data = whole[: len(whole) - len(body) + keep]

    def behave(peer: Peer, request: Request) -> None:
        if peer.send(data) and hold:
            peer.pause(None)

    return behave


def trickle(status: int, body: bytes, *, every: float, from_headers: bool = False) -> Behaviour:
    """Send the body (or, `from_headers`, the whole response) one byte every `every` seconds."""
    data = response_bytes(status, body)
    head = b"" if from_headers else data[: len(data) - len(body)]

    def behave(peer: Peer, request: Request) -> None:
        if head and not peer.send(head):
            return
        for index in range(len(head), len(data)):
            if peer.pause(every) or not peer.send(data[index : index + 1]):
                return

    return behave


def nested_json(depth: int = 100_000) -> bytes:
    """`[` `depth` times: the body that made the standard library's decoder recurse too deep."""
    return b"[" * depth


def html_page(status: int) -> bytes:
    """An error page as proxies, CDNs and captive portals send it."""
    reason = http.client.responses.get(status, "Error")
    return (
        f"<html><head><title>{status} {reason}</title></head><body>{reason}</body></html>".encode()
    )


class FakeTenant:
    """A loopback HTTP peer that answers each path with scripted behaviours.

    Args:
        upstream: Where unscripted requests go (a sandbox base URL), Host header kept.
        default: How unscripted requests are answered when there is no upstream.
    """

    def __init__(self, upstream: str | None = None, *, default: Behaviour | None = None) -> None:
        self.upstream = upstream
        self.default = default
        #: requests received, by path without query
        self.seen: Counter[str] = Counter()
        self.connections = 0
        self._scripts: dict[str, deque[Behaviour]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, name="fake-tenant", daemon=True)
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/"

    def script(self, path: str, *behaviours: Behaviour, repeat: int = 1) -> None:
        """Answer the next requests to `path` with `behaviours` (each `repeat` times), in order."""
        with self._lock:
            queue = self._scripts.setdefault(path, deque())
            for behaviour in behaviours:
                queue.extend([behaviour] * repeat)

    def _next(self, path: str) -> Behaviour:
        with self._lock:
            queue = self._scripts.get(path)
            if queue:
                return queue.popleft()
        if self.default is not None:
            return self.default
        if self.upstream is not None:
            return self._forward
        return answer(404, b'{"error":"not_found","error_description":"no such path"}')

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:  # the listening socket was shut down: the fake is stopping
                return
            self.connections += 1
            worker = threading.Thread(
                target=self._serve, args=(conn,), name="fake-tenant-conn", daemon=True
            )
            self._threads.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(2.0)
            request = _read_request(conn)
            if request is None:
                return
            path = request.path.split("?", 1)[0]
            with self._lock:
                self.seen[path] += 1
            self._next(path)(Peer(conn, self._stopping), request)

    def _forward(self, peer: Peer, request: Request) -> None:
        assert self.upstream is not None
        target = urlsplit(self.upstream)
        upstream = http.client.HTTPConnection(target.hostname or "", target.port, timeout=5)
        try:
            headers = {k: v for k, v in request.headers.items() if k not in _HOP_BY_HOP}
            upstream.request(request.method, request.path, request.body or None, headers)
            reply = upstream.getresponse()
            kept = {
                k: v
                for k, v in reply.getheaders()
                if k.lower() not in _HOP_BY_HOP and k.lower() != "content-type"
            }
            data = response_bytes(
                reply.status,
                reply.read(),
                headers=kept,
                content_type=reply.getheader("Content-Type", "application/json"),
            )
        finally:
            upstream.close()
        peer.send(data)

    def __enter__(self) -> FakeTenant:
        self._accepting.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self._accepting.join(2)
        self._sock.close()
        for worker in self._threads:
            worker.join(2)


#: headers that belong to one connection, not to the message (and the length, recomputed)
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length"})


def _read_request(conn: socket.socket) -> Request | None:
    data = b""
    with contextlib.suppress(OSError):
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, path, _version = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        while len(body) < int(headers.get("content-length", "0")):
            chunk = conn.recv(65536)
            if not chunk:
                return None
            body += chunk
        return Request(method, path, headers, body)
    return None


class HungListener:
    """A loopback port whose accept queue is full and never served: connecting to it hangs."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        port = self._listener.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}/"
        self._fillers: list[socket.socket] = []
        for _ in range(4):  # once the queue is full, the kernel drops further SYNs
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            self._fillers.append(filler)
        time.sleep(0.05)  # let the handshakes of the fillers complete

    def __enter__(self) -> HungListener:
        return self

    def __exit__(self, *exc: object) -> None:
        for sock in [*self._fillers, self._listener]:
            sock.close()


class SelfSignedTls:
    """A loopback TLS listener whose certificate no CA signed; handshakes end in refusal."""

    def __init__(self) -> None:
        cert, key = _self_signed_pem()
        self._dir = tempfile.TemporaryDirectory()
        cert_path, key_path = Path(self._dir.name, "cert.pem"), Path(self._dir.name, "key.pem")
        cert_path.write_bytes(cert)
        key_path.write_bytes(key)
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._context.load_cert_chain(cert_path, key_path)
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"https://localhost:{self._sock.getsockname()[1]}/"
        self._thread = threading.Thread(target=self._accept, name="fake-tenant-tls", daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn, contextlib.suppress(OSError):
                conn.settimeout(2.0)
                self._context.wrap_socket(conn, server_side=True).close()

    def __enter__(self) -> SelfSignedTls:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(2)
        self._sock.close()
        self._dir.cleanup()


def _self_signed_pem() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), pem_key


def closed_port_url() -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


class VirtualTime:
    """A monotonic timer and a sleep that skips ahead instead of waiting; records every sleep."""

    def __init__(self) -> None:
        self._real = time.monotonic
        self.offset = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._real() + self.offset

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset += seconds
