"""The seam under the session: a deadline on every read, and host-name routing to loopback.

requests applies its read timeout to each read of the socket, not to the response: a peer
sending a byte just inside the timeout holds a call as long as it likes (issue 10, finding 4:
a JWKS sent at one byte per second blocked a key lookup for 69 s under a 10 s deadline).
Here every response, status line and headers included, is read through `_DeadlineReader`,
which gives each read only the time left before the call's deadline. `HttpSession` sets that
deadline around each attempt with `reading_until`; the connect timeout it passes is already
cut to the time left, so connecting, sending and reading all end by the deadline.

The hook is the standard one: urllib3 pools build connections from their `ConnectionCls`,
and `http.client` builds each response from its connection's `response_class`. The rest of
what the session needs from requests lives here too: reading a capped body, and telling the
failures urllib3 wraps apart.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ReadTimeoutError

from auth0_explore.errors import TransportError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "DeadlineAdapter",
    "RoutingAdapter",
    "certificate_problem",
    "innermost",
    "is_read_timeout",
    "read_body",
    "reading_until",
    "short_reason",
]

# The deadline of the call running in this thread (time.monotonic() seconds), if any. A context
# variable, so concurrent calls from a thread pool each keep their own.
_DEADLINE: ContextVar[float | None] = ContextVar("auth0_explore_read_deadline", default=None)


@contextmanager
def reading_until(deadline: float) -> Iterator[None]:
    """Make every response read in this block end by `deadline` (`time.monotonic()` seconds).

    Sockets wait in real time, so the deadline is on the real monotonic clock even when the
    session's own timer is a test's virtual one.
    """
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


class _DeadlineReader(io.RawIOBase):
    """A socket's reads, each allowed the per-read timeout or the time left, whichever is less.

    It reads through the socket's own raw file (`SocketIO`), which keeps the socket open while
    the response still reads from it, as `http.client` expects.
    """

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)
        self._deadline = deadline
        self._per_read = sock.gettimeout()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int | None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            # urllib3 turns a socket timeout into its read-timeout error, as for a silent peer
            raise TimeoutError("the call's deadline passed while the response was arriving")
        self._sock.settimeout(left if self._per_read is None else min(self._per_read, left))
        try:
            return self._raw.readinto(buffer)
        finally:
            # the pooled connection keeps its own timeout (unless it was closed meanwhile)
            with contextlib.suppress(OSError):
                self._sock.settimeout(self._per_read)

    def fileno(self) -> int:
        return self._sock.fileno()

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineSocket:
    """What `http.client.HTTPResponse` needs of a socket (`makefile`), read under a deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))


class _DeadlineResponse(http.client.HTTPResponse):
    """A response read under the deadline of the call that is running, when it has one."""

    def __init__(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        method: str | None = None,
        url: str | None = None,
    ) -> None:
        deadline = _DEADLINE.get()
        if deadline is not None:
            # HTTPResponse only ever calls sock.makefile("rb"), which _DeadlineSocket provides
            sock = cast(socket.socket, _DeadlineSocket(sock, deadline))
        super().__init__(sock, debuglevel, method, url)


class _HTTPConnection(HTTPConnection):
    response_class = _DeadlineResponse


class _HTTPSConnection(HTTPSConnection):
    response_class = _DeadlineResponse


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineAdapter(HTTPAdapter):
    """requests' adapter with every response read under the running call's deadline.

    No retries of its own (the session decides) and no redirects (the session refuses them).
    """

    def __init__(self, pool_maxsize: int) -> None:
        super().__init__(pool_connections=4, pool_maxsize=pool_maxsize, max_retries=0)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:  # requests' signature
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith(
            "socks"
        ):  # SOCKS pools have connection classes of their own
            manager.pool_classes_by_scheme = _POOLS
        return manager


class RoutingAdapter(DeadlineAdapter):
    """Sends requests for a tenant host name to the loopback base URL that serves it.

    The `Host` header keeps the name, so the sandbox derives `iss` from it as Auth0 does. Proxies
    are bypassed: the target is on this machine.
    """

    def __init__(self, target: str, pool_maxsize: int) -> None:
        super().__init__(pool_maxsize)
        self._target = target.rstrip("/")

    def send(
        self, request: requests.PreparedRequest, *args: Any, **kwargs: Any
    ) -> requests.Response:  # requests' signature
        parts = urlsplit(request.url or "")
        request.url = (
            self._target + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        )
        request.headers["Host"] = parts.netloc
        kwargs["proxies"] = {}
        return super().send(request, *args, **kwargs)


def read_body(resp: requests.Response, max_body: int, url: str) -> bytes:
    """The body, read in chunks (each read under the call's deadline) and capped at `max_body`."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in resp.iter_content(64 * 1024):
            size += len(chunk)
            if size > max_body:
                raise TransportError(
                    f"{url} sent more than {max_body} bytes; refusing to read on: check that the "
                    "URL is the tenant's",
                    url=url,
                )
            chunks.append(chunk)
    finally:
        resp.close()
    return b"".join(chunks)


def is_read_timeout(exc: requests.ConnectionError) -> bool:
    """Whether requests wrapped a read timeout while reading the body as a ConnectionError."""
    return bool(exc.args) and isinstance(exc.args[0], ReadTimeoutError)


def certificate_problem(exc: BaseException) -> str | None:
    """Why the server's TLS certificate did not verify, when that is why the connection failed."""
    inner = innermost(exc)
    if isinstance(exc, requests.exceptions.SSLError) and isinstance(
        inner, ssl.SSLCertVerificationError
    ):
        return str(inner.verify_message or inner.reason or "not verified")
    return None


def innermost(exc: BaseException) -> BaseException:
    """The first cause of an exception requests and urllib3 wrapped in each other."""
    inner = exc
    while True:
        cause = getattr(inner, "reason", None)  # urllib3's MaxRetryError keeps it here
        if not isinstance(cause, BaseException):
            cause = next((a for a in reversed(inner.args) if isinstance(a, BaseException)), None)
        if cause is None:
            return inner
        inner = cause


def short_reason(exc: BaseException) -> str:
    """A short cause for a requests exception, without the nested reprs urllib3 builds."""
    inner = innermost(exc)
    name, text = type(inner).__name__, str(inner)
    if ": " in text:
        text = text.split(": ", 1)[-1]  # drops "<urllib3...HTTPConnection object at 0x...>: "
    return (text if text.startswith(name) else f"{name}: {text}")[:200]
