"""The JWKS cache of one issuer (`token-validation.md` §3).

- Fetches only the issuer's own key set: `<issuer>.well-known/jwks.json`, or the `jwks_uri` of
  the issuer's discovery document when it is on the issuer's origin; http(s) only, redirects
  refused, body capped at 1 MiB, the session's timeouts always on.
- Keeps the key set for `lifetime` seconds. Auth0 publishes the current and the next key, so a
  rotation to the announced next key is found without a fetch.
- An unknown `kid` refetches at most once per `cooldown` window, and concurrent misses share one
  fetch (single flight): a flood of random `kid`s costs at most a couple of fetches.
- During an outage the last good keys are served, with a `StaleJwksWarning`, until `lifetime +
  grace` after they were fetched; after that the error is `jwks_unavailable`, never "unknown key".
- Its state (age, fetch count, last error) is visible: lessons and audits show it.

`keyset()` gives the validator's `KeySet` (built once per fetch); a key set the inspector
refuses as a whole (`malformed`) counts as a failed fetch.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from auth0_explore.client.session import HttpResponse
from auth0_explore.clock import Clock
from auth0_explore.errors import Auth0ExploreError, TokenError
from auth0_explore.tokens import KeySet
from auth0_explore.tokens.display import html_table

__all__ = ["MAX_JWKS_BYTES", "JwksCache", "JwksState", "StaleJwksWarning"]

MAX_JWKS_BYTES = 1 << 20

#: fetch(url, max_body) -> response; the tenant's HTTP session with its timeouts and routing
Fetch = Callable[[str, int], HttpResponse]


class StaleJwksWarning(UserWarning):
    """Warned when keys are served from the last good JWKS because a refresh failed."""


@dataclass(frozen=True, slots=True)
class JwksState:
    """What the cache holds and how it got it."""

    issuer: str
    url: str
    key_ids: tuple[str, ...]
    #: seconds since the last good fetch (None before the first)
    age: float | None
    fetch_count: int
    last_error: str | None
    stale: bool
    #: seconds until an unknown `kid` may trigger a refetch (0: now); the cooldown left
    refetch_in: float = 0.0


class JwksCache:
    """The key set of one issuer, fetched on demand and cached.

    Args:
        issuer: The issuer whose keys these are (`https://dev-x.us.auth0.com/`).
        fetch: Sends a GET through the tenant's session (timeouts, routing, body cap).
        clock: Ages are read on it, so a lesson can move time past the lifetime.
        jwks_uri: The key set URL; default `<issuer>.well-known/jwks.json`. Must share the
            issuer's origin.
    """

    def __init__(
        self,
        issuer: str,
        fetch: Fetch,
        clock: Clock,
        *,
        jwks_uri: str | None = None,
        lifetime: float = 600.0,
        cooldown: float = 30.0,
        grace: float = 3600.0,
    ) -> None:
        self.issuer = issuer
        self.url = jwks_uri or issuer.rstrip("/") + "/.well-known/jwks.json"
        _check_same_origin(issuer, self.url)
        self._fetch = fetch
        self.clock = clock
        self.lifetime = lifetime
        self.cooldown = cooldown
        self.grace = grace
        self.fetch_count = 0
        self.last_error: str | None = None
        self._jwks: dict[str, Any] | None = None
        self._keys: dict[str, dict[str, Any]] = {}
        self._keyset = KeySet(())
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._generation = 0
        self._state_lock = threading.Lock()
        self._fetch_lock = threading.Lock()

    # -- public ---------------------------------------------------------------------------------

    def get_jwks(self) -> dict[str, Any]:
        """The key set (a JWKS dict), refreshed when older than its lifetime."""
        self._ensure_current()
        return self._jwks or {"keys": []}

    def keyset(self) -> KeySet:
        """The key set as the validator takes it, refreshed when older than its lifetime."""
        self._ensure_current()
        return self._keyset

    def key_ids(self) -> tuple[str, ...]:
        """The `kid`s of the cached key set, refreshed when older than its lifetime."""
        self._ensure_current()
        return tuple(self._keys)

    def key(self, kid: str) -> dict[str, Any]:
        """The JWK named `kid`: from cache, or after one refetch if the cooldown allows.

        Raises `TokenError` with reason `unknown_kid`, or `jwks_unavailable` when no key set
        could be had (never fetched, or the outage outlasted the grace window).
        """
        self._ensure_current()
        found = self._keys.get(kid)
        if found is not None:
            return found
        generation = self._generation
        if self._cooldown_over():
            self._refetch(generation)
            found = self._keys.get(kid)
            if found is not None:
                return found
        raise TokenError(
            "unknown_kid",
            f"no key {kid!r} in the JWKS of {self.issuer} "
            f"(it has {', '.join(self._keys) or 'none'})"
            f"{'; the last refresh failed: ' + self.last_error if self.last_error else ''}: "
            "the token was signed by another issuer or a key this tenant does not publish; "
            f"a new key is looked for again after the {self.cooldown:g} s cooldown",
            check="signature",
            claim="kid",
        )

    def refresh(self) -> None:
        """Fetch the key set now, whatever its age or the cooldown."""
        self._refetch(self._generation)
        if self.last_error is not None:
            raise TokenError(
                "jwks_unavailable",
                f"refreshing the JWKS of {self.issuer} failed: {self.last_error}",
                check="signature",
            )

    @property
    def state(self) -> JwksState:
        """Age, fetch count, last error and the `kid`s held."""
        now = self.clock.now()
        age = None if self._fetched_at is None else now - self._fetched_at
        return JwksState(
            self.issuer,
            self.url,
            tuple(self._keys),
            age,
            self.fetch_count,
            self.last_error,
            age is not None and age > self.lifetime,
            0.0
            if self._attempted_at is None
            else max(0.0, self.cooldown - (now - self._attempted_at)),
        )

    # -- internals ------------------------------------------------------------------------------

    def _age(self) -> float | None:
        return None if self._fetched_at is None else self.clock.now() - self._fetched_at

    def _cooldown_over(self) -> bool:
        return self._attempted_at is None or self.clock.now() - self._attempted_at >= self.cooldown

    def _ensure_current(self) -> None:
        age = self._age()
        if age is not None and age <= self.lifetime:
            return
        if age is None or self._cooldown_over():
            self._refetch(self._generation)
        age = self._age()
        if age is None or age > self.lifetime + self.grace:
            raise self._unavailable()
        if age > self.lifetime:
            warnings.warn(
                f"serving the JWKS of {self.issuer} fetched {age:.0f} s ago: refreshing it failed "
                f"({self.last_error}); usable for {self.lifetime + self.grace - age:.0f} s more",
                StaleJwksWarning,
                stacklevel=3,
            )

    def _refetch(self, generation: int) -> None:
        """Fetch once for everyone who saw `generation`; later arrivals reuse that fetch."""
        with self._fetch_lock:
            if self._generation != generation:
                return  # a fetch finished while we waited: its result (good or bad) is ours
            now = self.clock.now()
            try:
                keys, jwks, keyset = self._download()
            except Auth0ExploreError as exc:
                with self._state_lock:
                    self.last_error = str(exc)
            else:
                with self._state_lock:
                    self._jwks, self._keys, self._keyset = jwks, keys, keyset
                    self._fetched_at = now
                    self.last_error = None
            finally:
                with self._state_lock:
                    self.fetch_count += 1
                    self._attempted_at = now
                    self._generation += 1

    def _download(self) -> tuple[dict[str, dict[str, Any]], dict[str, Any], KeySet]:
        response = self._fetch(self.url, MAX_JWKS_BYTES)
        if response.status != 200:
            raise TokenError(
                "jwks_unavailable",
                f"{self.url} answered {response.status} (redirects are not followed): "
                "check the issuer's domain",
            )
        jwks = response.json()
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise TokenError(
                "jwks_unavailable", f"{self.url} did not return a JWKS ({{'keys': [...]}})"
            )
        keys = {
            key["kid"]: key
            for key in jwks["keys"]
            if isinstance(key, dict) and isinstance(key.get("kid"), str)
        }
        return keys, jwks, KeySet.from_jwks(jwks)

    def _unavailable(self) -> TokenError:
        when = "never fetched" if self._fetched_at is None else "too old to trust"
        return TokenError(
            "jwks_unavailable",
            f"the JWKS of {self.issuer} is unavailable ({when}; last error: {self.last_error}): "
            "check that the tenant is reachable, then try again",
            check="signature",
        )

    def __repr__(self) -> str:
        s = self.state
        age = "never" if s.age is None else f"{s.age:.0f} s"
        return (
            f"JwksCache({self.issuer!r}, keys={len(s.key_ids)}, age={age}, fetches={s.fetch_count})"
        )

    def _repr_html_(self) -> str:
        s = self.state
        rows = [
            ("issuer", s.issuer),
            ("url", s.url),
            ("key ids", ", ".join(s.key_ids) or "-"),
            ("age", "never fetched" if s.age is None else f"{s.age:.0f} s"),
            ("fetches", str(s.fetch_count)),
            ("stale", str(s.stale)),
            ("refetch for a new kid", "now" if s.refetch_in <= 0 else f"in {s.refetch_in:.0f} s"),
            ("last error", s.last_error or "-"),
        ]
        return html_table(("", ""), rows, caption="JWKS cache")


def _check_same_origin(issuer: str, url: str) -> None:
    want, got = urlsplit(issuer), urlsplit(url)
    if got.scheme not in ("http", "https") or (got.scheme, got.netloc) != (
        want.scheme,
        want.netloc,
    ):
        raise TokenError(
            "jwks_unavailable",
            f"refusing to fetch keys from {url!r}: only the issuer's own origin "
            f"({want.scheme}://{want.netloc}) over http(s) is trusted",
        )
