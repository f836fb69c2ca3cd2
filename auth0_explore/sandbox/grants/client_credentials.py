"""`grant_type=client_credentials` (Auth0: §2.3, error rows 7-11 of §2.9, claims §3.3).

Order after the token endpoint's common checks: audience (explicit, `resource`, default,
APIv1) -> API policy -> client grant -> scopes -> organization -> quota -> mint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auth0_explore.sandbox.grants.registry import IssuedToken, TokenRequest
from auth0_explore.sandbox.http.errors import oauth_error
from auth0_explore.sandbox.tenant.model import (
    Api,
    Application,
    ClientGrant,
    Organization,
    TenantConfig,
)

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["client_credentials"]

GTY = "client-credentials"  # hyphen, as in real tokens (§3.3)


def _audience(request: TokenRequest, tenant: TenantConfig) -> str | None:
    """The requested audience; None means "no audience at all" (§2.3 step 2, §6)."""
    params, settings = request.params, tenant.settings
    audience = params.get("audience") or None
    if audience is None and settings.resource_parameter_profile == "compatibility":
        audience = params.get("resource") or None
    use_default = (
        settings.default_audience
        and not settings.allow_api1_non_global_clients
        and tenant.emulation.default_audience_for_client_credentials
    )
    if audience is None and use_default:
        audience = settings.default_audience
    return audience


def _scopes(request: TokenRequest, grant: ClientGrant, tenant: TenantConfig) -> list[str]:
    """Requested scopes must be a subset of the grant; none requested means all (§2.3 step 4).

    Issued scopes keep the grant's order either way [inferred].
    """
    requested = list(dict.fromkeys(request.params.get("scope", "").split()))
    if not requested:
        return list(grant.scope)
    missing = [s for s in requested if s not in grant.scope]
    if missing:
        joined = tenant.emulation.missing_scopes_separator.join(missing)
        raise oauth_error(tenant.emulation, "scopes_not_granted", scopes=joined)
    return [s for s in grant.scope if s in requested]


def _organization(
    request: TokenRequest, grant: ClientGrant, api: Api, tenant: TenantConfig
) -> Organization | None:
    """Validate `organization` against the grant's usage and associations (§2.3 step 5)."""
    emulation, app = tenant.emulation, request.client
    usage = grant.organization_usage or "deny"
    ref = request.params.get("organization") or None
    if ref is None and usage == "require":
        ref = app.default_organization
        if ref is None:
            raise oauth_error(emulation, "organization_required", audience=api.identifier)
    if ref is None:
        return None
    if usage == "deny":
        raise oauth_error(emulation, "organization_not_allowed", audience=api.identifier)
    by_name = tenant.settings.allow_organization_name_in_authentication_api
    org = tenant.organization(ref, by_name=by_name)
    if org is None:
        raise oauth_error(emulation, "organization_unknown", organization=ref)
    associated = {o.id for r in grant.organizations if (o := tenant.organization(r))}
    if not grant.allow_any_organization and org.id not in associated:
        raise oauth_error(
            emulation, "organization_not_associated", audience=api.identifier, organization=org.id
        )
    return org


def _quota_headers(
    state: SandboxState, app: Application, api: Api, org: Organization | None
) -> dict[str, str]:
    """Count the token against client and organization quotas; 429 when one is spent."""
    if api.is_system:
        return {}  # internal Auth0 audiences do not count (§3.5)
    tenant = state.tenant
    headers: dict[str, str] = {}
    checks = [("client", app.client_id, app.token_quota or tenant.settings.default_token_quota)]
    if org is not None:
        checks.append(
            ("organization", org.id, org.token_quota or tenant.settings.organization_quota)
        )
    for kind, owner, quota in checks:
        if quota is None:
            continue
        result = state.quotas.take(kind, owner, quota)
        header = (
            "Auth0-Client-Quota-Limit" if kind == "client" else "Auth0-Organization-Quota-Limit"
        )
        headers[header] = result.header
        if result.exceeded:
            headers.update(
                {
                    "X-RateLimit-Limit": str(result.limit),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(result.reset),
                    "Retry-After": str(result.retry_after),
                }
            )
            raise oauth_error(tenant.emulation, f"{kind}_quota", headers=headers)
    return headers


def client_credentials(request: TokenRequest, state: SandboxState) -> IssuedToken:
    """Issue an M2M access token, or raise the OAuthError Auth0 would answer with."""
    tenant, app = state.tenant, request.client
    emulation = tenant.emulation
    if app.is_public:
        raise oauth_error(emulation, "grant_not_allowed", grant=request.grant_type)
    audience = _audience(request, tenant)
    if audience is None:
        if tenant.settings.allow_api1_non_global_clients:
            token = state.issuer.opaque_token()
            return IssuedToken({"access_token": token, "expires_in": 86400, "token_type": "Bearer"})
        raise oauth_error(emulation, "api1_denied")
    api = tenant.api(audience, by_name=False)
    if api is None:
        raise oauth_error(emulation, "unknown_audience", audience=audience)
    if api.client_policy == "deny_all":
        raise oauth_error(emulation, "api_denies_clients", audience=audience)
    grant = tenant.client_grant(app, api)
    if grant is None:
        raise oauth_error(
            emulation, "client_grant_missing", audience=audience, client_id=app.client_id
        )
    scopes = _scopes(request, grant, tenant)
    org = _organization(request, grant, api, tenant)
    headers = _quota_headers(state, app, api, org)
    issued = state.issuer.access_token(
        iss=request.site.issuer,
        sub=f"{app.client_id}@clients",
        aud=api.identifier,
        client_id=app.client_id,
        api=api,
        scopes=scopes,
        gty=GTY,
        organization=org,
        with_org_name=tenant.settings.allow_organization_name_in_authentication_api,
    )
    # Member order of real client-credentials responses: 2017 and 2020 captures (§2.2).
    body: dict[str, object] = {"access_token": issued.token, "expires_in": issued.expires_in}
    if scopes:
        body["scope"] = " ".join(scopes)
    body["token_type"] = "Bearer"  # noqa: S105 - a token type, not a password
    return IssuedToken(body, headers)
