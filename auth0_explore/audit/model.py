"""Rules and findings: what a rule is, what it reports, and how severe that is.

A `Rule` is plain metadata around one function, its `check`: given an `AuditContext` (a
snapshot, probe results, options) it yields `Hit`s, one per object it found wrong. The engine
turns each hit into a `Finding` with the rule's metadata and the tenant's name, and gives it a
`fingerprint` that stays the same from run to run while the problem does (baselines and run-to-run
diffs match findings by it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from auth0_explore.audit.context import AuditContext

__all__ = [
    "AREAS",
    "SEVERITIES",
    "Check",
    "Finding",
    "Hit",
    "ProbeSupport",
    "Rule",
    "Severity",
    "at_least",
    "fingerprint_of",
    "ordered",
]

Severity = Literal["critical", "high", "medium", "low", "info"]
#: most severe first
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")
#: the families of rules, in the order reports list them
AREAS = ("audience", "grants", "clients", "tenant", "domains", "keys", "tokens")
#: whether the audit's probes confirm a rule: yes (a client-credentials or JWKS request it
#: sends), partial (only with a user flow, a Management call or a request the audit does not
#: send), no (configuration only)
ProbeSupport = Literal["yes", "partial", "no"]


_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}


def at_least(severity: str, threshold: str) -> bool:
    """True when `severity` is `threshold` or more severe (both names of `SEVERITIES`)."""
    return _RANK[severity] <= _RANK[threshold]


@dataclass(frozen=True)
class Hit:
    """What one rule found about one object; the engine adds the rule's metadata.

    Attributes:
        object_kind: `settings`, `api`, `application`, `client_grant`, `organization`,
            `custom_domain`, `signing_key` or `probe`.
        object: the object as people name it (an identifier, a name, `app → audience`).
        message: one sentence about this object.
        evidence: the fields (and probe results) that show it, as JSON-able values.
        fix: what to change for this object; the rule's general fix when empty.
        key: tells apart two hits of one rule on one object (e.g. which scope).
        confirmed: True when a probe showed it, False when a probe showed otherwise, None
            when no probe looked.
    """

    object_kind: str
    object: str
    message: str
    evidence: Mapping[str, Any] = field(default_factory=dict)
    fix: str = ""
    key: str = ""
    confirmed: bool | None = None


Check = Callable[["AuditContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """One audit rule: a stable id, what it checks and why, and the function that checks it.

    Attributes:
        id: stable once published (`AUD-01`); baselines and SARIF refer to it.
        title: a short sentence naming the problem.
        severity: how bad a hit is (`SEVERITIES`).
        area: the family (`AREAS`).
        rationale: why it matters, in a sentence or two.
        doc: the Auth0 documentation page that says so.
        fix: the general fix.
        probe: whether a token request can confirm it (`ProbeSupport`).
        evidence: which objects, fields and probe it reads.
        checkmate: the auth0-checkmate check it overlaps, if any.
        check: the function.
    """

    id: str
    title: str
    severity: Severity
    area: str
    rationale: str
    doc: str
    fix: str
    probe: ProbeSupport
    evidence: str
    check: Check = field(repr=False, compare=False)
    checkmate: str | None = None


@dataclass(frozen=True)
class Finding:
    """A hit with its rule's metadata, for one tenant: one row of the findings frame."""

    tenant: str
    rule: str
    title: str
    severity: Severity
    area: str
    object_kind: str
    object: str
    message: str
    evidence: Mapping[str, Any]
    fix: str
    doc: str
    checkmate: str | None
    confirmed: bool | None
    fingerprint: str
    baselined: bool = False

    @classmethod
    def of(cls, rule: Rule, hit: Hit, tenant: str) -> Finding:
        """The finding a rule's hit makes on a tenant."""
        return cls(
            tenant=tenant,
            rule=rule.id,
            title=rule.title,
            severity=rule.severity,
            area=rule.area,
            object_kind=hit.object_kind,
            object=hit.object,
            message=hit.message,
            evidence=dict(hit.evidence),
            fix=hit.fix or rule.fix,
            doc=rule.doc,
            checkmate=rule.checkmate,
            confirmed=hit.confirmed,
            fingerprint=fingerprint_of(rule.id, tenant, hit.object_kind, hit.object, hit.key),
        )

    def _repr_html_(self) -> str:
        from auth0_explore.audit.report.html import CSS, finding_html

        return f"<style>{CSS}</style><div class='a0x-audit'>{finding_html(self)}</div>"


def fingerprint_of(rule: str, tenant: str, object_kind: str, name: str, key: str = "") -> str:
    """A short stable id: the same rule on the same object of the same tenant (not the
    evidence, which may drift, e.g. a certificate's renewal date)."""
    text = "\x1f".join((rule, tenant, object_kind, name, key))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then by area, rule and object: the order every report uses."""
    return sorted(
        findings,
        key=lambda f: (
            f.tenant,
            _RANK[f.severity],
            AREAS.index(f.area) if f.area in AREAS else len(AREAS),
            f.rule,
            f.object,
        ),
    )
