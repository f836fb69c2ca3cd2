"""Signing-key rules: the key states Auth0 reports, and what tokens and the JWKS of each domain
show.

Auth0: auth0-behavior §8.2 (JWKS, rotation states), §7 (the same keys on every domain);
token-validation (select by kid, expect several keys during rotation); audit-rules.md KEY-01..02.
"""

from __future__ import annotations

from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family
from auth0_explore.audit.rules.common import iso_seconds

__all__ = ["family"]

family = Family("keys")
_DOCS = "https://auth0.com/docs/get-started/tenant-settings/signing-keys"
_DAY = 86_400
#: validation failures that mean "these keys do not verify this token"
_KEY_REASONS = frozenset({"unknown_kid", "bad_signature", "ambiguous_kid", "key_not_for_signing"})


def _age_days(since: str | None, now: float) -> float | None:
    when = iso_seconds(since)
    return None if when is None else (now - when) / _DAY


def _key_problems(ctx: AuditContext) -> Iterator[tuple[str, str, dict[str, object]]]:
    keys = ctx.snapshot.signing_keys
    current = [k for k in keys if k.current and not k.revoked]
    if len(current) != 1:
        kids = [k.kid for k in current]
        yield "current", f"{len(current)} current signing keys", {"current": kids}
    if not any(k.next and not k.revoked for k in keys):
        yield "next", "no next key is published for the next rotation", {"next": None}
    for key in current:
        age = _age_days(key.current_since, ctx.now)
        if age is not None and age > ctx.options.key_max_age_days:
            yield (
                "age",
                f"the current key {key.kid} has signed for {age:.0f} days",
                {
                    "kid": key.kid,
                    "current_since": key.current_since,
                    "max_age_days": ctx.options.key_max_age_days,
                },
            )
    revoked = {k.kid for k in keys if k.revoked}
    for domain, published in ctx.probes.jwks.items():
        for kid in sorted(revoked & set(published)):
            yield (
                f"revoked@{domain}",
                f"the revoked key {kid} is still in {domain}'s JWKS",
                {
                    "kid": kid,
                    "domain": domain,
                },
            )


@family.rule(
    "KEY-01",
    "Signing keys are not in a clean rotation state",
    severity="medium",
    rationale="Validators cache the JWKS: a next key published ahead lets a rotation pass "
    "unnoticed, a current key signing for years was never rotated, and a revoked key still "
    "published still verifies tokens.",
    doc=f"{_DOCS}/rotate-signing-keys",
    fix="Rotate the signing key (Tenant Settings > Signing Keys) on a schedule; revoke the "
    "previous key once tokens it signed have expired.",
    probe="yes",
    evidence="keys/signing: current, next, current_since, revoked; probes: every domain's JWKS",
)
def rotation_state(ctx: AuditContext) -> Iterator[Hit]:
    if not ctx.snapshot.signing_keys:
        return  # exports carry no keys: nothing to judge
    for key, problem, evidence in _key_problems(ctx):
        yield Hit(
            "signing_key",
            "signing keys",
            f"{problem[0].upper()}{problem[1:]}.",
            evidence,
            key=key,
            confirmed=True if key.startswith("revoked@") else None,
        )


def _token_key_problems(ctx: AuditContext) -> Iterator[tuple[str, str, str, dict[str, object]]]:
    current = {k.kid for k in ctx.snapshot.signing_keys if k.current and not k.revoked}
    for pair, seen in ctx.probes.tokens():
        if seen.alg == "HS256" or seen.kid is None:
            continue  # signed with the API's secret: no tenant key involved
        published = ctx.probes.jwks.get(pair.domain)
        if current and seen.kid not in current:
            yield (
                pair.label,
                "signed by a key that is not the current one",
                pair.domain,
                {"kid": seen.kid, "current": sorted(current)},
            )
        elif published is not None and seen.kid not in published:
            yield (
                pair.label,
                f"signed by {seen.kid}, absent from the domain's JWKS",
                pair.domain,
                {"kid": seen.kid, "jwks": list(published)},
            )
        elif seen.reason in _KEY_REASONS:
            yield (
                pair.label,
                f"does not verify with the domain's JWKS ({seen.reason})",
                pair.domain,
                {"kid": seen.kid, "reason": seen.reason},
            )


@family.rule(
    "KEY-02",
    "A token's key is not the current key, or domains publish different keys",
    severity="medium",
    rationale="Every domain of a tenant publishes the same keys and tokens are signed by the "
    "current one; otherwise validators that fetched one domain's JWKS refuse tokens from the "
    "other (unknown kid).",
    doc="https://auth0.com/docs/secure/tokens/json-web-tokens/json-web-key-sets",
    fix="Check for a proxy or cache serving an old JWKS on one domain; after a rotation, let "
    "validators refetch the JWKS on an unknown kid.",
    probe="yes",
    evidence="probes: header kid of each token and the JWKS of every domain; keys/signing",
)
def token_keys(ctx: AuditContext) -> Iterator[Hit]:
    for label, problem, domain, evidence in _token_key_problems(ctx):
        yield Hit(
            "probe",
            label,
            f"The token for {label} is {problem}.",
            evidence,
            key=domain,
            confirmed=True,
        )
    published = {domain: frozenset(kids) for domain, kids in ctx.probes.jwks.items()}
    if len(set(published.values())) > 1:
        yield Hit(
            "settings",
            "tenant",
            "The domains publish different JWKS: "
            + "; ".join(f"{d}: {', '.join(sorted(k))}" for d, k in sorted(published.items()))
            + ".",
            {d: sorted(k) for d, k in published.items()},
            key="jwks",
            confirmed=True,
        )
