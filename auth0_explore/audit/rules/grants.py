"""Client-grant rules: who may get tokens for which API, with which scopes and organizations.

Auth0: auth0-behavior §2.3 (the client-credentials checks in order), §9.3 (client grants),
management-api.md (escalation scopes); audit-rules.md GRT-01..10. Probes that the configuration
predicts to fail are sent only when asked (`probe(..., include_failing=True)`); when they were,
these rules read the refusal as confirmation.
"""

from __future__ import annotations

from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.identifiers import host_of, loose
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family
from auth0_explore.audit.rules.common import confirmed_by, tokens_for
from auth0_explore.snapshot.model import ClientGrant

__all__ = ["ESCALATION_SCOPES", "family"]

family = Family("grants")
_DOCS = "https://auth0.com/docs"
_GRANTS_DOC = f"{_DOCS}/get-started/applications/application-access-to-apis-client-grants"
_ORGS_DOC = f"{_DOCS}/manage-users/organizations/organizations-for-m2m-applications"
#: Management API scopes that let the holder give itself more (grants, clients, credentials),
#: read other applications' secrets, or change users; every `delete:` scope is added
ESCALATION_SCOPES = frozenset(
    {
        "create:client_grants",
        "update:client_grants",
        "create:clients",
        "update:clients",
        "read:client_keys",
        "read:client_secret",
        "update:client_keys",
        "create:client_credentials",
        "update:client_credentials",
        "update:users",
        "update:users_app_metadata",
        "create:role_members",
        "update:roles",
    }
)


def _refused(ctx: AuditContext, grant: ClientGrant) -> bool | None:
    """Whether probes of this grant were refused (None when none was sent)."""
    sent = [
        p
        for p in ctx.probes.sent()
        if p.pair.application == grant.client and p.pair.audience == grant.audience
    ]
    return confirmed_by(p.outcome == "error" for p in sent)


@family.rule(
    "GRT-01",
    "An application's Management API grant lets it escalate its own access",
    severity="high",
    rationale="With create/update:client_grants, create/update:clients, read:client_keys, "
    "update:users or any delete: scope, one leaked M2M secret becomes control of the tenant: "
    "the holder can grant itself every scope or read every other secret.",
    doc=f"{_DOCS}/secure/tokens/access-tokens/management-api-access-tokens",
    fix="Grant the Management API only the read: scopes the job needs; make changes from a "
    "separate, closely watched application (or deploy-cli in CI).",
    probe="yes",
    evidence="client grants whose audience is the Management API; probes: the token's scope",
)
def management_escalation(ctx: AuditContext) -> Iterator[Hit]:
    for grant in ctx.client_grants():
        if not ctx.is_management(grant.audience):
            continue
        risky = sorted(s for s in grant.scope if s in ESCALATION_SCOPES or s.startswith("delete:"))
        if grant.allow_all_scopes:
            risky.append("(allow_all_scopes)")
        if not risky:
            continue
        seen = tokens_for(ctx, grant.audience, grant.client)
        yield Hit(
            "client_grant",
            grant.label,
            f"{grant.client} may get Management API tokens with {', '.join(risky)}.",
            {"application": grant.client, "escalation_scopes": risky},
            confirmed=confirmed_by(bool(set(risky) & set(o.scope or ())) for o in seen),
        )


@family.rule(
    "GRT-02",
    "A public application (SPA or native) holds a client grant",
    severity="high",
    rationale="Public applications cannot keep a secret, so they cannot use client "
    "credentials: the grant is either dead or a sign that a secret was shipped in a browser or "
    "an app.",
    doc=f"{_DOCS}/get-started/applications/confidential-and-public-applications",
    fix="Delete the grant; if a backend needs the API, give it its own confidential M2M "
    "application.",
    probe="yes",
    evidence="client grants; applications' app_type and token_endpoint_auth_method; probes "
    "(asked for): unauthorized_client",
)
def public_client_grant(ctx: AuditContext) -> Iterator[Hit]:
    for grant in ctx.client_grants():
        app = ctx.snapshot.application(grant.client)
        if app is None or not (app.is_public or app.app_type in ("spa", "native")):
            continue
        yield Hit(
            "client_grant",
            grant.label,
            f"{app.name} is a public {app.app_type or 'application'} with a grant for "
            f"{grant.audience}.",
            {
                "app_type": app.app_type,
                "token_endpoint_auth_method": app.token_endpoint_auth_method,
                "scope": list(grant.scope),
            },
            confirmed=_refused(ctx, grant),
        )


