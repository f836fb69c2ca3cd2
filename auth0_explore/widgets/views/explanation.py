"""Why a token looks the way it does: one sentence per explanation rule that applied."""

from __future__ import annotations

from collections.abc import Sequence

from auth0_explore.tokens import Finding
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["ExplanationView"]


class ExplanationView:
    """The findings of an explanation (`tokens.explain`), by the claim they are about."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = findings

    def _repr_html_(self) -> str:
        if not self.findings:
            return block("explanation", "<p>No explanation rule applies to this token.</p>")
        rows = (
            (
                f"<code>{esc(f.subject)}</code>",
                esc(f.text),
                f"<span class='muted'>{esc(f.rule)}</span>",
            )
            for f in self.findings
        )
        return block("explanation", table(("about", "why", "rule"), rows, css="a0x-findings"))
