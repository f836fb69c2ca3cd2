"""The sandbox's lifecycle: one HTTP/1.1 keep-alive server (waitress) per domain on loopback.

Servers run in daemon threads, so a notebook kernel never blocks and never hangs on exit. Every
domain (canonical, then each custom domain) gets its own port; `port=0` picks free ports, a
fixed `port` puts the canonical domain there and custom domains on the ports after it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.server import BaseWSGIServer, create_server

from auth0_explore.clock import Clock, SystemClock, to_datetime
from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.endpoints.device import decide_device
from auth0_explore.sandbox.endpoints.login import login_as, login_from_url
from auth0_explore.sandbox.grants.registry import GrantRegistry, default_grants
from auth0_explore.sandbox.http.app import SandboxApp
from auth0_explore.sandbox.http.faults import FaultInjector
from auth0_explore.sandbox.http.hosts import RequestSite, SandboxDomain
from auth0_explore.sandbox.http.limits import RateLimiter
from auth0_explore.sandbox.http.quota import QuotaLedger
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.minting.access_tokens import TokenIssuer
from auth0_explore.sandbox.minting.entropy import Entropy
from auth0_explore.sandbox.minting.keys import KeyRing, SigningKey
from auth0_explore.sandbox.tenant.credentials import AssertionVerifier
from auth0_explore.sandbox.tenant.model import Api, Application, Tenant
from auth0_explore.sandbox.tenant.profiles import DEFAULT_PROFILE, load_profile
from auth0_explore.sandbox.tenant.users import User

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

__all__ = ["Sandbox"]

log = logging.getLogger(__name__)
# waitress warns "Task queue depth is N" whenever requests wait for a worker, which is the normal
# state of a sandbox under a load generator. Without a handler of the application's own, such
# records go to Python's last-resort stderr handler (into a notebook cell); this keeps them for
# applications that configure logging and quiet otherwise.
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


class _Listener:
    """One domain's HTTP/1.1 server: waitress on a daemon thread, keep-alive, a worker pool.

    waitress reads each request whole (headers and body) before the app runs and frames every
    response with Content-Length or chunking, so a client can send its next request on the same
    connection. Idle kept-alive connections cost no thread: they wait in waitress's poll loop,
    which this class runs itself so that stop() can end it and close them at once.
    """

    def __init__(self, sock: socket.socket, app: WSGIApplication, name: str) -> None:
        self._map: dict[int, Any] = {}
        server = create_server(
            app,
            map=self._map,
            sockets=[sock],
            threads=_THREADS,
            channel_timeout=_IDLE_SECONDS,
            max_request_body_size=_MAX_BODY_BYTES,
            ident="auth0-explore-sandbox",
            asyncore_use_poll=True,  # poll(2): no FD_SETSIZE limit with hundreds of connections
            clear_untrusted_proxy_headers=False,  # the sandbox reads every header as sent
        )
        if not isinstance(server, BaseWSGIServer):  # one socket gives one server
            raise SandboxError("waitress returned a multi-socket server for one socket")
        self._server = server
        self.port: int = sock.getsockname()[1]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"sandbox {name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

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


def _serve(port: int, app: SandboxApp, name: str, *, reuse_port: bool = False) -> _Listener:
    """An HTTP/1.1 server on 127.0.0.1:port; binds first so a busy port raises OSError.

    `reuse_port`: SO_REUSEPORT, so worker processes share the port and the kernel spreads
    connections over them.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        # As http.server does (allow_reuse_address): a restart may reuse a port whose old
        # connections linger in TIME_WAIT, while a port another listener holds still fails.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((HOST, port))
        sock.listen(128)
        return _Listener(sock, app, name)
    except BaseException:
        sock.close()
        raise


