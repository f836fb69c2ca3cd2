"""What every view's HTML shares: one small stylesheet, escaping, tables.

Views are plain objects with `_repr_html_`: the widgets put that HTML into an `HTML` widget,
and a notebook shows the same object on its own (also on GitHub and nbviewer, where widgets
do not run). Everything shown passes through `html.escape`; values are shortened.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

from auth0_explore.tokens.display import show

__all__ = ["STYLE", "block", "esc", "table", "table_of_rows"]

#: classes are prefixed `a0x-` so a notebook's own styles are left alone
STYLE: Final = (
    "<style>"
    ".a0x{font:13px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328}"
    ".a0x table{border-collapse:collapse;margin:4px 0 8px}"
    # the doubled class outranks JupyterLab's (and nbconvert's) right-aligned output cells
    ".a0x.a0x th,.a0x.a0x td{border:1px solid #d0d7de;padding:3px 8px;text-align:left;"
    "vertical-align:top}"
    ".a0x th{background:#f6f8fa;font-weight:600}"
    ".a0x caption{text-align:left;font-weight:600;padding:2px 0}"
    ".a0x code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;"
    "padding:0 3px;border-radius:3px;word-break:break-all}"
    ".a0x td:first-child code{word-break:normal;white-space:nowrap}"
    ".a0x .ok{color:#1a7f37}.a0x .bad{color:#cf222e}.a0x .muted{color:#57606a}"
    ".a0x .diff{background:#fff3b0}"
    ".a0x-box{border-left:4px solid #0969da;padding:4px 10px;background:#f6f8fa;margin:4px 0}"
    ".a0x-box.bad{border-color:#cf222e;background:#fff5f5;color:#1f2328}"
    ".a0x-box.ok{border-color:#1a7f37;background:#f4fbf6;color:#1f2328}"
    "</style>"
)


def esc(value: object) -> str:
    """`value` as escaped text (`show`'s compact, shortened form for non-strings)."""
    if type(value) is str:
        # most values (URLs, ids, phrases) have nothing to escape: five scans, no copies
        if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
            return html.escape(value)
        return value
    if type(value) is int:  # claims are mostly strings and NumericDates: skip the JSON round
        return str(value)
    return html.escape(show(value))


def block(kind: str, body: str) -> str:
    """A view's HTML: the stylesheet and `body` in a `div.a0x.a0x-<kind>`."""
    return f"{STYLE}<div class='a0x a0x-{kind}'>{body}</div>"


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    css: str = "",
    caption: str = "",
) -> str:
    """A table whose cells are HTML already (escape them with `esc`)."""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return table_of_rows(headers, body, css=css, caption=caption)


def table_of_rows(headers: Sequence[str], body: str, *, css: str = "", caption: str = "") -> str:
    """A table around `body`, its `<tr>` rows already made (for views that make rows fast)."""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = _head(tuple(headers))
    return f"<table class='{css}'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@lru_cache(maxsize=128)
def _head(headers: tuple[str, ...]) -> str:
    """The header cells of a table: a view's column names, the same on every draw."""
    return "".join(f"<th>{html.escape(h)}</th>" for h in headers)
