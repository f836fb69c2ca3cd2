"""Everything a running sandbox shares between its domains' servers and request threads."""

from __future__ import annotations

from dataclasses import dataclass, field

from auth0_explore.clock import Clock
from auth0_explore.sandbox.grants.registry import GrantRegistry
from auth0_explore.sandbox.http.faults import FaultInjector
from auth0_explore.sandbox.http.limits import RateLimiter
from auth0_explore.sandbox.http.quota import QuotaLedger
from auth0_explore.sandbox.minting.access_tokens import TokenIssuer
from auth0_explore.sandbox.minting.entropy import HEX, Entropy
from auth0_explore.sandbox.minting.opaque import OpaqueTokens
from auth0_explore.sandbox.stores.attempts import LoginAttempts
from auth0_explore.sandbox.stores.codes import CodeStore
from auth0_explore.sandbox.stores.devices import DeviceStore
from auth0_explore.sandbox.stores.refresh_tokens import RefreshTokenStore
from auth0_explore.sandbox.stores.sessions import SessionStore
from auth0_explore.sandbox.tenant.credentials import AssertionVerifier
from auth0_explore.sandbox.tenant.model import Tenant

__all__ = ["SandboxState"]


@dataclass
class SandboxState:
    """The live tenant and the services that act on it."""

    tenant: Tenant
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

    def __post_init__(self) -> None:
        self.opaque = OpaqueTokens(self.entropy)
        self.codes = CodeStore(self.entropy, self.clock)
        self.sessions = SessionStore(self.entropy, self.clock)
        self.refresh_tokens = RefreshTokenStore(self.entropy, self.clock)
        self.devices = DeviceStore(self.entropy, self.clock)
        self.attempts = LoginAttempts()

    def request_id(self) -> str:
        """`X-Auth0-RequestId`: 20 hex characters (Auth0: §1)."""
        return self.entropy.stream("request-id").text(20, HEX)
