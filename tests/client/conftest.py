"""Fixtures for the client tests: sandboxes on loopback, a frozen clock, instant sleeping.

A sandbox takes about a second to start and stop, so each module shares one: `sandbox` hands it
to a test and afterwards disarms leftover faults and puts the frozen clock back. Tests count
mints as differences.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.client import RetryPolicy, Tenant, Timeouts
from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from tests.client.rawserver import VirtualTime

T0 = 1_800_000_000.0

RS256_API = "https://api.sandbox.example/"


@pytest.fixture(scope="module")
def full_sandbox() -> Iterator[Sandbox[FrozenClock]]:
    """The "full" profile (default audience and a custom domain), shared by a module."""
    with Sandbox(profile="full", clock=FrozenClock(T0)) as sb:
        yield sb


@pytest.fixture
def sandbox(full_sandbox: Sandbox[FrozenClock]) -> Iterator[Sandbox[FrozenClock]]:
    """The module's "full" sandbox, reset after the test: faults disarmed, clock back at T0."""
    yield full_sandbox
    full_sandbox.faults.clear()
    full_sandbox.clock.set(T0)


@pytest.fixture
def clock(sandbox: Sandbox[FrozenClock]) -> FrozenClock:
    """The fresh sandbox's clock (at T0), to move time in a test."""
    return sandbox.clock


@pytest.fixture
def vtime() -> VirtualTime:
    """Virtual waiting: sleeps are recorded and skipped, the deadline still sees them."""
    return VirtualTime()


@pytest.fixture
def tenant(sandbox: Sandbox, vtime: VirtualTime) -> Iterator[Tenant]:
    """A Tenant on the fresh sandbox (loopback mode) that waits virtually and fails fast."""
    with Tenant.from_sandbox(
        sandbox,
        timeouts=Timeouts(1.0, 2.0),
        retry=RetryPolicy(max_attempts=4, deadline=30.0),
        sleep=vtime.sleep,
        monotonic=vtime.monotonic,
    ) as t:
        yield t
