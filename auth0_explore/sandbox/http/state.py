"""Everything a running sandbox shares between its domains' servers and request threads."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from auth0_explore.clock import Clock, to_datetime
from auth0_explore.sandbox.grants.registry import GrantRegistry, default_grants
from auth0_explore.sandbox.http.faults import FaultInjector
from auth0_explore.sandbox.http.limits import QuotaLedger, RateLimiter
from auth0_explore.sandbox.minting.access_tokens import TokenIssuer
from auth0_explore.sandbox.minting.entropy import HEX, Entropy
from auth0_explore.sandbox.minting.keys import KeyRing
from auth0_explore.sandbox.minting.opaque import OpaqueTokens
from auth0_explore.sandbox.stores.codes import CodeStore
from auth0_explore.sandbox.stores.devices import DeviceStore
from auth0_explore.sandbox.stores.refresh_tokens import RefreshTokenStore
from auth0_explore.sandbox.stores.sessions import LoginAttempts, SessionStore
from auth0_explore.sandbox.tenant.credentials import AssertionVerifier
from auth0_explore.sandbox.tenant.model import TenantConfig

__all__ = ["SandboxState"]


@dataclass
class SandboxState:
    """The live tenant and the services that act on it."""

    tenant: TenantConfig
    clock: Clock
    entropy: Entropy
    issuer: TokenIssuer
    grants: GrantRegistry
    faults: FaultInjector
    rate_limiter: RateLimiter
    quotas: QuotaLedger
    assertions: AssertionVerifier
    # User flows: built from the entropy and clock above.
    opaque: OpaqueTokens = field(init=False)
    codes: CodeStore = field(init=False)
    sessions: SessionStore = field(init=False)
    refresh_tokens: RefreshTokenStore = field(init=False)
    devices: DeviceStore = field(init=False)
    attempts: LoginAttempts = field(init=False)
    #: Management API writes go one at a time (checked, and rolled back when refused)
    management_writes: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.opaque = OpaqueTokens(self.entropy)
        self.codes = CodeStore(self.entropy, self.clock)
        self.sessions = SessionStore(self.entropy, self.clock)
        self.refresh_tokens = RefreshTokenStore(self.entropy, self.clock)
        self.devices = DeviceStore(self.entropy, self.clock)
        self.attempts = LoginAttempts()

    @classmethod
    def create(
        cls,
        tenant: TenantConfig,
        clock: Clock,
        *,
        seed: int | None,
        instance: int = 0,
        started_at: float | None = None,
    ) -> SandboxState:
        """Fill in `tenant`'s generated ids, secrets and keys; the services around it.

        `started_at` (default: now) dates the first certificates and users' `updated_at`.
        """
        entropy = Entropy(seed, instance)
        tenant.materialize(entropy)
        started_at = clock.now() if started_at is None else started_at
        started = to_datetime(started_at).isoformat(timespec="milliseconds")
        for user in tenant.users:
            user.updated_at = user.updated_at or started.replace("+00:00", "Z")
        kid_format = tenant.emulation.kid_format
        keys = KeyRing(tenant.domain, entropy, clock, kid_format, issued_at=started_at)
        tenant.keys = keys
        return cls(
            tenant=tenant,
            clock=clock,
            entropy=entropy,
            issuer=TokenIssuer(keys, entropy, clock),
            grants=default_grants(),
            faults=FaultInjector(),
            rate_limiter=RateLimiter(clock),
            quotas=QuotaLedger(clock),
            assertions=AssertionVerifier(clock),
        )

    def request_id(self) -> str:
        """`X-Auth0-RequestId`: 20 hex characters (Auth0: §1)."""
        return self.entropy.stream("request-id").text(20, HEX)
