"""Audience rules: the default audience, API identifiers, lifetimes, dialects, algorithms.

Auth0: auth0-behavior §3 (token formats and dialects), §5 (lifetimes), §6 (default audience);
audit-rules.md AUD-01..11; AUD-12 added (lifetime over a day, which probes confirm from `exp`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.identifiers import host_of, loose
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family
from auth0_explore.audit.rules.common import confirmed_by, tokens_for

__all__ = ["family"]

family = Family("audience")
_DOCS = "https://auth0.com/docs"
_API_SETTINGS = f"{_DOCS}/get-started/apis/api-settings"
_PLACEHOLDER = re.compile(
    r"YOUR_|\{[^}]*\}|##\w+##|@@\w+@@|<[^>]+>|\b(TODO|CHANGE_?ME|REPLACE_?ME|PLACEHOLDER)\b",
    re.IGNORECASE,
)
#: RFC 2606 / RFC 6761 names for documentation, tests and loopback
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")
_RESERVED_HOSTS = ("example.com", "example.net", "example.org", "localhost")
_LOOPBACK = re.compile(r"^(127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0)$")
_WEB_LIFETIME = 7200
_DAY = 86_400


@family.rule(
    "AUD-01",
    "The default audience names no API",
    severity="high",
    rationale="Every login that names no audience asks for the default one; when no API has "
    "that identifier, each fails with 'Service not found' (client credentials without an "
    "audience: 'Service not enabled within domain').",
    doc=f"{_DOCS}/get-started/tenant-settings#api-authorization-settings",
    fix="Set the default audience to an API identifier exactly as the API has it, or clear it.",
    probe="partial",
    evidence="tenant settings default_audience; every API identifier",
    checkmate="checkDefaultAudience (flags a default audience being set at all)",
)
def dangling_default_audience(ctx: AuditContext) -> Iterator[Hit]:
    audience = ctx.snapshot.settings.default_audience
    if not audience or ctx.snapshot.api(audience) or ctx.is_management(audience):
        return
    near = [a.identifier for a in ctx.snapshot.apis if loose(a.identifier) == loose(audience)]
    detail = f"; {near[0]} differs only in scheme, case or a slash" if near else ""
    yield Hit(
        "settings",
        "tenant",
        f"The default audience {audience} is the identifier of no API{detail}.",
        {"default_audience": audience, "nearest_identifier": near[0] if near else None},
        fix=f"Set the default audience to {near[0]}." if near else "",
    )


@family.rule(
    "AUD-02",
    "The default audience is the Management API",
    severity="high",
    rationale="Every login that names no audience then gets a Management API token: user "
    "tokens for Auth0's own API, handed to applications that only wanted to sign people in.",
    doc=f"{_DOCS}/get-started/tenant-settings#api-authorization-settings",
    fix="Set the default audience to one of your APIs, or clear it and have applications "
    "name their audience.",
    probe="partial",
    evidence="tenant settings default_audience; the Management API's identifier",
    checkmate="checkDefaultAudience (flags a default audience being set at all)",
)
def management_default_audience(ctx: AuditContext) -> Iterator[Hit]:
    audience = ctx.snapshot.settings.default_audience
    if audience and ctx.is_management(audience):
        yield Hit(
            "settings",
            "tenant",
            f"The default audience {audience} is Auth0's Management API.",
            {"default_audience": audience},
        )


@family.rule(
    "AUD-03",
    "Two API identifiers differ only in scheme, case or a trailing slash",
    severity="medium",
    rationale="Auth0 matches an audience byte for byte: code that asks for the other spelling "
    "gets the other API, or 403 'Service not enabled within domain' once one is removed.",
    doc=_API_SETTINGS,
    fix="Keep one identifier; move its grants and users' permissions to it and delete the "
    "other API.",
    probe="yes",
    evidence="every API identifier; probes: each variant issues tokens of its own",
)
def near_duplicate_identifiers(ctx: AuditContext) -> Iterator[Hit]:
    groups: dict[str, list[str]] = {}
    for api in ctx.custom_apis:
        groups.setdefault(loose(api.identifier), []).append(api.identifier)
    for variants in groups.values():
        if len(variants) < 2:
            continue
        issued = [v for v in variants if tokens_for(ctx, v)]
        yield Hit(
            "api",
            variants[0],
            f"The APIs {' and '.join(variants)} differ only in scheme, case or a slash.",
            {"identifiers": variants},
            key="|".join(sorted(variants)),
            confirmed=True if len(issued) >= 2 else None,
        )


def _non_production(identifier: str) -> str:
    """Why an identifier looks like a placeholder or a test value ("" when it does not)."""
    if _PLACEHOLDER.search(identifier):
        return "a placeholder"
    host = host_of(identifier)
    if host in _RESERVED_HOSTS or _LOOPBACK.match(host):
        return f"the non-production host {host}"
    if host.endswith(_RESERVED_SUFFIXES) or any(host.endswith("." + h) for h in _RESERVED_HOSTS):
        return f"the reserved documentation or test host {host}"
    return ""


@family.rule(
    "AUD-04",
    "An API identifier is a placeholder or a test host",
    severity="medium",
    rationale="Sample code ships with YOUR_API_IDENTIFIER, {API_IDENTIFIER} or localhost; an "
    "API created from it ('Service not found: YOUR_API_IDENTIFIER') is a copy never finished.",
    doc=_API_SETTINGS,
    fix="Create the API with its real identifier (identifiers cannot be changed), move grants "
    "to it and delete this one.",
    probe="yes",
    evidence="every API identifier; probes: a token issued for it shows it is in use",
)
def placeholder_identifiers(ctx: AuditContext) -> Iterator[Hit]:
    for api in ctx.custom_apis:
        why = _non_production(api.identifier)
        if why:
            issued = tokens_for(ctx, api.identifier)
            yield Hit(
                "api",
                api.identifier,
                f"The API {api.name or api.identifier} has an identifier with {why}.",
                {"identifier": api.identifier, "why": why, "tokens_issued": len(issued)},
                confirmed=True if issued else None,
            )


@family.rule(
    "AUD-05",
    "An API identifier is on the tenant's own domain",
    severity="medium",
    rationale="An identifier such as https://<tenant domain>/my-api reads like an issuer or an "
    "Auth0 endpoint, confuses iss with aud in validators, and breaks when the domain changes.",
    doc=f"{_DOCS}/customize/custom-domains/configure-features-to-use-custom-domains",
    fix="Use an identifier on a host you own that is not the tenant's domain (a logical name "
    "such as https://orders.example.org/).",
    probe="no",
    evidence="every API identifier; the canonical and custom domains",
)
def identifier_on_tenant_domain(ctx: AuditContext) -> Iterator[Hit]:
    domains = set(ctx.domains) | {d.domain.lower() for d in ctx.snapshot.custom_domains}
    for api in ctx.custom_apis:
        host = host_of(api.identifier)
        if host in domains:
            yield Hit(
                "api",
                api.identifier,
                f"The API {api.name or api.identifier} is identified on the tenant's domain "
                f"{host}.",
                {"identifier": api.identifier, "domain": host},
            )


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
    probe="yes",
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
    rationale="The tenant's keys sign PS256 and RS256 tokens alike, but the JWKS lists each "
    "key with alg RS256; validators that honour a key's alg (as RFC 7517 §4.4 asks) refuse "
    "every PS256 token.",
    doc="https://auth0.com/docs/secure/tokens/json-web-tokens/json-web-key-set-properties",
    fix="Turn off 'Include Signing Algorithms in JSON Web Key Set' (flag remove_alg_from_jwks), "
    "or sign the API with RS256.",
    probe="yes",
    evidence="API signing_alg; tenant flag remove_alg_from_jwks; probes: validation against "
    "the domain's JWKS",
)
def ps256_with_rs256_keys(ctx: AuditContext) -> Iterator[Hit]:
    if ctx.snapshot.settings.flags.get("remove_alg_from_jwks"):
        return
    for api in ctx.custom_apis:
        if api.signing_alg.upper() == "PS256":
            seen = [o for o in tokens_for(ctx, api.identifier) if o.valid is not None]
            yield Hit(
                "api",
                api.identifier,
                f"{api.name or api.identifier} signs with PS256 and the JWKS announces its keys "
                "for RS256.",
                {
                    "signing_alg": api.signing_alg,
                    "remove_alg_from_jwks": False,
                    "validation_seen": sorted({o.reason or "valid" for o in seen}),
                },
                confirmed=confirmed_by(o.reason == "alg_not_allowed" for o in seen),
            )
