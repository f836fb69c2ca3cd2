"""Audience rules about each API's settings: lifetimes, dialects, RBAC, algorithms, orphans.

The second module of the audience family (`audience.py` has the default audience and the
identifiers). Auth0: auth0-behavior §3 (formats, dialects, multiple audiences), §5 (lifetimes),
§8.2 (`remove_alg_from_jwks`); audit-rules.md AUD-06..11; AUD-12 and AUD-13 added.
"""

from __future__ import annotations

from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family
from auth0_explore.audit.rules.common import confirmed_by, tokens_for

__all__ = ["family"]

family = Family("audience")
_DOCS = "https://auth0.com/docs"
_WEB_LIFETIME = 7200
_DAY = 86_400


@family.rule(
    "AUD-06",
    "Browser-flow tokens live longer than two hours, or than the API's own tokens",
    severity="low",
    rationale="token_lifetime_for_web applies to tokens handed to a browser (implicit and "
    "hybrid flows), the easiest to steal; Auth0 sets 7200 s and it should not exceed "
    "token_lifetime.",
    doc=f"{_DOCS}/secure/tokens/access-tokens/update-access-token-lifetime",
    fix="Lower token_lifetime_for_web to 7200 s or less, and to at most token_lifetime.",
    probe="no",
    evidence="API token_lifetime_for_web and token_lifetime",
)
def long_web_lifetime(ctx: AuditContext) -> Iterator[Hit]:
    for api in ctx.custom_apis:
        web, plain = api.token_lifetime_for_web, api.token_lifetime
        if web > _WEB_LIFETIME or web > plain:
            yield Hit(
                "api",
                api.identifier,
                f"{api.name or api.identifier}: browser-flow tokens live {web} s (API tokens: "
                f"{plain} s).",
                {"token_lifetime_for_web": web, "token_lifetime": plain},
                fix=f"Set token_lifetime_for_web to {min(_WEB_LIFETIME, plain)} s or less.",
            )


def _family_of(dialect: str) -> str:
    return "rfc9068" if dialect.startswith("rfc9068") else "auth0"


@family.rule(
    "AUD-07",
    "APIs mix the Auth0 and RFC 9068 token dialects",
    severity="medium",
    rationale="RFC 9068 tokens carry typ at+jwt, client_id and jti; Auth0's carry typ JWT, azp "
    "and gty. A validator or middleware shared by both kinds refuses one of them.",
    doc=f"{_DOCS}/secure/tokens/access-tokens/access-token-profiles",
    fix="Use one dialect family for APIs one validator serves, or give each family its own "
    "validation profile.",
    probe="yes",
    evidence="API token_dialect; probes: header typ, client_id or azp",
)
def mixed_dialects(ctx: AuditContext) -> Iterator[Hit]:
    by_family: dict[str, list[str]] = {}
    for api in ctx.custom_apis:
        by_family.setdefault(_family_of(api.token_dialect), []).append(api.identifier)
    if len(by_family) < 2:
        return
    typs = {str(o.typ).lower() for _, o in ctx.probes.tokens()}
    yield Hit(
        "settings",
        "tenant",
        f"{len(by_family['auth0'])} APIs use the Auth0 dialect and "
        f"{len(by_family['rfc9068'])} the RFC 9068 dialect.",
        {"auth0": by_family["auth0"], "rfc9068": by_family["rfc9068"], "typ_seen": sorted(typs)},
        confirmed=True if {"jwt", "at+jwt"} <= typs else None,
    )


@family.rule(
    "AUD-08",
    "RBAC and the token dialect disagree: no permissions claim",
    severity="medium",
    rationale="Permissions reach tokens only with RBAC on and a *_authz dialect; with one "
    "without the other, APIs that check the permissions claim refuse every token.",
    doc=f"{_DOCS}/get-started/apis/enable-role-based-access-control-for-apis",
    fix="Turn on 'Add Permissions in the Access Token' (an *_authz dialect) together with RBAC, "
    "or neither.",
    probe="yes",
    evidence="API enforce_policies and token_dialect; probes: the permissions claim",
)
def rbac_without_permissions(ctx: AuditContext) -> Iterator[Hit]:
    for api in ctx.custom_apis:
        authz = api.token_dialect.endswith("_authz")
        if api.enforce_policies == authz:
            continue
        if api.enforce_policies:
            why = "RBAC is on but the dialect adds no permissions"
        else:
            why = "the dialect would add permissions but RBAC is off"
        seen = tokens_for(ctx, api.identifier)
        yield Hit(
            "api",
            api.identifier,
            f"{api.name or api.identifier}: {why}.",
            {
                "enforce_policies": api.enforce_policies,
                "token_dialect": api.token_dialect,
                "permissions_seen": [o.permissions is not None for o in seen],
            },
            confirmed=confirmed_by(o.permissions is None for o in seen),
        )


@family.rule(
    "AUD-09",
    "Offline access is allowed but no application can use refresh tokens",
    severity="low",
    rationale="allow_offline_access lets applications ask offline_access for refresh tokens; "
    "with no interactive application holding the refresh_token grant it only widens the API.",
    doc=f"{_DOCS}/secure/tokens/refresh-tokens/get-refresh-tokens",
    fix="Turn allow_offline_access off, or give the application that needs refresh tokens "
    "the refresh_token grant type.",
    probe="partial",
    evidence="API allow_offline_access; applications' grant_types and app_type",
)
def offline_access_unused(ctx: AuditContext) -> Iterator[Hit]:
    able = [a.name for a in ctx.interactive_apps if "refresh_token" in a.grant_types]
    if able:
        return
    for api in ctx.custom_apis:
        if api.allow_offline_access:
            yield Hit(
                "api",
                api.identifier,
                f"{api.name or api.identifier} allows offline access, but no interactive "
                "application has the refresh_token grant.",
                {"allow_offline_access": True, "applications_with_refresh_token": []},
            )


