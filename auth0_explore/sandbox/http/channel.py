"""A sandbox connection: waitress's channel, sending each answer's head together with its body.

waitress writes a response's status line and headers, then its body, as two writes; each goes
out at once (TCP_NODELAY), so a token answer cost two send() calls and two TCP segments, and
woke the client twice. Here the head waits for the first piece of body (or the end of the
answer) and both go in one write; its Date header is formatted once per second rather than per
answer. Nothing else changes: the same bytes, in the same order.
"""

from __future__ import annotations

import functools
from typing import Any

from waitress.channel import HTTPChannel
from waitress.task import WSGITask
from waitress.utilities import build_http_date

__all__ = ["SandboxChannel"]


class _HeadWithBodyTask(WSGITask):
    """waitress's WSGI task; its channel holds the head it writes until the body follows."""

    channel: SandboxChannel

    def build_response_header(self) -> bytes:
        if not any(name.lower() == "date" for name, _ in self.response_headers):
            # what waitress would add itself, formatted once per second instead of per answer
            self.response_headers = [*self.response_headers, ("Date", _http_date(self.start_time))]
        head = super().build_response_header()
        self.channel.hold_next_write()
        return head

    def finish(self) -> None:
        super().finish()
        self.channel.release_held()  # an answer without a body: the head alone


@functools.lru_cache(maxsize=4)
def _second(second: int) -> str:
    return build_http_date(second)


def _http_date(when: float) -> str:
    """waitress's Date value for the time `when` (its own formatter, by whole second)."""
    return _second(int(when))


class SandboxChannel(HTTPChannel):
    """waitress's HTTP channel whose next write after a response head goes out with it."""

    task_class = _HeadWithBodyTask
    _hold_next = False
    _held = b""

    def hold_next_write(self) -> None:
        """Keep the next write (a response head) until the one after it."""
        self._hold_next = True

    def release_held(self) -> None:
        """Send a head still held (an answer that ended without a body)."""
        held, self._held = self._held, b""
        if held:
            super().write_soon(held)

    def write_soon(self, data: Any) -> int:  # bytes, or a file wrapper (waitress's stub: bytes)
        if self._hold_next and isinstance(data, bytes):
            self._hold_next = False
            self._held = data
            return len(data)
        self._hold_next = False
        if self._held and isinstance(data, bytes) and data:
            data, self._held = self._held + data, b""
        else:
            self.release_held()
        written: int = super().write_soon(data)
        return written
