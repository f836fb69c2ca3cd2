"""The client-credentials token cache: one mint per key until shortly before expiry.

Auth0 bills and rate-limits M2M tokens and keeps no server-side cache: "store and reuse" the
token until it expires (Auth0: token best practices). The key is (domain, client id, audience,
scope, organization), so a token is never served for a request that would get a different one.
Expiry is read on the injected clock from `expires_in`, minus a safety margin. Concurrent misses
for one key share a single request (single flight).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import NamedTuple

from auth0_explore.client.limits import Quotas, RateLimit
from auth0_explore.client.results import TokenResult
from auth0_explore.clock import Clock
from auth0_explore.tokens.display import html_table

__all__ = ["CacheKey", "TokenCache"]


class CacheKey(NamedTuple):
    """What makes two client-credentials requests get the same token.

    A named tuple: building and hashing one is on the hot path of every cached call.
    """

    domain: str
    client_id: str
    audience: str
    #: scopes, space-separated and sorted: their order does not change the token
    scope: str
    organization: str

    @classmethod
    def of(
        cls,
        domain: str,
        client_id: str,
        audience: str | None,
        scope: str | None,
        organization: str | None,
    ) -> CacheKey:
        """A key with scopes normalised; None and "" are the same (absent)."""
        if scope and (" " in scope or scope != scope.strip()):
            scope = " ".join(sorted(set(scope.split())))
        return cls(domain, client_id, audience or "", scope or "", organization or "")


class TokenCache:
    """Client-credentials tokens by `CacheKey`, reused until `exp - margin` on the clock.

    Args:
        clock: The clock expiry is read on (a `FrozenClock` in lessons and tests).
        margin: Seconds before expiry at which a token stops being served; for short-lived
            tokens at most half their lifetime.
    """

    def __init__(self, clock: Clock, *, margin: float = 60.0) -> None:
        self.clock = clock
        self.margin = margin
        #: tokens actually requested from the tenant (successful mints)
        self.minted = 0
        #: calls answered from the cache
        self.hits = 0
        #: rate limit and quotas of the latest mint
        self.last_rate_limit: RateLimit | None = None
        self.last_quotas: Quotas | None = None
        #: key -> (clock time from which the token is no longer served, the cached result)
        self._entries: dict[CacheKey, tuple[float, TokenResult]] = {}
        self._locks: dict[CacheKey, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, key: CacheKey) -> TokenResult | None:
        """The cached token for `key` if still fresh (counts as a hit)."""
        entry = self._entries.get(key)
        if entry is not None and self.clock.now() < entry[0]:
            self.hits += 1
            return entry[1]
        return None

    def get_or_mint(self, key: CacheKey, mint: Callable[[], TokenResult]) -> TokenResult:
        """The fresh cached token for `key`, or the result of `mint()` (once, for all waiters)."""
        cached = self.get(key)
        if cached is not None:
            return cached
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            cached = self.get(key)  # another thread may have minted while we waited
            if cached is not None:
                return cached
            result = mint()
            stored = replace(result, from_cache=True)
            with self._guard:
                self.minted += 1
                self.last_rate_limit = result.rate_limit or self.last_rate_limit
                self.last_quotas = result.quotas or self.last_quotas
                if result.expires_in is not None:
                    margin = min(self.margin, result.expires_in / 2)
                    stale_at = result.received_at + result.expires_in - margin
                    self._entries[key] = (stale_at, stored)
            return result

    def clear(self) -> None:
        """Forget every token (the counters stay)."""
        with self._guard:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"TokenCache(entries={len(self)}, minted={self.minted}, hits={self.hits})"

    def _repr_html_(self) -> str:
        now = self.clock.now()
        rows = [
            ("minted", str(self.minted)),
            ("served from cache", str(self.hits)),
            ("rate limit", str(self.last_rate_limit) if self.last_rate_limit else "-"),
        ]
        for key, (_, result) in list(self._entries.items()):
            left = (result.expires_at or now) - now
            rows.append(
                (
                    f"{key.audience or '(default)'} {key.scope} {key.organization}".strip(),
                    f"{result.access_token_fingerprint}, expires in {left:.0f} s",
                )
            )
        return html_table(("", ""), rows, caption="Client-credentials token cache")
