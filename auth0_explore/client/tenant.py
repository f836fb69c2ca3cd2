"""`Tenant`: one connection to one tenant, live or sandbox, and every call the toolkit makes.

The same calls work against a live tenant (`Tenant.from_env()`) and the sandbox
(`Tenant.from_sandbox(sb)`). Each returns a frozen result; a failed call raises `OAuthError`,
`TransportError` or `RequestTimeoutError` and leaves every earlier result as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from auth0_explore.client.auth import (
    AuthMethod,
    client_credentials_params,
)
from auth0_explore.client.cache import CacheKey
from auth0_explore.client.calls import _endpoint_result, _json_object
from auth0_explore.client.flows import UserFlows
from auth0_explore.client.inspection import default_expectations, validate_token
from auth0_explore.client.limits import Quotas, RateLimit
from auth0_explore.client.policy import RetryPolicy, Timeouts
from auth0_explore.client.results import (
    EndpointResult,
    TokenResult,
)
from auth0_explore.clock import Clock
from auth0_explore.config import TenantConnection
from auth0_explore.tokens import Expectations, ValidationReport, inspect_token
from auth0_explore.tokens.display import html_table

__all__ = ["Tenant"]


class Tenant(UserFlows):
    """A connection to one Auth0 tenant (or the sandbox): grants, discovery, keys, caches.

    Args:
        connection: Where the tenant is and which application speaks (`TenantConnection`).
        clock: The clock for token expiry, the token cache and the JWKS cache.
        timeouts: Connect and read timeouts of every request.
        retry: Attempts, deadline and backoff for every request.
        sleep, monotonic, jitter: The session's time and randomness (tests make them instant).
        cache_margin: Seconds before `exp` at which a cached token is no longer served.
        jwks_lifetime, jwks_cooldown, jwks_grace: The JWKS cache's windows (token-validation §3).
    """

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        dotenv: str | Path | None = ".env",
        clock: Clock | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> Tenant:
        """A live tenant from the `AUTH0_*` variables of the environment or a .env file."""
        connection = TenantConnection.from_env(environ, dotenv=dotenv)
        return cls(connection, clock=clock, timeouts=timeouts, retry=retry)

    @classmethod
    def from_sandbox(
        cls,
        sandbox: Any,
        *,
        hostnames: bool = False,
        application: str | None = "m2m",
        domain: str | None = None,
        clock: Clock | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> Tenant:
        """A running sandbox, by loopback URL or (`hostnames=True`) by its tenant host names.

        The clock defaults to the sandbox's, so cached tokens expire when the sandbox says.
        """
        connection = TenantConnection.from_sandbox(
            sandbox, hostnames=hostnames, application=application, domain=domain
        )
        return cls(
            connection,
            clock=clock or sandbox.clock,
            timeouts=timeouts,
            retry=retry,
            sleep=sleep,
            monotonic=monotonic,
        )

    # -- client credentials ---------------------------------------------------------------------

    def client_credentials(
        self,
        audience: str | None = None,
        *,
        scope: str | None = None,
        organization: str | None = None,
        resource: str | None = None,
        auth_method: AuthMethod | None = None,
        cache: bool = True,
    ) -> TokenResult:
        """An M2M access token (`grant_type=client_credentials`), from the cache when fresh.

        Args:
            audience: The API identifier. None uses the connection's `AUTH0_AUDIENCE`, if any;
                "" sends no audience at all (the tenant's default audience case).
            scope: Space-separated scopes to ask for (a subset of the client grant's).
            organization: An organization id (`org_...`) or name.
            resource: RFC 8707 `resource`, Auth0's fallback for `audience`.
            auth_method: `client_secret_post` (body), `client_secret_basic` (HTTP Basic) or
                `private_key_jwt` (a signed assertion); default: the application's own (a key
                when it has one and no secret, else the secret in the body).
            cache: Reuse a cached token for the same (domain, client, audience, scope,
                organization) until shortly before it expires.
        """
        if audience is None:
            audience = self.connection.audience

        def mint() -> TokenResult:
            params = client_credentials_params(
                audience=audience or None, scope=scope, organization=organization, resource=resource
            )
            return self._token_call(params, auth_method)

        if not cache:
            return mint()
        key = CacheKey.of(
            self._domain, self._credentials().client_id, audience or resource, scope, organization
        )
        return self.cache.get_or_mint(key, mint)

    @property
    def management_audience(self) -> str:
        """The Management API identifier, always on the canonical domain (Auth0: custom domains)."""
        return self.connection.management_audience

    # -- other endpoints ------------------------------------------------------------------------

    def discovery(self) -> EndpointResult:
        """The OpenID configuration (`/.well-known/openid-configuration`), fetched once."""
        if self._discovery is None:
            response, record = self._send("GET", ".well-known/openid-configuration")
            self._discovery = _endpoint_result(record, response, _json_object(response))
        return self._discovery

    def validate(
        self,
        token: str | TokenResult,
        expectations: Expectations | None = None,
        *,
        issuer: str | None = None,
    ) -> ValidationReport:
        """Check an access token with this tenant's key set (cached JWKS).

        Args:
            token: A raw access token, or a result (its requested audience is the default).
            expectations: What the token must be (`Expectations.for_api(...)`); default: any
                issuer of this tenant, the audience requested (else the connection's, else the
                tenant's default audience), the profile the token's `typ` announces.
            issuer: Whose key set to use; default: the domain requests go to.
        """
        raw = token.reveal() if isinstance(token, TokenResult) else token
        audience = None
        if isinstance(token, TokenResult):
            params = token.request.params
            audience = params.get("audience") or params.get("resource")
        inspection = inspect_token(raw, clock=self.clock)
        if expectations is None:
            expectations = default_expectations(
                inspection,
                issuers=self.connection.issuers,
                audience=audience or self.connection.audience or self.connection.default_audience,
            )
        return validate_token(
            raw, expectations, keys=self.jwks(issuer), clock=self.clock, inspection=inspection
        )

    @property
    def rate_limit(self) -> RateLimit | None:
        """The rate limit announced by the latest response that had one."""
        return self.http.last_rate_limit

    @property
    def quotas(self) -> Quotas | None:
        """The M2M quotas announced by the latest response that had them."""
        return self.http.last_quotas

    def close(self) -> None:
        """Close the HTTP session's pooled connections."""
        self.http.close()

    def __enter__(self) -> Tenant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Tenant({self.connection!r}, minted={self.cache.minted})"

    def _repr_html_(self) -> str:
        client = self.connection.credentials
        rows = [
            ("base URL", self.connection.base_url),
            ("canonical domain", self.connection.canonical_domain),
            ("client id", client.client_id if client else "-"),
            ("client secret", "********" if client and client.client_secret else "-"),
            ("host-name routes", ", ".join(self.connection.routes) or "-"),
            ("tokens minted", str(self.cache.minted)),
            ("served from cache", str(self.cache.hits)),
            ("rate limit", str(self.rate_limit) if self.rate_limit else "-"),
        ]
        return html_table(("", ""), rows, caption="Tenant")
