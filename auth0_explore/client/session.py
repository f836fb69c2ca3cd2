"""The HTTP session: the toolkit's one door to the network.

One `requests.Session` per tenant connection (pooled, kept alive). Every request has a connect
and a read timeout. The retry rules follow `token-validation.md` §4:

- 429: wait as long as `Retry-After` says, else until `X-RateLimit-Reset` (read against the
  injected clock), then try again; a wait longer than `RetryPolicy.max_wait` or than the deadline
  allows is not waited for: the error is raised at once, saying when to come back.
- 5xx, and connection failures before any response: exponential backoff with jitter.
- Every other 4xx (400, 401, 403 ...): never retried.
- A read timeout is not retried either: the server may be working on the request, and the
  promise is a typed `RequestTimeoutError` within the timeout plus a little.

All of it is bounded by `RetryPolicy.max_attempts` and an overall `RetryPolicy.deadline`.
Sleeping and the monotonic timer are injectable so tests run fast with exact schedules.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests
from urllib3.exceptions import ReadTimeoutError

from auth0_explore import __version__
from auth0_explore.client.bodies import decode_json
from auth0_explore.client.limits import Quotas, RateLimit, retry_delay
from auth0_explore.client.policy import RetryPolicy, Timeouts
from auth0_explore.client.transport import DeadlineAdapter, RoutingAdapter, reading_until
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.errors import OAuthError, RequestTimeoutError, TransportError

__all__ = ["Attempt", "HttpResponse", "HttpSession"]

log = logging.getLogger("auth0_explore.client")

#: the largest body read when a call sets no cap of its own; Auth0's answer in kilobytes
MAX_BODY = 8 << 20


@dataclass(frozen=True, slots=True)
class Attempt:
    """One try of a call: what came back (status or failure) and the wait that followed it."""

    number: int
    #: the HTTP status, or None when no response arrived
    status: int | None
    #: "ok", "http 503", "connection failed: ...", "read timeout", ...
    outcome: str
    elapsed: float
    #: seconds waited after this attempt before the next one
    wait: float = 0.0


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A response that arrived, with the attempts it took and its rate-limit and quota headers."""

    method: str
    url: str
    status: int
    #: case-insensitive response headers
    headers: Mapping[str, str]
    body: bytes
    #: seconds for the whole call, retries and waits included
    elapsed: float
    attempts: tuple[Attempt, ...]
    rate_limit: RateLimit | None
    quotas: Quotas | None

    def json(self) -> Any:
        """The body as JSON (depth bounded), or a `TransportError` saying what came instead."""
        try:
            return decode_json(self.body)
        except ValueError as exc:
            kind = self.headers.get("content-type") or "no content type"
            raise TransportError(
                f"{self.method} {self.url} answered {self.status} with a body that {exc} "
                f"({len(self.body)} bytes, {kind}): check that the domain points at an Auth0 "
                "tenant",
                url=self.url,
                attempts=len(self.attempts),
            ) from None

    def __repr__(self) -> str:
        return (
            f"HttpResponse({self.method} {self.url} -> {self.status}, "
            f"{len(self.body)} bytes, attempts={len(self.attempts)})"
        )


