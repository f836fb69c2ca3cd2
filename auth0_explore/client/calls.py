"""The plumbing under `Tenant`: the session, the caches, and sending a call with client auth.

Every request of the toolkit goes through `TenantCalls._request`: client authentication is
added here (secret in the body, HTTP Basic, or a signed assertion), what was sent is recorded
with secrets masked, and failures get a note naming the request.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Literal

from auth0_explore.client.auth import (
    AuthMethod,
    client_assertion,
    form_with_client,
)
from auth0_explore.client.cache import TokenCache
from auth0_explore.client.jwks import JwksCache
from auth0_explore.client.policy import RetryPolicy, Timeouts
from auth0_explore.client.results import (
    EndpointResult,
    RequestRecord,
    TokenResult,
    mask_params,
)
from auth0_explore.client.session import HttpResponse, HttpSession
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.config import Credentials, TenantConnection
from auth0_explore.errors import ConfigError, OAuthError, TransportError

__all__ = ["TenantCalls"]

log = logging.getLogger("auth0_explore.client")


def _key_fetch_policy(policy: RetryPolicy) -> RetryPolicy:
    """A key-set fetch sits in front of a validation: twice at most, within 10 s (or the
    tenant's own shorter deadline), then the cache serves its stale keys."""
    return replace(
        policy, max_attempts=min(2, policy.max_attempts), deadline=min(10.0, policy.deadline)
    )


class TenantCalls:
    """The session, token cache and key caches of one connection, and how calls are sent.

    The base of `Tenant`, whose docstring describes the arguments.
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
        auth_method: AuthMethod | None,
        *,
        audience: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> TokenResult:
        """POST to the token endpoint; `audience` is what the flow asked for, wherever it went
        (/authorize, the device request, a refreshed token's request), else the parameters'."""
        response, record = self._send(
            "POST", "oauth/token", params, auth_method or "default", retry=retry
        )
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
            audience=audience or params.get("audience") or params.get("resource"),
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
        auth_method: AuthMethod | Literal["default"] | None = None,
        *,
        retry: RetryPolicy | None = None,
    ) -> tuple[HttpResponse, RequestRecord]:
        """Send a form call with client authentication added; the record masks what was sent.

        `auth_method` None sends no client authentication; "default" uses the application's.
        """
        url = self._token_url if path == "oauth/token" else self.connection.url(path)
        body: dict[str, str] | None = None
        basic = None
        if auth_method is not None:
            creds = self._credentials()
            if auth_method == "default":
                auth_method = creds.auth_method
            assertion = None
            if auth_method == "private_key_jwt":
                if creds.signing_key is None:
                    raise ConfigError(
                        "private_key_jwt needs the application's private key: set "
                        "AUTH0_CLIENT_ASSERTION_SIGNING_KEY"
                    )
                assertion = client_assertion(
                    creds.client_id,
                    creds.signing_key,
                    audience=self.connection.base_url,
                    now=self.clock.now(),
                    alg=creds.signing_alg,
                    kid=creds.signing_kid,
                )
            body, basic = form_with_client(
                params or {}, creds.client_id, creds.client_secret, auth_method, assertion=assertion
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
        return self.http.request(
            "GET", url, retry=_key_fetch_policy(self.http.retry), max_body=max_body, describe="jwks"
        )

    def _discovery_of(self, issuer: str) -> Mapping[str, Any]:
        url = issuer + ".well-known/openid-configuration"
        response = self.http.request(
            "GET", url, retry=_key_fetch_policy(self.http.retry), max_body=1 << 20
        )
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
