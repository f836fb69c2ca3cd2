"""A tenant's configuration as one plain value: settings, APIs, applications, client grants,
organizations, custom domains and signing keys.

Plain frozen data with a schema version, the same whatever it was read from (the Management
API of a live tenant or of the sandbox, a sandbox's model, an auth0-deploy-cli export). It never
holds a secret: client secrets, APIs' signing secrets, private keys and passwords are left out
when a snapshot is made (`strip_secrets`), and again when it is saved. Fields are the ones audits
and replays use (auth0-behavior §9.3, management-api.md); every other member the source had is
kept in `extra`. Objects refer to each other as people do: grants name their application
(`client`, its name) and their organizations by name, so two tenants' snapshots compare.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from auth0_explore.text import fields, table

__all__ = [
    "SCHEMA_VERSION",
    "Api",
    "Application",
    "ClientGrant",
    "CustomDomain",
    "JwtConfiguration",
    "Organization",
    "RefreshToken",
    "Scope",
    "Settings",
    "SigningKey",
    "Snapshot",
    "Source",
    "TokenQuota",
]

#: the version of the JSON layout; loading another is an error naming both
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Source:
    """Where a snapshot came from: `sandbox`, `tenant`, `deploy-cli` or `tenant-config`."""

    kind: str
    #: the tenant's canonical domain ("" when the source does not say)
    domain: str = ""
    #: ISO 8601 UTC time it was taken ("" when unknown, as for an export)
    taken_at: str = ""
    #: what the reader noticed: unresolved placeholders, skipped objects
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TokenQuota:
    """A client-credentials token quota (`token_quota.client_credentials`)."""

    per_hour: int | None = None
    per_day: int | None = None
    enforce: bool = True


@dataclass(frozen=True)
class Settings:
    """Tenant settings (`GET /api/v2/tenants/settings`); "" means unset."""

    friendly_name: str = ""
    default_audience: str = ""
    default_directory: str = ""
    flags: Mapping[str, bool] = field(default_factory=dict)
    resource_parameter_profile: str = ""
    allow_organization_name_in_authentication_api: bool = False
    session_lifetime: float | None = None
    idle_session_lifetime: float | None = None
    allowed_logout_urls: tuple[str, ...] = ()
    #: `default_token_quota.clients` and `.organizations`
    client_quota: TokenQuota | None = None
    organization_quota: TokenQuota | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """A permission an API defines."""

    value: str
    description: str = ""


@dataclass(frozen=True)
class Api:
    """A resource server (`GET /api/v2/resource-servers`)."""

    identifier: str
    name: str = ""
    id: str = ""
    is_system: bool = False
    scopes: tuple[Scope, ...] = ()
    signing_alg: str = "RS256"
    token_lifetime: int = 86400
    token_lifetime_for_web: int = 7200
    allow_offline_access: bool = False
    skip_consent_for_verifiable_first_party_clients: bool = False
    enforce_policies: bool = False
    token_dialect: str = "access_token"
    #: `subject_type_authorization.client.policy`
    client_policy: str = "require_client_grant"
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class JwtConfiguration:
    """How an application's ID tokens are signed."""

    alg: str = "RS256"
    lifetime_in_seconds: int = 36000
    secret_encoded: bool = False


@dataclass(frozen=True)
class RefreshToken:
    """An application's refresh-token policy."""

    rotation_type: str = "non-rotating"
    expiration_type: str = "non-expiring"
    leeway: int = 0
    token_lifetime: int = 2_592_000
    infinite_token_lifetime: bool = True
    idle_token_lifetime: int = 1_296_000
    infinite_idle_token_lifetime: bool = True


@dataclass(frozen=True)
class Application:
    """A client (`GET /api/v2/clients`), without its secret."""

    name: str
    client_id: str = ""
    app_type: str = ""
    is_first_party: bool = True
    oidc_conformant: bool = True
    grant_types: tuple[str, ...] = ()
    #: how it authenticates: `client_secret_post`, `client_secret_basic`, `none`, or
    #: `private_key_jwt` when it has key credentials (`client_authentication_methods`)
    token_endpoint_auth_method: str = "client_secret_post"
    #: ids of its private_key_jwt credentials (public keys; never the keys themselves)
    credentials: tuple[str, ...] = ()
    jwt_configuration: JwtConfiguration = field(default_factory=JwtConfiguration)
    refresh_token: RefreshToken = field(default_factory=RefreshToken)
    callbacks: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    web_origins: tuple[str, ...] = ()
    allowed_logout_urls: tuple[str, ...] = ()
    cross_origin_authentication: bool = False
    organization_usage: str | None = None
    organization_require_behavior: str | None = None
    #: the id of its default organization (client credentials)
    default_organization: str | None = None
    token_quota: TokenQuota | None = None
    require_pushed_authorization_requests: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_public(self) -> bool:
        """True for SPAs and native apps (no client authentication)."""
        return self.token_endpoint_auth_method == "none"


