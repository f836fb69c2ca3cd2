"""The client: the toolkit's only network I/O.

`Tenant` is the entry point (`Tenant.from_sandbox(sb)`, `Tenant.from_env()`). It holds its
parts, which share one `HttpSession` and its caches:

- `calls.Sender`: client authentication added, requests recorded with secrets masked;
- `token_endpoint.TokenEndpoint`: `/oauth/token` into `TokenResult`s, the `TokenCache`;
- `flows.UserFlows`: authorization code, refresh, password, device, /userinfo, revoke;
- `discovery.Discovery`: the OpenID configuration and a `JwksCache` per issuer.

Under them, `session.HttpSession` sends with timeouts and an overall deadline kept while the
response arrives (`transport.py`), asks the pure `retry.decide` after each attempt, turns
failures into the toolkit's errors (`outcomes.py`) and decodes bodies with one bounded JSON
decoder (`bodies.py`). Calls return frozen results.
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
