"""How each grant of a scenario is requested: one small call per grant type, through the client.

A grant call takes the connection, the scenario, the target and whether cached tokens may answer,
and returns the client's `TokenResult` (or raises the client's errors, which become rows).
Register more by passing `grants={...}` to `Run`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.errors import ConfigError
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target

__all__ = ["GRANTS", "GrantCall"]

#: how a grant is requested: (tenant, scenario, target, reuse cached tokens) -> token response
GrantCall = Callable[[Tenant, Scenario, Target, bool], TokenResult]


def client_credentials(
    tenant: Tenant, scenario: Scenario, target: Target, reuse: bool
) -> TokenResult:
    """`client_credentials`; the client's cache answers repeats (not for `resource`)."""
    # The client's cache key does not tell `resource` from `audience`: ask afresh for those.
    return tenant.client_credentials(
        scenario.sent_audience or "",  # "" sends no audience (None would use AUTH0_AUDIENCE)
        scope=scenario.scope,
        organization=scenario.organization,
        resource=scenario.resource,
        auth_method=scenario.auth_method,
        cache=reuse and scenario.resource is None,
    )


def _no_resource(scenario: Scenario) -> None:
    if scenario.resource:
        raise ConfigError(
            f"the client's {scenario.grant} call cannot send `resource`; use `audience`"
        )


def password(tenant: Tenant, scenario: Scenario, target: Target, reuse: bool) -> TokenResult:
    """The password-realm grant (plain `password` without a realm) as the target's user."""
    _no_resource(scenario)
    if target.user is None or target.password is None:
        where = "the sandbox's users" if target.sandbox is not None else "a user of your tenant"
        raise ConfigError(
            f"target {target.label!r} has no user and password for the password grant: give "
            f"it {where}: target.user = ..., target.password = Secret(...)"
        )
    return tenant.password_realm(
        target.user,
        target.password,
        realm=target.realm,
        audience=scenario.sent_audience,
        scope=scenario.scope,
        auth_method=scenario.auth_method,
    )


def authorization_code(
    tenant: Tenant, scenario: Scenario, target: Target, reuse: bool
) -> TokenResult:
    """The code flow with PKCE; the sandbox logs the target's user in (no browser)."""
    _no_resource(scenario)
    sandbox, user = target.sandbox, target.user
    if sandbox is None or user is None or target.redirect_uri is None:
        raise ConfigError(_no_scripted_login(target))
    return tenant.login(
        lambda url: str(sandbox.login_from_url(url, user)),
        redirect_uri=target.redirect_uri,
        audience=scenario.sent_audience,
        scope=scenario.scope or "",
        organization=scenario.organization,
        auth_method=scenario.auth_method,
    )


def _no_scripted_login(target: Target) -> str:
    """Why this target cannot log a user in from code, and what to do instead."""
    if target.sandbox is None:
        return (
            f"{target.label!r} is a live tenant: only a person can log in there. Use the token "
            "form's authorization-code grant (open the link, paste the redirect), or "
            "tenant.authorize(...) then tenant.exchange_code(...)"
        )
    return (
        f"the sandbox target {target.label!r} has no user and callback to log in with: "
        "Target.from_sandbox(sb, user='alice@example.com', user_application='web')"
    )


#: grant type -> how to request it
GRANTS: Mapping[str, GrantCall] = {
    "client_credentials": client_credentials,
    "password": password,
    "authorization_code": authorization_code,
}
