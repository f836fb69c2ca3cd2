"""The sandbox tenant: a local HTTP server that behaves like an Auth0 tenant (M2M part).

Layering: imports only werkzeug, cryptography/PyJWT (and pycryptodome for seeded keys), the
standard library and `auth0_explore.{errors, clock, secrets}` — never the client, so the client
is always tested against an independent server. Names load lazily (PEP 562), so the command
line can list profiles without starting the HTTP machinery.

    with Sandbox(profile="plain") as sb:
        sb.base_url, sb.application("m2m").client_id, sb.api("custom-rs256").identifier
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auth0_explore.lazy import exports

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "DEFAULT_PROFILE": "auth0_explore.sandbox.profiles",
    "PROFILES": "auth0_explore.sandbox.profiles",
    "Api": "auth0_explore.sandbox.model",
    "Application": "auth0_explore.sandbox.model",
    "ClientCredential": "auth0_explore.sandbox.credentials",
    "ClientGrant": "auth0_explore.sandbox.model",
    "Connection": "auth0_explore.sandbox.users",
    "CustomDomain": "auth0_explore.sandbox.model",
    "Emulation": "auth0_explore.sandbox.settings",
    "Fault": "auth0_explore.sandbox.faults",
    "FaultInjector": "auth0_explore.sandbox.faults",
    "GrantRegistry": "auth0_explore.sandbox.grants",
    "JwtConfiguration": "auth0_explore.sandbox.settings",
    "Organization": "auth0_explore.sandbox.model",
    "RateLimit": "auth0_explore.sandbox.settings",
    "RefreshTokenSettings": "auth0_explore.sandbox.settings",
    "Sandbox": "auth0_explore.sandbox.server",
    "SandboxDomain": "auth0_explore.sandbox.hosts",
    "Scope": "auth0_explore.sandbox.model",
    "Tenant": "auth0_explore.sandbox.model",
    "TenantSettings": "auth0_explore.sandbox.settings",
    "TokenQuota": "auth0_explore.sandbox.settings",
    "TokenRequest": "auth0_explore.sandbox.grants",
    "TokenResult": "auth0_explore.sandbox.grants",
    "User": "auth0_explore.sandbox.users",
    "load_profile": "auth0_explore.sandbox.profiles",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:  # explicit re-exports for type checkers (mypy --strict)
    from auth0_explore.sandbox.credentials import ClientCredential as ClientCredential
    from auth0_explore.sandbox.faults import Fault as Fault
    from auth0_explore.sandbox.faults import FaultInjector as FaultInjector
    from auth0_explore.sandbox.grants import GrantRegistry as GrantRegistry
    from auth0_explore.sandbox.grants import TokenRequest as TokenRequest
    from auth0_explore.sandbox.grants import TokenResult as TokenResult
    from auth0_explore.sandbox.hosts import SandboxDomain as SandboxDomain
    from auth0_explore.sandbox.model import Api as Api
    from auth0_explore.sandbox.model import Application as Application
    from auth0_explore.sandbox.model import ClientGrant as ClientGrant
    from auth0_explore.sandbox.model import CustomDomain as CustomDomain
    from auth0_explore.sandbox.model import Organization as Organization
    from auth0_explore.sandbox.model import Scope as Scope
    from auth0_explore.sandbox.model import Tenant as Tenant
    from auth0_explore.sandbox.profiles import DEFAULT_PROFILE as DEFAULT_PROFILE
    from auth0_explore.sandbox.profiles import PROFILES as PROFILES
    from auth0_explore.sandbox.profiles import load_profile as load_profile
    from auth0_explore.sandbox.server import Sandbox as Sandbox
    from auth0_explore.sandbox.settings import Emulation as Emulation
    from auth0_explore.sandbox.settings import JwtConfiguration as JwtConfiguration
    from auth0_explore.sandbox.settings import RateLimit as RateLimit
    from auth0_explore.sandbox.settings import RefreshTokenSettings as RefreshTokenSettings
    from auth0_explore.sandbox.settings import TenantSettings as TenantSettings
    from auth0_explore.sandbox.settings import TokenQuota as TokenQuota
    from auth0_explore.sandbox.users import Connection as Connection
    from auth0_explore.sandbox.users import User as User


__getattr__, __dir__ = exports(__name__, _EXPORTS)
