"""A sandbox tenant from a snapshot: the same configuration, fresh keys and secrets.

`tenant_from_snapshot(snapshot)` gives a `TenantConfig` that `Sandbox(snapshot=...)` serves:
the snapshot's canonical domain, custom domains, settings, APIs, applications, client grants
and organizations, with their ids. What a snapshot does not hold is made anew when the sandbox
starts: client secrets, APIs' HS256 secrets, key credentials and the signing keys. Auth0's
system APIs are not copied (the sandbox adds its own Management API). A grant whose API or
application is missing from the snapshot cannot issue a token on Auth0 either, so it is left
out; a snapshot has no users, so user flows need users added from Python.
"""

from __future__ import annotations

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
from auth0_explore.sandbox.tenant.settings import (
    JwtConfiguration,
    RefreshTokenSettings,
    TenantSettings,
    TokenQuota,
)
from auth0_explore.snapshot import model as snap

__all__ = ["tenant_from_snapshot"]

_MODELLED_FLAGS = ("remove_alg_from_jwks", "revoke_refresh_token_grant")


def _quota(quota: snap.TokenQuota | None) -> TokenQuota | None:
    return None if quota is None else TokenQuota(quota.per_hour, quota.per_day, quota.enforce)


def _settings(settings: snap.Settings) -> TenantSettings:
    flags = dict(settings.flags)
    replayed = TenantSettings(
        friendly_name=settings.friendly_name or "Sandbox Tenant",
        default_audience=settings.default_audience,
        default_directory=settings.default_directory,
        allow_organization_name_in_authentication_api=(
            settings.allow_organization_name_in_authentication_api
        ),
        remove_alg_from_jwks=flags.pop("remove_alg_from_jwks", False),
        revoke_refresh_token_grant=flags.pop("revoke_refresh_token_grant", False),
        default_token_quota=_quota(settings.client_quota),
        organization_quota=_quota(settings.organization_quota),
        allowed_logout_urls=list(settings.allowed_logout_urls),
        flags=flags,
    )
    if settings.resource_parameter_profile:
        replayed.resource_parameter_profile = settings.resource_parameter_profile
    if settings.session_lifetime is not None:
        replayed.session_lifetime = int(settings.session_lifetime)
    if settings.idle_session_lifetime is not None:
        replayed.idle_session_lifetime = int(settings.idle_session_lifetime)
    return replayed


def _api(api: snap.Api) -> Api:
    return Api(
        name=api.name or api.identifier,
        identifier=api.identifier,
        signing_alg=api.signing_alg,
        token_lifetime=api.token_lifetime,
        token_lifetime_for_web=api.token_lifetime_for_web,
        allow_offline_access=api.allow_offline_access,
        token_dialect=api.token_dialect,
        enforce_policies=api.enforce_policies,
        scopes=[Scope(s.value, s.description) for s in api.scopes],
        client_policy=api.client_policy,
        id=api.id,
    )


def _application(app: snap.Application) -> Application:
    jwt, rt = app.jwt_configuration, app.refresh_token
    keyed = app.token_endpoint_auth_method == "private_key_jwt"  # noqa: S105 - a method name
    return Application(
        name=app.name,
        app_type=app.app_type or "non_interactive",
        grant_types=list(app.grant_types),
        token_endpoint_auth_method=app.token_endpoint_auth_method,
        client_id=app.client_id,
        is_first_party=app.is_first_party,
        jwt_configuration=JwtConfiguration(jwt.alg, jwt.lifetime_in_seconds, jwt.secret_encoded),
        refresh_token=RefreshTokenSettings(
            rt.rotation_type,
            rt.expiration_type,
            rt.leeway,
            rt.token_lifetime,
            rt.infinite_token_lifetime,
            rt.idle_token_lifetime,
            rt.infinite_idle_token_lifetime,
        ),
        organization_usage=app.organization_usage,
        organization_require_behavior=app.organization_require_behavior or "no_prompt",
        default_organization=app.default_organization,
        token_quota=_quota(app.token_quota),
        callbacks=list(app.callbacks),
        allowed_origins=list(app.allowed_origins),
        allowed_logout_urls=list(app.allowed_logout_urls),
        # fresh key pairs, one per credential the application had
        credentials=[ClientCredential(f"credential {i + 1}") for i in range(len(app.credentials))]
        if keyed
        else [],
    )


def tenant_from_snapshot(snapshot: snap.Snapshot) -> TenantConfig:
    """A fresh `TenantConfig` with the snapshot's configuration (not yet materialized)."""
    tenant = TenantConfig(
        settings=_settings(snapshot.settings),
        apis=[_api(a) for a in snapshot.apis if not a.is_system],
        applications=[_application(a) for a in snapshot.applications],
        organizations=[
            Organization(o.name, o.display_name, o.id, _quota(o.token_quota))
            for o in snapshot.organizations
        ],
        custom_domains=[
            CustomDomain(
                d.domain, d.id, d.primary, d.status or "ready", d.type or "auth0_managed_certs",
                d.tls_policy or "recommended", d.custom_client_ip_header,
                d.verification_status or "verified", d.certificate_status or "provisioned",
                d.certificate_renews_before or "",
            )
            for d in snapshot.custom_domains
        ],
    )  # fmt: skip
    if snapshot.source.domain:
        tenant.domain = snapshot.source.domain
    identifiers = {a.identifier for a in snapshot.apis}
    names = {a.name for a in snapshot.applications}
    tenant.client_grants = [
        ClientGrant(
            client=g.client if g.default_for is None else "",
            api=g.audience,
            scope=list(g.scope),
            organization_usage=g.organization_usage,
            allow_any_organization=g.allow_any_organization,
            organizations=list(g.organizations),
            subject_type=g.subject_type,
            default_for=g.default_for,
            id=g.id,
        )
        for g in snapshot.client_grants
        if g.audience in identifiers and (g.default_for is not None or g.client in names)
    ]
    return tenant
