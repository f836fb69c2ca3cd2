"""Targets: a live tenant from AUTH0_* runs the same matrix as the sandbox."""

from __future__ import annotations

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import RS256_API, live_environ


def _environ(sb: Sandbox) -> dict[str, str]:
    return live_environ(sb, RS256_API)


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
    assert custom["iss"] == plain_sandbox.base_url == target.base_url
    assert frame.loc["unknown audience", "error"] == "access_denied"
    code = frame.loc["code flow"]
    assert code["error"] == "ConfigError"
    # the hint fits a live tenant: no sandbox-only advice on a live row
    assert "on a live tenant a person logs in" in code["error_description"]
    assert "from_sandbox" not in code["error_description"]


def test_user_grants_without_a_user_say_what_fits_the_target(plain_sandbox: Sandbox) -> None:
    """A live connection that could log a user in still cannot script the login or know a
    password: its rows say what a person does on a live tenant; a sandbox target's rows say
    which sandbox argument is missing."""
    from auth0_explore.client.tenant import Tenant

    scenarios = [
        Scenario("code flow", "custom", RS256_API, grant="authorization_code"),
        Scenario("password", "custom", RS256_API, grant="password"),
    ]
    with Tenant.from_env(_environ(plain_sandbox), dotenv=None) as tenant:
        live = Run(scenarios, Target.from_tenant(tenant, "live"), progress=False).start()
        rows = live.frame().set_index("scenario")["error_description"]
    assert "is a live tenant: only a person can log in there" in rows["code flow"]
    assert "a user of your tenant" in rows["password"]
    assert not any("from_sandbox" in text or "sandbox's" in text for text in rows)
    with Target.from_sandbox(plain_sandbox, "sb", user=None) as target:
        local = Run(scenarios, target, progress=False).start().frame().set_index("scenario")
    assert "Target.from_sandbox(sb, user=" in local.loc["code flow", "error_description"]
    assert "the sandbox's users" in local.loc["password", "error_description"]


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


def test_canonical_domain_names_auth0s_apis_when_auth0_domain_is_another(
    plain_sandbox: Sandbox,
) -> None:
    """AUTH0_DOMAIN reaching the sandbox by its loopback address acts as a custom domain: the
    Management API's audience needs the canonical name, which `canonical_domain=` supplies;
    without it the audience is built on the loopback address and Auth0 knows no such API."""
    environ = _environ(plain_sandbox)
    canonical = plain_sandbox.tenant.domain
    with (
        Target.from_env("as-is", environ, dotenv=None) as as_is,
        Target.from_env("named", environ, dotenv=None, canonical_domain=canonical) as named,
    ):
        assert named.management_api == f"https://{canonical}/api/v2/"
        assert named.tenant().management_audience == named.management_api
        scenarios = [*as_is.matrix(choices=("management",)), *named.matrix(choices=("management",))]
        frame = Run(scenarios, [as_is, named], progress=False).start().frame()
    rows = frame.set_index("configuration")
    assert rows.loc["as-is", "error_description"].startswith("Service not enabled within domain")
    assert rows.loc["named", "outcome"] == "token"
    assert rows.loc["named", "iss"] == plain_sandbox.base_url  # iss is still the domain used
