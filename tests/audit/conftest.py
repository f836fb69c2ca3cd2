"""Fixtures for the audit tests: the clean sandbox tenant, and a one-call audit with probes.

`audited(sb, trigger)` does what `auth0-explore audit --profile … --probe N` does, on a running
sandbox: take the snapshot, apply the trigger (an edit of the snapshot, a change made to the
sandbox after it was read, options), probe within a budget, run the rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from auth0_explore.audit import Audit, SandboxConnector, audit, probe
from auth0_explore.client import Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import RateLimitRule, Sandbox
from auth0_explore.snapshot.model import Snapshot
from tests.audit.triggers import CANONICAL, SEED, T0, Trigger

BUDGET = 20


def audited(
    sb: Sandbox[FrozenClock],
    trigger: Trigger,
    snapshot: Snapshot | None = None,
    tenant: str = "sandbox",
) -> Audit:
    """The audit of `sb` (its model's snapshot unless given) under `trigger`, with probes."""
    edited = trigger.edit(snapshot or sb.snapshot())
    if trigger.stale is not None:
        trigger.stale(sb)
    with SandboxConnector(sb) as connector:
        seen = probe(
            edited,
            connector,
            budget=BUDGET,
            include_failing=trigger.failing,
            options=trigger.options,
            domain=CANONICAL,
        )
    return audit(
        edited, seen, tenant=tenant, options=trigger.options, domain=CANONICAL, clock=sb.clock
    )


def through_management_api(sb: Sandbox[FrozenClock]) -> Snapshot:
    """The sandbox's configuration read the real way: its Management API, paged and paced
    (at 100 requests a second: Auth0 Free's 2 would make each test take seconds)."""
    sb.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(100, 100.0)
    with Tenant.from_sandbox(sb, application="api-explorer") as tenant:
        return tenant.management.snapshot()


def replayed_audit(trigger: Trigger) -> Audit:
    """The trigger's configuration served by a sandbox (`Sandbox(snapshot=...)`), read through
    its Management API, changed after the read if the trigger says so, probed and audited."""
    with Sandbox(profile="clean", seed=SEED, clock=FrozenClock(T0)) as clean:
        edited = trigger.edit(clean.snapshot())
    with Sandbox(snapshot=edited, seed=SEED, clock=FrozenClock(T0)) as sb:
        read = through_management_api(sb)
        return audited(sb, replace(trigger, edit=lambda s: s), read)


@pytest.fixture
def clean() -> Iterator[Sandbox[FrozenClock]]:
    """The clean profile on a frozen clock, for one test (triggers change it)."""
    with Sandbox(profile="clean", seed=SEED, clock=FrozenClock(T0)) as sb:
        yield sb


@pytest.fixture(scope="module")
def full_audit() -> Audit:
    """The `full` profile audited with probes: findings of many rules, some confirmed."""
    with Sandbox(profile="full", seed=SEED, clock=FrozenClock(T0)) as sb:
        return audited(sb, Trigger(), tenant="full")