class Sandbox:
    """A local Auth0 tenant for the machine-to-machine part of the Authentication API."""

    def __init__(
        self,
        profile: str | Path | Tenant = DEFAULT_PROFILE,
        clock: Clock | None = None,
        seed: int | None = None,
        port: int | tuple[int, ...] = 0,
        *,
        reuse_port: bool = False,
        instance: int = 0,
        started_at: float | None = None,
    ) -> None:
        """`port`: the canonical domain's (custom domains on the ports after it; 0 picks free
        ports), or one port per domain. `reuse_port` and `instance` are for
        `auth0-explore sandbox --workers` (workers.py): several processes listening on the same
        ports (SO_REUSEPORT), this one worker number `instance`; `started_at` (default: now)
        dates the first certificates and users' `updated_at`, the same in every worker.
        """
        tenant = profile if isinstance(profile, Tenant) else load_profile(profile)
        self.clock: Clock = clock or SystemClock()
        self.seed = seed
        self._port = port
        self._reuse_port = reuse_port
        entropy = Entropy(seed, instance)
        tenant.materialize(entropy)
        started_at = self.clock.now() if started_at is None else started_at
        started = to_datetime(started_at).isoformat(timespec="milliseconds")
        for user in tenant.users:
            user.updated_at = user.updated_at or started.replace("+00:00", "Z")
        keys = KeyRing(
            tenant.domain, entropy, self.clock, tenant.emulation.kid_format, issued_at=started_at
        )
        tenant.keys = keys
        self._state = SandboxState(
            tenant=tenant,
            clock=self.clock,
            entropy=entropy,
            issuer=TokenIssuer(keys, entropy, self.clock),
            grants=default_grants(),
            faults=FaultInjector(),
            rate_limiter=RateLimiter(self.clock),
            quotas=QuotaLedger(self.clock),
            assertions=AssertionVerifier(self.clock),
        )
        self._servers: list[_Listener] = []
        self._domains: tuple[SandboxDomain, ...] = ()
        self._lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> Sandbox:
        """Start serving every domain; returns self. Starting twice is an error."""
        with self._lock:
            if self._servers:
                raise SandboxError("the sandbox is already running")
            domains: list[SandboxDomain] = []
            try:
                for index, name in enumerate(self.tenant.domain_names):
                    port = self._port_for(index)
                    domain = SandboxDomain(name, "", canonical=index == 0)
                    app = SandboxApp(self._state, domain)
                    server = _serve(port, app, name, reuse_port=self._reuse_port)
                    domain = SandboxDomain(name, f"http://{HOST}:{server.port}/", index == 0)
                    app.domain = domain
                    server.start()
                    self._servers.append(server)
                    domains.append(domain)
            except OSError as exc:
                self._shutdown()
                raise SandboxError(f"cannot listen on {HOST}:{port}: {exc}") from exc
            self._domains = tuple(domains)
        return self

    def _port_for(self, index: int) -> int:
        if isinstance(self._port, tuple):
            return self._port[index] if index < len(self._port) else 0
        return self._port + index if self._port else 0

    def stop(self) -> None:
        """Stop every server and wait for its thread; safe to call twice."""
        with self._lock:
            self._shutdown()

    def _shutdown(self) -> None:
        for server in self._servers:
            server.stop()
        self._servers = []
        self._domains = ()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """True between start() and stop()."""
        return bool(self._servers)

    # -- what it serves --------------------------------------------------------------------

    @property
    def domains(self) -> tuple[SandboxDomain, ...]:
        """Canonical domain first, then custom domains, each with its loopback base URL."""
        if not self._domains:
            raise SandboxError("the sandbox is not running: use `with Sandbox() as sb:` or start()")
        return self._domains

    @property
    def base_url(self) -> str:
        """The canonical domain's loopback base URL, with a trailing slash."""
        return self.domains[0].base_url

    def domain(self, name: str) -> SandboxDomain:
        """The served domain with this name."""
        for domain in self.domains:
            if domain.name == name:
                return domain
        raise SandboxError(f"no domain {name!r}; the tenant has {self.tenant.domain_names}")

    @property
    def tenant(self) -> Tenant:
        """The live tenant model: changes apply to the next request."""
        return self._state.tenant

    @property
    def faults(self) -> FaultInjector:
        """Arm faults: `sb.faults.inject("/oauth/token", count=2, status=503)`."""
        return self._state.faults

    @property
    def grants(self) -> GrantRegistry:
        """grant_type -> handler for POST /oauth/token; register more to extend the sandbox."""
        return self._state.grants

    @property
    def keys(self) -> KeyRing:
        """The tenant's signing keys (current, next, previous)."""
        return self._state.issuer.keys

    @property
    def rate_limiter(self) -> RateLimiter:
        """The per-endpoint token buckets."""
        return self._state.rate_limiter

    @property
    def mint_count(self) -> int:
        """How many access tokens the sandbox has issued."""
        return self._state.issuer.mint_count

    def application(self, name: str) -> Application:
        """The application with this name (or client_id)."""
        app = self.tenant.application(name)
        if app is None:
            names = [a.name for a in self.tenant.applications]
            raise SandboxError(f"no application {name!r}; the tenant has {names}")
        return app

    def api(self, name: str) -> Api:
        """The API with this name (or identifier)."""
        api = self.tenant.api(name)
        if api is None:
            names = [a.name for a in self.tenant.apis]
            raise SandboxError(f"no API {name!r}; the tenant has {names}")
        return api

    def rotate_keys(self) -> SigningKey:
        """Rotate the signing keys (Auth0: §8.2); returns the new current key."""
        return self.keys.rotate()

    def revoke_previous_key(self) -> SigningKey | None:
        """Revoke the key rotated out last; it leaves the JWKS."""
        return self.keys.revoke_previous()

    # -- user flows without a browser (README "Logging in without a browser") -------------

    def login(
        self,
        email: str,
        *,
        client: str = "spa",
        redirect_uri: str | None = None,
        domain: str | None = None,
        **authorize_params: str,
    ) -> str:
        """Log a user in as /authorize would and return the callback URL (with the code).

        `authorize_params` are /authorize's own (`audience`, `scope`, `state`, `nonce`,
        `code_challenge`, `code_challenge_method`, `organization`, `max_age`, `response_type`
        (default `code`), `response_mode`). Errors Auth0 delivers by redirect come back in the
        URL; a request that would show Auth0's error page raises SandboxError.
        """
        app = self.application(client)
        uri = redirect_uri or (app.callbacks[0] if app.callbacks else "")
        params = {"response_type": "code", **authorize_params}
        params.update(client_id=app.client_id, redirect_uri=uri)
        served = self.domain(domain) if domain else self.domains[0]
        site = RequestSite(served.name, served.canonical, served.base_url)
        return login_as(self._state, site, email, params)

    def login_from_url(self, authorize_url: str, email: str) -> str:
        """Log a user in for a full /authorize URL (any served domain); the callback URL.

        A scripted user agent for clients that build the URL themselves:
        `lambda url: sb.login_from_url(url, "alice@example.com")`.
        """
        return login_from_url(self._state, self.domains, authorize_url, email)

    def user(self, email: str) -> User:
        """The user with this email."""
        found = self.tenant.user(email)
        if found is None:
            raise SandboxError(
                f"no user {email!r}; the tenant has {[u.email for u in self.tenant.users]}"
            )
        return found

    def approve_device(self, user_code: str, email: str) -> None:
        """Approve a pending device user code as this user (what /activate does)."""
        decide_device(self._state, user_code, self.user(email))

    def unblock(self, email: str) -> None:
        """Lift a brute-force block (what the unblock email link does)."""
        self._state.attempts.reset(self.user(email).user_id)

    def deny_device(self, user_code: str) -> None:
        """Deny a pending device user code: the device's next poll gets access_denied."""
        decide_device(self._state, user_code, None)

    def description(self) -> dict[str, Any]:
        """What `auth0-explore sandbox` prints: domains, credentials, APIs, users."""
        from auth0_explore.sandbox.tenant.describe import describe

        return describe(self.tenant, self.domains)

    def _repr_html_(self) -> str:
        from auth0_explore.sandbox.tenant.describe import describe_html

        return describe_html(self.tenant, self._domains)

    def __repr__(self) -> str:
        where = self._domains[0].base_url if self._domains else "stopped"
        return f"Sandbox({self.tenant.domain!r}, {where})"
