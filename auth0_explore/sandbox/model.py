"""The tenant model: the four objects Auth0 keys behaviour on, plus what user flows need.

Auth0: reference §0 and §9.3 (object shapes). Objects refer to each other by name or id as a
person would write them in a tenant file; `Tenant.materialize` fills in the ids and secrets
Auth0 would have generated (§1 formats) and adds the system APIs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auth0_explore.errors import ConfigError
from auth0_explore.sandbox.entropy import Entropy
from auth0_explore.sandbox.keys import KeyRing
from auth0_explore.sandbox.settings import Emulation, TenantSettings, TokenQuota
from auth0_explore.sandbox.users import Connection, User
from auth0_explore.secrets import Secret

__all__ = [
    "SIGNING_ALGS",
    "TOKEN_DIALECTS",
    "Api",
    "Application",
    "ClientGrant",
    "CustomDomain",
    "Organization",
    "Scope",
    "Tenant",
]

SIGNING_ALGS = ("RS256", "HS256", "PS256")
TOKEN_DIALECTS = ("access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz")
ORG_USAGES = (None, "deny", "allow", "require")
MANAGEMENT_API_NAME = "Auth0 Management API"
MANAGEMENT_SCOPES = (
    "read:users", "update:users", "delete:users", "create:users", "read:clients",
    "update:clients", "create:clients", "read:client_keys", "read:client_grants",
    "create:client_grants", "update:client_grants", "read:resource_servers",
    "update:resource_servers", "read:organizations", "read:custom_domains", "read:tenant_settings",
    "update:tenant_settings", "read:signing_keys", "read:logs",
)  # fmt: skip


@dataclass
class Scope:
    """One permission an API defines (Auth0: resource server `scopes[]`)."""

    value: str
    description: str = ""


@dataclass
class Api:
    """A resource server (Auth0: §9.3 "Resource server", §3.2 `signing_alg`)."""

    name: str
    identifier: str
    signing_alg: str = "RS256"
    signing_secret: Secret | None = None  # HS256 only; generated when missing
    token_lifetime: int = 86400
    token_lifetime_for_web: int = 7200  # [conflict] §5: 7200 in API objects, 86400 in docs
    allow_offline_access: bool = False
    token_dialect: str = "access_token"
    enforce_policies: bool = False  # RBAC
    scopes: list[Scope] = field(default_factory=list)
    client_policy: str = "require_client_grant"  # subject_type_authorization.client.policy
    is_system: bool = False
    id: str = ""

    @property
    def rfc9068(self) -> bool:
        """True for the RFC 9068 dialects (`typ: at+jwt`, `client_id`, `jti`; §3.2-3.3)."""
        return self.token_dialect.startswith("rfc9068")

    @property
    def adds_permissions(self) -> bool:
        """True when tokens carry `permissions` (the `*_authz` dialects with RBAC on)."""
        return self.enforce_policies and self.token_dialect.endswith("_authz")


@dataclass
class Application:
    """A client (Auth0: §9.3 "Client"); confidential unless `token_endpoint_auth_method` is none."""

    name: str
    app_type: str = "non_interactive"
    grant_types: list[str] = field(default_factory=lambda: ["client_credentials"])
    token_endpoint_auth_method: str = "client_secret_post"
    client_id: str = ""
    client_secret: Secret | None = None
    is_first_party: bool = True
    jwt_alg: str = "RS256"  # jwt_configuration.alg, for ID tokens
    id_token_lifetime: int = 36000  # jwt_configuration.lifetime_in_seconds
    organization_usage: str | None = None  # for user flows
    default_organization: str | None = None  # org id or name, applied when usage is "require"
    token_quota: TokenQuota | None = None
    callbacks: list[str] = field(default_factory=list)
    allowed_origins: list[str] = field(default_factory=list)
    allowed_logout_urls: list[str] = field(default_factory=list)
    refresh_token_rotation: str = "non-rotating"
    refresh_token_expiration: str = "non-expiring"

    @property
    def is_public(self) -> bool:
        """Public clients (SPA, native) cannot keep a secret (Auth0: application grant types)."""
        return self.token_endpoint_auth_method == "none"


@dataclass
class ClientGrant:
    """Lets one application get tokens for one API with some scopes (Auth0: §2.3 step 3)."""

    client: str  # application name or client_id
    api: str  # API identifier or name
    scope: list[str] = field(default_factory=list)
    organization_usage: str | None = None  # deny | allow | require (§2.3 step 5)
    allow_any_organization: bool = False
    organizations: list[str] = field(default_factory=list)  # org ids or names associated
    id: str = ""


@dataclass
class Organization:
    """An organization (Auth0: §9.3); names are lowercase slugs."""

    name: str
    display_name: str = ""
    id: str = ""
    token_quota: TokenQuota | None = None


@dataclass
class CustomDomain:
    """A custom domain that issues tokens with its own `iss` (Auth0: §7)."""

    domain: str
    id: str = ""
    primary: bool = False
    status: str = "ready"
    type: str = "auth0_managed_certs"


@dataclass
class Tenant:
    """Everything the sandbox serves; edit it live, or build one in Python or a TOML file."""

    domain: str = "dev-sandbox.us.auth0.com"
    settings: TenantSettings = field(default_factory=TenantSettings)
    emulation: Emulation = field(default_factory=Emulation)
    apis: list[Api] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    client_grants: list[ClientGrant] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    custom_domains: list[CustomDomain] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    connections: list[Connection] = field(default_factory=list)
    #: the signing keys (current, next, previous); made by the Sandbox from its seed and clock
    keys: KeyRing | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def management_api_identifier(self) -> str:
        """Always the canonical name (Auth0: §3.5, §7)."""
        return f"https://{self.domain}/api/v2/"

    @property
    def userinfo_audience(self) -> str:
        """The /userinfo audience, canonical name too (Auth0: §3.4)."""
        return f"https://{self.domain}/userinfo"

    @property
    def domain_names(self) -> tuple[str, ...]:
        """The canonical domain first, then each custom domain."""
        return (self.domain, *(d.domain for d in self.custom_domains))

    def api(self, ref: str, *, by_name: bool = True) -> Api | None:
        """The API with this identifier (exact match, §2.3 step 2) or, if allowed, this name."""
        found = next((a for a in self.apis if a.identifier == ref), None)
        if found or not by_name:
            return found
        return next((a for a in self.apis if a.name == ref), None)

    def application(self, ref: str, *, by_name: bool = True) -> Application | None:
        """The application with this client_id or, if allowed, this name."""
        found = next((a for a in self.applications if a.client_id == ref), None)
        if found or not by_name:
            return found
        return next((a for a in self.applications if a.name == ref), None)

    def organization(self, ref: str, *, by_name: bool = True) -> Organization | None:
        """The organization with this id, or (when allowed) this name."""
        found = next((o for o in self.organizations if o.id == ref), None)
        if found or not by_name:
            return found
        return next((o for o in self.organizations if o.name == ref.lower()), None)

    def client_grant(self, app: Application, api: Api) -> ClientGrant | None:
        """The grant for this application and API (Auth0: one per client x audience)."""
        for grant in self.client_grants:
            if self.application(grant.client) is app and self.api(grant.api) is api:
                return grant
        return None

    def materialize(self, entropy: Entropy) -> Tenant:
        """Fill in generated ids and secrets, add system APIs, check references; returns self."""
        if self.api(self.management_api_identifier) is None:
            self.apis.append(
                Api(
                    name=MANAGEMENT_API_NAME,
                    identifier=self.management_api_identifier,
                    scopes=[Scope(s) for s in MANAGEMENT_SCOPES],
                    is_system=True,
                )
            )
        for api in self.apis:
            api.id = api.id or entropy.object_id()
            if api.signing_alg == "HS256" and api.signing_secret is None:
                api.signing_secret = Secret(entropy.client_secret())
        for app in self.applications:
            app.client_id = app.client_id or entropy.client_id()
            if app.client_secret is None:
                app.client_secret = Secret(entropy.client_secret())
        for grant in self.client_grants:
            grant.id = grant.id or entropy.prefixed("cgr_")
        for org in self.organizations:
            org.id = org.id or entropy.prefixed("org_")
        for app in self.applications:
            if app.default_organization:
                # Auth0 stores the default organization by id.
                default = self.organization(app.default_organization)
                if default is None:
                    raise ConfigError(
                        f"application {app.name!r}: unknown default_organization "
                        f"{app.default_organization!r}"
                    )
                app.default_organization = default.id
        for custom in self.custom_domains:
            custom.id = custom.id or entropy.prefixed("cd_")
        for connection in self.connections:
            connection.id = connection.id or entropy.prefixed("con_")
        for user in self.users:
            user.user_id = user.user_id or f"auth0|{entropy.object_id()}"
        self.check()
        return self

    def check(self) -> None:
        """Raise ConfigError for settings Auth0 itself would refuse."""
        for api in self.apis:
            if api.signing_alg not in SIGNING_ALGS:
                raise ConfigError(f"API {api.name!r}: signing_alg must be one of {SIGNING_ALGS}")
            if api.token_dialect not in TOKEN_DIALECTS:
                raise ConfigError(
                    f"API {api.name!r}: token_dialect must be one of {TOKEN_DIALECTS}"
                )
        for app in self.applications:
            if app.is_public and "client_credentials" in app.grant_types:
                # Auth0's Management API answers "Invalid grant types: client_credentials".
                raise ConfigError(
                    f"application {app.name!r}: public clients cannot use client_credentials"
                )
        for grant in self.client_grants:
            if self.application(grant.client) is None:
                raise ConfigError(f"client grant names unknown application {grant.client!r}")
            if self.api(grant.api) is None:
                raise ConfigError(f"client grant names unknown API {grant.api!r}")
            if grant.organization_usage not in ORG_USAGES:
                raise ConfigError(
                    f"client grant organization_usage must be one of {ORG_USAGES[1:]}"
                )
            for ref in grant.organizations:
                if self.organization(ref) is None:
                    raise ConfigError(f"client grant names unknown organization {ref!r}")
        names = [d.lower() for d in self.domain_names]
        if len(set(names)) != len(names):
            raise ConfigError("domain names must be unique")
