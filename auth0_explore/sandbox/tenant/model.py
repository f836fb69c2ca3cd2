"""The tenant model: the four objects Auth0 keys behaviour on, plus what user flows need.

Auth0: reference §0 and §9.3 (object shapes). Objects refer to each other by name or id as a
person would write them in a tenant file; `TenantConfig.materialize` fills in the ids and secrets
Auth0 would have generated (§1 formats) and adds the system APIs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from auth0_explore.sandbox.minting.entropy import Entropy
from auth0_explore.sandbox.minting.keys import KeyRing
from auth0_explore.sandbox.tenant.credentials import ClientCredential
from auth0_explore.sandbox.tenant.settings import (
    Emulation,
    JwtConfiguration,
    RefreshTokenSettings,
    TenantSettings,
    TokenQuota,
)
from auth0_explore.sandbox.tenant.users import Connection, User
from auth0_explore.secrets import Secret

__all__ = [
    "Api",
    "Application",
    "ClientGrant",
    "CustomDomain",
    "Organization",
    "Scope",
    "TenantConfig",
]


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

    def hs256_secret(self, new_secret: Callable[[], str]) -> Secret:
        """The HS256 signing secret, made by `new_secret` the first time it is needed: Auth0
        generates one for an API created with, or switched to, HS256 (from Python too)."""
        if self.signing_secret is None:
            self.signing_secret = Secret(new_secret())
        return self.signing_secret


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
    jwt_configuration: JwtConfiguration = field(default_factory=JwtConfiguration)
    refresh_token: RefreshTokenSettings = field(default_factory=RefreshTokenSettings)
    organization_usage: str | None = None  # for user flows: deny | allow | require
    organization_require_behavior: str = "no_prompt"
    default_organization: str | None = None  # org id or name, applied when usage is "require"
    token_quota: TokenQuota | None = None
    callbacks: list[str] = field(default_factory=list)
    allowed_origins: list[str] = field(default_factory=list)
    allowed_logout_urls: list[str] = field(default_factory=list)
    # private_key_jwt (§2.1): used when token_endpoint_auth_method is "private_key_jwt"
    credentials: list[ClientCredential] = field(default_factory=list)

    @property
    def is_public(self) -> bool:
        """Public clients (SPA, native) cannot keep a secret (Auth0: application grant types)."""
        return self.token_endpoint_auth_method == "none"


@dataclass
class ClientGrant:
    """Lets one application get tokens for one API with some scopes (Auth0: §2.3 step 3)."""

    client: str  # application name or client_id; "" for a default_for grant
    api: str  # API identifier or name
    scope: list[str] = field(default_factory=list)
    organization_usage: str | None = None  # deny | allow | require (§2.3 step 5)
    allow_any_organization: bool = False
    organizations: list[str] = field(default_factory=list)  # org ids or names associated
    subject_type: str = "client"  # "user" grants authorize user flows, not client credentials
    default_for: str | None = None  # "third_party_clients": applies to every third-party app
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
    # What the Management API reports about it (§7 custom domain object); no effect on tokens.
    tls_policy: str = "recommended"
    custom_client_ip_header: str | None = None
    verification_status: str = "verified"
    certificate_status: str = "provisioned"
    certificate_renews_before: str = ""  # ISO 8601; empty: not reported


@dataclass
class TenantConfig:
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
    _lookups: _Lookups | None = field(default=None, init=False, repr=False, compare=False)

    def _index(self) -> _Lookups:
        """The lookup tables, rebuilt when an application, API or grant was added, removed,
        replaced or renamed since the last call (the model stays editable from Python)."""
        key = _lookup_key(self)
        lookups = self._lookups
        if lookups is None or lookups.key != key:
            lookups = self._lookups = _Lookups(self, key)
        return lookups

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
        index = self._index()
        found = index.apis.get(ref)
        if found or not by_name:
            return found
        return index.api_names.get(ref)

    def application(self, ref: str, *, by_name: bool = True) -> Application | None:
        """The application with this client_id or, if allowed, this name."""
        index = self._index()
        found = index.applications.get(ref)
        if found or not by_name:
            return found
        return index.application_names.get(ref)

    def organization(self, ref: str, *, by_name: bool = True) -> Organization | None:
        """The organization with this id, or (when allowed) this name."""
        found = next((o for o in self.organizations if o.id == ref), None)
        if found or not by_name:
            return found
        return next((o for o in self.organizations if o.name == ref.lower()), None)

    def user(self, email: str, connections: list[str] | None = None) -> User | None:
        """The user with this email (case-insensitive), optionally only in these connections."""
        wanted = email.strip().lower()
        for user in self.users:
            in_connection = connections is None or user.connection in connections
            if user.email.lower() == wanted and in_connection:
                return user
        return None

    def user_by_id(self, user_id: str) -> User | None:
        """The user with this `auth0|…` id."""
        return next((u for u in self.users if u.user_id == user_id), None)

    def connections_for(self, app: Application) -> list[str]:
        """Names of the connections enabled for this application."""
        return [
            c.name
            for c in self.connections
            if app.name in c.enabled_clients or app.client_id in c.enabled_clients
        ]

    def client_grant(
        self, app: Application, api: Api, subject_type: str = "client"
    ) -> ClientGrant | None:
        """The grant for this application and API (one per client x audience), else, for a
        third-party application, the API's `default_for: third_party_clients` grant (§2.3 step 3).
        """
        index = self._index()
        found = index.grants.get((id(app), id(api), subject_type))
        if found is None and not app.is_first_party:
            found = index.default_grants.get((id(api), subject_type))
        return found

    def materialize(self, entropy: Entropy) -> TenantConfig:
        """Fill in generated ids, secrets and keys, add system APIs, check; returns self."""
        from auth0_explore.sandbox.tenant.materialize import materialize_tenant

        materialize_tenant(self, entropy)
        self.check()
        return self

    def check(self) -> None:
        """Raise ConfigError for settings Auth0 would refuse or the sandbox cannot honour."""
        from auth0_explore.sandbox.tenant.checks import check_tenant

        check_tenant(self)


def _lookup_key(tenant: TenantConfig) -> tuple[object, ...]:
    """What the lookup tables depend on: each object's identity and the fields they key on.

    Cheap (one pass, no hashing of whole objects) next to what it saves: `client_grant` used to
    resolve every grant's application and API by linear scans, on every token request.
    """
    grants = tenant.client_grants
    return (
        tuple((id(a), a.client_id, a.name) for a in tenant.applications),
        tuple((id(a), a.identifier, a.name) for a in tenant.apis),
        tuple((id(g), g.client, g.api, g.subject_type, g.default_for) for g in grants),
    )


class _Lookups:
    """Applications by client_id and name, APIs by identifier and name, grants by (client, API).

    First match wins everywhere, as the linear scans these replace did.
    """

    def __init__(self, tenant: TenantConfig, key: tuple[object, ...]) -> None:
        self.key = key
        self.applications: dict[str, Application] = {}
        self.application_names: dict[str, Application] = {}
        for app in tenant.applications:
            self.applications.setdefault(app.client_id, app)
            self.application_names.setdefault(app.name, app)
        self.apis: dict[str, Api] = {}
        self.api_names: dict[str, Api] = {}
        for api in tenant.apis:
            self.apis.setdefault(api.identifier, api)
            self.api_names.setdefault(api.name, api)
        self.grants: dict[tuple[int, int, str], ClientGrant] = {}
        self.default_grants: dict[tuple[int, str], ClientGrant] = {}
        for grant in tenant.client_grants:
            api_ = self.apis.get(grant.api) or self.api_names.get(grant.api)
            if api_ is None:
                continue
            if grant.client:
                app_ = self.applications.get(grant.client) or self.application_names.get(
                    grant.client
                )
                if app_ is not None:
                    self.grants.setdefault((id(app_), id(api_), grant.subject_type), grant)
            if grant.default_for == "third_party_clients":
                self.default_grants.setdefault((id(api_), grant.subject_type), grant)
