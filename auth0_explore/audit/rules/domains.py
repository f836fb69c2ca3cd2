"""Domain rules: issuers validators do not expect, the Management API across domains, custom
domain health.

Auth0: auth0-behavior §7 (iss = the host used; Auth0 audiences stay canonical; a Management
token obtained through a domain is used through it; multiple custom domains); audit-rules.md
DOM-01..03; DOM-04 added (several custom domains and no default: 409 on Management calls).
"""

from __future__ import annotations

from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext, issuer_of
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family
from auth0_explore.audit.rules.common import confirmed_by, iso_seconds
from auth0_explore.snapshot.model import CustomDomain

__all__ = ["family"]

family = Family("domains")
_DOCS = "https://auth0.com/docs/customize/custom-domains"
_DAY = 86_400


@family.rule(
    "DOM-01",
    "A domain issues tokens whose issuer your validators do not accept",
    severity="medium",
    rationale="iss is the host a token was requested through: https://<custom>/ or "
    "https://<tenant>/. A validator configured with the other one refuses every such token "
    "('unexpected iss value').",
    doc=f"{_DOCS}/configure-features-to-use-custom-domains",
    fix="Accept every issuer your applications request tokens through (or request them all "
    "through one domain); tell the audit what validators accept with --issuer.",
    probe="yes",
    evidence="custom domains (status ready); the accepted issuers; probes: iss of a token "
    "requested through each domain",
)
def unexpected_issuer(ctx: AuditContext) -> Iterator[Hit]:
    accepted = set(ctx.accepted_issuers)
    if not accepted:
        return
    for domain in ctx.domains:
        issuer = issuer_of(domain)
        if issuer in accepted:
            continue
        seen = [o for _, o in ctx.probes.through(domain)]
        kind = "settings" if domain == ctx.canonical else "custom_domain"
        yield Hit(
            kind,
            domain,
            f"Tokens requested through {domain} carry iss {issuer}, which validators do not "
            "accept.",
            {
                "issuer": issuer,
                "accepted_issuers": sorted(accepted),
                "validation_seen": sorted({o.reason or "valid" for o in seen}),
            },
            confirmed=confirmed_by(o.iss not in accepted for o in seen),
        )


@family.rule(
    "DOM-02",
    "Management API tokens obtained through a custom domain work only there",
    severity="low",
    rationale="The Management API's audience stays on the canonical domain, but a token "
    "requested through a custom domain carries that domain's iss and is refused by "
    "https://<tenant>/api/v2/ (401): use one domain for both.",
    doc=f"{_DOCS}/configure-features-to-use-custom-domains",
    fix="Request Management API tokens through the canonical domain and call it there (or "
    "through the custom domain for both).",
    probe="yes",
    evidence="custom domains; client grants on the Management API; probes: iss and aud of a "
    "Management token requested through the custom domain",
)
def management_across_domains(ctx: AuditContext) -> Iterator[Hit]:
    custom = [d.domain.lower() for d in ctx.ready_domains]
    if not custom or not ctx.canonical:
        return
    for grant in ctx.client_grants():
        if not ctx.is_management(grant.audience):
            continue
        seen = [
            o
            for p, o in ctx.probes.tokens()
            if p.application == grant.client and p.audience == grant.audience and p.domain in custom
        ]
        yield Hit(
            "client_grant",
            grant.label,
            f"{grant.client} gets Management API tokens; requested through {custom[0]} they "
            f"are refused by https://{ctx.canonical}/api/v2/.",
            {
                "custom_domains": custom,
                "audience": grant.audience,
                "iss_seen": sorted({str(o.iss) for o in seen}),
            },
            confirmed=confirmed_by(o.iss != issuer_of(ctx.canonical) for o in seen),
        )


def _days_left(renews_before: str | None, now: float) -> float | None:
    when = iso_seconds(renews_before)
    return None if when is None else (when - now) / _DAY


def _domain_problems(domain: CustomDomain, ctx: AuditContext) -> list[tuple[str, str]]:
    """(key, sentence) for each health problem of a custom domain."""
    found = []
    if domain.certificate_status and domain.certificate_status != "provisioned":
        found.append(("certificate", f"certificate status is {domain.certificate_status}"))
    left = _days_left(domain.certificate_renews_before, ctx.now)
    if left is not None and left < ctx.options.certificate_renewal_days:
        found.append(("renewal", f"the certificate must renew within {max(left, 0):.0f} days"))
    if domain.verification_status and domain.verification_status != "verified":
        found.append(("verification", f"verification is {domain.verification_status}"))
    if domain.type == "self_managed_certs" and not domain.custom_client_ip_header:
        found.append(("ip-header", "a self-managed proxy without custom_client_ip_header"))
    if domain.tls_policy and domain.tls_policy != "recommended":
        found.append(("tls", f"TLS policy {domain.tls_policy}"))
    return found


@family.rule(
    "DOM-03",
    "A custom domain's certificate, verification or proxy settings need attention",
    severity="medium",
    rationale="An unprovisioned or expiring certificate takes the login page down; an "
    "unverified domain stops renewing; a self-managed proxy without custom_client_ip_header "
    "makes every user come from the proxy's address (brute-force protection blocks them all).",
    doc=f"{_DOCS}/self-managed-certificates",
    fix="Fix the DNS record or certificate; set custom_client_ip_header for self-managed "
    "proxies; use the recommended TLS policy.",
    probe="no",
    evidence="custom domains' certificate, verification, type, custom_client_ip_header, tls_policy",
    checkmate="checkCustomDomain (status only)",
)
def custom_domain_health(ctx: AuditContext) -> Iterator[Hit]:
    for domain in ctx.snapshot.custom_domains:
        for key, problem in _domain_problems(domain, ctx):
            yield Hit(
                "custom_domain",
                domain.domain,
                f"{domain.domain}: {problem}.",
                {
                    "status": domain.status,
                    "certificate_status": domain.certificate_status,
                    "renews_before": domain.certificate_renews_before,
                    "verification_status": domain.verification_status,
                    "type": domain.type,
                    "tls_policy": domain.tls_policy,
                },
                key=key,
            )


@family.rule(
    "DOM-04",
    "Several custom domains and none is the default",
    severity="low",
    rationale="With more than one verified custom domain, Management API calls that build "
    "links (emails, tickets) need the auth0-custom-domain header or a default domain, else "
    "409 'The tenant has multiple verified custom domains.'",
    doc=f"{_DOCS}/multiple-custom-domains",
    fix="Mark one custom domain as the default, or send auth0-custom-domain on those calls.",
    probe="no",
    evidence="custom domains' status and is_default",
)
def no_default_domain(ctx: AuditContext) -> Iterator[Hit]:
    ready = ctx.ready_domains
    if len(ready) > 1 and not any(d.primary or d.extra.get("is_default") for d in ready):
        yield Hit(
            "settings",
            "tenant",
            f"{len(ready)} custom domains are ready and none is the default.",
            {"custom_domains": [d.domain for d in ready]},
        )
