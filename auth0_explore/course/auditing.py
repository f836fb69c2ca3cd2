"""The audit lesson's helpers: each configuration of a lesson audited, and its findings and
probes as one DataFrame each.

    audits = course.audit(lesson, budget=10)     # label -> Audit (rules and probes)
    course.findings(audits)                       # every finding, a `tenant` column first

On the sandbox, each configuration is read through its Management API and probed as every
application; on your tenant, read-only as `AUTH0_CLIENT_ID` (which needs the Management API's
read scopes) with at most 3 tokens. When your application cannot read the configuration, the
reason (the missing scope and where to grant it) is shown and the lesson goes on without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from auth0_explore.audit.engine import Audit
from auth0_explore.audit.frame import findings_frame
from auth0_explore.audit.probes.frame import PROBE_COLUMNS
from auth0_explore.audit.sources import ProbeSettings, audit_live, audit_sandbox
from auth0_explore.errors import Auth0ExploreError
from auth0_explore.widgets.views.notice import Notice

if TYPE_CHECKING:
    from auth0_explore.course.lesson import Lesson

__all__ = ["LIVE_BUDGET", "audit", "findings", "probes"]

#: the most tokens the lesson spends on your tenant (each costs M2M quota)
LIVE_BUDGET = 3


def audit(lesson: Lesson, *, budget: int = 10) -> dict[str, Audit]:
    """Each configuration of `lesson` audited with probes, by its label."""
    if not lesson.live:
        probes = ProbeSettings(budget=budget)
        return {
            target.label: audit_sandbox(sandbox, label=target.label, probes=probes)
            for target, sandbox in zip(lesson.targets, lesson.sandboxes, strict=True)
        }
    probes = ProbeSettings(budget=min(budget, LIVE_BUDGET))
    try:
        return {
            lesson.target.label: audit_live(
                lesson.tenant.connection, label=lesson.target.label, probes=probes
            )
        }
    except Auth0ExploreError as error:
        from IPython.display import display

        reason = f"Your tenant's configuration could not be read, so it is not audited: {error}"
        display(Notice(reason, tone="bad"))  # type: ignore[no-untyped-call]  # IPython is untyped
        return {}


def findings(audits: dict[str, Audit]) -> pd.DataFrame:
    """Every audit's findings in one frame (`audit.frame.COLUMNS`; none: the empty schema)."""
    frames = [a.frame() for a in audits.values()]
    return pd.concat(frames, ignore_index=True) if frames else findings_frame([])


def probes(audits: dict[str, Audit]) -> pd.DataFrame:
    """Every audit's probes in one frame, a `tenant` column first (tokens as fingerprints)."""
    frames = [a.probes.frame().assign(tenant=label) for label, a in audits.items() if a.probes]
    if not frames:
        return pd.DataFrame(columns=["tenant", *PROBE_COLUMNS])
    frame = pd.concat(frames, ignore_index=True)
    return frame[["tenant", *PROBE_COLUMNS]]