@family.rule(
    "AUD-10",
    "An API signs its tokens with HS256",
    severity="medium",
    rationale="HS256 tokens are signed with a secret every validator must hold (anyone who can "
    "validate can forge), cannot carry the /userinfo audience, and rotate only by redeploying.",
    doc=f"{_DOCS}/get-started/applications/signing-algorithms",
    fix="Switch the API to RS256 (or PS256) and validate with the tenant's JWKS.",
    probe="yes",
    evidence="API signing_alg; probes: the header alg",
    checkmate="checkAPISigningAlgorithm (flags HS256)",
)
def hs256_api(ctx: AuditContext) -> Iterator[Hit]:
    for api in ctx.custom_apis:
        if api.signing_alg.upper() == "HS256":
            seen = tokens_for(ctx, api.identifier)
            yield Hit(
                "api",
                api.identifier,
                f"{api.name or api.identifier} signs with HS256.",
                {"signing_alg": api.signing_alg, "alg_seen": sorted({str(o.alg) for o in seen})},
                confirmed=confirmed_by(o.alg == "HS256" for o in seen),
            )


@family.rule(
    "AUD-11",
    "An API no application can get tokens for",
    severity="low",
    rationale="Without a client grant and without any interactive application, nothing can "
    "obtain a token for the API: a leftover, or a grant that was never made.",
    doc=f"{_DOCS}/get-started/applications/application-access-to-apis-client-grants",
    fix="Authorize the application that should call it, or delete the API.",
    probe="partial",
    evidence="APIs; client grants; applications' grant_types",
)
def orphan_api(ctx: AuditContext) -> Iterator[Hit]:
    if ctx.interactive_apps:
        return
    for api in ctx.custom_apis:
        if not ctx.grants_for(api.identifier):
            yield Hit(
                "api",
                api.identifier,
                f"No client grant names {api.identifier}, and no application has a user flow.",
                {"client_grants": 0, "interactive_applications": 0},
            )


@family.rule(
    "AUD-12",
    "Access tokens for an API live longer than a day",
    severity="medium",
    rationale="An access token cannot be revoked: a stolen one works until it expires. "
    "Auth0's default is 86400 s; a week or more is the most Auth0 allows and rarely needed.",
    doc=f"{_DOCS}/secure/tokens/access-tokens/update-access-token-lifetime",
    fix="Lower token_lifetime to 86400 s or less and let clients renew (their token cache "
    "keeps the cost down).",
    probe="yes",
    evidence="API token_lifetime; probes: exp - iat of an issued token",
    checkmate="checkAPITokenLifetime (token_lifetime over 24 h, 7 days)",
)
def long_lifetime(ctx: AuditContext) -> Iterator[Hit]:
    for api in ctx.custom_apis:
        if api.token_lifetime > _DAY:
            seen = tokens_for(ctx, api.identifier)
            yield Hit(
                "api",
                api.identifier,
                f"{api.name or api.identifier}: tokens live {api.token_lifetime} s "
                f"({api.token_lifetime / _DAY:.1f} days).",
                {
                    "token_lifetime": api.token_lifetime,
                    "lifetimes_seen": sorted({o.lifetime for o in seen if o.lifetime}),
                },
                confirmed=confirmed_by((o.lifetime or 0) > _DAY for o in seen),
            )


@family.rule(
    "AUD-13",
    "A PS256 API's tokens are signed with keys the JWKS announces for RS256",
    severity="medium",
    rationale="Auth0 signs a PS256 API's tokens with the tenant keys its JWKS lists as alg "
    "RS256; validators that bind a key to its JWK alg (RFC 8725 §3.1: joserfc, jose) refuse "
    "every such token, and ones that take the alg from the token invite algorithm confusion.",
    doc="https://auth0.com/docs/secure/tokens/json-web-tokens/json-web-key-set-properties",
    fix="Turn off 'Include Signing Algorithms in JSON Web Key Set' (flag remove_alg_from_jwks), "
    "or sign the API with RS256; validators must name PS256 in their allow-list.",
    probe="yes",
    evidence="API signing_alg; tenant flag remove_alg_from_jwks; probes: the token's alg and "
    "its key's alg in the domain's JWKS",
)
def ps256_with_rs256_keys(ctx: AuditContext) -> Iterator[Hit]:
    if ctx.snapshot.settings.flags.get("remove_alg_from_jwks"):
        return
    published = ctx.probes.key_algs
    for api in ctx.custom_apis:
        if api.signing_alg.upper() == "PS256":
            seen = [o for o in tokens_for(ctx, api.identifier) if o.kid in published]
            yield Hit(
                "api",
                api.identifier,
                f"{api.name or api.identifier} signs with PS256 and the JWKS announces its keys "
                "for RS256.",
                {
                    "signing_alg": api.signing_alg,
                    "remove_alg_from_jwks": False,
                    "published_alg": sorted({str(published[o.kid]) for o in seen if o.kid}),
                },
                confirmed=confirmed_by(
                    o.alg == "PS256" and published[o.kid or ""] == "RS256" for o in seen
                ),
            )
