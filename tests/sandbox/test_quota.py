"""M2M token quotas per client and organization (§2.3 step 6)."""

from __future__ import annotations

import pytest

from auth0_explore.sandbox import TokenQuota
from tests.sandbox.conftest import FrozenSandbox, post_token

RS256 = "https://api.sandbox.example/"
MGMT = "https://dev-sandbox.us.auth0.com/api/v2/"


def test_client_quota_headers_count_down_then_429(frozen: FrozenSandbox) -> None:
    """Quota headers on every success; past per_hour a 429 with rate-limit and Retry-After."""
    seen = [post_token(frozen, "m2m-quota", audience=RS256) for _ in range(5)]
    assert [r.status_code for r in seen] == [200] * 5
    assert seen[0].headers["Auth0-Client-Quota-Limit"] == (
        "b=per_hour;q=5;r=4;t=3600,b=per_day;q=20;r=19;t=57600"
    )
    assert seen[-1].headers["Auth0-Client-Quota-Limit"].startswith("b=per_hour;q=5;r=0;")
    refused = post_token(frozen, "m2m-quota", audience=RS256)
    assert refused.status_code == 429
    assert refused.json() == {
        "error": "too_many_requests",
        "error_description": "Client quota exceeded",
    }
    assert refused.headers["X-RateLimit-Limit"] == "5"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert refused.headers["X-RateLimit-Reset"] == str(1_800_000_000 + 3600)
    assert refused.headers["Retry-After"] == "3600"
    assert "Auth0-Client-Quota-Limit" in refused.headers


def test_quota_resets_at_the_top_of_the_hour(frozen: FrozenSandbox) -> None:
    """Buckets are UTC hours: advancing the clock past the hour frees the quota."""
    for _ in range(5):
        post_token(frozen, "m2m-quota", audience=RS256)
    assert post_token(frozen, "m2m-quota", audience=RS256).status_code == 429
    frozen.clock.advance(3600)
    assert post_token(frozen, "m2m-quota", audience=RS256).status_code == 200


def test_management_api_tokens_do_not_count(frozen: FrozenSandbox) -> None:
    """Internal Auth0 audiences are outside the M2M quota (§3.5): no quota header."""
    frozen.application("m2m").token_quota = TokenQuota(per_hour=1)
    for _ in range(3):
        response = post_token(frozen, audience=MGMT)
        assert response.status_code == 200
        assert "Auth0-Client-Quota-Limit" not in response.headers


def test_unenforced_quota_only_reports(frozen: FrozenSandbox) -> None:
    """enforce=false: headers count down to zero but tokens keep coming."""
    frozen.application("m2m").token_quota = TokenQuota(per_day=1, enforce=False)
    codes = [post_token(frozen, audience=RS256).status_code for _ in range(3)]
    assert codes == [200, 200, 200]


@pytest.mark.parametrize("setting", ["organization", "tenant-default"], ids=["org", "tenant"])
def test_organization_quota_is_separate(frozen: FrozenSandbox, setting: str) -> None:
    """An organization's own quota answers "Organization quota exceeded" (inferred wording)."""
    acme = frozen.tenant.organization("acme")
    assert acme is not None
    if setting == "organization":
        acme.token_quota = TokenQuota(per_hour=1)
    else:
        frozen.tenant.settings.organization_quota = TokenQuota(per_hour=1)
    first = post_token(frozen, "m2m-orgs", audience=RS256, organization=acme.id)
    assert first.headers["Auth0-Organization-Quota-Limit"].startswith("b=per_hour;q=1;r=0")
    second = post_token(frozen, "m2m-orgs", audience=RS256, organization=acme.id)
    assert second.status_code == 429
    assert second.json()["error_description"] == "Organization quota exceeded"
