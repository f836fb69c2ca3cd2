"""The HTTP session: the toolkit's one door to the network.

One `requests.Session` per tenant connection (pooled, kept alive). Every request has a connect
and a read timeout, and every call an overall deadline (`RetryPolicy.deadline`) that holds
while the response arrives, however slowly (`transport.py`). After each attempt the pure
`retry.decide` says whether to return the response, wait and try again, or give up
(`token-validation.md` §4), and `outcomes.py` turns what happened into the toolkit's error; a
read timeout is never retried, since the tenant may be working on the request. Sleeping and
the monotonic timer are injectable so tests run fast with exact schedules.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from auth0_explore import __version__
from auth0_explore.client.bodies import decode_json
from auth0_explore.client.limits import Quotas, RateLimit
from auth0_explore.client.outcomes import NO_HEADERS, Call, NoResponse, Reply, failure_of, refusal
from auth0_explore.client.policy import RetryPolicy, Timeouts
from auth0_explore.client.retry import Retry, Return, decide
from auth0_explore.client.transport import (
    DeadlineAdapter,
    RoutingAdapter,
    read_body,
    reading_until,
)
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.errors import TransportError

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
        verify: A CA file (PEM) to trust instead of the system's (the sandbox's TLS mode);
            True: the system's, or REQUESTS_CA_BUNDLE.
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
        verify: str | bool = True,
    ) -> None:
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self.clock = clock or SystemClock()
        #: how the session waits and measures time (public: device-flow polling paces with them)
        self.sleep = sleep
        self.monotonic = monotonic
        self._jitter = jitter
        #: passed with every request, so it wins over REQUESTS_CA_BUNDLE (requests' env rule)
        self.verify = verify
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
        data: Mapping[str, str] | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        retry: RetryPolicy | None = None,
        max_body: int | None = None,
        describe: str = "",
    ) -> HttpResponse:
        """Send one call, retrying as `retry.decide` says, and return a 2xx response.

        Redirects are never followed. `describe` is a secret-free summary for DEBUG logs (the
        caller masks what it sends). Raises `OAuthError` for an error status, `RequestTimeoutError`
        and `TransportError` when no usable response arrived.
        """
        policy = retry or self.retry
        call = Call(method, url, data, headers, auth, max_body or MAX_BODY, describe)
        start = self.monotonic()
        attempts: list[Attempt] = []
        while True:
            number = len(attempts) + 1
            began = self.monotonic()
            got = self._send_once(call, policy, policy.deadline - (began - start), number)
            took = self.monotonic() - began
            if isinstance(got, NoResponse):
                status, rheaders, outcome = None, NO_HEADERS, got.outcome
            else:
                status, rheaders = got.status, got.headers
                outcome = "ok" if status < 300 else f"http {status}"
            decision = decide(
                status,
                rheaders,
                number,
                self.monotonic() - start,
                policy,
                now=self.clock.now(),
                jitter=self._jitter(),
            )
            wait = decision.seconds if isinstance(decision, Retry) else 0.0
            attempts.append(Attempt(number, status, outcome, took, wait))
            if isinstance(decision, Retry):
                if wait > 0:
                    self.sleep(wait)
                continue
            if isinstance(got, NoResponse):
                raise got.error(call, number)
            response = self._response(call, got, self.monotonic() - start, attempts)
            if isinstance(decision, Return):
                return response
            raise refusal(response, decision.why)

    def _send_once(
        self, call: Call, policy: RetryPolicy, remaining: float, number: int
    ) -> Reply | NoResponse:
        """One attempt, its body read, within `remaining` seconds: a reply, a failure worth
        another try, or (raised) one that is not."""
        timeout = (min(self.timeouts.connect, remaining), min(self.timeouts.read, remaining))
        deadline = time.monotonic() + remaining  # sockets wait in real time
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s %s %s (attempt %d)", call.method, call.url, call.describe, number)
        self.requests_sent += 1
        try:
            with reading_until(deadline):
                resp = self._session.request(
                    call.method,
                    call.url,
                    data=call.data,
                    headers=call.headers,
                    auth=call.auth,
                    timeout=timeout,
                    allow_redirects=False,
                    stream=True,
                    verify=self.verify,
                )
                body = read_body(resp, call.max_body, call.url)
        except requests.RequestException as exc:
            failure = failure_of(exc, call, number, policy.deadline, timeout[1], deadline)
            if isinstance(failure, NoResponse):
                log.debug("%s %s: %s", call.method, call.url, failure.outcome)
                return failure
            raise failure from None
        self._observe(resp.headers)
        log.debug("%s %s -> %d", call.method, call.url, resp.status_code)
        return Reply(resp.status_code, resp.headers, body)

    def _observe(self, headers: Mapping[str, str]) -> None:
        """Keep the rate limit and quotas a response announced."""
        rate_limit = RateLimit.from_headers(headers)
        quotas = Quotas.from_headers(headers)
        if rate_limit is not None:
            self.last_rate_limit = rate_limit
        if quotas is not None:
            self.last_quotas = quotas

    @staticmethod
    def _response(
        call: Call, reply: Reply, elapsed: float, attempts: list[Attempt]
    ) -> HttpResponse:
        return HttpResponse(
            call.method,
            call.url,
            reply.status,
            reply.headers,
            reply.body,
            elapsed,
            tuple(attempts),
            RateLimit.from_headers(reply.headers),
            Quotas.from_headers(reply.headers),
        )

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
