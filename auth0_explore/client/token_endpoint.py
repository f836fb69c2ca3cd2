"""Calls to `/oauth/token`: the `TokenResult` of any grant, client credentials via the cache.

A part of `Tenant`. Every grant ends here; a result keeps the tenant's clock and key cache, so
its `validation` can be computed later without the caller passing them again.
"""

from __future__ import annotations

from collections.abc import Mapping

from auth0_explore.client.auth import AuthMethod, client_credentials_params
from auth0_explore.client.cache import CacheKey, TokenCache
from auth0_explore.client.calls import Sender, json_object, shape_error
from auth0_explore.client.discovery import Discovery
from auth0_explore.client.policy import RetryPolicy
from auth0_explore.client.results import TokenResult

__all__ = ["TokenEndpoint"]


class TokenEndpoint:
    """Token requests of one tenant connection, and its client-credentials token cache."""

    def __init__(self, sender: Sender, cache: TokenCache, discovery: Discovery) -> None:
        self._sender = sender
        self._cache = cache
        self._discovery = discovery

    def client_credentials(
        self,
        audience: str | None,
        scope: str | None,
        organization: str | None,
        resource: str | None,
        auth_method: AuthMethod | None,
        cache: bool,
    ) -> TokenResult:
        """`Tenant.client_credentials`: an M2M token, from the cache when fresh and allowed."""
        connection = self._sender.connection
        if audience is None:
            audience = connection.audience

        def mint() -> TokenResult:
            params = client_credentials_params(
                audience=audience or None, scope=scope, organization=organization, resource=resource
            )
            return self.call(params, auth_method)

        if not cache:
            return mint()
        client_id = self._sender.credentials().client_id
        key = CacheKey.of(connection.domain, client_id, audience or resource, scope, organization)
        return self._cache.get_or_mint(key, mint)

    def call(
        self,
        params: Mapping[str, str],
        auth_method: AuthMethod | None,
        *,
        audience: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> TokenResult:
        """POST to the token endpoint; `audience` is what the flow asked for, wherever it went
        (/authorize, the device request, a refreshed token's request), else the parameters'."""
        sender = self._sender
        response, record = sender.send(
            "POST", "oauth/token", params, auth_method or "default", retry=retry
        )
        data = json_object(response)
        access_token = data.get("access_token")
        if not isinstance(access_token, str):
            raise shape_error(response, "an access token")
        expires_in, scope = data.get("expires_in"), data.get("scope")
        id_token, refresh = data.get("id_token"), data.get("refresh_token")
        connection = sender.connection
        return TokenResult(
            request=record,
            status=response.status,
            headers=response.headers,
            token_type=str(data.get("token_type", "")),
            expires_in=expires_in if isinstance(expires_in, int) else None,
            scope=scope if isinstance(scope, str) else None,
            received_at=sender.clock.now(),
            elapsed=response.elapsed,
            attempts=response.attempts,
            rate_limit=response.rate_limit,
            quotas=response.quotas,
            base_url=connection.base_url,
            canonical_domain=connection.canonical_domain,
            audience=audience or params.get("audience") or params.get("resource"),
            _access_token=access_token,
            _id_token=id_token if isinstance(id_token, str) else None,
            _refresh_token=refresh if isinstance(refresh, str) else None,
            issuers=connection.issuers,
            default_audience=connection.default_audience,
            _clock=sender.clock,
            _keys=self._discovery.jwks(),
        )
