"""Management API calls: a bearer token from the token cache, pacing, paging, JSON.

A part of `Management`. Each call names the scopes it needs; the token for them comes from the
tenant's client-credentials cache (one per scope set, reused until it nearly expires). Every
request first waits for the pacer, a token bucket that learns the Management API's
`X-RateLimit-*` (Auth0 Free: 2 burst, 2/s), so a long read keeps under the limit instead of
collecting 429s; a 429 that still comes is waited out by the session (`Retry-After`) and slows
the pacer down. Lists are read whole: offset pages (`page`/`per_page`/`include_totals`) or
checkpoints (`from`/`take`, following `next`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from auth0_explore.client.calls import Sender
from auth0_explore.client.limits import RateLimit
from auth0_explore.client.management.scopes import missing_scope
from auth0_explore.client.pacing import Pacer
from auth0_explore.client.results import RequestRecord
from auth0_explore.client.session import HttpResponse
from auth0_explore.client.token_endpoint import TokenEndpoint
from auth0_explore.errors import OAuthError, TransportError

__all__ = ["ManagementSession"]

#: the largest page Auth0 serves (`per_page`, `take`)
PAGE = 100


class ManagementSession:
    """Paced, authenticated JSON calls to one tenant's `/api/v2/`."""

    def __init__(self, sender: Sender, tokens: TokenEndpoint, pacer: Pacer) -> None:
        self._sender = sender
        self._tokens = tokens
        self.pacer = pacer
        #: Management API requests sent (pages included)
        self.calls = 0

    @property
    def base_url(self) -> str:
        """`https://<domain>/api/v2/` of the domain requests go to."""
        return self._sender.connection.url("api/v2/")

    def token(self, scopes: tuple[str, ...]) -> str:
        """A Management API token with exactly `scopes`, from the cache when fresh."""
        audience = self._sender.connection.management_audience
        try:
            result = self._tokens.client_credentials(
                audience, " ".join(scopes), None, None, None, True
            )
        except OAuthError as error:
            raise self._explained(error, scopes) from None
        return result.reveal()

    def _explained(self, error: OAuthError, scopes: tuple[str, ...]) -> OAuthError:
        client_id = self._sender.credentials().client_id
        return missing_scope(error, client_id, scopes) or error

    def call(
        self,
        method: str,
        path: str,
        scopes: tuple[str, ...],
        *,
        query: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        """One call; the decoded JSON (None for an empty body)."""
        url = self.base_url + path + (f"?{urlencode(query)}" if query else "")
        headers = {"Authorization": f"Bearer {self.token(scopes)}", "Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode("utf-8")
        record = RequestRecord(method, url, dict(query or {}), "bearer")
        sent_at = self.pacer.acquire()
        self.calls += 1
        try:
            response = self._sender.request(record, data=data, headers=headers)
        except OAuthError as error:
            self.pacer.observe(RateLimit.from_headers(_lower(error.headers)))
            raise self._explained(error, scopes) from None
        self.pacer.observe(response.rate_limit, throttled=_met_429(response), sent_at=sent_at)
        return response.json() if response.body else None

    def offset_pages(
        self, path: str, collection: str, scopes: tuple[str, ...], query: Mapping[str, str]
    ) -> list[dict[str, Any]]:
        """Every object of an offset-paged list (`include_totals` tells when to stop)."""
        items: list[dict[str, Any]] = []
        page = 0
        while True:
            params = {**query, "page": str(page), "per_page": str(PAGE), "include_totals": "true"}
            data = self.call("GET", path, scopes, query=params)
            chunk = _objects(data, collection, self.base_url + path)
            items += chunk
            total = data.get("total") if isinstance(data, dict) else None
            if not chunk or len(chunk) < PAGE or (isinstance(total, int) and len(items) >= total):
                return items
            page += 1

    def checkpoint_pages(
        self, path: str, collection: str, scopes: tuple[str, ...], query: Mapping[str, str]
    ) -> list[dict[str, Any]]:
        """Every object of a checkpoint-paged list, following `next` until it is absent."""
        items: list[dict[str, Any]] = []
        params = {**query, "take": str(PAGE)}
        while True:
            data = self.call("GET", path, scopes, query=params)
            items += _objects(data, collection, self.base_url + path)
            following = data.get("next") if isinstance(data, dict) else None
            if not following:
                return items
            params = {**query, "take": str(PAGE), "from": str(following)}


def _objects(data: Any, collection: str, url: str) -> list[dict[str, Any]]:
    listed = data.get(collection) if isinstance(data, dict) else data
    if not isinstance(listed, list) or not all(isinstance(i, dict) for i in listed):
        raise TransportError(
            f"GET {url} answered without a list of {collection}: check that the domain points "
            "at an Auth0 tenant",
            url=url,
        )
    return listed


def _met_429(response: HttpResponse) -> bool:
    return any(attempt.status == 429 for attempt in response.attempts)


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}
