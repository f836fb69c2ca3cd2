"""An attempts DataFrame as a compact table: the columns that tell the story, errors marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from auth0_explore.explore.compare import show_value
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["FrameView"]

#: the columns shown by default (the DataFrame keeps them all)
SUMMARY: Final = (
    "configuration",
    "scenario",
    "domain",
    "grant",
    "outcome",
    "status",
    "error_description",
    "aud",
    "iss",
    "valid",
)


class FrameView:
    """Rows of `Run.frame()` (or `TokenForm.frame()`), a summary of columns; refusals in red."""

    def __init__(self, frame: pd.DataFrame, columns: Sequence[str] = SUMMARY) -> None:
        self.frame = frame
        self.columns = [c for c in columns if c in frame.columns]

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return block("frame", "<p class='a0x-box'>No attempts yet.</p>")
        rows = []
        for record in self.frame[self.columns].to_dict("records"):
            cells = [esc(show_value(record[c])) for c in self.columns]
            if record.get("outcome") == "error":
                cells = [f"<span class='bad'>{cell}</span>" for cell in cells]
            rows.append(cells)
        shown, every = len(self.columns), len(self.frame.columns)
        caption = f"{len(self.frame)} attempts ({shown} of {every} columns)"
        return block("frame", table(self.columns, rows, css="a0x-attempts", caption=caption))
