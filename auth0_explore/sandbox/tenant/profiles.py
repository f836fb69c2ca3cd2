"""Ready-made tenants: plain, default-audience, custom-domain, full (both) and clean.

The first four have an M2M application, a regular web application (with the password grants), a SPA
(implicit and code, rotating refresh tokens), a native CLI app (device flow), two users, custom
RS256 / HS256 / PS256 APIs, an RFC 9068 API with RBAC, the Management API, and client grants that
make the interesting cases reachable — with some deliberately missing, to show the errors
(README "Sandbox tenant" lists which request shows which error). `clean` is configured
the way the audit rules ask (`auth0_explore.audit`: zero findings, probes included), the
contrast to the others in the audit lesson.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox.tenant.credentials import ClientCredential
from auth0_explore.sandbox.tenant.model import (
    Api,
    Application,
    ClientGrant,
    CustomDomain,
    Organization,
    Scope,
    TenantConfig,
)
from auth0_explore.sandbox.tenant.settings import RefreshTokenSettings, TokenQuota
from auth0_explore.sandbox.tenant.users import Connection, User
from auth0_explore.secrets import Secret

__all__ = ["DEFAULT_PROFILE", "TENANT_PROFILES", "load_profile"]

DEFAULT_PROFILE = "full"
CUSTOM_DOMAIN = "login.example.com"
RS256_API = "https://api.sandbox.example/"
HS256_API = "https://hs256.sandbox.example/"
PS256_API = "https://ps256.sandbox.example/"
RFC9068_API = "https://rfc9068.sandbox.example/"
MANAGEMENT = "Auth0 Management API"
PASSWORD_REALM = "http://auth0.com/oauth/grant-type/password-realm"
DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"


def _apis() -> list[Api]:
    return [
        Api("custom-rs256", RS256_API, allow_offline_access=True,
            scopes=[Scope("read:items", "Read items"), Scope("write:items", "Write items"),
                    Scope("delete:items", "Delete items")]),
        Api("custom-hs256", HS256_API, signing_alg="HS256", token_lifetime=3600,
            scopes=[Scope("read:reports", "Read reports")]),
        Api("custom-ps256", PS256_API, signing_alg="PS256", token_lifetime=600),
        Api("rfc9068", RFC9068_API, token_dialect="rfc9068_profile_authz", enforce_policies=True,
            allow_offline_access=True,
            scopes=[Scope("read:orders", "Read orders"), Scope("write:orders", "Write orders")]),
    ]  # fmt: skip


def _applications() -> list[Application]:
    return [
        Application("m2m"),
        Application("m2m-quota", token_quota=TokenQuota(per_hour=5, per_day=20)),
        Application("m2m-orgs", default_organization="acme"),
        Application(
            "m2m-jwt",
            token_endpoint_auth_method="private_key_jwt",
            credentials=[ClientCredential("sandbox key")],  # key pair made at start
        ),
        Application(
            "web",
            app_type="regular_web",
            # a trusted first-party app: password grants, no client_credentials
            grant_types=["authorization_code", "refresh_token", "password", PASSWORD_REALM],
            callbacks=["http://localhost:3000/callback"],
            allowed_logout_urls=["http://localhost:3000/"],
        ),
        Application(
            "spa",
            app_type="spa",
            grant_types=["implicit", "authorization_code", "refresh_token"],
            token_endpoint_auth_method="none",
            callbacks=["http://localhost:5173/callback"],
            allowed_origins=["http://localhost:5173"],
            allowed_logout_urls=["http://localhost:5173/"],
            # Auth0 forces SPAs to rotating, expiring refresh tokens (§2.5).
            refresh_token=RefreshTokenSettings(
                "rotating",
                "expiring",
                infinite_token_lifetime=False,
                infinite_idle_token_lifetime=False,
            ),
        ),
        Application(
            "cli",
            app_type="native",
            grant_types=[DEVICE_CODE, "refresh_token"],
            token_endpoint_auth_method="none",
        ),
        # What Auth0's dashboard makes for the Management API's explorer tab: an M2M app that
        # reads the configuration (snapshots, audits) and makes the few writes labs need.
        Application("api-explorer"),
    ]


#: the Management API scopes of the `api-explorer` application (no secrets: no read:client_keys)
API_EXPLORER_SCOPES = [
    "read:tenant_settings", "read:clients", "read:resource_servers", "read:client_grants",
    "read:custom_domains", "read:signing_keys", "read:organizations",
    "read:organization_client_grants", "update:tenant_settings", "update:resource_servers",
    "update:client_grants", "create:signing_keys", "update:signing_keys",
]  # fmt: skip


def _client_grants() -> list[ClientGrant]:
    return [
        ClientGrant("m2m", RS256_API, ["read:items", "write:items"]),  # not delete:items
        ClientGrant("m2m", HS256_API, ["read:reports"]),
        ClientGrant("m2m", PS256_API, []),  # no scopes: no `scope` claim
        ClientGrant("m2m", RFC9068_API, ["read:orders", "write:orders"]),
        ClientGrant("m2m", MANAGEMENT, ["read:users", "read:clients"]),
        ClientGrant("m2m-quota", RS256_API, ["read:items"]),  # nothing else: missing grants
        ClientGrant("m2m-jwt", RS256_API, ["read:items"]),
        ClientGrant("m2m-orgs", RS256_API, ["read:items"], organization_usage="allow",
                    organizations=["acme"]),
        ClientGrant("m2m-orgs", RFC9068_API, ["read:orders"], organization_usage="require",
                    allow_any_organization=True),
        ClientGrant("api-explorer", MANAGEMENT, list(API_EXPLORER_SCOPES)),
    ]  # fmt: skip


#: the Management API scopes a read-only audit needs (the client's SNAPSHOT_SCOPES), no writes
READ_SCOPES = [s for s in API_EXPLORER_SCOPES if s.startswith("read:")]
ORDERS_API = "https://orders.acme.internal/"
BILLING_API = "https://billing.acme.internal/"


def _clean_tenant() -> TenantConfig:
    """No finding of any audit rule: one dialect family, RS256, day-long or shorter lifetimes,
    every scope granted, quotas, rotating expiring refresh tokens, read-only Management access."""
    rotating = RefreshTokenSettings("rotating", "expiring", infinite_token_lifetime=False,
                                    infinite_idle_token_lifetime=False)  # fmt: skip
    tenant = TenantConfig(
        apis=[
            Api("custom-rs256", ORDERS_API, token_lifetime=3600, token_lifetime_for_web=3600,
                allow_offline_access=True,
                scopes=[Scope("read:orders", "Read orders"),
                        Scope("write:orders", "Write orders")]),
            Api("billing", BILLING_API, token_lifetime=900, token_lifetime_for_web=900,
                token_dialect="access_token_authz", enforce_policies=True,
                scopes=[Scope("read:invoices", "Read invoices")]),
        ],
        applications=[
            Application("m2m"),
            Application("web", app_type="regular_web", refresh_token=rotating,
                        grant_types=["authorization_code", "refresh_token"],
                        callbacks=["https://app.acme.internal/callback"],
                        allowed_logout_urls=["https://app.acme.internal/"]),
            Application("spa", app_type="spa", token_endpoint_auth_method="none",
                        grant_types=["authorization_code", "refresh_token"], refresh_token=rotating,
                        callbacks=["https://shop.acme.internal/callback"],
                        allowed_origins=["https://shop.acme.internal"]),
            Application("api-explorer"),
        ],
        client_grants=[
            ClientGrant("m2m", ORDERS_API, ["read:orders", "write:orders"],
                        organization_usage="allow", organizations=["acme"]),
            ClientGrant("m2m", BILLING_API, ["read:invoices"]),
            ClientGrant("api-explorer", MANAGEMENT, list(READ_SCOPES)),
        ],
        organizations=[Organization("acme", "Acme Corp")],
        users=[User("alice@example.com", Secret("alice-Sandbox-1"), name="Alice Example",
                    permissions={BILLING_API: ["read:invoices"]}, organizations=["acme"])],
        connections=[Connection(enabled_clients=["web", "spa"])],
    )  # fmt: skip
    tenant.settings.default_directory = "Username-Password-Authentication"
    tenant.settings.default_token_quota = TokenQuota(per_hour=1000, per_day=10000)
    return tenant


def _users() -> list[User]:
    return [
        User("alice@example.com", Secret("alice-Sandbox-1"), name="Alice Example",
             given_name="Alice", family_name="Example",
             permissions={RFC9068_API: ["read:orders", "write:orders"], RS256_API: ["read:items"]},
             organizations=["acme"]),
        User("bob@example.com", Secret("bob-Sandbox-1"), name="Bob Example", email_verified=False,
             permissions={RFC9068_API: ["read:orders"]}),
    ]  # fmt: skip


def _tenant(*, default_audience: bool, custom_domain: bool) -> TenantConfig:
    tenant = TenantConfig(
        apis=_apis(),
        applications=_applications(),
        client_grants=_client_grants(),
        organizations=[Organization("acme", "Acme Corp"), Organization("globex", "Globex")],
        custom_domains=[CustomDomain(CUSTOM_DOMAIN, primary=True)] if custom_domain else [],
        users=_users(),
        connections=[Connection(enabled_clients=["web", "spa", "cli"])],
    )
    tenant.settings.default_directory = "Username-Password-Authentication"
    tenant.settings.allowed_logout_urls = ["http://localhost:3000/"]
    if default_audience:
        tenant.settings.default_audience = RS256_API
    return tenant


_BUILDERS: dict[str, tuple[str, Callable[[], TenantConfig]]] = {
    "plain": ("no default audience, no custom domain",
              lambda: _tenant(default_audience=False, custom_domain=False)),
    "default-audience": (f"default audience {RS256_API}",
                         lambda: _tenant(default_audience=True, custom_domain=False)),
    "custom-domain": (f"custom domain {CUSTOM_DOMAIN}",
                      lambda: _tenant(default_audience=False, custom_domain=True)),
    "full": (f"default audience {RS256_API} and custom domain {CUSTOM_DOMAIN}",
             lambda: _tenant(default_audience=True, custom_domain=True)),
    "clean": ("configured as the audit rules ask: no finding", _clean_tenant),
}  # fmt: skip

#: profile name -> one-line description
TENANT_PROFILES = MappingProxyType({name: text for name, (text, _) in _BUILDERS.items()})


def load_profile(profile: str | Path) -> TenantConfig:
    """A fresh TenantConfig for a profile name, or loaded from a TOML tenant file path."""
    if isinstance(profile, str) and profile in _BUILDERS:
        return _BUILDERS[profile][1]()
    path = Path(profile)
    if path.suffix == ".toml" or path.exists():
        from auth0_explore.sandbox.tenant.files import load_tenant_file

        return load_tenant_file(path)
    known = ", ".join(TENANT_PROFILES)
    raise SandboxError(
        f"unknown sandbox profile {str(profile)!r}: use one of {known} or a .toml file"
    )
