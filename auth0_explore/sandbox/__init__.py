"""The sandbox tenant: a local HTTP server that behaves like an Auth0 tenant.

Layering: imports only werkzeug, waitress, cryptography/PyJWT (and pycryptodome for seeded
keys), the standard library and `auth0_explore.{errors, clock, secrets, lazy}` — never the
client, so the client is always tested against an independent server. Names load lazily
(PEP 562), so the command line can list profiles without starting the HTTP machinery.

    with Sandbox(profile="plain") as sb:
        sb.base_url, sb.application("m2m").client_id, sb.api("custom-rs256").identifier

The subpackages, by role: `http` (the server, the app and its route table, body parsing, errors,
hosts, faults, limits), `endpoints` (one module per route family), `grants` (one module per
`grant_type`), `stores` (codes, refresh tokens, device codes, sessions), `tenant` (the model,
settings, profiles, tenant files) and `minting` (keys and tokens).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from auth0_explore.lazy import exports

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "DEFAULT_PROFILE": "auth0_explore.sandbox.tenant.profiles",
    "TENANT_PROFILES": "auth0_explore.sandbox.tenant.profiles",
    "Api": "auth0_explore.sandbox.tenant.model",
    "Application": "auth0_explore.sandbox.tenant.model",
    "ClientCredential": "auth0_explore.sandbox.tenant.credentials",
    "ClientGrant": "auth0_explore.sandbox.tenant.model",
    "Connection": "auth0_explore.sandbox.tenant.users",
    "CustomDomain": "auth0_explore.sandbox.tenant.model",
    "Emulation": "auth0_explore.sandbox.tenant.settings",
    "Fault": "auth0_explore.sandbox.http.faults",
    "FaultInjector": "auth0_explore.sandbox.http.faults",
    "GrantRegistry": "auth0_explore.sandbox.grants.registry",
    "IssuedToken": "auth0_explore.sandbox.grants.registry",
    "JwtConfiguration": "auth0_explore.sandbox.tenant.settings",
    "Organization": "auth0_explore.sandbox.tenant.model",
    "RateLimitRule": "auth0_explore.sandbox.tenant.settings",
    "RefreshTokenSettings": "auth0_explore.sandbox.tenant.settings",
    "Sandbox": "auth0_explore.sandbox.sandbox",
    "SandboxDomain": "auth0_explore.sandbox.http.hosts",
    "Scope": "auth0_explore.sandbox.tenant.model",
    "TenantConfig": "auth0_explore.sandbox.tenant.model",
    "TenantSettings": "auth0_explore.sandbox.tenant.settings",
    "TokenQuota": "auth0_explore.sandbox.tenant.settings",
    "TokenRequest": "auth0_explore.sandbox.grants.registry",
    "User": "auth0_explore.sandbox.tenant.users",
    "load_profile": "auth0_explore.sandbox.tenant.profiles",
}

# old name -> new name, for one release: the README used these (issue 9).
_DEPRECATED: dict[str, str] = {"Tenant": "TenantConfig"}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # explicit re-exports for type checkers (mypy --strict)
    from auth0_explore.sandbox.grants.registry import GrantRegistry as GrantRegistry
    from auth0_explore.sandbox.grants.registry import IssuedToken as IssuedToken
    from auth0_explore.sandbox.grants.registry import TokenRequest as TokenRequest
    from auth0_explore.sandbox.http.faults import Fault as Fault
    from auth0_explore.sandbox.http.faults import FaultInjector as FaultInjector
    from auth0_explore.sandbox.http.hosts import SandboxDomain as SandboxDomain
    from auth0_explore.sandbox.sandbox import Sandbox as Sandbox
    from auth0_explore.sandbox.tenant.credentials import ClientCredential as ClientCredential
    from auth0_explore.sandbox.tenant.model import Api as Api
    from auth0_explore.sandbox.tenant.model import Application as Application
    from auth0_explore.sandbox.tenant.model import ClientGrant as ClientGrant
    from auth0_explore.sandbox.tenant.model import CustomDomain as CustomDomain
    from auth0_explore.sandbox.tenant.model import Organization as Organization
    from auth0_explore.sandbox.tenant.model import Scope as Scope
    from auth0_explore.sandbox.tenant.model import TenantConfig as TenantConfig
    from auth0_explore.sandbox.tenant.profiles import DEFAULT_PROFILE as DEFAULT_PROFILE
    from auth0_explore.sandbox.tenant.profiles import TENANT_PROFILES as TENANT_PROFILES
    from auth0_explore.sandbox.tenant.profiles import load_profile as load_profile
    from auth0_explore.sandbox.tenant.settings import Emulation as Emulation
    from auth0_explore.sandbox.tenant.settings import JwtConfiguration as JwtConfiguration
    from auth0_explore.sandbox.tenant.settings import RateLimitRule as RateLimitRule
    from auth0_explore.sandbox.tenant.settings import RefreshTokenSettings as RefreshTokenSettings
    from auth0_explore.sandbox.tenant.settings import TenantSettings as TenantSettings
    from auth0_explore.sandbox.tenant.settings import TokenQuota as TokenQuota
    from auth0_explore.sandbox.tenant.users import Connection as Connection
    from auth0_explore.sandbox.tenant.users import User as User


_lazy_attribute, __dir__ = exports(__name__, _EXPORTS)


def __getattr__(name: str) -> Any:
    """A public name, loaded on first use; a deprecated name warns and gives its successor."""
    new = _DEPRECATED.get(name)
    if new is not None:
        warnings.warn(
            f"auth0_explore.sandbox.{name} is now {new}; the old name goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return _lazy_attribute(new)
    return _lazy_attribute(name)