@family.rule(
    "GRT-03",
    "A grant's application cannot use client credentials",
    severity="low",
    rationale="A client grant only serves client credentials; the application lacks that grant "
    "type, so the grant is dead and hides what the application can really do.",
    doc=f"{_DOCS}/get-started/applications/application-grant-types",
    fix="Delete the grant, or add client_credentials to the application's grant types if it "
    "is a backend that needs it.",
    probe="yes",
    evidence="client grants; applications' grant_types; probes (asked for): unauthorized_client",
    checkmate="checkGrantTypes (grant types against app_type only)",
)
def dead_grant(ctx: AuditContext) -> Iterator[Hit]:
    for grant in ctx.client_grants():
        app = ctx.snapshot.application(grant.client)
        if app is None or app.is_public or app.app_type in ("spa", "native"):
            continue  # unknown applications and public ones are other rules' business
        if "client_credentials" not in app.grant_types:
            yield Hit(
                "client_grant",
                grant.label,
                f"{app.name} holds a grant for {grant.audience} but not the client_credentials "
                "grant type.",
                {"grant_types": list(app.grant_types)},
                confirmed=_refused(ctx, grant),
            )


@family.rule(
    "GRT-04",
    "A grant names an audience that is no API",
    severity="medium",
    rationale="Grants outlive renamed or deleted APIs, and a trailing slash makes another "
    "identifier; such a grant gives 403 'Service not enabled within domain'.",
    doc=_GRANTS_DOC,
    fix="Delete the grant, or recreate it for the API's exact identifier.",
    probe="yes",
    evidence="client grants' audience; API identifiers; custom domains; probes (asked for): "
    "403 access_denied",
)
def dangling_grant(ctx: AuditContext) -> Iterator[Hit]:
    custom = {d.domain.lower() for d in ctx.snapshot.custom_domains}
    for grant in ctx.snapshot.client_grants:
        if ctx.snapshot.api(grant.audience):
            continue
        if ctx.is_management(grant.audience) and host_of(grant.audience) not in custom:
            continue  # the Management API, left out of exports
        wanted = loose(grant.audience)
        near = [a.identifier for a in ctx.snapshot.apis if loose(a.identifier) == wanted]
        why = ""
        if near:
            why = f"; {near[0]} differs only in scheme, case or a slash"
        elif ctx.is_management(grant.audience):
            why = "; the Management API's audience is always on the canonical domain"
        yield Hit(
            "client_grant",
            grant.label,
            f"The grant's audience {grant.audience} is the identifier of no API{why}.",
            {"audience": grant.audience, "nearest_identifier": near[0] if near else None},
            confirmed=_refused(ctx, grant),
        )


@family.rule(
    "GRT-05",
    "Grant scopes the API does not define, or API scopes no application can get",
    severity="low",
    rationale="A granted scope the API does not define is a renamed or removed permission "
    "still handed out (a probe shows whether tokens carry it); on a tenant without user flows, "
    "a scope granted to nobody is dead weight.",
    doc=f"{_DOCS}/get-started/apis/scopes/api-scopes",
    fix="Remove undefined scopes from the grant or define them on the API; delete scopes "
    "nobody uses.",
    probe="yes",
    evidence="client grants' scope; API scopes; probes: the token's scope",
)
def scope_mismatch(ctx: AuditContext) -> Iterator[Hit]:
    for grant in ctx.client_grants():
        api = ctx.snapshot.api(grant.audience)
        if api is None or not api.scopes or api.is_system:
            continue
        defined = {s.value for s in api.scopes}
        undefined = [s for s in grant.scope if s not in defined]
        if undefined:
            seen = tokens_for(ctx, grant.audience, grant.client)
            yield Hit(
                "client_grant",
                grant.label,
                f"The grant holds scopes {', '.join(undefined)} that {api.identifier} does "
                "not define.",
                {"undefined_scopes": undefined, "api_scopes": sorted(defined)},
                key="undefined",
                confirmed=confirmed_by(bool(set(undefined) & set(o.scope or ())) for o in seen),
            )
    if ctx.interactive_apps:
        return  # users may hold the other scopes as permissions
    for api in ctx.custom_apis:
        grants = ctx.grants_for(api.identifier)
        granted = {s for g in grants for s in g.scope}
        unused = [s.value for s in api.scopes if s.value not in granted]
        if grants and unused and not any(g.allow_all_scopes for g in grants):
            yield Hit(
                "api",
                api.identifier,
                f"No application is granted {', '.join(unused)} of {api.identifier}.",
                {"ungranted_scopes": unused},
                key="ungranted",
            )


@family.rule(
    "GRT-06",
    "A grant gives every scope, future ones included",
    severity="medium",
    rationale="allow_all_scopes grants each scope the API will ever define, without anyone "
    "deciding it: a new admin: scope reaches this application the day it is created.",
    doc=_GRANTS_DOC,
    fix="List the scopes the application needs and turn allow_all_scopes off.",
    probe="yes",
    evidence="client grants' allow_all_scopes; probes: the token's scope",
)
def all_scopes(ctx: AuditContext) -> Iterator[Hit]:
    for grant in ctx.client_grants():
        if grant.allow_all_scopes:
            seen = tokens_for(ctx, grant.audience, grant.client)
            api = ctx.snapshot.api(grant.audience)
            every = {s.value for s in api.scopes} if api else set()
            yield Hit(
                "client_grant",
                grant.label,
                f"{grant.client} is granted every present and future scope of {grant.audience}.",
                {"allow_all_scopes": True, "listed_scope": list(grant.scope)},
                confirmed=confirmed_by(every <= set(o.scope or ()) for o in seen)
                if every
                else None,
            )


