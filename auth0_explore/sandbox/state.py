"""Everything a running sandbox shares between its domains' servers and request threads."""

from __future__ import annotations

from dataclasses import dataclass, field

from auth0_explore.clock import Clock
from auth0_explore.sandbox.attempts import LoginAttempts
from auth0_explore.sandbox.codes import CodeStore
from auth0_explore.sandbox.credentials import AssertionVerifier
from auth0_explore.sandbox.device import DeviceStore
from auth0_explore.sandbox.entropy import HEX, Entropy
from auth0_explore.sandbox.faults import FaultInjector
from auth0_explore.sandbox.grants import GrantRegistry
from auth0_explore.sandbox.issuer import TokenIssuer
from auth0_explore.sandbox.model import Tenant
from auth0_explore.sandbox.opaque import OpaqueTokens
from auth0_explore.sandbox.quota import QuotaLedger
from auth0_explore.sandbox.ratelimit import RateLimiter
from auth0_explore.sandbox.refresh import RefreshTokenStore
from auth0_explore.sandbox.sessions import SessionStore

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
