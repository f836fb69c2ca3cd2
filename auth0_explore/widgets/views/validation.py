"""A validation report: every check with what was expected and found, and the policy used."""

from __future__ import annotations

from auth0_explore.tokens import ValidationReport
from auth0_explore.tokens.reasons import REASONS
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["ValidationView"]

_MARK = {
    "passed": "<span class='ok'>✓</span>",
    "failed": "<span class='bad'>✗</span>",
    "not run": "<span class='muted'>·</span>",
}


class ValidationView:
    """The verdict, the policy it was checked against, and one row per check."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report

    def _repr_html_(self) -> str:
        report = self.report
        verdict = (
            "<b class='ok'>✓ valid</b>"
            if report.valid
            else f"<b class='bad'>✗ invalid: {esc(report.reason)}</b> — "
            f"{esc(REASONS.get(report.reason, ''))}"
        )
        checks = report.checks
        e = report.expectations  # the policy the token was checked against
        policy = [
            (name, f"<code>{esc(value)}</code>")
            for name, value in (
                ("profile", e.profile.name),
                ("issuers", list(e.issuers)),
                ("audience", e.audience),
                ("algorithms", list(e.algorithms)),
                ("leeway", e.window),
                ("required scopes", list(e.required_scopes)),
                ("expected client", e.client),
                ("nonce", e.nonce),
            )
            if value not in (None, "", [])
        ]
        rows = (
            (
                _MARK[c.status],
                esc(c.name),
                esc(c.expected),
                esc(c.found),
                esc(c.reason),
                esc(c.explanation),
            )
            for c in checks
        )
        return block(
            "validation",
            f"<p>{verdict}</p>"
            + table(("policy", ""), policy, css="a0x-policy", caption="checked against")
            + table(
                ("", "check", "expected", "found", "reason", "explanation"), rows, css="a0x-checks"
            ),
        )
