"""The rule table as people read it: a DataFrame, and the Markdown of docs/reference/audit.md
(a test keeps that page's table equal to `rules_markdown()`: the docs follow the registry)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from auth0_explore.audit.model import Rule
from auth0_explore.audit.rules import RULES

__all__ = ["rules_frame", "rules_markdown"]


def rules_frame(rules: Sequence[Rule] = RULES) -> pd.DataFrame:
    """One row per rule: id, area, severity, title, probe, checkmate overlap, doc, evidence."""
    return pd.DataFrame(
        [
            (r.id, r.area, r.severity, r.title, r.probe, r.checkmate, r.doc, r.evidence, r.fix)
            for r in rules
        ],
        columns=["id", "area", "severity", "title", "probe", "checkmate", "doc", "evidence", "fix"],
    )


def rules_markdown(rules: Sequence[Rule] = RULES) -> str:
    """The reference page's rule table: id (linked to its documentation), severity, title, probe,
    checkmate overlap."""
    lines = [
        "| id | severity | rule | probe | checkmate overlap |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rules:
        checkmate = (r.checkmate or "—").replace("|", "/")
        lines.append(
            f"| [{r.id}]({r.doc}) | {r.severity} | {r.title.replace('|', '/')} | {r.probe} "
            f"| {checkmate} |"
        )
    return "\n".join(lines)
