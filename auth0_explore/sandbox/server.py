"""The sandbox's lifecycle: one threaded werkzeug server per domain on loopback.

Servers run in daemon threads, so a notebook kernel never blocks and never hangs on exit. Every
domain (canonical, then each custom domain) gets its own port; `port=0` picks free ports, a
fixed `port` puts the canonical domain there and custom domains on the ports after it.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from auth0_explore.clock import Clock, SystemClock, to_datetime
from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.app import SandboxApp
from auth0_explore.sandbox.credentials import AssertionVerifier
from auth0_explore.sandbox.device_flow import decide_device
from auth0_explore.sandbox.entropy import Entropy
from auth0_explore.sandbox.faults import FaultInjector
from auth0_explore.sandbox.grants import GrantRegistry, default_grants
from auth0_explore.sandbox.hosts import RequestSite, SandboxDomain
from auth0_explore.sandbox.issuer import TokenIssuer
from auth0_explore.sandbox.keys import KeyRing, SigningKey
from auth0_explore.sandbox.login import login_as, login_from_url
from auth0_explore.sandbox.model import Api, Application, Tenant
from auth0_explore.sandbox.profiles import DEFAULT_PROFILE, load_profile
from auth0_explore.sandbox.quota import QuotaLedger
from auth0_explore.sandbox.ratelimit import RateLimiter
from auth0_explore.sandbox.state import SandboxState
from auth0_explore.sandbox.users import User

__all__ = ["Sandbox"]

HOST = "127.0.0.1"
_POLL_SECONDS = 0.05  # how soon stop() is noticed; idle cost is a few wake-ups a second


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr: a notebook cell should show results, not request lines."""

    server_version = "auth0-explore-sandbox"
    sys_version = ""

    def log(self, type: str, message: str, *args: Any) -> None:
        return


def _serve(port: int, app: SandboxApp) -> BaseWSGIServer:
    """A threaded server on 127.0.0.1:port; binds first so a busy port raises OSError.

    (werkzeug's own bind prints and calls sys.exit, which a notebook must never see.)
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As http.server does (allow_reuse_address): a restart may reuse a port whose old
        # connections linger in TIME_WAIT, while a port another listener holds still fails.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
        return make_server(
            HOST, port, app, threaded=True, request_handler=_QuietHandler, fd=sock.fileno()
        )


class Sandbox:
    """A local Auth0 tenant for the machine-to-machine part of the Authentication API."""

    def __init__(
        self,
        profile: str | Path | Tenant = DEFAULT_PROFILE,
        clock: Clock | None = None,
        seed: int | None = None,
        port: int = 0,
    ) -> None:
        tenant = profile if isinstance(profile, Tenant) else load_profile(profile)
        self.clock: Clock = clock or SystemClock()
        self.seed = seed
        self._port = port
        entropy = Entropy(seed)
        tenant.materialize(entropy)
        started = to_datetime(self.clock.now()).isoformat(timespec="milliseconds")
        for user in tenant.users:
            user.updated_at = user.updated_at or started.replace("+00:00", "Z")
        keys = KeyRing(tenant.domain, entropy, self.clock, tenant.emulation.kid_format)
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
        self._servers: list[tuple[BaseWSGIServer, threading.Thread]] = []
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
                    port = self._port + index if self._port else 0
                    domain = SandboxDomain(name, "", canonical=index == 0)
                    app = SandboxApp(self._state, domain)
                    server = _serve(port, app)
                    domain = SandboxDomain(name, f"http://{HOST}:{server.port}/", index == 0)
                    app.domain = domain
                    thread = threading.Thread(
                        target=server.serve_forever,
                        kwargs={"poll_interval": _POLL_SECONDS},
                        name=f"sandbox {name}",
                        daemon=True,
                    )
                    thread.start()
                    self._servers.append((server, thread))
                    domains.append(domain)
            except OSError as exc:
                self._shutdown()
                raise SandboxError(f"cannot listen on {HOST}:{port}: {exc}") from exc
            self._domains = tuple(domains)
        return self

    def stop(self) -> None:
        """Stop every server and wait for its thread; safe to call twice."""
        with self._lock:
            self._shutdown()

    def _shutdown(self) -> None:
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
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
        from auth0_explore.sandbox.describe import describe

        return describe(self.tenant, self.domains)

    def _repr_html_(self) -> str:
        from auth0_explore.sandbox.describe import describe_html

        return describe_html(self.tenant, self._domains)

    def __repr__(self) -> str:
        where = self._domains[0].base_url if self._domains else "stopped"
        return f"Sandbox({self.tenant.domain!r}, {where})"