@family.rule(
    "GRT-07",
    "A grant requires an organization none can give, or accepts any organization",
    severity="medium",
    rationale="organization_usage=require with no organization associated refuses every "
    "request; allow_any_organization lets the application act for every organization, "
    "including ones created later.",
    doc=_ORGS_DOC,
    fix="Associate the organizations the application serves and turn allow_any_organization off.",
    probe="yes",
    evidence="client grants' organization_usage, allow_any_organization and associated "
    "organizations; probes: org_id",
)
def organization_reach(ctx: AuditContext) -> Iterator[Hit]:
    for grant in ctx.client_grants():
        usage = grant.organization_usage or "deny"
        if grant.allow_any_organization and usage != "deny":
            seen = tokens_for(ctx, grant.audience, grant.client)
            yield Hit(
                "client_grant",
                grant.label,
                f"{grant.client} may get tokens for {grant.audience} on behalf of any "
                "organization.",
                {"organization_usage": usage, "allow_any_organization": True},
                key="any",
                confirmed=confirmed_by(o.org_id is not None for o in seen),
            )
        elif usage == "require" and not grant.organizations and not grant.allow_any_organization:
            yield Hit(
                "client_grant",
                grant.label,
                f"{grant.client} must name an organization for {grant.audience}, but none is "
                "associated with the grant.",
                {"organization_usage": usage, "organizations": []},
                key="none",
            )


@family.rule(
    "GRT-08",
    "Organizations are associated with a grant that refuses organizations",
    severity="low",
    rationale="With organization_usage deny (the default) a request naming an organization is "
    "refused: the associations do nothing and suggest access that does not exist.",
    doc=_ORGS_DOC,
    fix="Set organization_usage to allow or require, or remove the associations.",
    probe="partial",
    evidence="client grants' organization_usage; organizations' client grants",
)
def ineffective_organizations(ctx: AuditContext) -> Iterator[Hit]:
    for grant in ctx.client_grants():
        if grant.organizations and (grant.organization_usage or "deny") == "deny":
            yield Hit(
                "client_grant",
                grant.label,
                f"{', '.join(grant.organizations)} are associated with {grant.label}, whose "
                "organization_usage is deny.",
                {
                    "organization_usage": grant.organization_usage or "deny",
                    "organizations": list(grant.organizations),
                },
            )


@family.rule(
    "GRT-09",
    "An M2M application has no token quota",
    severity="low",
    rationale="An M2M client that does not cache its tokens can spend the tenant's monthly "
    "M2M allotment in hours; a per-client quota stops it before it hurts the others.",
    doc=f"{_DOCS}/fine-grained-m2m-token-quotas",
    fix="Set a default client quota in the tenant settings, or a token_quota on the application.",
    probe="no",
    evidence="tenant settings default_token_quota.clients; applications' token_quota; grants",
)
def missing_quota(ctx: AuditContext) -> Iterator[Hit]:
    if ctx.snapshot.settings.client_quota is not None:
        return
    counted = {g.client for g in ctx.client_grants() if not ctx.is_management(g.audience)}
    for app in ctx.snapshot.applications:
        if app.name in counted and "client_credentials" in app.grant_types and not app.token_quota:
            yield Hit(
                "application",
                app.name,
                f"{app.name} gets M2M tokens for custom APIs with no hourly or daily quota.",
                {"token_quota": None, "default_token_quota": None},
            )


@family.rule(
    "GRT-10",
    "An application has the client_credentials grant type but no client grant",
    severity="low",
    rationale="Client credentials without a grant can get no token at all (403 'Client is not "
    "authorized'); the grant type is unused surface.",
    doc=f"{_DOCS}/get-started/applications/application-grant-types",
    fix="Remove client_credentials from the application's grant types, or authorize it for the "
    "API it needs.",
    probe="partial",
    evidence="applications' grant_types; client grants",
)
def grantless_client(ctx: AuditContext) -> Iterator[Hit]:
    holders = {g.client for g in ctx.client_grants()}
    third_party = any(g.default_for for g in ctx.snapshot.client_grants)
    for app in ctx.snapshot.applications:
        if "client_credentials" not in app.grant_types or app.name in holders:
            continue
        if third_party and not app.is_first_party:
            continue  # default_for grants serve third-party applications
        yield Hit(
            "application",
            app.name,
            f"{app.name} may use client credentials but is granted no API.",
            {"grant_types": list(app.grant_types), "client_grants": 0},
        )
