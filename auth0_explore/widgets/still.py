"""A widget as plain HTML: what a page without a widget manager shows instead of the widget.

A widget's output is `application/vnd.jupyter.widget-view+json`, which only a live kernel (or
the widget JavaScript and a saved widget state) can draw; GitHub, nbviewer and a static HTML
export of the course show nothing in its place. Every `Panel` therefore adds this still picture
as `text/html` to its display data: the heading, the fields as filled in, the status and the
open tab's view. JupyterLab, Notebook, Voilà and VS Code still draw the live widget, which they
rank first.

Nothing secret is in it: password fields are never read, the revealed raw token's pane is
skipped, and every value shown is escaped.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from auth0_explore.widgets.result_tabs import RAW_CLASS
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["still_html"]

_NOTE = (
    "<p class='muted'>A still picture of an interactive widget: run the notebook in Jupyter "
    "(or Voilà) to use it.</p>"
)


def still_html(widget: w.Widget) -> str:
    """The widget's visible fields, texts and open tab as escaped, static HTML."""
    fields: list[tuple[str, str]] = []
    texts: list[str] = []
    _collect(widget, fields, texts)
    rows = [(f"<code>{esc(name)}</code>", esc(value)) for name, value in fields]
    shown = table(["field", "value"], rows, css="a0x-still") if rows else ""
    return block("still", "".join(texts[:1]) + _NOTE + shown + "".join(texts[1:]))


def _collect(widget: w.Widget, fields: list[tuple[str, str]], texts: list[str]) -> None:
    """Walk the visible widgets in order: labelled values into `fields`, HTML into `texts`."""
    if _hidden(widget) or isinstance(widget, w.Password | w.Button):
        return
    if isinstance(widget, w.HTML):
        if widget.value and RAW_CLASS not in widget._dom_classes:
            texts.append(str(widget.value))
        return
    if isinstance(widget, w.Tab):
        children = widget.children[widget.selected_index or 0 :][:1]
    else:
        children = getattr(widget, "children", ())
    description = getattr(widget, "description", None)
    if isinstance(widget, w.ValueWidget) and description:
        fields.append((str(description), _shown_value(widget)))
    for child in children:
        _collect(child, fields, texts)


def _shown_value(widget: Any) -> str:
    """What the field shows: a drop-down's label, a check box as yes/no, else the value."""
    if isinstance(widget, w.Dropdown | w.Select | w.RadioButtons):
        return str(widget.label or "")
    if isinstance(widget.value, bool):
        return "yes" if widget.value else "no"
    return str(widget.value if widget.value is not None else "")


def _hidden(widget: w.Widget) -> bool:
    layout = getattr(widget, "layout", None)
    return getattr(layout, "display", None) == "none"
