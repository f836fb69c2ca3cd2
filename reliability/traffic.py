"""Many kept-alive clients driven by one selector: each runs its scenario, step after step, on
its own connection, all at once, and every request is accounted for.

A request is *answered* when its whole response has arrived, *unexpected* when its status is not
one the scenario named, and *lost* when the connection closed or reset under it or no answer
came within `request_timeout`. A client that loses its connection reconnects and starts its
next round, so a long run keeps all its clients. Nothing here uses threads: one process holds a
thousand clients with little CPU, and the sandbox under test (a child process) gets the rest.
"""

from __future__ import annotations

import heapq
import itertools
import selectors
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from reliability.sandbox_process import TenantFacts
from reliability.scenarios import Pause, Scenario, ScenarioError, scenario_for
from reliability.wire import Answer, Request, read_answer

__all__ = ["Tally", "Traffic", "Window", "percentile"]

_RECV = 65536


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `sorted_values` lie (nearest rank); 0 when empty."""
    if not sorted_values:
        return 0.0
    rank = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


@dataclass
class Window:
    """What happened since the last look: answers, their latencies, losses, surprises."""

    answered: int = 0
    lost: int = 0
    unexpected: int = 0
    server_errors: int = 0
    latencies: list[float] = field(default_factory=list)

    def p(self, fraction: float) -> float:
        return percentile(sorted(self.latencies), fraction)


@dataclass
class Tally:
    """Every request of a run: counts by label and status, latencies by label, what went wrong."""

    by_label: Counter[tuple[str, int]] = field(default_factory=Counter)
    unexpected: Counter[tuple[str, int]] = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    lost: Counter[str] = field(default_factory=Counter)  # by reason
    problems: list[str] = field(default_factory=list)  # the first few, to show
    window: Window = field(default_factory=Window)
    keep_latencies: bool = True

    def answered(self, request: Request, answer: Answer, seconds: float) -> None:
        self.by_label[request.label, answer.status] += 1
        if self.keep_latencies:
            self.latencies.setdefault(request.label, []).append(seconds)
        self.window.answered += 1
        self.window.latencies.append(seconds)
        if answer.status >= 500:
            self.window.server_errors += 1
        if answer.status not in request.expect:
            self.unexpected[request.label, answer.status] += 1
            self.window.unexpected += 1
            # an error body says what went wrong; a success body may hold a token: not shown
            shown = answer.body[:200] if answer.status >= 400 else b"(body not shown)"
            self._note(f"{request.label}: {answer.status} {shown!r}")

    def lost_one(self, request: Request, reason: str) -> None:
        self.lost[reason] += 1
        self.window.lost += 1
        self._note(f"{request.label}: lost ({reason})")

    def _note(self, problem: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(problem)

    def take_window(self) -> Window:
        window, self.window = self.window, Window()
        return window

    @property
    def requests(self) -> int:
        """Requests sent: answered or lost."""
        return sum(self.by_label.values()) + sum(self.lost.values())


@dataclass
class _Client:
    index: int
    sock: socket.socket
    scenario: Scenario
    rounds_done: int = 0
    request: Request | None = None
    outgoing: bytes = b""
    sent_at: float = 0.0
    buffer: bytes = b""


class Traffic:
    """`clients` kept-alive connections to 127.0.0.1:`facts.port`, each running its scenarios."""

    def __init__(
        self,
        facts: TenantFacts,
        clients: int,
        *,
        request_timeout: float = 30.0,
        tally: Tally | None = None,
    ) -> None:
        self.facts = facts
        self.request_timeout = request_timeout
        self.tally = tally or Tally()
        self._selector = selectors.DefaultSelector()
        self._wakeups: list[tuple[float, int, _Client]] = []  # (when, tie-breaker, client)
        self._sequence = itertools.count()
        self._stopping = False
        self._next_timeout_check = 0.0
        self.reconnects = 0
        self._clients = [self._connect(n, rounds_done=0) for n in range(clients)]
        for client in self._clients:
            self._advance(client, None)

    def _connect(self, index: int, rounds_done: int) -> _Client:
        """A new connection (its first request waits until it is writable, i.e. connected)."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.connect_ex(("127.0.0.1", self.facts.port))
        client = _Client(index, sock, scenario_for(index, self.facts, rounds_done), rounds_done)
        self._selector.register(sock, selectors.EVENT_READ, client)
        return client

    def stop(self) -> None:
        """Send nothing new; `run` returns once the answers asked for have arrived."""
        self._stopping = True

    @property
    def connected(self) -> int:
        return len(self._selector.get_map())

    def run(
        self,
        *,
        until: float | None = None,
        tick: Callable[[], None] | None = None,
        tick_every: float = 1.0,
    ) -> Tally:
        """Drive every client, round after round, until the monotonic time `until` (then the
        answers already asked for are awaited, nothing new is sent), or forever."""
        next_tick = time.monotonic() + tick_every
        while True:
            now = time.monotonic()
            if until is not None and now >= until:
                self._stopping = True
            if self._stopping and not any(c.request for c in self._clients):
                break
            self._poll(now)
            if tick is not None and time.monotonic() >= next_tick:
                tick()
                next_tick += tick_every
        return self.tally

    def _poll(self, now: float) -> None:
        timeout = 0.2
        if self._wakeups:
            timeout = max(0.0, min(timeout, self._wakeups[0][0] - now))
        for key, events in self._selector.select(timeout):
            client: _Client = key.data
            if events & selectors.EVENT_WRITE:
                self._send(client)
            if events & selectors.EVENT_READ:
                self._receive(client)
        now = time.monotonic()
        while self._wakeups and self._wakeups[0][0] <= now:
            _, _, client = heapq.heappop(self._wakeups)
            if self._clients[client.index] is client:  # not replaced by a reconnection
                self._advance(client, None)
        if now >= self._next_timeout_check:
            self._next_timeout_check = now + 0.5
            for client in list(self._clients):
                if client.request is not None and now - client.sent_at > self.request_timeout:
                    self._lose(client, "no answer within the timeout")

    def _advance(self, client: _Client, answer: Answer | None) -> None:
        """Feed the answer to the client's scenario and send its next step."""
        client.request = None
        if self._stopping:
            return
        try:
            step = client.scenario.send(answer) if answer is not None else next(client.scenario)
        except (StopIteration, ScenarioError):
            self._next_round(client)
            return
        if isinstance(step, Pause):
            wakeup = (time.monotonic() + step.seconds, next(self._sequence), client)
            heapq.heappush(self._wakeups, wakeup)
            return
        client.request = step
        client.outgoing = step.data
        client.sent_at = time.monotonic()
        self._selector.modify(client.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, client)

    def _next_round(self, client: _Client) -> None:
        client.rounds_done += 1
        client.scenario = scenario_for(client.index, self.facts, client.rounds_done)
        self._advance(client, None)

    def _send(self, client: _Client) -> None:
        try:
            sent = client.sock.send(client.outgoing)
        except BlockingIOError:
            sent = 0
        except OSError as exc:
            self._lose(client, f"send failed: {exc.strerror or exc}")
            return
        client.outgoing = client.outgoing[sent:]
        events = selectors.EVENT_READ | (selectors.EVENT_WRITE if client.outgoing else 0)
        self._selector.modify(client.sock, events, client)

    def _receive(self, client: _Client) -> None:
        try:
            chunk = client.sock.recv(_RECV)
        except BlockingIOError:
            return
        except OSError as exc:
            self._lose(client, f"reset: {exc.strerror or exc}")
            return
        if not chunk:
            self._lose(client, "closed by the server")
            return
        client.buffer += chunk
        if client.request is None:
            return
        read = read_answer(client.buffer)
        if read is None:
            return
        answer, client.buffer = read
        self.tally.answered(client.request, answer, time.monotonic() - client.sent_at)
        self._advance(client, answer)

    def _lose(self, client: _Client, reason: str) -> None:
        """The connection is gone: count the request it carried, reconnect, next round."""
        if client.request is not None:
            self.tally.lost_one(client.request, reason)
        self._selector.unregister(client.sock)
        client.sock.close()
        self.reconnects += 1
        fresh = self._connect(client.index, client.rounds_done + 1)  # the broken round is done
        self._clients[client.index] = fresh
        self._advance(fresh, None)

    def close(self) -> None:
        """Close every connection, however the run ended: a Ctrl-C between a reconnect's steps
        leaves a socket closed but listed, or open and registered but not yet listed."""
        for key in list(self._selector.get_map().values()):
            key.data.sock.close()
        for client in self._clients:
            client.sock.close()
        self._selector.close()
