"""Which (application, API, domain) requests to send within a budget of tokens.

Tokens cost quota, so the plan is small and ordered by what each request can show:

1. one pair per API through each domain, API by API (each through the canonical domain, then
   every custom one), so even a small budget reaches every domain: issuer and JWKS per domain,
   algorithm, dialect, lifetime per API — the rules probes confirm;
2. then every other granted pair through the canonical domain (scopes, organizations).

A pair the configuration predicts to fail (`predict`) is planned only with `include_failing`
(to confirm GRT-02/03/04 by Auth0's refusal); applications the connector has no credentials
for are listed as skipped, as are pairs past the budget. Each pair appears once: at most one
token per pair.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.probes.model import Pair
from auth0_explore.audit.probes.predict import predict
from auth0_explore.snapshot.model import ClientGrant

__all__ = ["Plan", "plan"]


@dataclass(frozen=True)
class Plan:
    """The pairs to send, in order, and the ones left out with why."""

    send: tuple[Pair, ...]
    skipped: tuple[tuple[Pair, str], ...] = field(default=())


def _organization(ctx: AuditContext, grant: ClientGrant) -> str | None:
    """The organization a request for this grant names (None: none, or the app's default)."""
    usage = grant.organization_usage or "deny"
    app = ctx.snapshot.application(grant.client)
    if usage != "require" or (app is not None and app.default_organization):
        return None
    names = list(grant.organizations)
    if not names and grant.allow_any_organization:
        names = [o.name for o in ctx.snapshot.organizations]
    org = next((o for o in ctx.snapshot.organizations if names and o.name == names[0]), None)
    return (org.id or org.name) if org else None


def _candidates(ctx: AuditContext) -> list[Pair]:
    """Every granted pair through every domain, with the configuration's prediction."""
    pairs = []
    for grant in ctx.client_grants():
        organization = _organization(ctx, grant)
        for domain in ctx.domains:
            want = predict(ctx, grant.client, grant.audience, domain, organization)
            pairs.append(
                Pair(grant.client, grant.audience, domain, organization, want.outcome, want.why)
            )
    return pairs


def _ordered(ctx: AuditContext, pairs: list[Pair]) -> list[Pair]:
    """One pair per (API, domain) first, then the rest through the canonical domain; pairs
    predicted to succeed before the others."""
    pairs = sorted(pairs, key=lambda p: p.expect != "token")
    first: dict[tuple[str, str], Pair] = {}
    for pair in pairs:
        first.setdefault((pair.domain, pair.audience), pair)
    leading = list(first.values())  # API by API, each through every domain in turn
    chosen = set(leading)
    canonical = ctx.domains[0] if ctx.domains else ""
    rest = [p for p in pairs if p not in chosen and p.domain == canonical]
    return leading + rest


def plan(
    ctx: AuditContext,
    *,
    budget: int,
    can_probe: Callable[[str], bool],
    include_failing: bool = False,
) -> Plan:
    """The requests to send for `ctx`'s tenant within `budget` tokens.

    Args:
        ctx: the snapshot and options (accepted issuers do not change the plan).
        budget: the most tokens to request.
        can_probe: whether the connector holds credentials for an application (by name).
        include_failing: also send pairs the configuration predicts to fail.
    """
    send: list[Pair] = []
    skipped: list[tuple[Pair, str]] = []
    for pair in _ordered(ctx, _candidates(ctx)):
        if pair.expect == "unknown":
            continue
        if pair.expect != "token" and not include_failing:
            skipped.append((pair, f"predicted to fail ({pair.why}); not asked to send it"))
        elif not can_probe(pair.application):
            skipped.append((pair, "no credentials for this application"))
        elif len(send) >= budget:
            skipped.append((pair, f"over the budget of {budget} tokens"))
        else:
            send.append(pair)
    return Plan(tuple(send), tuple(skipped))
