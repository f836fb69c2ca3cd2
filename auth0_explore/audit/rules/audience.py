"""Audience rules: the default audience and API identifiers (`apis.py` has the rules about
each API's settings, in the same family).

Auth0: auth0-behavior §2.3 and §6 (default audience, byte-for-byte matching); audit-rules.md
AUD-01..05.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.identifiers import host_of, loose
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family
from auth0_explore.audit.rules.common import tokens_for

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
