"""Fixtures: sandboxes on loopback shared per session, and a helper to ask for tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import requests

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox

FROZEN_AT = 1_800_000_000
# Private sandboxes are seeded: seeded keys are generated once per process and cached, which
# keeps the many small sandboxes below cheap. The session sandboxes use fresh random keys.
SEED = 7

#: A sandbox on a `FrozenClock`: tests move its time with `sb.clock.advance(seconds)`.
FrozenSandbox = Sandbox[FrozenClock]


@pytest.fixture(scope="session")
def full() -> Iterator[Sandbox]:
    """The full profile (default audience + custom domain), system clock. Do not mutate."""
    with Sandbox(profile="full") as sb:
        yield sb


@pytest.fixture(scope="session")
def plain() -> Iterator[Sandbox]:
    """The plain profile, system clock. Do not mutate."""
    with Sandbox(profile="plain") as sb:
        yield sb


@pytest.fixture
def frozen() -> Iterator[FrozenSandbox]:
    """A private plain sandbox on a frozen clock; tests may change its tenant."""
    with Sandbox(profile="plain", clock=FrozenClock(FROZEN_AT), seed=SEED) as sb:
        yield sb


@pytest.fixture(scope="module")
def frozen_module() -> Iterator[FrozenSandbox]:
    """A plain sandbox on a frozen clock shared by one test module; tests only move time on."""
    with Sandbox(profile="plain", clock=FrozenClock(FROZEN_AT)) as sb:
        yield sb


@pytest.fixture
def fresh() -> Iterator[Sandbox]:
    """A private plain sandbox on the system clock; tests may change it (and rotate keys)."""
    with Sandbox(profile="plain", seed=SEED) as sb:
        yield sb


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A requests session."""
    with requests.Session() as session:
        yield session


def cc_body(sb: Sandbox, app: str = "m2m", **params: Any) -> dict[str, Any]:
    """A client-credentials body for `app` with its real secret; `params` add or override."""
    application = sb.application(app)
    body: dict[str, Any] = {
        "grant_type": "client_credentials",
        "client_id": application.client_id,
        "client_secret": application.client_secret.reveal() if application.client_secret else "",
    }
    body.update(params)
    return {k: v for k, v in body.items() if v is not ...}


def claims_of(response: requests.Response) -> dict[str, Any]:
    """The unverified claims of a successful token response (fails on an error response)."""
    assert response.status_code == 200, response.text
    claims: dict[str, Any] = jwt.decode(
        response.json()["access_token"], options={"verify_signature": False}
    )
    return claims


def post_token(
    sb: Sandbox, app: str = "m2m", base: str | None = None, **params: Any
) -> requests.Response:
    """POST a client-credentials form request to /oauth/token."""
    return requests.post(
        f"{base or sb.base_url}oauth/token", data=cc_body(sb, app, **params), timeout=10
    )
