"""What a tenant publishes about itself: its OpenID configuration and its issuers' key sets.

A part of `Tenant`. Keys are fetched only for the connection's own issuers, from
`<issuer>.well-known/jwks.json` or the `jwks_uri` of that issuer's discovery document
(`token-validation.md` §3); each issuer has one `JwksCache`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from auth0_explore.client.calls import Sender, endpoint_result, json_object
from auth0_explore.client.jwks import JwksCache
from auth0_explore.client.policy import RetryPolicy
from auth0_explore.client.results import EndpointResult
from auth0_explore.client.session import HttpResponse
from auth0_explore.errors import ConfigError, TransportError

__all__ = ["Discovery", "JwksWindows"]

#: the largest discovery document read (Auth0's is about 2 KiB)
_MAX_DISCOVERY_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class JwksWindows:
    """The JWKS caches' windows in seconds: lifetime, refetch cooldown, stale grace (§3)."""

    lifetime: float = 600.0
    cooldown: float = 30.0
    grace: float = 3600.0


class Discovery:
    """The discovery document (fetched once) and one `JwksCache` per issuer of the tenant."""

    def __init__(self, sender: Sender, windows: JwksWindows) -> None:
        self._sender = sender
        self._windows = windows
        self._caches: dict[str, JwksCache] = {}
        self._document: EndpointResult | None = None

    def configuration(self) -> EndpointResult:
        """The OpenID configuration of the domain requests go to, fetched once."""
        if self._document is None:
            response, record = self._sender.send("GET", ".well-known/openid-configuration")
            self._document = endpoint_result(record, response, json_object(response))
        return self._document

    def jwks(self, issuer: str | None = None, *, discover: bool = False) -> JwksCache:
        """The JWKS cache of one of the tenant's issuers (default: the one requests go to).

        Only the connection's own issuers are accepted: fetching keys for an issuer a token
        names would let the token choose where the client connects. With `discover`, the
        `jwks_uri` comes from the discovery document (it must stay on the issuer's origin).
        """
        connection = self._sender.connection
        issuer = issuer or connection.base_url
        cache = self._caches.get(issuer)
        if cache is not None:
            return cache
        if issuer not in connection.issuers:
            raise ConfigError(
                f"{issuer!r} is not an issuer of this tenant "
                f"({', '.join(connection.issuers)}): keys are fetched only from the tenant's "
                "own domains"
            )
        jwks_uri = None
        if discover:
            jwks_uri = str(self._document_of(issuer).get("jwks_uri", "")) or None
        cache = JwksCache(
            issuer,
            self.fetch_keys,
            self._sender.clock,
            jwks_uri=jwks_uri,
            lifetime=self._windows.lifetime,
            cooldown=self._windows.cooldown,
            grace=self._windows.grace,
        )
        return self._caches.setdefault(issuer, cache)

    def fetch_keys(self, url: str, max_body: int) -> HttpResponse:
        """GET a key set through the tenant's session (the `JwksCache` fetch)."""
        http = self._sender.http
        return http.request(
            "GET", url, retry=_key_fetch_policy(http.retry), max_body=max_body, describe="jwks"
        )

    def _document_of(self, issuer: str) -> Mapping[str, Any]:
        url = issuer + ".well-known/openid-configuration"
        http = self._sender.http
        response = http.request(
            "GET", url, retry=_key_fetch_policy(http.retry), max_body=_MAX_DISCOVERY_BYTES
        )
        document = json_object(response)
        if document.get("issuer") != issuer:
            raise TransportError(
                f"{url} names issuer {document.get('issuer')!r}, not {issuer!r}: refusing its "
                "jwks_uri; check the domain",
                url=url,
            )
        return document


def _key_fetch_policy(policy: RetryPolicy) -> RetryPolicy:
    """A key-set fetch sits in front of a validation: twice at most, within 10 s (or the
    tenant's own shorter deadline), then the cache serves its stale keys."""
    return replace(
        policy, max_attempts=min(2, policy.max_attempts), deadline=min(10.0, policy.deadline)
    )
