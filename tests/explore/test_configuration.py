"""Sandbox configurations: read, applied live, refused ones rolled back, compared."""

from __future__ import annotations

from dataclasses import replace

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.explore.configuration import SandboxConfiguration
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import RS256_API


def test_apply_then_read_gives_the_same_configuration(plain_sandbox: Sandbox) -> None:
    """What is applied is what the sandbox then says; the start can be put back."""
    start = SandboxConfiguration.read(plain_sandbox, "custom-rs256")
    changed = replace(start, default_audience=RS256_API, dialect="access_token_authz", rbac=True)
    try:
        changed.apply(plain_sandbox)
        assert SandboxConfiguration.read(plain_sandbox, "custom-rs256") == changed
        assert start.changes(changed) == [
            ("default_audience", "", RS256_API),
            ("dialect", "access_token", "access_token_authz"),
            ("rbac", False, True),
        ]
    finally:
        start.apply(plain_sandbox)
    assert SandboxConfiguration.read(plain_sandbox, "custom-rs256") == start


def test_a_configuration_the_sandbox_refuses_is_rolled_back(plain_sandbox: Sandbox) -> None:
    """An unknown dialect: ConfigError naming it, and the API keeps its settings."""
    start = SandboxConfiguration.read(plain_sandbox, "custom-rs256")
    with pytest.raises(ConfigError, match="token_dialect is 'bogus'"):
        replace(start, dialect="bogus", default_audience=RS256_API).apply(plain_sandbox)
    assert SandboxConfiguration.read(plain_sandbox, "custom-rs256") == start


def test_switching_to_hs256_gives_the_api_a_secret(default_sandbox: Sandbox) -> None:
    """An RS256 API moved to HS256 needs a signing secret: one is made."""
    start = SandboxConfiguration.read(default_sandbox, "custom-rs256")
    try:
        replace(start, signing_alg="HS256").apply(default_sandbox)
        secret = default_sandbox.api("custom-rs256").signing_secret
        assert secret is not None
        assert len(secret.reveal()) >= 16
    finally:
        start.apply(default_sandbox)