@dataclass(frozen=True)
class ClientGrant:
    """Lets one application (`client`, by name) get tokens for one API (`audience`)."""

    audience: str
    #: the application's name ("" for a `default_for` grant)
    client: str = ""
    client_id: str = ""
    id: str = ""
    scope: tuple[str, ...] = ()
    organization_usage: str | None = None
    allow_any_organization: bool = False
    #: names of the organizations associated with the grant
    organizations: tuple[str, ...] = ()
    subject_type: str = "client"
    default_for: str | None = None
    allow_all_scopes: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """`client → audience` (with the subject type or `default_for` when not plain)."""
        who = self.client or (f"default for {self.default_for}" if self.default_for else "?")
        suffix = f" [{self.subject_type}]" if self.subject_type != "client" else ""
        return f"{who} → {self.audience}{suffix}"


@dataclass(frozen=True)
class Organization:
    """An organization (`GET /api/v2/organizations`)."""

    name: str
    id: str = ""
    display_name: str = ""
    token_quota: TokenQuota | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CustomDomain:
    """A custom domain (`GET /api/v2/custom-domains`)."""

    domain: str
    id: str = ""
    primary: bool = False
    status: str = ""
    type: str = ""
    tls_policy: str | None = None
    custom_client_ip_header: str | None = None
    verification_status: str | None = None
    certificate_status: str | None = None
    certificate_renews_before: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SigningKey:
    """A signing key's state (`GET /api/v2/keys/signing`); certificates are left out."""

    kid: str
    current: bool = False
    next: bool = False
    previous: bool = False
    revoked: bool = False
    current_since: str | None = None
    current_until: str | None = None
    revoked_at: str | None = None
    thumbprint: str = ""


@dataclass(frozen=True)
class Snapshot:
    """One tenant's configuration at one moment; save with `save_json`, compare with `diff`."""

    source: Source
    settings: Settings = field(default_factory=Settings)
    apis: tuple[Api, ...] = ()
    applications: tuple[Application, ...] = ()
    client_grants: tuple[ClientGrant, ...] = ()
    organizations: tuple[Organization, ...] = ()
    custom_domains: tuple[CustomDomain, ...] = ()
    signing_keys: tuple[SigningKey, ...] = ()
    schema_version: int = SCHEMA_VERSION

    def api(self, identifier: str) -> Api | None:
        """The API with this identifier (exactly), or None."""
        return next((a for a in self.apis if a.identifier == identifier), None)

    def application(self, ref: str) -> Application | None:
        """The application with this name or client_id, or None."""
        return next((a for a in self.applications if ref in (a.name, a.client_id)), None)

    def grants_of(self, application: str) -> tuple[ClientGrant, ...]:
        """The client grants of the application with this name."""
        return tuple(g for g in self.client_grants if g.client == application)

    def organization_grants(self, organization: str) -> tuple[ClientGrant, ...]:
        """The client grants associated with the organization with this name."""
        return tuple(g for g in self.client_grants if organization in g.organizations)

    def __str__(self) -> str:
        source = self.source
        head = fields([
            ("snapshot", f"{source.kind} {source.domain or '-'}, taken {source.taken_at or '-'}"),
            ("default audience", self.settings.default_audience or "-"),
            ("custom domains", ", ".join(d.domain for d in self.custom_domains) or "-"),
            ("signing keys", ", ".join(k.kid for k in self.signing_keys) or "-"),
            ("organizations", ", ".join(o.name for o in self.organizations) or "-"),
        ], label=17)  # fmt: skip
        apis = table(("API", "alg", "dialect", "lifetime s"),
                     [(a.identifier, a.signing_alg, a.token_dialect, a.token_lifetime)
                      for a in self.apis])  # fmt: skip
        apps = table(("application", "type", "grant types"),
                     [(a.name, a.app_type, " ".join(a.grant_types))
                      for a in self.applications])  # fmt: skip
        grants = table(("client grant", "scopes"),
                       [(g.label, " ".join(g.scope)) for g in self.client_grants])  # fmt: skip
        return "\n\n".join([head, apis, apps, grants])

    def __repr__(self) -> str:
        counts = (
            f"{len(self.apis)} APIs, {len(self.applications)} applications, "
            f"{len(self.client_grants)} grants, {len(self.organizations)} organizations"
        )
        return f"Snapshot({self.source.kind} {self.source.domain or '-'}: {counts})"
