"""What changed between two audit runs: findings new, fixed, or still there.

Findings are matched by fingerprint (rule, tenant, object), so a finding whose evidence moved
(a certificate's renewal date) is the same finding, `unchanged`; its message in the later run
is shown. `auth0-explore audit-diff BEFORE AFTER` prints it and exits 1 when a finding is new.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from auth0_explore.audit.model import Finding, ordered

__all__ = ["DIFF_COLUMNS", "diff_findings"]

#: the columns of `diff_findings`' frame
DIFF_COLUMNS = ("change", "tenant", "rule", "severity", "object", "message", "fingerprint")


def diff_findings(before: Iterable[Finding], after: Iterable[Finding]) -> pd.DataFrame:
    """One row per finding of either run: `new` (only after), `fixed` (only before) or
    `unchanged`; new first, then fixed, then unchanged, each most severe first."""
    old = {f.fingerprint: f for f in before}
    new = {f.fingerprint: f for f in after}
    rows = []
    for change, findings in (
        ("new", [f for fp, f in new.items() if fp not in old]),
        ("fixed", [f for fp, f in old.items() if fp not in new]),
        ("unchanged", [f for fp, f in new.items() if fp in old]),
    ):
        rows += [
            (change, f.tenant, f.rule, f.severity, f.object, f.message, f.fingerprint)
            for f in ordered(findings)
        ]
    return pd.DataFrame(rows, columns=list(DIFF_COLUMNS), dtype=object)
