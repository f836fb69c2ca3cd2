"""A sentence in a box: what a pane shows when there is nothing else to show, and why."""

from __future__ import annotations

from auth0_explore.widgets.views.html import block, esc

__all__ = ["Notice"]


class Notice:
    """One message, escaped; `tone` is "" (neutral), "ok" or "bad"."""

    def __init__(self, text: str, *, tone: str = "") -> None:
        self.text = text
        self.tone = tone

    def _repr_html_(self) -> str:
        return block("notice", f"<p class='a0x-box {self.tone}'>{esc(self.text)}</p>")
