"""Why a token (or a refusal) looks the way it does: one sentence per rule that applied."""

from __future__ import annotations

from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["ExplanationView"]


class ExplanationView:
    """The explanation's findings by claim; for a refusal, why Auth0 answers it and what to do."""

    def __init__(self, attempt: AttemptResult) -> None:
        self.attempt = attempt

    def _repr_html_(self) -> str:
        attempt = self.attempt
        if not attempt.ok:
            lines = [attempt.explanation, attempt.hint and f"What to do: {attempt.hint}"]
            shown = "".join(f"<p class='a0x-box'>{esc(line)}</p>" for line in lines if line)
            return block("explanation", shown or "<p>No explanation for this error.</p>")
        rows = (
            (
                f"<code>{esc(f.subject)}</code>",
                esc(f.text),
                f"<span class='muted'>{esc(f.rule)}</span>",
            )
            for f in attempt.findings
        )
        return block("explanation", table(("about", "why", "rule"), rows, css="a0x-findings"))
