"""Management API objects (JSON, as Auth0 returns them) into snapshot values.

Shared by every source: the toolkit's Management client (live tenant or sandbox), the sandbox's
own model (through the same JSON its endpoints serve) and auth0-deploy-cli exports, whose
objects have the Management API's shape. Secrets are stripped first; members the model has no
field for go to `extra`, except ones that only describe the response (`tenant`, certificates).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from auth0_explore.snapshot.codec import strip_secrets
from auth0_explore.snapshot.model import (
    Api,
    Application,
    ClientGrant,
    CustomDomain,
    JwtConfiguration,
    Organization,
    RefreshToken,
    Scope,
    Settings,
    SigningKey,
    Snapshot,
    Source,
    TokenQuota,
)

__all__ = [
    "CLIENT_FIELDS",
    "api_from_json",
    "application_from_json",
    "client_grant_from_json",
    "custom_domain_from_json",
    "organization_from_json",
    "settings_from_json",
    "signing_key_from_json",
    "snapshot_from_json",
]

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Json = Mapping[str, Any]
#: the client fields a snapshot reads (`fields=…&include_fields=true`): never `client_secret`
#: (management-api.md), and nothing a configuration review does not use
CLIENT_FIELDS = (
    "client_id,name,app_type,is_first_party,oidc_conformant,grant_types,"
    "token_endpoint_auth_method,client_authentication_methods,jwt_configuration,refresh_token,"
    "callbacks,allowed_logout_urls,web_origins,allowed_origins,cross_origin_authentication,"
    "initiate_login_uri,organization_usage,organization_require_behavior,default_organization,"
    "token_quota,require_pushed_authorization_requests,global"
)
T = TypeVar("T", bound="DataclassInstance")
#: members that describe the response rather than the configuration
_NOISE = frozenset({"tenant", "cert", "pkcs7", "signing_keys", "global"})


def _extra(data: Json, known: Iterable[str]) -> dict[str, Any]:
    skip = set(known) | _NOISE
    return {k: v for k, v in data.items() if k not in skip}


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _quota(value: Any) -> TokenQuota | None:
    cc = value.get("client_credentials") if isinstance(value, Mapping) else None
    if not isinstance(cc, Mapping):
        return None
    return TokenQuota(cc.get("per_hour"), cc.get("per_day"), bool(cc.get("enforce", True)))


def _pick(data: Json, cls: Callable[..., T], names: Iterable[str], known: set[str]) -> T:
    """`cls` built from the members of `data` named `names` (missing ones keep defaults)."""
    known.update(names)
    return cls(**{n: data[n] for n in names if n in data and data[n] is not None})


def settings_from_json(raw: Json) -> Settings:
    """`GET /api/v2/tenants/settings`."""
    data = strip_secrets(raw)
    known = {"flags", "allowed_logout_urls", "default_token_quota"}
    quotas = data.get("default_token_quota") or {}
    base = _pick(data, Settings, (
        "friendly_name", "default_audience", "default_directory", "resource_parameter_profile",
        "allow_organization_name_in_authentication_api", "session_lifetime",
        "idle_session_lifetime",
    ), known)  # fmt: skip
    return _with(
        base,
        flags={str(k): bool(v) for k, v in (data.get("flags") or {}).items()},
        allowed_logout_urls=_strs(data.get("allowed_logout_urls")),
        client_quota=_quota(quotas.get("clients")),
        organization_quota=_quota(quotas.get("organizations")),
        extra=_extra(data, known),
    )


def api_from_json(raw: Json) -> Api:
    """One object of `GET /api/v2/resource-servers`."""
    data = strip_secrets(raw)
    known = {"scopes", "subject_type_authorization"}
    base = _pick(data, Api, (
        "identifier", "name", "id", "is_system", "signing_alg", "token_lifetime",
        "token_lifetime_for_web", "allow_offline_access",
        "skip_consent_for_verifiable_first_party_clients", "enforce_policies", "token_dialect",
    ), known)  # fmt: skip
    policy = (data.get("subject_type_authorization") or {}).get("client", {}).get("policy")
    scopes = tuple(
        Scope(str(s.get("value", "")), str(s.get("description", "")))
        for s in data.get("scopes") or ()
        if isinstance(s, Mapping)
    )
    return _with(base, scopes=scopes, client_policy=policy or base.client_policy,
                 extra=_extra(data, known))  # fmt: skip


def _auth_method(data: Json) -> tuple[str, tuple[str, ...]]:
    methods = data.get("client_authentication_methods") or {}
    keyed = methods.get("private_key_jwt") if isinstance(methods, Mapping) else None
    if isinstance(keyed, Mapping):
        ids = tuple(str(c.get("id", "")) for c in keyed.get("credentials") or ())
        return "private_key_jwt", ids
    method = data.get("token_endpoint_auth_method")
    return (str(method) if method else "client_secret_post"), ()


def application_from_json(raw: Json) -> Application:
    """One object of `GET /api/v2/clients` (its secret never enters the snapshot)."""
    data = strip_secrets(raw)
    known = {
        "grant_types", "callbacks", "allowed_origins", "web_origins", "allowed_logout_urls",
        "jwt_configuration", "refresh_token", "token_endpoint_auth_method",
        "client_authentication_methods", "default_organization", "token_quota",
    }  # fmt: skip
    base = _pick(data, Application, (
        "name", "client_id", "app_type", "is_first_party", "oidc_conformant",
        "cross_origin_authentication", "organization_usage", "organization_require_behavior",
        "require_pushed_authorization_requests",
    ), known)  # fmt: skip
    method, credentials = _auth_method(data)
    default_org = data.get("default_organization")
    return _with(
        base,
        grant_types=_strs(data.get("grant_types")),
        token_endpoint_auth_method=method,
        credentials=credentials,
        jwt_configuration=_pick(
            data.get("jwt_configuration") or {},
            JwtConfiguration,
            ("alg", "lifetime_in_seconds", "secret_encoded"),
            set(),
        ),
        refresh_token=_pick(
            data.get("refresh_token") or {},
            RefreshToken,
            (
                "rotation_type",
                "expiration_type",
                "leeway",
                "token_lifetime",
                "infinite_token_lifetime",
                "idle_token_lifetime",
                "infinite_idle_token_lifetime",
            ),
            set(),
        ),
        callbacks=_strs(data.get("callbacks")),
        allowed_origins=_strs(data.get("allowed_origins")),
        web_origins=_strs(data.get("web_origins")),
        allowed_logout_urls=_strs(data.get("allowed_logout_urls")),
        default_organization=(
            default_org.get("organization_id") if isinstance(default_org, Mapping) else None
        ),
        token_quota=_quota(data.get("token_quota")),
        extra=_extra(data, known),
    )


def client_grant_from_json(
    raw: Json, client_names: Mapping[str, str], organizations: Iterable[str] = ()
) -> ClientGrant:
    """One object of `GET /api/v2/client-grants`; `client_names` maps client_id -> name."""
    data = strip_secrets(raw)
    known = {"client_id", "scope", "is_system"}
    base = _pick(data, ClientGrant, (
        "audience", "id", "organization_usage", "allow_any_organization", "subject_type",
        "default_for", "allow_all_scopes",
    ), known)  # fmt: skip
    client_id = str(data.get("client_id") or "")
    return _with(
        base,
        client=client_names.get(client_id, client_id),
        client_id=client_id,
        scope=_strs(data.get("scope")),
        organizations=tuple(sorted(organizations)),
        extra=_extra(data, known),
    )


def organization_from_json(raw: Json) -> Organization:
    """One object of `GET /api/v2/organizations`."""
    data = strip_secrets(raw)
    known = {"token_quota"}
    base = _pick(data, Organization, ("name", "id", "display_name"), known)
    return _with(base, token_quota=_quota(data.get("token_quota")), extra=_extra(data, known))


def custom_domain_from_json(raw: Json) -> CustomDomain:
    """One object of `GET /api/v2/custom-domains`."""
    data = strip_secrets(raw)
    known = {"custom_domain_id", "verification", "certificate"}
    base = _pick(data, CustomDomain, (
        "domain", "primary", "status", "type", "tls_policy", "custom_client_ip_header",
    ), known)  # fmt: skip
    certificate = data.get("certificate") or {}
    return _with(
        base,
        id=str(data.get("custom_domain_id", "")),
        verification_status=(data.get("verification") or {}).get("status"),
        certificate_status=certificate.get("status"),
        certificate_renews_before=certificate.get("renews_before"),
        extra=_extra(data, known),
    )


def signing_key_from_json(raw: Json) -> SigningKey:
    """One object of `GET /api/v2/keys/signing` (its certificates left out)."""
    return _pick(strip_secrets(raw), SigningKey, (
        "kid", "current", "next", "previous", "revoked", "current_since", "current_until",
        "revoked_at", "thumbprint",
    ), set())  # fmt: skip


def _with(base: T, **changes: Any) -> T:
    """`base` with some fields replaced (a model dataclass)."""
    return replace(base, **changes)


def snapshot_from_json(
    source: Source,
    *,
    settings: Json,
    apis: Iterable[Json],
    clients: Iterable[Json],
    grants: Iterable[Json],
    organizations: Iterable[Json] = (),
    organization_grants: Mapping[str, Iterable[Json]] | None = None,
    custom_domains: Iterable[Json] = (),
    signing_keys: Iterable[Json] = (),
) -> Snapshot:
    """A snapshot from the Management API's answers; `organization_grants` maps an
    organization id to its client grants (`GET /organizations/{id}/client-grants`)."""
    applications = tuple(application_from_json(c) for c in clients)
    names = {a.client_id: a.name for a in applications if a.client_id}
    orgs = tuple(organization_from_json(o) for o in organizations)
    associated: dict[str, list[str]] = {}
    for org in orgs:
        for grant in (organization_grants or {}).get(org.id, ()):
            associated.setdefault(str(grant.get("id")), []).append(org.name)
    return Snapshot(
        source=source,
        settings=settings_from_json(settings),
        apis=tuple(api_from_json(a) for a in apis),
        applications=applications,
        client_grants=tuple(
            client_grant_from_json(g, names, associated.get(str(g.get("id")), ())) for g in grants
        ),
        organizations=orgs,
        custom_domains=tuple(custom_domain_from_json(d) for d in custom_domains),
        signing_keys=tuple(signing_key_from_json(k) for k in signing_keys),
    )
