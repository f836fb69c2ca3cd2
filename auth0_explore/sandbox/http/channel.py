"""waitress's connection, with two corrections the fuzz suites found (issue 10).

Its own refusals in the sandbox's JSON error shape. Some requests never reach the WSGI app: a
malformed request line or header, headers past waitress's limit (431), a body past 8 MiB (413),
a transfer coding other than chunked, or a failure inside waitress. waitress answers those
itself, as plain text; the sandbox answers every error as Auth0's JSON `{"error",
"error_description"}` (the Management API's body under /api/v2/). A transfer coding waitress
does not speak gets 400 rather than its 501 (RFC 9112 §6.1 says SHOULD): to an OAuth client
it is a malformed request, and no bad input earns a 5xx.

No `100 Continue` for a request that has no body to wait for. waitress sends it whenever a
request says `Expect: 100-continue` and then marks the request incomplete until body bytes
arrive; with `Content-Length: 0` (or none, as a GET) none ever do, and the request hung until
the idle timeout (30 s). RFC 9110 §10.1.1 lets a server omit the 100 when the framing says there
is no content; it then answers at once (the same bug as akka-http's #3786).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

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


class SandboxChannel(HTTPChannel):
    """waitress's connection: refusals as JSON, and no 100 Continue without a body to come."""

    error_task_class = _JsonRefusal

    def send_continue(self) -> None:
        """Send `100 Continue` only while the request still waits for its body."""
        request: Any = self.request  # the parser of the request being read
        if request is not None and request.completed:
            request.expect_continue = False  # nothing to continue: it is answered as it is
            return
        super().send_continue()
