"""Rate-limit and M2M quota headers, parsed into small frozen values.

Auth0 sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (unix seconds)
on rate-limited endpoints, on success and on 429 (Auth0: rate-limit policy), and on
client-credentials responses the quota headers `Auth0-Client-Quota-Limit` and
`Auth0-Organization-Quota-Limit`, e.g. `b=per_hour;q=10;r=7;t=3540,b=per_day;q=50;r=47;t=43200`
(Auth0: fine-grained M2M token quotas). Malformed values parse to nothing rather than failing a
request that otherwise succeeded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime

from auth0_explore.clock import to_datetime

__all__ = ["QuotaBucket", "Quotas", "RateLimit", "parse_quota", "retry_delay"]


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The `X-RateLimit-*` headers of one response: bucket size, what is left, when it refills."""

    limit: int | None
    remaining: int | None
    #: unix seconds at which the bucket refills
    reset: int | None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit | None:
        """The rate limit announced by `headers` (a case-insensitive mapping), or None."""
        limit = headers.get("x-ratelimit-limit")
        remaining = headers.get("x-ratelimit-remaining")
        reset = headers.get("x-ratelimit-reset")
        if limit is None and remaining is None and reset is None:
            return None
        return cls(_int(limit), _int(remaining), _int(reset))

    def resets_in(self, now: float) -> float | None:
        """Seconds from `now` until the bucket refills (never negative), if announced."""
        return None if self.reset is None else max(0.0, self.reset - now)

    def to_dict(self) -> dict[str, int | None]:
        """The three values by name, for JSON."""
        return {"limit": self.limit, "remaining": self.remaining, "reset": self.reset}

    def __str__(self) -> str:
        if self.reset is None:
            return f"{self.remaining}/{self.limit} left"
        try:
            refill = to_datetime(self.reset).strftime("%Y-%m-%d %H:%M:%S UTC")
        except (OverflowError, OSError, ValueError):
            refill = str(self.reset)
        return f"{self.remaining}/{self.limit} left, refills at {refill}"


@dataclass(frozen=True, slots=True)
class QuotaBucket:
    """One bucket of an M2M token quota: `b=per_hour;q=10;r=7;t=3540`."""

    #: the bucket name, `per_hour` or `per_day`
    bucket: str
    #: tokens allowed per bucket period (`q`)
    quota: int
    #: tokens left in this period (`r`)
    remaining: int
    #: seconds until the period resets (`t`)
    resets_in: int

    def __str__(self) -> str:
        return f"{self.bucket}: {self.remaining}/{self.quota} left, resets in {self.resets_in} s"


@dataclass(frozen=True, slots=True)
class Quotas:
    """The M2M quota headers of one response, per client and per organization."""

    client: tuple[QuotaBucket, ...] = ()
    organization: tuple[QuotaBucket, ...] = ()

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> Quotas | None:
        """The quotas announced by `headers` (a case-insensitive mapping), or None."""
        client = headers.get("auth0-client-quota-limit")
        organization = headers.get("auth0-organization-quota-limit")
        if client is None and organization is None:
            return None
        return cls(parse_quota(client or ""), parse_quota(organization or ""))

    def to_dict(self) -> dict[str, list[dict[str, str | int]]]:
        """Every bucket by owner, for JSON."""
        return {
            owner: [
                {"bucket": b.bucket, "quota": b.quota, "remaining": b.remaining,
                 "resets_in": b.resets_in}
                for b in buckets
            ]
            for owner, buckets in (("client", self.client), ("organization", self.organization))
        }  # fmt: skip

    def __iter__(self) -> Iterator[QuotaBucket]:
        """The client's buckets, then the organization's."""
        return iter((*self.client, *self.organization))

    def __bool__(self) -> bool:
        return bool(self.client or self.organization)


def parse_quota(value: str) -> tuple[QuotaBucket, ...]:
    """Parse a quota header value; buckets that are malformed are left out."""
    buckets = []
    for item in value.split(","):
        fields: dict[str, str] = {}
        for pair in item.split(";"):
            key, sep, val = pair.partition("=")
            if sep:
                fields[key.strip()] = val.strip()
        quota, remaining, resets = (
            _int(fields.get("q")),
            _int(fields.get("r")),
            _int(fields.get("t")),
        )
        if fields.get("b") and quota is not None and remaining is not None and resets is not None:
            buckets.append(QuotaBucket(fields["b"], quota, remaining, resets))
    return tuple(buckets)


def retry_delay(headers: Mapping[str, str], now: float) -> float | None:
    """How long a 429 asks the caller to wait: `Retry-After`, else `X-RateLimit-Reset` minus now.

    `Retry-After` is delta-seconds or an HTTP date (RFC 9110 §10.2.3); `now` is unix seconds from
    the caller's clock. None when the response says nothing usable.
    """
    value = headers.get("retry-after")
    if value is not None:
        value = value.strip()
        seconds = _int(value)
        if seconds is not None:
            return float(max(0, seconds))
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
        if when is not None:
            if when.tzinfo is None:  # "-0000": RFC 5322's "UTC, no local time known"
                when = when.replace(tzinfo=UTC)
            return max(0.0, when.timestamp() - now)
    limit = RateLimit.from_headers(headers)
    return None if limit is None else limit.resets_in(now)
