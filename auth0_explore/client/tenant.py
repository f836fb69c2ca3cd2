"""`Tenant`: one connection to one tenant, live or sandbox, and every call the toolkit makes.

The same calls work against a live tenant (`Tenant.from_env()`) and the sandbox
(`Tenant.from_sandbox(sb)`). Each returns a frozen result; a failed call raises `OAuthError`,
`TransportError` or `RequestTimeoutError` and leaves every earlier result as it was.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from auth0_explore.client.auth import (
    DEVICE_CODE_GRANT,
    PASSWORD_REALM_GRANT,
    AuthMethod,
    authorization_code_params,
    build_authorization_request,
    client_credentials_params,
    code_from_redirect,
    form_with_client,
)
from auth0_explore.client.cache import CacheKey, TokenCache
from auth0_explore.client.inspection import validate_token
from auth0_explore.client.jwks import JwksCache
from auth0_explore.client.limits import Quotas, RateLimit
from auth0_explore.client.results import (
    AuthorizationRequest,
    DeviceAuthorization,
    EndpointResult,
    RequestRecord,
    TokenResult,
    html_table,
    mask_params,
)
from auth0_explore.client.session import NO_RETRY, HttpResponse, HttpSession, RetryPolicy, Timeouts
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.config import Credentials, TenantConnection
from auth0_explore.errors import ConfigError, OAuthError, RequestTimeoutError, TransportError
from auth0_explore.secrets import Secret, fingerprint
from auth0_explore.tokens import Profile, ValidationReport

__all__ = ["Tenant"]

log = logging.getLogger("auth0_explore.client")

# A key-set fetch sits in front of a validation: try twice, briefly, then serve stale keys.
_JWKS_RETRY = RetryPolicy(max_attempts=2, deadline=10.0)


class Tenant:
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
            sleep=sleep,
            monotonic=monotonic,
            jitter=jitter,
        )
        self.cache = TokenCache(self.clock, margin=cache_margin)
        self._jwks_windows = (jwks_lifetime, jwks_cooldown, jwks_grace)
        self._jwks: dict[str, JwksCache] = {}
        self._discovery: EndpointResult | None = None
        self._token_url = connection.url("oauth/token")
        self._domain = connection.domain

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
        auth_method: AuthMethod = "client_secret_post",
        cache: bool = True,
    ) -> TokenResult:
        """An M2M access token (`grant_type=client_credentials`), from the cache when fresh.

        Args:
            audience: The API identifier. None uses the connection's `AUTH0_AUDIENCE`, if any;
                "" sends no audience at all (the tenant's default audience case).
            scope: Space-separated scopes to ask for (a subset of the client grant's).
            organization: An organization id (`org_...`) or name.
            resource: RFC 8707 `resource`, Auth0's fallback for `audience`.
            auth_method: `client_secret_post` (body) or `client_secret_basic` (HTTP Basic).
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
        """The `/authorize` URL for the authorization-code flow with PKCE; nothing is sent."""
        return build_authorization_request(
            self.connection.base_url,
            self._credentials().client_id,
            redirect_uri,
            audience=audience or self.connection.audience,
            scope=scope,
            organization=organization,
            connection=connection,
            prompt=prompt,
        )

    def exchange_code(
        self,
        request: AuthorizationRequest,
        redirect_url: str,
        *,
        auth_method: AuthMethod = "client_secret_post",
    ) -> TokenResult:
        """Exchange the code in a pasted redirect URL (checked against `request`) for tokens."""
        code = code_from_redirect(request, redirect_url)
        return self._token_call(authorization_code_params(request, code), auth_method)

    def login(
        self,
        user_agent: Callable[[str], str],
        *,
        redirect_uri: str,
        audience: str | None = None,
        scope: str = "openid profile email",
        organization: str | None = None,
        auth_method: AuthMethod = "client_secret_post",
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
        auth_method: AuthMethod = "client_secret_post",
    ) -> TokenResult:
        """New tokens for a refresh token (`grant_type=refresh_token`, §2.5); scope may shrink."""
        token = _refresh_token_of(refresh_token)
        params = {"grant_type": "refresh_token", "refresh_token": token}
        if scope is not None:
            params["scope"] = scope
        return self._token_call(params, auth_method)

    def password_realm(
        self,
        username: str,
        password: str | Secret,
        *,
        realm: str | None = None,
        audience: str | None = None,
        scope: str | None = None,
        auth_method: AuthMethod = "client_secret_post",
    ) -> TokenResult:
        """Resource-owner password: `password-realm` with a realm, plain `password` without."""
        params = {
            "grant_type": PASSWORD_REALM_GRANT if realm else "password",
            "username": username,
            "password": Secret(password).reveal(),
        }
        for name, value in (("realm", realm), ("audience", audience), ("scope", scope)):
            if value:
                params[name] = value
        return self._token_call(params, auth_method)

    def device_authorization(
        self, *, audience: str | None = None, scope: str | None = None
    ) -> DeviceAuthorization:
        """Start the device flow (`POST /oauth/device/code`, §2.7): a user code and where to go."""
        params = {"client_id": self._credentials().client_id}
        for name, value in (("audience", audience or self.connection.audience), ("scope", scope)):
            if value:
                params[name] = value
        response, _ = self._send("POST", "oauth/device/code", params, auth_method="none")
        data = _json_object(response)
        try:
            return DeviceAuthorization(
                user_code=str(data["user_code"]),
                verification_uri=str(data["verification_uri"]),
                verification_uri_complete=data.get("verification_uri_complete"),
                expires_in=int(data["expires_in"]),
                interval=int(data.get("interval", 5)),
                requested_at=self.clock.now(),
                _device_code=str(data["device_code"]),
            )
        except (KeyError, TypeError, ValueError):
            raise _shape_error(response, "a device authorization") from None

    def poll_device(
        self, device: DeviceAuthorization, *, auth_method: AuthMethod = "none"
    ) -> TokenResult:
        """Poll the token endpoint until the user approves, honouring `interval` and `slow_down`.

        `authorization_pending` waits `interval` seconds; `slow_down` takes the new interval
        from the response (or adds 5 s, RFC 8628 §3.5). Other errors are raised; giving up
        after `expires_in` raises `RequestTimeoutError`.
        """
        params = {"grant_type": DEVICE_CODE_GRANT, "device_code": device._device_code}
        interval = float(device.interval)
        waited = 0.0
        while True:
            try:
                return self._token_call(params, auth_method, retry=NO_RETRY)
            except OAuthError as exc:
                if exc.error == "slow_down":
                    given = exc.extra.get("interval")
                    interval = float(given) if isinstance(given, int) else interval + 5
                elif exc.error != "authorization_pending":
                    raise
            if waited + interval > device.expires_in:
                raise RequestTimeoutError(
                    f"the device code expired after {device.expires_in} s without approval: "
                    "start again with device_authorization()",
                    url=self._token_url,
                )
            self.http.sleep(interval)
            waited += interval

    # -- other endpoints ------------------------------------------------------------------------

    def discovery(self) -> EndpointResult:
        """The OpenID configuration (`/.well-known/openid-configuration`), fetched once."""
        if self._discovery is None:
            response, record = self._send("GET", ".well-known/openid-configuration")
            self._discovery = _endpoint_result(record, response, _json_object(response))
        return self._discovery

    def userinfo(self, access_token: str | TokenResult) -> EndpointResult:
        """The user's profile from `/userinfo` for an access token that has its audience."""
        token = access_token.reveal() if isinstance(access_token, TokenResult) else access_token
        url = self.connection.url("userinfo")
        record = RequestRecord("GET", url, {"access_token": fingerprint(token)}, "bearer")
        response = self._request(record, headers={"Authorization": f"Bearer {token}"})
        return _endpoint_result(record, response, _json_object(response))

    def revoke(
        self, refresh_token: str | TokenResult, *, auth_method: AuthMethod = "client_secret_post"
    ) -> EndpointResult:
        """Revoke a refresh token (`POST /oauth/revoke`, §8.4); Auth0 answers 200 with no body."""
        token = _refresh_token_of(refresh_token)
        response, record = self._send("POST", "oauth/revoke", {"token": token}, auth_method)
        return _endpoint_result(record, response, _json_object(response) if response.body else {})

    def jwks(self, issuer: str | None = None, *, discover: bool = False) -> JwksCache:
        """The JWKS cache of one of this tenant's issuers (default: the one requests go to).

        Only the connection's own issuers are accepted: fetching keys for an issuer a token
        names would let the token choose where the client connects. With `discover`, the
        `jwks_uri` comes from the discovery document (it must stay on the issuer's origin).
        """
        issuer = issuer or self.connection.base_url
        cache = self._jwks.get(issuer)
        if cache is not None:
            return cache
        if issuer not in self.connection.issuers:
            raise ConfigError(
                f"{issuer!r} is not an issuer of this tenant "
                f"({', '.join(self.connection.issuers)}): keys are fetched only from the tenant's "
                "own domains"
            )
        jwks_uri = None
        if discover:
            document = self._discovery_of(issuer)
            jwks_uri = str(document.get("jwks_uri", "")) or None
        lifetime, cooldown, grace = self._jwks_windows
        cache = JwksCache(
            issuer,
            self._fetch_keys,
            self.clock,
            jwks_uri=jwks_uri,
            lifetime=lifetime,
            cooldown=cooldown,
            grace=grace,
        )
        return self._jwks.setdefault(issuer, cache)

    def validate(
        self,
        token: str | TokenResult,
        *,
        audience: str | None = None,
        issuer: str | None = None,
        profile: Profile | None = None,
    ) -> ValidationReport:
        """Check an access token against this tenant: its JWKS (cached), issuers and audience.

        Args:
            token: A raw access token, or a result (its requested audience is the default).
            audience: The API identifier expected in `aud`; default: the one requested, else
                the connection's audience, else the tenant's default audience.
            issuer: Whose key set to use; default: the domain requests go to. The accepted
                issuers are always all of this tenant's own.
            profile: The profile to check against; default: from the token's `typ`.
        """
        raw = token.reveal() if isinstance(token, TokenResult) else token
        if audience is None and isinstance(token, TokenResult):
            params = token.request.params
            audience = params.get("audience") or params.get("resource")
        audience = audience or self.connection.audience or self.connection.default_audience
        return validate_token(
            raw,
            keys=self.jwks(issuer),
            clock=self.clock,
            issuers=self.connection.issuers,
            audience=audience or "",
            profile=profile,
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
        return html_table("Tenant", rows)

    # -- plumbing -------------------------------------------------------------------------------

    def _credentials(self) -> Credentials:
        if self.connection.credentials is None:
            raise ConfigError(
                "this call needs an application: set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET "
                "(or pass application= to Tenant.from_sandbox)"
            )
        return self.connection.credentials

    def _token_call(
        self,
        params: Mapping[str, str],
        auth_method: AuthMethod,
        *,
        retry: RetryPolicy | None = None,
    ) -> TokenResult:
        response, record = self._send("POST", "oauth/token", params, auth_method, retry=retry)
        data = _json_object(response)
        access_token = data.get("access_token")
        if not isinstance(access_token, str):
            raise _shape_error(response, "an access token")
        expires_in = data.get("expires_in")
        scope, id_token, refresh = (
            data.get("scope"),
            data.get("id_token"),
            data.get("refresh_token"),
        )
        return TokenResult(
            request=record,
            status=response.status,
            headers=response.headers,
            token_type=str(data.get("token_type", "")),
            expires_in=expires_in if isinstance(expires_in, int) else None,
            scope=scope if isinstance(scope, str) else None,
            received_at=self.clock.now(),
            elapsed=response.elapsed,
            attempts=response.attempts,
            rate_limit=response.rate_limit,
            quotas=response.quotas,
            base_url=self.connection.base_url,
            canonical_domain=self.connection.canonical_domain,
            _access_token=access_token,
            _id_token=id_token if isinstance(id_token, str) else None,
            _refresh_token=refresh if isinstance(refresh, str) else None,
            issuers=self.connection.issuers,
            default_audience=self.connection.default_audience,
            _clock=self.clock,
            _keys=self.jwks(),
        )

    def _send(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None = None,
        auth_method: AuthMethod | None = None,
        *,
        retry: RetryPolicy | None = None,
    ) -> tuple[HttpResponse, RequestRecord]:
        """Send a form call with client authentication added; the record masks what was sent."""
        url = self._token_url if path == "oauth/token" else self.connection.url(path)
        body: dict[str, str] | None = None
        basic = None
        if auth_method is not None:
            creds = self._credentials()
            body, basic = form_with_client(
                params or {}, creds.client_id, creds.client_secret, auth_method
            )
        elif params is not None:
            body = dict(params)
        record = RequestRecord(method, url, mask_params(body or {}), auth_method or "none")
        return self._request(record, data=body, auth=basic, retry=retry), record

    def _request(
        self,
        record: RequestRecord,
        *,
        data: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
    ) -> HttpResponse:
        describe = record.describe() if log.isEnabledFor(logging.DEBUG) else ""
        try:
            return self.http.request(
                record.method,
                record.url,
                data=data,
                auth=auth,
                headers=headers,
                retry=retry,
                describe=describe,
            )
        except (OAuthError, TransportError) as exc:
            exc.add_note(f"request: {record.method} {record.url} {record.describe()}")
            raise

    def _fetch_keys(self, url: str, max_body: int) -> HttpResponse:
        return self.http.request("GET", url, retry=_JWKS_RETRY, max_body=max_body, describe="jwks")

    def _discovery_of(self, issuer: str) -> Mapping[str, Any]:
        url = issuer + ".well-known/openid-configuration"
        response = self.http.request("GET", url, retry=_JWKS_RETRY, max_body=1 << 20)
        document = _json_object(response)
        if document.get("issuer") != issuer:
            raise TransportError(
                f"{url} names issuer {document.get('issuer')!r}, not {issuer!r}: refusing its "
                "jwks_uri; check the domain",
                url=url,
            )
        return document


def _refresh_token_of(value: str | TokenResult) -> str:
    return value.reveal("refresh_token") if isinstance(value, TokenResult) else value


def _json_object(response: HttpResponse) -> dict[str, Any]:
    data = response.json()
    if not isinstance(data, dict):
        raise _shape_error(response, "a JSON object")
    return data


def _shape_error(response: HttpResponse, what: str) -> TransportError:
    return TransportError(
        f"{response.method} {response.url} answered {response.status} without {what}: "
        "check that the domain points at an Auth0 tenant",
        url=response.url,
        attempts=len(response.attempts),
    )


def _endpoint_result(
    record: RequestRecord, response: HttpResponse, data: Mapping[str, Any]
) -> EndpointResult:
    return EndpointResult(
        record,
        response.status,
        response.headers,
        data,
        response.elapsed,
        response.attempts,
        response.rate_limit,
    )
