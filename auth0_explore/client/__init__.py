"""The client: the toolkit's only network I/O.

`Tenant` is the entry point (`Tenant.from_sandbox(sb)`, `Tenant.from_env()`); it owns one
`HttpSession` (timeouts, retries, rate-limit and quota headers), a `TokenCache` for
client-credentials tokens and a `JwksCache` per issuer. Calls return frozen results.
"""

from __future__ import annotations

from auth0_explore.client.auth import AuthorizationRequest, DeviceAuthorization
from auth0_explore.client.cache import CacheKey, TokenCache
from auth0_explore.client.jwks import JwksCache, JwksState, StaleJwksWarning
from auth0_explore.client.limits import QuotaBucket, Quotas, RateLimit
from auth0_explore.client.policy import NO_RETRY, RetryPolicy, Timeouts
from auth0_explore.client.results import (
    EndpointResult,
    RequestRecord,
    TokenResult,
)
from auth0_explore.client.session import Attempt, HttpResponse, HttpSession
from auth0_explore.client.tenant import Tenant

__all__ = [
    "NO_RETRY",
    "Attempt",
    "AuthorizationRequest",
    "CacheKey",
    "DeviceAuthorization",
    "EndpointResult",
    "HttpResponse",
    "HttpSession",
    "JwksCache",
    "JwksState",
    "QuotaBucket",
    "Quotas",
    "RateLimit",
    "RequestRecord",
    "RetryPolicy",
    "StaleJwksWarning",
    "Tenant",
    "Timeouts",
    "TokenCache",
    "TokenResult",
]
