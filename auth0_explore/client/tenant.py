"""`Tenant`: one connection to one tenant, live or sandbox, and every call the toolkit makes.

The same calls work against a live tenant (`Tenant.from_env()`) and the sandbox
(`Tenant.from_sandbox(sb)`). Each returns a frozen result; a failed call raises `OAuthError`,
`TransportError` or `RequestTimeoutError` and leaves every earlier result as it was.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from auth0_explore.client.auth import AuthMethod, AuthorizationRequest, DeviceAuthorization
from auth0_explore.client.cache import TokenCache
from auth0_explore.client.calls import Sender
from auth0_explore.client.discovery import Discovery, JwksWindows
from auth0_explore.client.flows import UserFlows
from auth0_explore.client.inspection import default_expectations, validate_token
from auth0_explore.client.jwks import JwksCache
from auth0_explore.client.limits import Quotas, RateLimit
from auth0_explore.client.management import Management, ManagementSession
from auth0_explore.client.pacing import Pacer
from auth0_explore.client.policy import RetryPolicy, Timeouts
from auth0_explore.client.results import EndpointResult, TokenResult
from auth0_explore.client.session import HttpSession
from auth0_explore.client.token_endpoint import TokenEndpoint
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.config import TenantConnection
from auth0_explore.secrets import Secret
from auth0_explore.tokens import Expectations, ValidationReport, inspect_token
from auth0_explore.tokens.display import html_table

__all__ = ["Tenant"]


class Tenant:
    """A connection to one Auth0 tenant (or the sandbox): grants, discovery, keys, caches.

    It holds its parts, which share its session and caches: `TokenEndpoint` (token requests,
    the client-credentials cache), `UserFlows` (code, refresh, password, device, /userinfo,
    revoke) and `Discovery` (the OpenID configuration, one JWKS cache per issuer), all sending
    through one `Sender` (client authentication, masked request records).

    Args:
        connection: Where the tenant is and which application speaks (`TenantConnection`).
        clock: The clock for token expiry, the token cache and the JWKS cache.
        timeouts: Connect and read timeouts of every request.
        retry: Attempts, deadline and backoff for every request.
        sleep: How the session waits between attempts (tests make it instant).
        monotonic: The session's timer for deadlines.
        jitter: The randomness of retry backoff.
        cache_margin: Seconds before `exp` at which a cached token is no longer served.
        jwks_lifetime: Seconds a fetched JWKS is used before it is fetched again.
        jwks_cooldown: Seconds between refetches for a `kid` the JWKS does not have.
        jwks_grace: Seconds the last good JWKS is served while the tenant cannot be reached.
    """

    def __init__(
        self,
        connection: TenantConnection,
        *,
        clock: Clock | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
        cache_margin: float = 60.0,
        jwks_lifetime: float = 600.0,
        jwks_cooldown: float = 30.0,
        jwks_grace: float = 3600.0,
    ) -> None:
        self.connection = connection
        self.clock = clock or SystemClock()
        self.http = HttpSession(
            timeouts=timeouts,
            retry=retry,
            clock=self.clock,
            routes=connection.routes,
            verify=connection.ca_bundle or True,
            sleep=sleep,
            monotonic=monotonic,
            jitter=jitter,
        )
        self.cache = TokenCache(self.clock, margin=cache_margin)
        sender = Sender(connection, self.clock, self.http)
        self._discovery = Discovery(sender, JwksWindows(jwks_lifetime, jwks_cooldown, jwks_grace))
        self._tokens = TokenEndpoint(sender, self.cache, self._discovery)
        self._flows = UserFlows(sender, self._tokens)
        pacer = Pacer(monotonic=monotonic, sleep=sleep)
        #: the tenant's Management API: typed reads, the labs' writes, `snapshot()`
        self.management = Management(
            ManagementSession(sender, self._tokens, pacer), connection.canonical_domain, self.clock
        )

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
        return self._tokens.client_credentials(
            audience, scope, organization, resource, auth_method, cache
        )

    @property
    def management_audience(self) -> str:
        """The Management API identifier, always on the canonical domain (Auth0: custom domains)."""
        return self.connection.management_audience

    # -- user flows -----------------------------------------------------------------------------

    def authorize(
        self,
        *,
        redirect_uri: str,
        audience: str | None = None,
        scope: str = "openid profile email",
        organization: str | None = None,
        connection: str | None = None,
        prompt: str | None = None,
    ) -> AuthorizationRequest:
        """The `/authorize` URL for the authorization-code flow with PKCE; nothing is sent.

        Open it in a browser, log in, then pass the URL you are redirected to to
        `exchange_code`. `audience` defaults to the connection's `AUTH0_AUDIENCE`.
        """
        return self._flows.authorize(
            redirect_uri, audience, scope, organization, connection, prompt
        )

    def exchange_code(
        self,
        request: AuthorizationRequest,
        redirect_url: str,
        *,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """Exchange the code in a pasted redirect URL (checked against `request`) for tokens."""
        return self._flows.exchange_code(request, redirect_url, auth_method)

    def login(
        self,
        user_agent: Callable[[str], str],
        *,
        redirect_uri: str,
        audience: str | None = None,
        scope: str = "openid profile email",
        organization: str | None = None,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """The whole code flow: `user_agent(authorize_url)` logs in and returns the redirect URL.

        A person pasting from a browser is one user agent; a scripted sandbox login is another.
        """
        request = self.authorize(
            redirect_uri=redirect_uri, audience=audience, scope=scope, organization=organization
        )
        return self.exchange_code(request, user_agent(request.url), auth_method=auth_method)

    def refresh(
        self,
        refresh_token: str | TokenResult,
        *,
        scope: str | None = None,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """New tokens for a refresh token (`grant_type=refresh_token`, §2.5); scope may shrink."""
        return self._flows.refresh(refresh_token, scope, auth_method)

    def password_realm(
        self,
        username: str,
        password: str | Secret,
        *,
        realm: str | None = None,
        audience: str | None = None,
        scope: str | None = None,
        auth_method: AuthMethod | None = None,
    ) -> TokenResult:
        """Resource-owner password: `password-realm` with a realm, plain `password` without."""
        return self._flows.password_realm(username, password, realm, audience, scope, auth_method)

    def device_authorization(
        self, *, audience: str | None = None, scope: str | None = None
    ) -> DeviceAuthorization:
        """Start the device flow (`POST /oauth/device/code`, §2.7): a user code and where to go."""
        return self._flows.device_authorization(audience, scope)

    def poll_device(
        self, device: DeviceAuthorization, *, auth_method: AuthMethod = "none"
    ) -> TokenResult:
        """Poll the token endpoint until the user approves, honouring `interval` and `slow_down`.

        `authorization_pending` waits `interval` seconds; `slow_down` takes the new interval
        from the response (or adds 5 s, RFC 8628 §3.5). Other errors are raised; giving up
        after `expires_in` raises `RequestTimeoutError`.
        """
        return self._flows.poll_device(device, auth_method)

    def userinfo(self, access_token: str | TokenResult) -> EndpointResult:
        """The user's profile from `/userinfo` for an access token that has its audience."""
        return self._flows.userinfo(access_token)

    def revoke(
        self, refresh_token: str | TokenResult, *, auth_method: AuthMethod | None = None
    ) -> EndpointResult:
        """Revoke a refresh token (`POST /oauth/revoke`, §8.4); Auth0 answers 200 with no body."""
        return self._flows.revoke(refresh_token, auth_method)

    # -- discovery and keys ---------------------------------------------------------------------

    def discovery(self) -> EndpointResult:
        """The OpenID configuration (`/.well-known/openid-configuration`), fetched once."""
        return self._discovery.configuration()

    def jwks(self, issuer: str | None = None, *, discover: bool = False) -> JwksCache:
        """The JWKS cache of one of this tenant's issuers (default: the one requests go to).

        Only the connection's own issuers are accepted: fetching keys for an issuer a token
        names would let the token choose where the client connects. With `discover`, the
        `jwks_uri` comes from the discovery document (it must stay on the issuer's origin).
        """
        return self._discovery.jwks(issuer, discover=discover)

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
