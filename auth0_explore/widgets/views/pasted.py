"""The verdict on a pasted token: what it is, where its keys came from, valid or why not."""

from __future__ import annotations

from auth0_explore.explore.pasted import PastedToken
from auth0_explore.widgets.views.html import block, esc

__all__ = ["PastedView"]


class PastedView:
    """One box: the token's family and fingerprint, the verdict, and the keys used."""

    def __init__(self, check: PastedToken) -> None:
        self.check = check

    def _repr_html_(self) -> str:
        check, token = self.check, self.check.inspection
        alg = token.header.get("alg")
        head = (
            f"<p><b>{esc(token.family)}</b> · <code>{esc(token.token)}</code>"
            + (f" · alg {esc(alg)}" if alg else "")
            + (f" · {esc(token.remaining_text)}" if token.remaining_text else "")
            + "</p>"
        )
        report = check.report
        if report is None:
            return block("pasted", f"<div class='a0x-box'>{head}<p>{esc(check.problem)}</p></div>")
        verdict = (
            "<b class='ok'>✓ valid</b>"
            if report.valid
            else f"<b class='bad'>✗ invalid: {esc(report.reason)}</b>"
        )
        tone = "ok" if report.valid else "bad"
        return block(
            "pasted",
            f"<div class='a0x-box {tone}'>{head}<p>{verdict} for audience "
            f"<code>{esc(check.expected.get('audience'))}</code> · keys from "
            f"<code>{esc(check.keys_url)}</code></p></div>",
        )
