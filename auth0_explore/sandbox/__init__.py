"""The sandbox tenant: a local HTTP server that behaves like an Auth0 tenant (M2M part).

Layering: imports only werkzeug, cryptography/PyJWT (and pycryptodome for seeded keys), the
standard library and `auth0_explore.{errors, clock, secrets}` — never the client, so the client
is always tested against an independent server.

    with Sandbox(profile="plain") as sb:
        sb.base_url, sb.application("m2m").client_id, sb.api("custom-rs256").identifier
"""

from __future__ import annotations

from auth0_explore.sandbox.faults import Fault, FaultInjector
from auth0_explore.sandbox.grants import GrantRegistry, TokenRequest, TokenResult
from auth0_explore.sandbox.hosts import SandboxDomain
from auth0_explore.sandbox.model import (
    Api,
    Application,
    ClientGrant,
    CustomDomain,
    Organization,
    Scope,
    Tenant,
)
from auth0_explore.sandbox.profiles import DEFAULT_PROFILE, PROFILES, load_profile
from auth0_explore.sandbox.server import Sandbox
from auth0_explore.sandbox.settings import Emulation, RateLimit, TenantSettings, TokenQuota
from auth0_explore.sandbox.users import Connection, User

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES",
    "Api",
    "Application",
    "ClientGrant",
    "Connection",
    "CustomDomain",
    "Emulation",
    "Fault",
    "FaultInjector",
    "GrantRegistry",
    "Organization",
    "RateLimit",
    "Sandbox",
    "SandboxDomain",
    "Scope",
    "Tenant",
    "TenantSettings",
    "TokenQuota",
    "TokenRequest",
    "TokenResult",
    "User",
    "load_profile",
]
