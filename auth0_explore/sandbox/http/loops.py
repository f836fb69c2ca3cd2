"""One domain's server: a few event loops, each running its own connections' requests itself.

waitress reads, parses and writes (keep-alive, limits, its error answers are all unchanged); what
differs is who runs a request. waitress's own design hands every request from its one poll loop
to a pool of task threads and back: a condition variable, a wake-up pipe and two GIL hand-offs
per request. With eight task threads the sandbox spent about a third of its CPU per token on
that and still idled between hand-offs (BENCHMARKS.md, figure 2). Here each of `LOOPS` threads
polls its own connections and, once a request is complete, runs the WSGI app and writes the
answer itself. Signing a token releases the GIL, so while one loop signs, another parses a
request or builds claims.

- Loop 0 owns the listening socket: it accepts, hands each new connection to the loop holding
  the fewest (a load generator's 16 connections spread evenly), and keeps the domain's one
  connection limit across all loops.
- A request that may wait (`may_wait(path)`: a fault with a delay armed for its path sleeps
  real seconds) runs on one of the domain's helper threads instead (waitress's own task
  threads, `_HELPERS` of them), so it never holds up its loop's other connections.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = ["LOOPS", "DomainServer"]

log = logging.getLogger(__name__)

#: event loops per domain: enough that one signs while others run Python, few enough that they
#: rarely wait for the GIL (measured 2-6 on 2 cores: BENCHMARKS.md, figure 2)
LOOPS = 4
_HELPERS = 4  # threads per domain for requests that may wait
_POLL_SECONDS = 1.0  # stop() and hand-overs wake a loop at once; this only paces idle cleanup
# waitress accepts one connection per wake-up of its poll loop; while the loops sign tokens each
# wake-up comes late, and 1,000 clients connecting at once waited up to 15 s for their turn
# (issue 10, the load suite). One wake-up takes up to this many from the backlog.
_ACCEPTS = 64


class _LoopTasks(ThreadedTaskDispatcher):
    """waitress's task dispatcher, turned inline: a request runs on its loop's thread once the
    poll iteration that completed it is over; one that may wait goes to the domain's helper
    threads (waitress's own dispatcher)."""

    def __init__(self, may_wait: Callable[[str], bool], helpers: ThreadedTaskDispatcher) -> None:
        super().__init__()
        self._may_wait = may_wait
        self._helpers = helpers
        self.ready: deque[HTTPChannel] = deque()

    def add_task(self, task: Any) -> None:  # waitress passes the channel (its stub says Task)
        channel: HTTPChannel = task
        request = channel.requests[0] if channel.requests else None
        if request is not None and self._may_wait(getattr(request, "path", None) or ""):
            self._helpers.add_task(task)
        else:
            self.ready.append(channel)

    def run_ready(self) -> None:
        """Serve the requests completed so far, pipelined ones included (each adds the next)."""
        while self.ready:
            channel = self.ready.popleft()
            try:
                channel.service()
            except Exception:  # as waitress's task threads do: one request's failure is logged
                log.exception("sandbox: unexpected error while serving a request")


class _LoopServer(TcpWSGIServer):
    """A waitress server whose connections one loop thread owns; the group's first also accepts."""

    group: DomainServer
    owner: threading.Thread | None = None

    def pull_trigger(self) -> None:
        """Wake this loop, unless it is the caller: it polls again right after anyway."""
        if threading.current_thread() is not self.owner:
            super().pull_trigger()

    def readable(self) -> bool:
        now = time.time()
        if now >= self.next_channel_cleanup:  # as waitress: close idle kept-alive connections
            self.next_channel_cleanup = int(now + self.adj.cleanup_interval)
            self.maintenance(now)  # type: ignore[arg-type]  # waitress passes time.time() too
        return self.accepting and self.group.may_accept()

    def handle_accept(self) -> None:
        """Accept what waits in the backlog (up to `_ACCEPTS`), each to the least busy loop.

        waitress accepts one connection per poll; this loop also runs requests between polls,
        so 200 clients connecting at once would wait seconds for the last accept."""
        for _ in range(_ACCEPTS):
            try:
                accepted = self.accept()
                if accepted is None:  # nothing left waiting
                    return
                conn, addr = accepted
                self.set_socket_options(conn)
            except OSError:  # as waitress: a connection reset before accept() is no reason
                if self.adj.log_socket_errors:
                    self.logger.warning("server accept() threw an exception", exc_info=True)
                return
            self.group.least_busy().adopt(conn, self.fix_addr(addr))
            if not self.group.may_accept():  # the domain's limit: the rest wait in the backlog
                return


class _Loop:
    """One event loop: its waitress server (the shared listening socket, the same settings), its
    map of connections, and the connections the accepting loop hands over to it."""

    def __init__(self, group: DomainServer, index: int, serving: _Serving) -> None:
        self.map: dict[int, Any] = {}
        self.accepts = index == 0  # loop 0 listens and accepts
        self.tasks = _LoopTasks(serving.may_wait, serving.helpers)
        sock = serving.sock
        self.server = _LoopServer(
            serving.app,
            self.map,
            _start=self.accepts,
            _sock=sock,
            dispatcher=self.tasks,
            adj=serving.adj,
            bind_socket=False,
            sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()),
        )
        self.server.group = group
        self.server.channel_class = serving.channel_class
        self.server.logger = serving.logger  # type: ignore[assignment]  # an adapter: warning, info, exception
        self.handed: deque[tuple[socket.socket, Any]] = deque()
        self.thread = threading.Thread(
            target=self._run, name=f"sandbox {serving.name} loop {index}", daemon=True
        )
        self.server.owner = self.thread
        self.stopping = threading.Event()

    @property
    def load(self) -> int:
        """Connections this loop holds or is about to take."""
        channels: dict[int, HTTPChannel] = self.server.active_channels  # type: ignore[assignment]  # a dict (the stub says a channel)
        return len(channels) + len(self.handed)

    def adopt(self, conn: socket.socket, addr: Any) -> None:
        """Take a connection the accepting loop handed over (from any thread)."""
        if threading.current_thread() is self.thread:
            self.server.channel_class(self.server, conn, addr, self.server.adj, map=self.map)
            return
        self.handed.append((conn, addr))
        with contextlib.suppress(OSError):  # stopping: the loop closes what it was handed
            self.server.pull_trigger()

    def _run(self) -> None:
        try:
            while not self.stopping.is_set() and self.map:
                wasyncore.loop(timeout=_POLL_SECONDS, map=self.map, use_poll=True, count=1)
                while self.handed:  # counted in `load` until its channel is: never uncounted
                    try:
                        self.adopt(*self.handed[0])
                    finally:
                        self.handed.popleft()
                self.tasks.run_ready()
            if not self.stopping.is_set():
                log.error("sandbox server on port %d stopped serving", self.server.group.port)
        finally:
            self.close()  # on the loop's own thread, so no other thread touches the map meanwhile

    def close(self) -> None:
        """Close the wake-up pipe, every connection and what was handed over; only the
        accepting loop closes the shared listening socket."""
        if not self.accepts:
            self.server.del_channel()
        wasyncore.close_all(self.map)
        self.close_handed()

    def close_handed(self) -> None:
        while self.handed:
            self.handed.popleft()[0].close()


