"""Everything a running sandbox shares between its domains' servers and request threads."""

from __future__ import annotations

from dataclasses import dataclass

from auth0_explore.clock import Clock
from auth0_explore.sandbox.credentials import AssertionVerifier
from auth0_explore.sandbox.entropy import HEX, Entropy
from auth0_explore.sandbox.faults import FaultInjector
from auth0_explore.sandbox.grants import GrantRegistry
from auth0_explore.sandbox.issuer import TokenIssuer
from auth0_explore.sandbox.model import Tenant
from auth0_explore.sandbox.quota import QuotaLedger
from auth0_explore.sandbox.ratelimit import RateLimiter

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

    def request_id(self) -> str:
        """`X-Auth0-RequestId`: 20 hex characters (Auth0: §1)."""
        return self.entropy.stream("request-id").text(20, HEX)
