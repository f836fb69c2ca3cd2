"""Widget snapshots without secrets: the state a static HTML export embeds, scrubbed.

A password field's value is synced widget state (`PasswordModel.value`), and a revealed raw
token sits in an HTML widget; `ipywidgets.embed` would write both into the page. The widgets
clear their password fields at once and hide the raw token on the next request; these helpers
scrub both anyway, so an export made at any moment holds neither.

    export_html("form.html", [form])        # a page that shows the form as it is (buttons inert)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w
from ipywidgets.embed import dependency_state, embed_minimal_html

from auth0_explore.widgets.result_tabs import RAW_CLASS

__all__ = ["export_html", "scrub", "widget_state"]


def scrub(state: dict[str, Any]) -> dict[str, Any]:
    """Blank, in a manager state (model id -> model entry), every password field's value and
    every revealed token; returns the same dict."""
    for entry in state.values():
        model = entry.get("state", {})
        if entry.get("model_name") == "PasswordModel" or RAW_CLASS in model.get("_dom_classes", ()):
            model["value"] = ""
    return state


def widget_state(views: Sequence[w.Widget] | None = None) -> dict[str, Any]:
    """The scrubbed state of `views` and every widget they hold (None: every live widget)."""
    if views is None:
        state = w.Widget.get_manager_state(drop_defaults=True)["state"]
    else:
        state = dependency_state(list(views), drop_defaults=True)
    return scrub(state)


def export_html(
    path: str | Path, views: Sequence[w.Widget], *, title: str = "auth0-explore"
) -> Path:
    """A standalone HTML page of `views` with their scrubbed state; returns its path."""
    target = Path(path)
    embed_minimal_html(str(target), views=list(views), title=title, state=widget_state(views))
    return target
