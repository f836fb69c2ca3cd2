"""The client-credentials token cache: keying, expiry on the clock, single flight."""

from __future__ import annotations

import threading
import time

import pytest

from auth0_explore.client.cache import CacheKey, TokenCache
from auth0_explore.client.results import TokenResult
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import OAuthError
from tests.client.helpers import token_result

T0 = 1_700_000_000.0


class Minter:
    """Counts mints; each mint is a fresh token stamped with the clock's time."""

    def __init__(self, clock: FrozenClock, expires_in: int | None = 86400) -> None:
        self.clock = clock
        self.calls = 0
        self.expires_in = expires_in

    def __call__(self) -> TokenResult:
        self.calls += 1
        return token_result(self.clock.now(), self.expires_in, token=f"token-{self.calls}")


def test_a_fresh_token_is_reused_until_expiry_minus_margin() -> None:
    """Served from cache until exp - margin on the clock; the next call after that mints again."""
    clock = FrozenClock(T0)
    cache, mint = TokenCache(clock, margin=60), Minter(clock)
    key = CacheKey.of("d", "c", "https://api/", None, None)
    first = cache.get_or_mint(key, mint)
    assert not first.from_cache
    for _ in range(999):
        assert cache.get_or_mint(key, mint).from_cache
    assert (cache.minted, cache.hits, mint.calls) == (1, 999, 1)
    clock.advance(86400 - 60 - 1)
    assert cache.get_or_mint(key, mint).from_cache
    clock.advance(1)
    renewed = cache.get_or_mint(key, mint)
    assert not renewed.from_cache
    assert renewed.access_token_fingerprint != first.access_token_fingerprint
    assert cache.minted == 2


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (CacheKey.of("d", "c", "https://api/", "b:x a:y", None), True),
        (CacheKey.of("d", "c", "https://api/", "a:y", None), False),
        (CacheKey.of("d", "c", "https://api/", "a:y b:x", "org_1"), False),
        (CacheKey.of("d", "c", "https://api", "a:y b:x", None), False),
        (CacheKey.of("d", "c2", "https://api/", "a:y b:x", None), False),
        (CacheKey.of("d2", "c", "https://api/", "a:y b:x", None), False),
    ],
    ids=["scope-order", "fewer-scopes", "organization", "trailing-slash", "client", "domain"],
)
def test_keys_separate_everything_that_changes_the_token(other: CacheKey, same: bool) -> None:
    """Scope order does not matter; scope set, organization, audience, client, domain do."""
    assert (CacheKey.of("d", "c", "https://api/", "a:y b:x", None) == other) is same


def test_short_lived_tokens_keep_half_their_lifetime_as_margin() -> None:
    """A 60 s token with a 60 s margin is still reused for its first 30 s."""
    clock = FrozenClock(T0)
    cache, mint = TokenCache(clock, margin=60), Minter(clock, expires_in=60)
    key = CacheKey.of("d", "c", "a", None, None)
    cache.get_or_mint(key, mint)
    clock.advance(29)
    assert cache.get_or_mint(key, mint).from_cache
    clock.advance(1)
    assert not cache.get_or_mint(key, mint).from_cache


def test_a_response_without_expires_in_is_not_cached() -> None:
    """Without expires_in nothing says how long the token lives, so it is never reused."""
    clock = FrozenClock(T0)
    cache, mint = TokenCache(clock), Minter(clock, expires_in=None)
    key = CacheKey.of("d", "c", "a", None, None)
    cache.get_or_mint(key, mint)
    cache.get_or_mint(key, mint)
    assert mint.calls == 2


def test_concurrent_misses_for_one_key_share_a_single_mint() -> None:
    """Twenty threads missing at once cause one request; every one gets that token."""
    clock = FrozenClock(T0)
    cache = TokenCache(clock)
    calls = 0

    def slow_mint() -> TokenResult:
        nonlocal calls
        calls += 1
        time.sleep(0.05)
        return token_result(clock.now())

    key = CacheKey.of("d", "c", "a", None, None)
    results: list[TokenResult] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_mint(key, slow_mint)))
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == 1
    assert len({r.access_token_fingerprint for r in results}) == 1


def test_a_failed_mint_caches_nothing_and_counts_nothing() -> None:
    """An error reaches the caller; the next call tries again."""
    clock = FrozenClock(T0)
    cache = TokenCache(clock)
    key = CacheKey.of("d", "c", "a", None, None)

    def failing() -> TokenResult:
        raise OAuthError(403, "access_denied", "Service not enabled within domain: a")

    with pytest.raises(OAuthError):
        cache.get_or_mint(key, failing)
    assert (cache.minted, len(cache)) == (0, 0)
    assert "minted=0" in repr(cache)
