"""What the configuration says a client-credentials request gets, before anything is sent.

The checks in Auth0's order (auth0-behavior §2.3, §2.9): the client may use the grant, the
audience is an API (the Management API only on the canonical domain, §7), the API lets clients
in, a grant exists (or a third party's `default_for` one), the organization fits the grant's
usage. Quotas and Actions are not predicted: a probe that meets one shows it (TOK-02).
`expected_claims` says what a token issued for the pair must carry (§3.2, §3.3).
"""

from __future__ import annotations

from dataclasses import dataclass

from auth0_explore.audit.context import AuditContext, issuer_of
from auth0_explore.audit.identifiers import host_of
from auth0_explore.snapshot.model import Api, ClientGrant

__all__ = ["Expected", "Prediction", "expected_claims", "grant_of", "predict"]


@dataclass(frozen=True)
class Prediction:
    """`token`, or the `error` Auth0 answers, with the reason in words."""

    outcome: str
    why: str = ""


@dataclass(frozen=True)
class Expected:
    """What an issued token must say, per the configuration (None: not predicted)."""

    iss: str
    audience: str
    lifetime: int
    alg: str
    rfc9068: bool
    permissions: bool
    scope: frozenset[str] | None
    org: bool


def grant_of(ctx: AuditContext, application: str, audience: str) -> ClientGrant | None:
    """The client grant for the pair, or the third-party `default_for` grant."""
    grants = [g for g in ctx.grants_for(audience) if g.subject_type == "client"]
    own = next((g for g in grants if g.client == application), None)
    if own is not None:
        return own
    app = ctx.snapshot.application(application)
    if app is not None and not app.is_first_party:
        return next((g for g in grants if g.default_for == "third_party_clients"), None)
    return None


def _api(ctx: AuditContext, audience: str) -> Api | str:
    """The API the audience reaches, or why none (in words)."""
    management = ctx.is_management(audience)
    if management and ctx.canonical and host_of(audience) != ctx.canonical:
        return f"the Management API's audience is https://{ctx.canonical}/api/v2/ on any domain"
    api = ctx.snapshot.api(audience)
    if api is None and management:
        return Api(audience, name="Auth0 Management API", is_system=True)
    if api is None:
        return "no API has this identifier (Service not enabled within domain)"
    return api


def predict(
    ctx: AuditContext, application: str, audience: str, domain: str, organization: str | None
) -> Prediction:
    """What Auth0 answers the pair, per the snapshot."""
    app = ctx.snapshot.application(application)
    if app is None:
        return Prediction("unknown", "the application is not in the configuration")
    if app.is_public or "client_credentials" not in app.grant_types:
        why = "a public application" if app.is_public else "no client_credentials grant type"
        return Prediction("unauthorized_client", why)
    api = _api(ctx, audience)
    if isinstance(api, str):
        return Prediction("access_denied", api)
    if api.client_policy == "deny_all":
        return Prediction("access_denied", "the API's client policy is deny_all")
    grant = grant_of(ctx, application, audience)
    if grant is None:
        return Prediction("access_denied", "no client grant for this application and API")
    usage = grant.organization_usage or "deny"
    if organization is None and usage == "require" and not app.default_organization:
        return Prediction("invalid_request", "the grant requires an organization")
    if organization is not None and usage == "deny":
        return Prediction("invalid_request", "the grant refuses organizations")
    return Prediction("token", f"granted {' '.join(grant.scope) or 'no scopes'}")


def expected_claims(
    ctx: AuditContext, application: str, audience: str, domain: str, organization: str | None
) -> Expected | None:
    """What the token for the pair must carry; None when the API or grant is unknown."""
    api = ctx.snapshot.api(audience)
    grant = grant_of(ctx, application, audience)
    if api is None or grant is None:
        return None
    if grant.allow_all_scopes:
        scope: frozenset[str] | None = frozenset(s.value for s in api.scopes)
    else:
        scope = frozenset(grant.scope)
    app = ctx.snapshot.application(application)
    org = organization is not None or (
        (grant.organization_usage or "deny") == "require"
        and app is not None
        and app.default_organization is not None
    )
    return Expected(
        iss=issuer_of(domain),
        audience=audience,
        lifetime=api.token_lifetime,
        alg=api.signing_alg,
        rfc9068=api.token_dialect.startswith("rfc9068"),
        permissions=api.enforce_policies and api.token_dialect.endswith("_authz"),
        scope=scope or None,
        org=org,
    )
