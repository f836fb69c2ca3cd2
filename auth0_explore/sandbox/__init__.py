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

from typing import TYPE_CHECKING

from auth0_explore.lazy import public_names

if TYPE_CHECKING:  # the public names: `X as X` lines, each name once (see auth0_explore.lazy)
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

#: old name -> new home, for one release: the README used it (issue 9)
_MOVED: dict[str, str] = {"Tenant": "auth0_explore.sandbox.TenantConfig"}

__all__, _attribute, __dir__ = public_names(__name__, moved=_MOVED)

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays a type error
    __getattr__ = _attribute
