"""A sandbox connection: waitress's channel with the sandbox's corrections and one speed-up.

Its own refusals in the sandbox's JSON error shape (issue 10, found by the fuzz suites). Some
requests never reach the WSGI app: a malformed request line or header, headers past waitress's
limit (431), a body past 8 MiB (413), a transfer coding other than chunked, or a failure inside
waitress. waitress answers those itself, as plain text; the sandbox answers every error as
Auth0's JSON `{"error", "error_description"}` (the Management API's body under /api/v2/). A
transfer coding waitress does not speak gets 400 rather than its 501 (RFC 9112 §6.1 says
SHOULD): to an OAuth client it is a malformed request, and no bad input earns a 5xx.

No `100 Continue` for a request that has no body to wait for (issue 10). waitress sends it
whenever a request says `Expect: 100-continue` and then marks the request incomplete until body
bytes arrive; with `Content-Length: 0` (or none, as a GET) none ever do, and the request hung
until the idle timeout (30 s). RFC 9110 §10.1.1 lets a server omit the 100 when the framing says
there is no content; it then answers at once (the same bug as akka-http's #3786).

Each answer's head goes out with its body (issue 16). waitress writes a response's status line
and headers, then its body, as two writes; each goes out at once (TCP_NODELAY), so a token
answer cost two send() calls and two TCP segments, and woke the client twice. Here the head
waits for the first piece of body (or the end of the answer) and both go in one write; its Date
header is formatted once per second rather than per answer. The same bytes, in the same order.
"""

from __future__ import annotations

import functools
from http import HTTPStatus
from typing import Any

from waitress.channel import HTTPChannel
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import build_http_date

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.http.responses import TOKEN_HEADERS
from auth0_explore.sandbox.management.endpoint import in_api_shape
from auth0_explore.sandbox.minting.access_tokens import compact_json

__all__ = ["SandboxChannel"]


class _JsonRefusal(ErrorTask):
    """waitress's error task, writing the OAuth JSON error; the connection closes after it."""

    def execute(self) -> None:
        parser: Any = self.request  # the request parser (the stub says Error); its error is set
        error = parser.error
        if error is None:  # waitress makes this task only for a request that holds an error
            raise RuntimeError("waitress built an error task for a request without an error")
        status = 400 if error.code == 501 else error.code
        code = "server_error" if status >= 500 else "invalid_request"
        detail = str(error.body).strip().rstrip(".")
        refusal = OAuthError(status, code, f"{error.reason}: {detail}")
        body = compact_json(in_api_shape(refusal, _path_of(parser)).response_body())
        self.status = f"{status} {HTTPStatus(status).phrase}"
        content_type = ("Content-Type", "application/json; charset=utf-8")
        self.response_headers = [*self.response_headers, content_type, *TOKEN_HEADERS.items()]
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


def _path_of(parser: Any) -> str:
    """The path a refused request asked for: parsed, or read off a request line waitress
    refused (`get /api/v2/clients HTTP/1.1`: a lower-case method); empty when there is none."""
    path = getattr(parser, "path", "")
    if not path:
        parts = bytes(getattr(parser, "first_line", b"")).split(b" ")
        path = parts[1].decode("latin-1") if len(parts) > 1 else ""
    return str(path)


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
    """waitress's connection: refusals as JSON, no 100 Continue without a body to come, and the
    next write after a response head sent with it."""

    error_task_class = _JsonRefusal
    task_class = _HeadWithBodyTask
    _hold_next = False
    _held = b""

    def send_continue(self) -> None:
        """Send `100 Continue` only while the request still waits for its body."""
        request: Any = self.request  # the parser of the request being read
        if request is not None and request.completed:
            request.expect_continue = False  # nothing to continue: it is answered as it is
            return
        super().send_continue()

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
