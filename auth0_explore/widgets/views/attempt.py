"""The one-line verdict on an attempt: the token and whether it is valid, or Auth0's error."""

from __future__ import annotations

from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.widgets.views.html import block, esc

__all__ = ["AttemptView"]


class AttemptView:
    """What came back: status, token family, verdict, expiry and tries — or the error.

    An error shows Auth0's `error` and `error_description` exactly, why Auth0 answers that,
    and what to do next.
    """

    def __init__(self, attempt: AttemptResult) -> None:
        self.attempt = attempt

    def _repr_html_(self) -> str:
        attempt = self.attempt
        tries = _tries(attempt.http_attempts)
        if not attempt.ok:
            status = f"{attempt.status} " if attempt.status is not None else ""
            parts = [
                f"<p><b class='bad'>✗ {esc(status)}{esc(attempt.error or 'error')}</b>{tries}</p>",
                f"<p><code>{esc(attempt.error_description or '')}</code></p>",
            ]
            if attempt.explanation:
                parts.append(f"<p><b>Why:</b> {esc(attempt.explanation)}</p>")
            if attempt.hint:
                parts.append(f"<p><b>What to do:</b> {esc(attempt.hint)}</p>")
            return block("attempt", f"<div class='a0x-box bad'>{''.join(parts)}</div>")
        inspection, report = attempt.inspection, attempt.report
        family = inspection.family if inspection else "token"
        verdict = " · <span class='muted'>not validated</span>"
        if report is not None:
            verdict = (
                " · <span class='ok'>valid</span>"
                if report.valid
                else f" · <span class='bad'>invalid: {esc(report.reason)}</span>"
            )
        remaining = inspection.remaining_text if inspection is not None else ""
        expiry = f" · {esc(remaining)}" if remaining else ""
        return block(
            "attempt",
            f"<div class='a0x-box ok'><b class='ok'>✓ {attempt.status}</b> {esc(family)}"
            f"{verdict}{expiry} · <code>{esc(attempt.base_url)}</code>{tries}</div>",
        )


def _tries(count: int) -> str:
    return f" <span class='muted'>· {count} HTTP attempts</span>" if count > 1 else ""
