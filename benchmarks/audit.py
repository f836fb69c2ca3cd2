"""Figure 10: auditing a tenant with probes on every granted pair, under its rate limits (issue 14).

A sandbox of 30 applications and 20 APIs, each application granted each API (600 pairs, plus
the reading application's Management API grant), on the system clock, with Auth0 Free's limits
enforced: the Management API 2 burst at 2 per second, `/oauth/token` 30 burst at 30 per second.
The subject is the whole audit (`audit_sandbox`): the snapshot through the Management API, one
client-credentials probe per granted pair, the rules. The probes need the configuration first,
so the two phases follow each other and the bound is their sum: (Management requests - 2) / 2
+ (token requests - 30) / 30, the tokens' bucket being full again when the probes start. Bars:
wall time within 1.1 times the bound, no 429 reaching the caller, at most one token per probed
pair (tokens the sandbox minted over pairs probed, the Management token left out).
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks import subjects
from benchmarks.runner import Bar, Context, Row, not_measured, secs

WITHIN = Bar("<=", 1.1)
ZERO = Bar("<=", 0)
ONE = Bar("<=", 1.0)
MGMT_BURST, MGMT_RATE = 2, 2.0
TOKEN_BURST, TOKEN_RATE = 30, 30.0


def _tenant(applications: int, apis: int) -> Any:
    return subjects.grant_matrix_tenant(
        applications, apis, profile="clean", scope=(), host="internal"
    )


def _scale(smoke: bool) -> float:
    """The smoke test runs the limits 25 times faster (Auth0's tokens-per-burst shape kept)."""
    return 25.0 if smoke else 1.0


def _limit(sandbox: Any, smoke: bool) -> None:
    from auth0_explore.sandbox import RateLimitRule

    scale = _scale(smoke)
    limits = sandbox.tenant.emulation.rate_limits
    limits["/api/v2/"] = RateLimitRule(int(MGMT_BURST * scale), MGMT_RATE * scale)
    limits["/oauth/token"] = RateLimitRule(int(TOKEN_BURST * scale), TOKEN_RATE * scale)
    sandbox.tenant.emulation.enforce_rate_limits = True


def _measure(ctx: Context) -> dict[str, Any]:
    from auth0_explore.audit import ProbeSettings, SandboxConnector
    from auth0_explore.audit.sources import audit_through
    from auth0_explore.client import Tenant
    from auth0_explore.errors import OAuthError
    from auth0_explore.sandbox import Sandbox

    applications, apis = (30, 20) if not ctx.smoke else (3, 2)
    with Sandbox(_tenant(applications, apis)) as sandbox:
        _limit(sandbox, ctx.smoke)
        minted_before = sandbox.mint_count
        with (
            Tenant.from_sandbox(sandbox, application="api-explorer") as reader,
            SandboxConnector(sandbox) as connector,
        ):
            started = time.perf_counter()
            try:
                result = audit_through(reader, connector, probes=ProbeSettings(budget=100_000))
            except OAuthError as error:
                if error.status != 429:
                    raise
                return {"reached": 1}
            wall = time.perf_counter() - started
            calls = reader.management.calls
        minted = sandbox.mint_count - minted_before
    probes = result.probes
    return {
        "reached": sum(1 for p in probes.sent() if p.status == 429),
        "wall": wall,
        "management": calls,
        "tokens": probes.requested + 1,  # the probes and the Management API token
        "pairs": len({p.pair for p in probes.sent()}),
        "minted": minted - 1,  # the Management API token is no probe
        "waited": probes.throttled,
        "scale": _scale(ctx.smoke),
    }


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.audit")
    figure = "Audit with probes, 30 apps / 20 APIs / 600 pairs at 2 + 30 req/s"
    if why:
        return [not_measured(f"{figure}: wall time vs bound", why)]
    m = _measure(ctx)
    if "wall" not in m:
        return [
            Row(
                f"{figure}: 429s reaching the user",
                "a 429 reached the caller",
                "",
                float(m["reached"]),
                ZERO,
                unit="",
            )
        ]
    scale = m["scale"]
    mgmt_burst, token_burst = int(MGMT_BURST * scale), int(TOKEN_BURST * scale)
    mgmt_rate, token_rate = MGMT_RATE * scale, TOKEN_RATE * scale
    bound = (
        max(m["management"] - mgmt_burst, 0) / mgmt_rate
        + max(m["tokens"] - token_burst, 0) / token_rate
    )
    subject = (
        f"audit_through(): {m['management']} Management + {m['tokens']} token requests, "
        f"{m['pairs']} pairs probed, in {secs(m['wall'])}"
    )
    return [
        Row(
            f"{figure}: wall time vs bound",
            subject,
            f"({m['management']} - {mgmt_burst}) / {mgmt_rate:g} + ({m['tokens']} - "
            f"{token_burst}) / {token_rate:g} per s = {secs(bound)}",
            m["wall"] / max(bound, 1e-9),
            WITHIN,
        ),
        Row(
            f"{figure}: 429s reaching the user",
            f"{m['waited']} met and waited out",
            "",
            float(m["reached"]),
            ZERO,
            unit="",
        ),
        Row(
            f"{figure}: tokens per probed pair",
            f"{m['minted']} tokens minted",
            f"{m['pairs']} pairs",
            m["minted"] / max(m["pairs"], 1),
            ONE,
        ),
    ]
