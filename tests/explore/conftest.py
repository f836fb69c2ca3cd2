"""Fixtures for the explorer tests: one sandbox per profile on loopback, sharing a frozen clock.

Sandboxes start unseeded (fast keys); each test module shares them for the whole session, and
targets address them by host name so `iss` is realistic.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.explore.targets import Target
from auth0_explore.sandbox import Sandbox

T0 = 1_800_000_000.0
RS256_API = "https://api.sandbox.example/"
CANONICAL = "dev-sandbox.us.auth0.com"
CUSTOM = "login.example.com"


def live_environ(sb: Sandbox, audience: str | None = None) -> dict[str, str]:
    """AUTH0_* reaching a sandbox as a live tenant is reached: its loopback address (plain http
    is allowed for loopback only) and its M2M application; AUTH0_AUDIENCE when given."""
    app = sb.application("m2m")
    assert app.client_secret is not None
    environ = {
        "AUTH0_DOMAIN": sb.base_url.split("://", 1)[1].rstrip("/"),
        "AUTH0_CLIENT_ID": app.client_id,
        "AUTH0_CLIENT_SECRET": app.client_secret.reveal(),
    }
    return {**environ, "AUTH0_AUDIENCE": audience} if audience else environ


def _sandbox(profile: str) -> Iterator[Sandbox]:
    with Sandbox(profile=profile, clock=FrozenClock(T0)) as sb:
        yield sb


@pytest.fixture(scope="session")
def plain_sandbox() -> Iterator[Sandbox]:
    """No default audience, no custom domain."""
    yield from _sandbox("plain")


@pytest.fixture(scope="session")
def default_sandbox() -> Iterator[Sandbox]:
    """Default audience = the custom RS256 API."""
    yield from _sandbox("default-audience")


@pytest.fixture(scope="session")
def domain_sandbox() -> Iterator[Sandbox]:
    """A custom domain, login.example.com, next to the canonical one."""
    yield from _sandbox("custom-domain")


@pytest.fixture
def plain(plain_sandbox: Sandbox) -> Iterator[Target]:
    """A target on the plain sandbox, labelled `plain`."""
    with Target.from_sandbox(plain_sandbox, "plain") as target:
        yield target


@pytest.fixture
def default(default_sandbox: Sandbox) -> Iterator[Target]:
    """A target on the default-audience sandbox, labelled `default-audience`."""
    with Target.from_sandbox(default_sandbox, "default-audience") as target:
        yield target


@pytest.fixture
def custom_domain(domain_sandbox: Sandbox) -> Iterator[Target]:
    """A target on the custom-domain sandbox (both domains), labelled `custom-domain`."""
    with Target.from_sandbox(domain_sandbox, "custom-domain") as target:
        yield target
