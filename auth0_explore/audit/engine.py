"""Running the rules: a snapshot (and probe results) in, an `Audit` with its findings out.

    result = audit(snapshot)                              # configuration only
    result = audit(snapshot, probes, options=AuditOptions(issuers=("https://login.example.com/",)))
    result.frame()                                        # the findings DataFrame

Every rule of the table runs (or those `options.rules` names); each hit becomes a `Finding` for
the tenant, ordered most severe first. A baseline marks the findings it accepts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from auth0_explore.audit.context import AuditContext, AuditOptions
from auth0_explore.audit.model import SEVERITIES, Finding, Rule, at_least, ordered
from auth0_explore.audit.probes.model import Probes
from auth0_explore.audit.rules import RULES, rule
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.snapshot.model import Snapshot

if TYPE_CHECKING:
    import pandas as pd

    from auth0_explore.audit.baseline import Baseline

__all__ = ["Audit", "audit", "run_rules"]


def run_rules(context: AuditContext, tenant: str, rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Every hit of `rules` on `context`, as findings of `tenant`, most severe first."""
    wanted = {rule(r).id for r in context.options.rules}
    found = [
        Finding.of(r, hit, tenant)
        for r in rules
        if not wanted or r.id in wanted
        for hit in r.check(context)
    ]
    return ordered(found)


@dataclass(frozen=True)
class Audit:
    """One tenant's audit: its findings and what they were drawn from."""

    tenant: str
    findings: tuple[Finding, ...]
    snapshot: Snapshot
    probes: Probes = field(default_factory=Probes)
    options: AuditOptions = field(default_factory=AuditOptions)

    def frame(self) -> pd.DataFrame:
        """The findings DataFrame (`audit.frame.COLUMNS`)."""
        from auth0_explore.audit.frame import findings_frame

        return findings_frame(self.findings)

    def counts(self) -> dict[str, int]:
        """Findings per severity (baselined ones left out), every severity listed."""
        counted = Counter(f.severity for f in self.findings if not f.baselined)
        return {s: counted.get(s, 0) for s in SEVERITIES}

    def failing(self, threshold: str) -> list[Finding]:
        """The findings at `threshold` or worse that no baseline accepts."""
        return [f for f in self.findings if not f.baselined and at_least(f.severity, threshold)]

    def with_baseline(self, baseline: Baseline) -> Audit:
        """The same audit with the findings `baseline` accepts marked `baselined`."""
        return replace(self, findings=tuple(baseline.apply(self.findings)))

    def _repr_html_(self) -> str:
        from auth0_explore.audit.report.html import findings_html

        return findings_html(self.findings, title=f"Audit of {self.tenant}")

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {s}" for s, n in self.counts().items() if n)
        return (
            f"Audit({self.tenant}: {len(self.findings)} findings{': ' + counts if counts else ''})"
        )


def audit(
    snapshot: Snapshot,
    probes: Probes | None = None,
    *,
    tenant: str | None = None,
    options: AuditOptions | None = None,
    domain: str = "",
    rules: Iterable[Rule] = RULES,
    clock: Clock | None = None,
) -> Audit:
    """Run the rules on one tenant's snapshot and probe results.

    Args:
        snapshot: the configuration (`tenant.management.snapshot()`, `load_json`, ...).
        probes: what `probe(...)` saw; None for a configuration-only audit.
        tenant: the label findings carry; default: the snapshot's domain.
        options: accepted issuers, the audit's time, thresholds, which rules.
        domain: the domain the configuration was read through (the default accepted issuer).
        rules: the rule table (default: every rule).
        clock: the audit's time when `options.now` is None (certificate and key ages).
    """
    options = options or AuditOptions()
    if options.now is None:
        options = replace(options, now=(clock or SystemClock()).now())
    probes = probes or Probes()
    label = tenant or snapshot.source.domain or snapshot.source.kind
    context = AuditContext(snapshot, probes, options, domain)
    findings = run_rules(context, label, tuple(rules))
    return Audit(label, tuple(findings), snapshot, probes, options)
