"""`Sandbox`: a local Auth0 tenant you start, use and stop from Python.

Two parts, composed: the lifecycle (`http.server.Servers`: start, stop, ports, one listener per
domain) and what a person does with a running tenant (log users in, approve devices, rotate
keys, arm faults, move the clock), which acts on the shared `SandboxState`.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, cast

from typing_extensions import TypeVar

from auth0_explore.clock import Clock, SystemClock
from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.endpoints.authorize import login_as, login_from_url
from auth0_explore.sandbox.endpoints.device import decide_device
from auth0_explore.sandbox.grants.registry import GrantRegistry
from auth0_explore.sandbox.http.faults import FaultInjector
from auth0_explore.sandbox.http.hosts import RequestSite, SandboxDomain
from auth0_explore.sandbox.http.server import DEFAULT_MAX_CONNECTIONS, Servers
from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.minting.keys import KeyRing, SigningKey
from auth0_explore.sandbox.tenant.model import Api, Application, TenantConfig
from auth0_explore.sandbox.tenant.profiles import DEFAULT_PROFILE, load_profile
from auth0_explore.sandbox.tenant.users import User

if TYPE_CHECKING:
    from auth0_explore.snapshot.model import Snapshot

__all__ = ["Sandbox"]

#: The sandbox's clock type: `Sandbox(clock=FrozenClock(...))` is a `Sandbox[FrozenClock]`, so
#: `sb.clock.advance(60)` type-checks; a bare `Sandbox` annotation means any clock.
ClockT = TypeVar("ClockT", bound=Clock, covariant=True, default=Clock)


class Sandbox(Generic[ClockT]):
    """A local Auth0 tenant: the Authentication API over HTTP on loopback, one port per domain."""

    def __init__(
        self,
        profile: str | Path | TenantConfig = DEFAULT_PROFILE,
        clock: ClockT | None = None,
        seed: int | None = None,
        port: int | tuple[int, ...] = 0,
        *,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        reuse_port: bool = False,
        instance: int = 0,
        started_at: float | None = None,
        snapshot: Snapshot | None = None,
        tls: bool = False,
    ) -> None:
        """`profile`: a profile name, a `TenantConfig` or a TOML tenant file. `clock`: the time
        every token, code, bucket and session reads (default: the system clock).

        `snapshot`: serve this snapshot's configuration instead of a profile (`profile` is then
        ignored): same domains, settings, APIs, applications, grants and organizations, fresh
        keys and secrets (`sandbox/tenant/replay.py`).

        `tls`: serve every domain over HTTPS with a certificate from a CA made at start (for
        127.0.0.1, localhost and the tenant's names); clients trust `ca_path` (`http/tls.py`).

        `port`: the canonical domain's (custom domains on the ports after it; 0 picks free
        ports), or one port per domain. `max_connections`: open connections each domain holds
        (kept-alive ones included); past it new ones wait and the sandbox logs a warning.
        `reuse_port` and `instance` are for
        `auth0-explore sandbox --workers` (http/workers.py): several processes listening on the
        same ports (SO_REUSEPORT), this one worker number `instance`; `started_at` (default:
        now) dates the first certificates and users' `updated_at`, the same in every worker.
        """
        if snapshot is not None:
            from auth0_explore.sandbox.tenant.replay import tenant_from_snapshot

            tenant = tenant_from_snapshot(snapshot)
        elif isinstance(profile, TenantConfig):
            tenant = profile
        else:
            tenant = load_profile(profile)
        # Without a clock, ClockT is its default (Clock), which SystemClock satisfies.
        self._clock = clock if clock is not None else cast(ClockT, SystemClock())
        self.seed = seed
        self._state = SandboxState.create(
            tenant, self._clock, seed=seed, instance=instance, started_at=started_at
        )
        self._servers = Servers(
            self._state, port, max_connections=max_connections, reuse_port=reuse_port, tls=tls
        )

    # -- lifecycle (http/server.py) --------------------------------------------------------

    def start(self) -> Sandbox[ClockT]:
        """Start serving every domain; returns self. Starting twice is an error."""
        self._servers.start()
        return self

    def stop(self) -> None:
        """Stop every server and wait for its thread; safe to call twice."""
        self._servers.stop()

    def __enter__(self) -> Sandbox[ClockT]:
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
        return self._servers.running

    # -- what it serves (while running) ----------------------------------------------------

    @property
    def domains(self) -> tuple[SandboxDomain, ...]:
        """Canonical domain first, then custom domains, each with its loopback base URL."""
        if not self._servers.domains:
            raise SandboxError("the sandbox is not running: use `with Sandbox() as sb:` or start()")
        return self._servers.domains

    @property
    def base_url(self) -> str:
        """The canonical domain's loopback base URL, with a trailing slash."""
        return self.domains[0].base_url

    @property
    def ca_path(self) -> Path | None:
        """TLS mode: the CA certificate (PEM) to trust while running; None for plain HTTP."""
        return self._servers.ca.ca_path if self._servers.ca is not None else None

    def domain(self, name: str) -> SandboxDomain:
        """The served domain with this name."""
        for domain in self.domains:
            if domain.name == name:
                return domain
        raise SandboxError(f"no domain {name!r}; the tenant has {self.tenant.domain_names}")

    # -- what a person does with it ---------------------------------------------------------

    @property
    def clock(self) -> ClockT:
        """The sandbox's clock; a `FrozenClock` moves with `sb.clock.advance(seconds)`."""
        return self._clock

    @property
    def tenant(self) -> TenantConfig:
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

    def snapshot(self) -> Snapshot:
        """The tenant's configuration now, read from the model (no HTTP, no secrets).

        The same value as reading it through the Management API with the toolkit's client
        (`Tenant.from_sandbox(sb, application="api-explorer").management.snapshot()`), apart
        from `source.kind`.
        """
        from auth0_explore.sandbox.management.snapshot import snapshot_of

        return snapshot_of(self.tenant, self._clock)

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

        described = describe(self.tenant, self.domains)
        if self.ca_path is not None:
            described["ca_path"] = str(self.ca_path)
        return described

    def _repr_html_(self) -> str:
        from auth0_explore.sandbox.tenant.describe import describe_html

        return describe_html(self.tenant, self._servers.domains)

    def __repr__(self) -> str:
        domains = self._servers.domains
        where = domains[0].base_url if domains else "stopped"
        return f"Sandbox({self.tenant.domain!r}, {where})"
