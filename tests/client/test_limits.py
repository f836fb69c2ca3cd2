"""Rate-limit and quota headers parse into small values; 429 waits come from them."""

from __future__ import annotations

import pytest
from requests.structures import CaseInsensitiveDict

from auth0_explore.client.limits import QuotaBucket, Quotas, RateLimit, parse_quota, retry_delay

NOW = 1_700_000_000.0


def test_rate_limit_headers_parse_case_insensitively() -> None:
    """The three X-RateLimit headers become one value; reset is read against the caller's clock."""
    headers = CaseInsensitiveDict(
        {
            "x-ratelimit-limit": "30",
            "X-RateLimit-Remaining": "29",
            "X-RATELIMIT-RESET": "1700000007",
        }
    )
    limit = RateLimit.from_headers(headers)
    assert limit == RateLimit(30, 29, 1_700_000_007)
    assert limit.resets_in(NOW) == 7.0
    assert limit.resets_in(NOW + 100) == 0.0
    assert RateLimit.from_headers(CaseInsensitiveDict({"content-type": "x"})) is None


def test_quota_header_in_auth0_format_parses_every_bucket() -> None:
    """Auth0's documented quota value gives the hourly and the daily bucket."""
    value = "b=per_hour;q=10;r=7;t=3540,b=per_day;q=50;r=47;t=43200"
    assert parse_quota(value) == (
        QuotaBucket("per_hour", 10, 7, 3540),
        QuotaBucket("per_day", 50, 47, 43200),
    )
    quotas = Quotas.from_headers(
        CaseInsensitiveDict(
            {
                "Auth0-Client-Quota-Limit": value,
                "Auth0-Organization-Quota-Limit": "b=per_day;q=5;r=0;t=9",
            }
        )
    )
    assert quotas is not None
    assert [b.bucket for b in quotas.client] == ["per_hour", "per_day"]
    assert quotas.organization == (QuotaBucket("per_day", 5, 0, 9),)


@pytest.mark.parametrize(
    "value",
    ["", "garbage", "b=per_hour;q=x;r=1;t=2", "q=1;r=1;t=1", "b=per_hour;q=1;r=1"],
    ids=["empty", "garbage", "non-numeric", "no-bucket-name", "missing-field"],
)
def test_malformed_quota_buckets_are_left_out_not_raised(value: str) -> None:
    """A malformed quota header never fails a request that otherwise succeeded."""
    assert parse_quota(value) == ()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "3", "X-RateLimit-Reset": str(int(NOW) + 9)}, 3.0),
        ({"Retry-After": "Tue, 14 Nov 2023 22:13:25 GMT"}, 5.0),
        ({"X-RateLimit-Reset": str(int(NOW) + 9)}, 9.0),
        ({"X-RateLimit-Reset": str(int(NOW) - 9)}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
    ids=[
        "seconds",
        "retry-after-wins",
        "http-date",
        "ratelimit-reset",
        "reset-past",
        "junk",
        "none",
    ],
)
def test_retry_delay_prefers_retry_after_then_rate_limit_reset(
    headers: dict[str, str], expected: float | None
) -> None:
    """A 429's wait: Retry-After (seconds or HTTP date), else X-RateLimit-Reset minus now."""
    assert retry_delay(CaseInsensitiveDict(headers), NOW) == expected


def test_rate_limit_reads_as_a_sentence_with_a_utc_refill_time() -> None:
    """str() gives what is left and when the bucket refills, in UTC; no reset, no time."""
    assert str(RateLimit(30, 29, 1_700_000_007)) == "29/30 left, refills at 2023-11-14 22:13:27 UTC"
    assert str(RateLimit(30, 0, None)) == "0/30 left"
