"""Tenant rules: legacy flags that keep deprecated grants and endpoints alive.

Auth0: management-api.md (tenant `flags`); audit-rules.md TEN-01.
"""

from __future__ import annotations

from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family

__all__ = ["LEGACY_FLAGS", "family"]

family = Family("tenant")
#: flag -> what it keeps alive
LEGACY_FLAGS = {
    "allow_legacy_ro_grant_types": "the legacy /oauth/ro resource-owner grants",
    "allow_legacy_delegation_grant_types": "the legacy delegation endpoint (/delegation)",
    "allow_legacy_tokeninfo_endpoint": "the legacy /tokeninfo endpoint",
}


@family.rule(
    "TEN-01",
    "A legacy flag keeps a deprecated grant or endpoint on",
    severity="high",
    rationale="/oauth/ro, /delegation and /tokeninfo predate OIDC conformance: they take "
    "passwords or exchange tokens outside today's checks, and Auth0 deprecated them.",
    doc="https://auth0.com/docs/get-started/tenant-settings#advanced",
    fix="Migrate what still calls them (Auth0's migration guides), then turn the flag off "
    "under Tenant Settings > Advanced > Migrations.",
    probe="partial",
    evidence="tenant settings flags",
)
def legacy_flags(ctx: AuditContext) -> Iterator[Hit]:
    flags = ctx.snapshot.settings.flags
    for flag, what in LEGACY_FLAGS.items():
        if flags.get(flag):
            yield Hit(
                "settings",
                "tenant",
                f"{flag} is on: it keeps {what} available.",
                {flag: True},
                key=flag,
            )