class HttpSession:
    """A pooled, kept-alive HTTP session with timeouts, bounded retries and rate-limit awareness.

    Args:
        timeouts: Connect and read timeouts for every request.
        retry: The default retry policy (a call may pass its own).
        clock: Wall clock used to read `X-RateLimit-Reset` and HTTP dates.
        routes: Host-name mode: `{tenant host name: loopback base URL}`.
        sleep: How to wait between attempts (tests pass a recorder).
        monotonic: The timer for elapsed times and the deadline (tests pair it with `sleep`).
        jitter: Source of [0, 1) numbers for backoff jitter.
        pool_size: Kept-alive connections per host, for concurrent callers.
    """

    def __init__(
        self,
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        clock: Clock | None = None,
        routes: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
        pool_size: int = 16,
    ) -> None:
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self.clock = clock or SystemClock()
        #: how the session waits and measures time (public: device-flow polling paces with them)
        self.sleep = sleep
        self.monotonic = monotonic
        self._jitter = jitter
        self._session = requests.Session()
        self._session.headers["User-Agent"] = f"auth0-explore/{__version__}"
        plain = DeadlineAdapter(pool_size)
        self._session.mount("https://", plain)
        self._session.mount("http://", plain)
        self.routes = dict(routes or {})
        for name, target in self.routes.items():
            self._session.mount(f"https://{name}/", RoutingAdapter(target, pool_size))
        #: the rate limit and quotas of the latest response that announced them
        self.last_rate_limit: RateLimit | None = None
        self.last_quotas: Quotas | None = None
        #: requests sent, retries included
        self.requests_sent = 0

    def request(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        retry: RetryPolicy | None = None,
        max_body: int | None = None,
        describe: str = "",
    ) -> HttpResponse:
        """Send one call (retrying per the policy) and return the response if its status < 400.

        Redirects are never followed. `describe` is a secret-free summary for DEBUG logs (the
        caller masks what it sends). Raises `OAuthError` for an error status, `RequestTimeoutError`
        and `TransportError` when no usable response arrived.
        """
        policy = retry or self.retry
        start = self.monotonic()
        attempts: list[Attempt] = []
        debug = log.isEnabledFor(logging.DEBUG)
        while True:
            number = len(attempts) + 1
            # _wait never lets a wait cross the deadline, so some time is always left here
            remaining = policy.deadline - (self.monotonic() - start)
            timeout = (min(self.timeouts.connect, remaining), min(self.timeouts.read, remaining))
            if debug:
                log.debug("%s %s %s (attempt %d)", method, url, describe, number)
            began = self.monotonic()
            deadline = time.monotonic() + remaining  # sockets wait in real time
            self.requests_sent += 1
            try:
                with reading_until(deadline):
                    resp = self._session.request(
                        method,
                        url,
                        data=data,
                        headers=headers,
                        auth=auth,
                        timeout=timeout,
                        allow_redirects=False,
                        stream=True,
                    )
                    body = _read_body(resp, max_body or MAX_BODY, url)
            except (requests.ReadTimeout, requests.ConnectionError) as exc:
                if isinstance(exc, requests.ReadTimeout) or _is_read_timeout(exc):
                    if time.monotonic() >= deadline - 0.01:
                        why = (
                            f"no complete response within the call's deadline of "
                            f"{policy.deadline:g} s (attempt {number}): the tenant answers too "
                            "slowly; try again later or raise RetryPolicy.deadline"
                        )
                    else:
                        why = (
                            f"no response within {timeout[1]:g} s (attempt {number}): the tenant "
                            "is slow or unreachable; try again later or raise Timeouts.read"
                        )
                    raise RequestTimeoutError(
                        f"{method} {url}: {why}", url=url, attempts=number
                    ) from None
                # Connect failures, connect timeouts, resets before a status line: nothing was
                # answered, so another try is safe.
                outcome = f"connection failed: {_reason(exc)}"
                attempts.append(Attempt(number, None, outcome, self.monotonic() - began))
                if debug:
                    log.debug("%s %s: %s", method, url, outcome)
                if self._wait(
                    policy, start, attempts, policy.backoff_delay(number, self._jitter())
                ):
                    continue
                error_cls = (
                    RequestTimeoutError if isinstance(exc, requests.Timeout) else TransportError
                )
                raise error_cls(
                    f"{method} {url}: {outcome} after {number} attempt(s): check the domain and "
                    "your network, then try again",
                    url=url,
                    attempts=number,
                ) from None
            except requests.RequestException as exc:
                attempts.append(Attempt(number, None, _reason(exc), self.monotonic() - began))
                raise TransportError(
                    f"{method} {url}: {_reason(exc)}: check the domain and try again",
                    url=url,
                    attempts=number,
                ) from None
            status = resp.status_code
            rheaders = resp.headers
            elapsed = self.monotonic() - began
            rate_limit = RateLimit.from_headers(rheaders)
            quotas = Quotas.from_headers(rheaders)
            if rate_limit is not None:
                self.last_rate_limit = rate_limit
            if quotas is not None:
                self.last_quotas = quotas
            if debug:
                log.debug("%s %s -> %d in %.1f ms", method, url, status, elapsed * 1000)
            if status < 400:
                attempts.append(Attempt(number, status, "ok", elapsed))
                return HttpResponse(
                    method,
                    url,
                    status,
                    rheaders,
                    body,
                    self.monotonic() - start,
                    tuple(attempts),
                    rate_limit,
                    quotas,
                )
            attempts.append(Attempt(number, status, f"http {status}", elapsed))
            wait: float | None = None
            asked: float | None = None
            if status == 429:
                asked = retry_delay(rheaders, self.clock.now())
                if asked is None:
                    wait = policy.backoff_delay(number, self._jitter())
                elif asked <= policy.max_wait:
                    wait = asked
            elif status >= 500:
                wait = policy.backoff_delay(number, self._jitter())
            if wait is not None and self._wait(policy, start, attempts, wait):
                continue
            error = OAuthError.from_response(status, rheaders, body)
            error.attempts = number
            if asked is not None and wait is None:
                error.add_note(
                    f"the tenant asks to wait {asked:.0f} s, more than RetryPolicy.max_wait "
                    f"({policy.max_wait:g} s): try again after that"
                )
            elif wait is not None:  # retryable, but out of attempts or deadline
                error.add_note(
                    f"gave up after {number} attempt(s) in {self.monotonic() - start:.1f} s "
                    f"(RetryPolicy: max_attempts={policy.max_attempts}, "
                    f"deadline={policy.deadline:g} s)"
                )
            raise error

    def _wait(
        self, policy: RetryPolicy, start: float, attempts: list[Attempt], wait: float
    ) -> bool:
        """Wait before the next attempt if attempts and deadline allow it; say whether it did."""
        if len(attempts) >= policy.max_attempts:
            return False
        if self.monotonic() - start + wait >= policy.deadline:
            return False
        last = attempts[-1]
        attempts[-1] = Attempt(last.number, last.status, last.outcome, last.elapsed, wait)
        if wait > 0:
            self.sleep(wait)
        return True

    def close(self) -> None:
        """Close the pooled connections."""
        self._session.close()

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = f", routes={sorted(self.routes)}" if self.routes else ""
        return f"HttpSession(sent={self.requests_sent}{mode})"


def _read_body(resp: requests.Response, max_body: int, url: str) -> bytes:
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


def _is_read_timeout(exc: requests.ConnectionError) -> bool:
    """Whether requests wrapped a read timeout while reading the body as a ConnectionError."""
    return bool(exc.args) and isinstance(exc.args[0], ReadTimeoutError)


def _reason(exc: BaseException) -> str:
    """A short cause for a requests exception, without the nested reprs urllib3 builds."""
    inner: BaseException = exc
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    reason = getattr(inner, "reason", None)
    if isinstance(reason, BaseException):
        inner = reason
    text = str(inner).split(": ", 1)[-1] if ": " in str(inner) else str(inner)
    return f"{type(inner).__name__}: {text}"[:200]
