"""Figure 9: reading a tenant through the Management API under its rate limit (issue 13).

A sandbox of 30 applications, 20 APIs and 600 client grants (each application granted each API),
the Management API limited to Auth0 Free's 2 burst at 2 per second and enforced, on the system
clock. The subject is `Tenant.management.snapshot()`: every page of every list, paced by the
`X-RateLimit-*` headers. The bound is what the limit allows for the requests the snapshot needs,
(requests - burst) / rate; the figures are wall time against it (bar: within 1.1 times) and the
429s that reached the caller (bar: 0). The reading application (`api-explorer`) is the 31st.
"""

from __future__ import annotations

import time

from benchmarks import subjects
from benchmarks.runner import Bar, Context, Row, not_measured, secs

WITHIN = Bar("<=", 1.1)
ZERO = Bar("<=", 0)
BURST, RATE = 2, 2.0


def _tenant(applications: int, apis: int) -> object:
    return subjects.grant_matrix_tenant(
        applications, apis, profile="plain", scope=("read:things",), host="example"
    )


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.client.management")
    figure = "Management API snapshot, 30 apps / 20 APIs / 600 grants at 2 req/s"
    if why:
        return [not_measured(f"{figure}: wall time vs bound", why)]
    from auth0_explore.client import Tenant
    from auth0_explore.errors import OAuthError
    from auth0_explore.sandbox import RateLimitRule, Sandbox

    applications, apis = (30, 20) if not ctx.smoke else (3, 2)
    rate = RATE if not ctx.smoke else 50.0
    with Sandbox(_tenant(applications, apis)) as sandbox:  # type: ignore[arg-type]  # a TenantConfig
        sandbox.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(BURST, rate)
        sandbox.tenant.emulation.enforce_rate_limits = True
        reached = 0
        with Tenant.from_sandbox(sandbox, application="api-explorer") as tenant:
            tenant.management._session.token(_scopes())
            started = time.perf_counter()
            try:
                snapshot = tenant.management.snapshot()
            except OAuthError as error:
                if error.status != 429:
                    raise
                reached, snapshot = 1, None
            wall = time.perf_counter() - started
            calls = tenant.management.calls
            met = tenant.management._session.pacer.throttled
    grants = len(snapshot.client_grants) - 1 if snapshot else 0
    bound = max(calls - BURST, 1) / rate
    subject = f"snapshot(): {calls} requests ({grants} grants) in {secs(wall)}"
    return [
        Row(
            f"{figure}: 429s reaching the user",
            f"{subject}; {met} met and waited out",
            "",
            float(reached),
            ZERO,
            unit="",
        ),
        Row(
            f"{figure}: wall time vs bound",
            subject,
            f"({calls} - {BURST} burst) / {rate:g} per s = {secs(bound)}",
            wall / bound,
            WITHIN,
        ),
    ]


def _scopes() -> tuple[str, ...]:
    from auth0_explore.client.management import SNAPSHOT_SCOPES

    return SNAPSHOT_SCOPES
