"""Targets: a live tenant from AUTH0_* runs the same matrix as the sandbox."""

from __future__ import annotations

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import RS256_API


def _environ(sb: Sandbox) -> dict[str, str]:
    app = sb.application("m2m")
    assert app.client_secret is not None
    return {
        "AUTH0_DOMAIN": sb.base_url.split("://", 1)[1].rstrip("/"),
        "AUTH0_CLIENT_ID": app.client_id,
        "AUTH0_CLIENT_SECRET": app.client_secret.reveal(),
        "AUTH0_AUDIENCE": RS256_API,
    }


def test_from_env_runs_the_matrix_like_a_live_tenant(plain_sandbox: Sandbox) -> None:
    """AUTH0_* (here pointing at the sandbox's loopback URL) give a target; AUTH0_AUDIENCE is the
    custom API; user grants without a user application are rows that say why."""
    environ = _environ(plain_sandbox)
    # the sandbox's clock is frozen; a live target would read the system clock
    with Target.from_env("live", environ, dotenv=None, clock=plain_sandbox.clock) as target:
        assert target.custom_api == RS256_API
        scenarios = [
            *target.matrix(choices=("custom", "unknown")),
            Scenario("code flow", "custom", RS256_API, grant="authorization_code"),
        ]
        frame = Run(scenarios, target, progress=False).start().frame().set_index("scenario")
    custom = frame.loc["custom API"]
    assert custom["valid"]
    assert custom["iss"] == plain_sandbox.base_url
    assert frame.loc["unknown audience", "error"] == "access_denied"
    code = frame.loc["code flow"]
    assert code["error"] == "ConfigError"
    assert "user grants need a regular web application" in code["error_description"]


def test_a_target_without_a_custom_api_says_how_to_name_one(plain_sandbox: Sandbox) -> None:
    """The standard matrix needs a custom API: AUTH0_AUDIENCE or custom_api=."""
    environ = {k: v for k, v in _environ(plain_sandbox).items() if k != "AUTH0_AUDIENCE"}
    with (
        Target.from_env("live", environ, dotenv=None) as target,
        pytest.raises(ConfigError, match="AUTH0_AUDIENCE"),
    ):
        target.matrix()


def test_refreshed_reads_the_sandbox_as_it_is_now(plain_sandbox: Sandbox) -> None:
    """A sandbox edited live: the refreshed target knows its new default audience."""
    with Target.from_sandbox(plain_sandbox, "plain") as target:
        plain_sandbox.tenant.settings.default_audience = RS256_API
        try:
            assert target.default_audience == ""
            assert target.refreshed().default_audience == RS256_API
            assert target.refreshed().tenants is target.tenants  # the same connections
        finally:
            plain_sandbox.tenant.settings.default_audience = ""


def test_matrix_on_named_domains(domain_sandbox: Sandbox) -> None:
    """`domains=` picks the tenant's domains by name; an unknown one is refused by name."""
    with Target.from_sandbox(domain_sandbox, "custom-domain") as target:
        scenarios = target.matrix(choices=("custom",), domains=["LOGIN.example.com"])
        assert [s.domain for s in scenarios] == ["login.example.com"]
        with pytest.raises(ConfigError, match=r"no domain nowhere\.example"):
            target.matrix(domains=["nowhere.example"])


def test_from_tenant_wraps_one_connection_for_every_grant(plain_sandbox: Sandbox) -> None:
    """A client Tenant as a target: its domain, its application for M2M and user grants."""
    from auth0_explore.client.tenant import Tenant

    with Tenant.from_sandbox(plain_sandbox) as tenant:
        target = Target.from_tenant(tenant)
        assert target.tenant() is tenant
        assert target.tenant(grant="password") is tenant
        assert target.canonical_domain == tenant.connection.canonical_domain
