"""Fixtures for the Management API tests: a sandbox, Management tokens, and a caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import FROZEN_AT, SEED


def management_token(
    sb: Sandbox, application: str = "api-explorer", *, base: str | None = None, host: str = ""
) -> str:
    """A Management API token for `application`, asked through `base` (default: canonical)."""
    app = sb.application(application)
    assert app.client_secret is not None
    response = requests.post(
        f"{base or sb.base_url}oauth/token",
        headers={"Host": host} if host else {},
        data={
            "grant_type": "client_credentials",
            "client_id": app.client_id,
            "client_secret": app.client_secret.reveal(),
            "audience": sb.tenant.management_api_identifier,
        },
        timeout=10,
        verify=str(sb.ca_path) if sb.ca_path else True,
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


class Api:
    """GET/PATCH/POST/PUT under /api/v2/ of a sandbox with one bearer token."""

    def __init__(self, sb: Sandbox, token: str, base: str | None = None) -> None:
        self.sb = sb
        self.base = f"{base or sb.base_url}api/v2/"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, **params: Any) -> requests.Response:
        body = params.pop("json", None)
        return self.session.request(
            method, self.base + path, params=params or None, json=body, timeout=10
        )

    def get(self, path: str, **params: Any) -> Any:
        response = self.call("GET", path, **params)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def sb() -> Iterator[Sandbox[FrozenClock]]:
    """A private full sandbox (custom domain, default audience) on a frozen clock."""
    with Sandbox(profile="full", clock=FrozenClock(FROZEN_AT), seed=SEED) as sandbox:
        yield sandbox


@pytest.fixture
def api(sb: Sandbox) -> Iterator[Api]:
    """The api-explorer application's view of the sandbox's Management API."""
    caller = Api(sb, management_token(sb))
    yield caller
    caller.session.close()