@dataclass(frozen=True)
class _Serving:
    """What every loop of a domain shares."""

    sock: socket.socket
    app: WSGIApplication
    adj: Adjustments
    may_wait: Callable[[str], bool]
    channel_class: type[HTTPChannel]
    logger: logging.LoggerAdapter[logging.Logger]
    name: str
    helpers: ThreadedTaskDispatcher


class DomainServer:
    """One domain's HTTP/1.1 server: `LOOPS` loops sharing one listening socket (see above).

    `adjustments` are waitress's settings; its `connection_limit` is the domain's, over every
    loop. `channel_class` is waitress's HTTPChannel or a subclass (TLS).
    """

    def __init__(
        self,
        sock: socket.socket,
        app: WSGIApplication,
        adjustments: dict[str, Any],
        *,
        may_wait: Callable[[str], bool],
        channel_class: type[HTTPChannel],
        logger: logging.LoggerAdapter[logging.Logger],
        name: str,
        loops: int = LOOPS,
    ) -> None:
        adj = Adjustments(**adjustments)
        self._limit = adj.connection_limit
        self._overflow = False
        self._logger = logger
        # started with the server, as waitress's own threads were: they belong to the sandbox
        self._helpers = ThreadedTaskDispatcher()
        serving = _Serving(sock, app, adj, may_wait, channel_class, logger, name, self._helpers)
        self._loops = [_Loop(self, index, serving) for index in range(loops)]
        self.port: int = sock.getsockname()[1]

    @property
    def connections(self) -> int:
        """Client connections the domain holds, over every loop (listener and wake-up pipes
        not counted)."""
        return sum(loop.load for loop in self._loops)

    def may_accept(self) -> bool:
        """Whether the domain holds fewer connections than its limit; says so when it crosses
        it, as waitress does for one loop."""
        open_now = self.connections
        if not self._overflow and open_now >= self._limit:
            self._overflow = True
            self._logger.warning(
                "total open connections reached the connection limit, "
                "no longer accepting new connections"
            )
        elif self._overflow and open_now < self._limit:
            self._overflow = False
            self._logger.info(
                "total open connections dropped below the connection limit, listening again"
            )
        return not self._overflow

    def least_busy(self) -> _Loop:
        return min(self._loops, key=lambda loop: loop.load)

    def start(self) -> None:
        self._helpers.set_thread_count(_HELPERS)
        for loop in self._loops:
            loop.thread.start()

    def stop(self) -> None:
        """Close the listener and every connection; wait for requests in flight (at most 5 s
        each on helper threads)."""
        for loop in self._loops:
            loop.stopping.set()
            if loop.thread.is_alive():
                with contextlib.suppress(OSError):  # the loop closed its trigger as it ended
                    loop.server.pull_trigger()
        for loop in self._loops:
            if loop.thread.ident is None:  # never started: nothing else touches its map
                loop.close()
            else:
                loop.thread.join(timeout=10)
        for loop in self._loops:  # handed over while its loop was ending
            loop.close_handed()
        self._helpers.shutdown(timeout=5)
