"""A tiny raw-socket peer on loopback for failures no well-behaved server produces.

`silent`: accepts connections and reads, but never answers (a hung tenant).
`reset`: reads the request, then resets the connection (RST) without a status line.
`stall-body`: answers a status line and headers, then never sends the promised body.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from types import TracebackType


class RawServer:
    """A loopback TCP peer that misbehaves in one chosen way; counts the connections it saw."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.connections = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.05)
        self._stop = threading.Event()
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self.base_url = f"http://127.0.0.1:{self._sock.getsockname()[1]}/"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.settimeout(1.0)
            with contextlib.suppress(OSError):
                conn.recv(65536)
            if self.mode == "stall-body":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{")
            if self.mode == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                conn.close()
            else:
                self._held.append(conn)  # keep it open, never answer

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(2)
        for conn in self._held:
            conn.close()
        self._sock.close()


def closed_port_url() -> str:
    """A loopback URL on which nothing listens (connection refused)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


class VirtualTime:
    """A monotonic timer and a sleep that skips ahead instead of waiting; records every sleep."""

    def __init__(self) -> None:
        import time

        self._real = time.monotonic
        self.offset = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._real() + self.offset

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.offset += seconds
