"""The sandbox's lifecycle: one HTTP/1.1 keep-alive server (waitress) per domain on loopback.

Servers run in daemon threads, so a notebook kernel never blocks and never hangs on exit. Every
domain (canonical, then each custom domain) gets its own port; `port=0` picks free ports, a
fixed `port` puts the canonical domain there and custom domains on the ports after it.

Each domain holds up to `max_connections` open connections (kept-alive ones included; idle ones
cost no thread). Past it, new connections wait in the listen backlog until others close, and
the sandbox logs a warning that names the setting.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.http.app import SandboxApp
from auth0_explore.sandbox.http.channel import SandboxChannel
from auth0_explore.sandbox.http.hosts import SandboxDomain
from auth0_explore.sandbox.http.tls import LocalCA, TLSChannel

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["DEFAULT_MAX_CONNECTIONS", "HOST", "Servers"]

log = logging.getLogger(__name__)
# waitress logs per connection and per task on its own loggers: "Task queue depth is N" whenever
# requests wait for a worker (the normal state under a load generator) and a traceback for each
# client that resets its connection. Without a handler of the application's own such records
# would go to Python's last-resort stderr handler (into a notebook cell); this keeps them for
# applications that configure logging and quiet otherwise. What the listener itself says (the
# connection limit reached, accept() failing) goes to `log` instead (see _ServerLog), which
# reaches stderr or the application's handlers.
logging.getLogger("waitress").addHandler(logging.NullHandler())

HOST = "127.0.0.1"
# stop() wakes the poll loop through waitress's trigger; the timeout only paces idle cleanup
_POLL_SECONDS = 1.0


_THREADS = 8  # request workers per domain; signing holds the GIL, so more would not help
_IDLE_SECONDS = 30  # a kept-alive connection with no request for this long is closed
# A body past this gets waitress's own 413 and a closed connection before the app sees it.
# Smaller ones are read whole before the app runs, so the app's JSON 413 (past
# Emulation.max_body_bytes, 64 KiB by default) leaves the kept-alive connection in step.
_MAX_BODY_BYTES = 8 * 1024 * 1024
# Open connections per domain. waitress's own default (100) starved the 101st kept-alive client
# for as long as the first hundred stayed connected (issue 10); a class of students with a
# notebook each, or a load test, opens more. Each connection is one file descriptor.
DEFAULT_MAX_CONNECTIONS = 4096
# waitress accepts one connection per wake-up of its poll loop. While the request threads hold
# the GIL signing tokens each wake-up comes late, and 1,000 clients connecting at once under load
# waited up to 15 s for their turn (issue 10, found by the load suite). Each wake-up now takes up
# to this many of the connections waiting in the backlog.
_ACCEPT_BURST = 64
# Descriptors kept free for everything else the process opens (its own clients, files, pipes):
# this many, or a quarter of a lower limit.
_RESERVED_FILES = 1024


class _ServerLog(logging.LoggerAdapter[logging.Logger]):
    """waitress's server records, on the sandbox's logger, saying which port and which limit."""

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, Any]:
        extra = self.extra or {}
        where = f"sandbox on {HOST}:{extra['port']}, at most {extra['limit']} connections"
        return f"{where} (Sandbox(max_connections=...), --max-connections): {msg}", kwargs


class _Listener:
    """One domain's HTTP/1.1 server: waitress on a daemon thread, keep-alive, a worker pool.

    waitress reads each request whole (headers and body) before the app runs and frames every
    response with Content-Length or chunking, so a client can send its next request on the same
    connection. Idle kept-alive connections cost no thread: they wait in waitress's poll loop,
    which this class runs itself so that stop() can end it and close them at once.
    """

    def __init__(
        self,
        sock: socket.socket,
        app: WSGIApplication,
        name: str,
        max_connections: int,
        *,
        tls: bool = False,
    ) -> None:
        self._map: dict[int, Any] = {}
        server = create_server(
            app,
            map=self._map,
            sockets=[sock],
            threads=_THREADS,
            channel_timeout=_IDLE_SECONDS,
            max_request_body_size=_MAX_BODY_BYTES,
            # waitress counts its listener and its wake-up pipe among the connections
            connection_limit=max_connections + 2,
            backlog=max(1024, max_connections),  # the kernel caps it at net.core.somaxconn
            ident="auth0-explore-sandbox",
            asyncore_use_poll=True,  # poll(2): no FD_SETSIZE limit with thousands of connections
            clear_untrusted_proxy_headers=False,  # the sandbox reads every header as sent
        )
        if not isinstance(server, BaseWSGIServer):  # one socket gives one server
            raise SandboxError("waitress returned a multi-socket server for one socket")
        self.port: int = sock.getsockname()[1]
        # Over waitress's class-level logger; its stub says Logger, and an adapter has every
        # method waitress calls on it (warning, info, exception).
        adapter = _ServerLog(log, {"port": self.port, "limit": max_connections})
        server.logger = adapter  # type: ignore[assignment]  # an adapter, see above
        # waitress's connection with the sandbox's corrections (channel.py); over a TLS
        # listening socket every accepted connection is a TLS one too
        server.channel_class = TLSChannel if tls else SandboxChannel
        self._accept_one = server.handle_accept
        server.handle_accept = self.accept_waiting  # type: ignore[method-assign]  # see method
        self._server = server
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sandbox {name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    @property
    def connections(self) -> int:
        """Open client connections (waitress's map also holds the listener and its trigger)."""
        return len(self._map) - 2

    def accept_waiting(self) -> None:
        """Accept the connections waiting in the backlog, up to a burst, on one wake-up of the
        poll loop (waitress's own handler takes one), never past the connection limit."""
        for _ in range(_ACCEPT_BURST):
            held = len(self._map)
            self._accept_one()
            if len(self._map) == held or len(self._map) >= self._server.adj.connection_limit:
                return

    def _run(self) -> None:
        try:
            while not self._stopping.is_set() and self._map:
                wasyncore.loop(timeout=_POLL_SECONDS, map=self._map, use_poll=True, count=1)
            if not self._stopping.is_set():  # waitress closed its listener after an error
                log.error("sandbox server on port %d stopped serving", self.port)
        finally:
            # On the loop's own thread, so no other thread touches the map meanwhile.
            wasyncore.close_all(self._map)  # the listener, the wake-up pipe, every connection
            self._server.task_dispatcher.shutdown(timeout=5)

    def stop(self) -> None:
        """Close the listener and every connection; wait for in-flight requests (at most 5 s)."""
        self._stopping.set()
        if self._thread.is_alive():
            with contextlib.suppress(OSError):  # the loop closed the trigger as it ended
                self._server.pull_trigger()  # wake the poll loop now, not at its timeout
        self._thread.join(timeout=10)


def _serve(
    port: int,
    app: SandboxApp,
    name: str,
    max_connections: int,
    *,
    reuse_port: bool = False,
    tls: LocalCA | None = None,
) -> _Listener:
    """An HTTP/1.1 server on 127.0.0.1:port; binds first so a busy port raises OSError.

    `reuse_port`: SO_REUSEPORT, so worker processes share the port and the kernel spreads
    connections over them. `tls`: serve HTTPS with this CA's certificate.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # As http.server does (allow_reuse_address): a restart may reuse a port whose old
        # connections linger in TIME_WAIT, while a port another listener holds still fails.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((HOST, port))
        sock.listen(max(1024, max_connections))
        if tls is not None:
            sock = tls.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return _Listener(sock, app, name, max_connections, tls=tls is not None)
    except BaseException:
        sock.close()
        raise


class Servers:
    """The lifecycle of a sandbox: one listener per tenant domain, started and stopped together.

    `port`: the canonical domain's (custom domains on the ports after it; 0 picks free ports),
    or one port per domain. `max_connections`: open connections per domain. `reuse_port`:
    several processes listen on the same ports (`auth0-explore sandbox --workers`, workers.py).
    `tls`: serve every domain over HTTPS with a CA made at start (`ca_path`), removed at stop.
    """

    def __init__(
        self,
        state: SandboxState,
        port: int | tuple[int, ...] = 0,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        reuse_port: bool = False,
        tls: bool = False,
    ) -> None:
        if max_connections < 1:
            raise SandboxError(f"max_connections must be at least 1, got {max_connections}")
        self._state = state
        self._port = port
        self._max_connections = max_connections
        self._reuse_port = reuse_port
        self._tls = tls
        #: the CA of TLS mode while running (None for plain HTTP)
        self.ca: LocalCA | None = None
        self._listeners: list[_Listener] = []
        self.domains: tuple[SandboxDomain, ...] = ()
        """Canonical domain first, then custom domains; empty while stopped."""
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return bool(self._listeners)

    def start(self) -> None:
        """Serve every domain of the tenant; SandboxError if running already or a port is busy."""
        with self._lock:
            if self._listeners:
                raise SandboxError("the sandbox is already running")
            domains: list[SandboxDomain] = []
            names = self._state.tenant.domain_names
            limit = _connections_allowed(self._max_connections, len(names))
            self.ca = LocalCA(names) if self._tls else None
            scheme = "https" if self._tls else "http"
            try:
                for index, name in enumerate(names):
                    port = self._port_for(index)
                    app = SandboxApp(self._state, SandboxDomain(name, "", canonical=index == 0))
                    listener = _serve(
                        port, app, name, limit, reuse_port=self._reuse_port, tls=self.ca
                    )
                    base_url = f"{scheme}://{HOST}:{listener.port}/"
                    app.domain = SandboxDomain(name, base_url, index == 0)
                    listener.start()
                    self._listeners.append(listener)
                    domains.append(app.domain)
            except OSError as exc:
                self._shutdown()
                raise SandboxError(f"cannot listen on {HOST}:{port}: {exc}") from exc
            self.domains = tuple(domains)

    def _port_for(self, index: int) -> int:
        if isinstance(self._port, tuple):
            return self._port[index] if index < len(self._port) else 0
        return self._port + index if self._port else 0

    def stop(self) -> None:
        """Stop every listener and wait for its thread; safe to call twice."""
        with self._lock:
            self._shutdown()

    def _shutdown(self) -> None:
        for listener in self._listeners:
            listener.stop()
        self._listeners = []
        self.domains = ()
        if self.ca is not None:
            self.ca.close()
            self.ca = None


def _connections_allowed(wanted: int, domains: int) -> int:
    """`wanted` connections per domain, or as many as this process may open files for.

    Raises the soft limit on open files towards what the domains need (never past the hard
    limit): a kept-alive connection is a file, and a limit of 1024 (common on Linux desktops,
    256 on macOS) would refuse them long before `max_connections`.
    """
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return wanted
    needed = wanted * domains + _RESERVED_FILES
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        with contextlib.suppress(ValueError, OSError):  # macOS caps below an infinite hard limit
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY or soft >= needed:
        return wanted
    allowed = max(1, (soft - min(_RESERVED_FILES, soft // 4)) // domains)
    log.info(
        "this process may open %d files: the sandbox holds at most %d connections per domain "
        "instead of max_connections=%d; raise `ulimit -n` for more", soft, allowed, wanted,
    )  # fmt: skip
    return allowed
