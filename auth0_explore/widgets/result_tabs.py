"""The token form's result tabs: each a view of the last token, drawn when its tab is opened.

Only the open tab is rendered when a result arrives; the others are drawn when selected (the
timeline and the reproduction cost more than the claims table, and most clicks look at one
tab). The raw token sits behind its own button and is cleared on the next result.
"""

from __future__ import annotations

from typing import Any, Final

import ipywidgets as w

from auth0_explore.errors import ConfigError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.workbench import Workbench
from auth0_explore.widgets.views.audiences import AudiencesView
from auth0_explore.widgets.views.explanation import ExplanationView
from auth0_explore.widgets.views.inspection import ClaimsView, HeaderView
from auth0_explore.widgets.views.notice import Notice
from auth0_explore.widgets.views.raw import RawTokenView
from auth0_explore.widgets.views.timeline import TimelineView
from auth0_explore.widgets.views.validation import ValidationView

__all__ = ["RAW_CLASS", "TABS", "ResultTabs"]

#: the tabs, in order; "raw token" is the last
TABS: Final = (
    "claims",
    "header",
    "audiences",
    "validation",
    "explanation",
    "timeline",
    "reproduce",
    "raw token",
)
#: the CSS class of the pane that shows a revealed token (snapshots scrub it)
RAW_CLASS: Final = "a0x-revealed"

_EMPTY: Final = "No token yet: fill in the request and press Request token."


class ResultTabs:
    """A `Tab` widget over one attempt; `panes` maps each tab name to its HTML widget.

    The owner draws the tab that gets opened (`draw(current)` on `selected_index` changes),
    through its guarded handler.
    """

    def __init__(self, workbench: Workbench | None) -> None:
        self.workbench = workbench
        self.attempt: AttemptResult | None = None
        self.panes = {name: w.HTML(Notice(_EMPTY)._repr_html_()) for name in TABS[:-1]}
        self.reveal = w.Button(description="Reveal raw token", icon="eye")
        self.hide = w.Button(description="Hide", icon="eye-slash")
        self.raw = w.HTML()
        self.raw.add_class(RAW_CLASS)
        raw_tab = w.VBox([w.HBox([self.reveal, self.hide]), self.raw])
        self.widget = w.Tab(children=[*self.panes.values(), raw_tab], titles=list(TABS))
        self._drawn: set[str] = set(self.panes)  # the placeholders are drawn

    def show(self, attempt: AttemptResult) -> None:
        """Show a new token: the open tab now, the others when opened; the raw token hidden."""
        self.attempt = attempt
        self.clear_raw()
        self._drawn.clear()
        self.draw(self.current)

    @property
    def current(self) -> str:
        """The name of the open tab."""
        return TABS[self.widget.selected_index or 0]

    def select(self, name: str) -> str:
        """Open a tab (drawing it if needed) and return its HTML."""
        self.widget.selected_index = TABS.index(name)
        self.draw(name)
        pane = self.raw if name == TABS[-1] else self.panes[name]
        return str(pane.value)

    def draw(self, name: str) -> None:
        """Render one tab's view of the current attempt, if not drawn yet."""
        if name in self._drawn or name not in self.panes or self.attempt is None:
            return
        self.panes[name].value = self.view(name, self.attempt)._repr_html_()
        self._drawn.add(name)

    def view(self, name: str, attempt: AttemptResult) -> Any:
        """The view object a tab shows for `attempt` (also displayable on its own)."""
        inspection, report = attempt.inspection, attempt.report
        if inspection is None:
            return Notice(_EMPTY)
        if name == "claims":
            return ClaimsView(inspection, id_token=attempt.id_token)
        if name == "header":
            return HeaderView(inspection)
        if name == "audiences":
            return AudiencesView(attempt)
        if name == "validation":
            if report is None:
                return Notice(
                    "Not validated: no audience was asked for and the tenant's default "
                    "audience is not known, so there is no audience to expect."
                    if inspection.claims is not None
                    else f"Not validated: this is {inspection.message}."
                )
            return ValidationView(report)
        if name == "explanation":
            return ExplanationView(attempt.findings)
        if self.workbench is None:
            return Notice(_EMPTY)
        if name == "timeline":
            return TimelineView(self.workbench.timeline(attempt))
        try:
            return self.workbench.reproduce(attempt)
        except ConfigError as error:
            return Notice(str(error))

    def reveal_raw(self) -> None:
        """Show the raw tokens of the current attempt (until the next result or Hide)."""
        if self.attempt is None or self.attempt.token is None:
            raise ConfigError("no token to reveal yet: request one first")
        self.raw.value = RawTokenView(self.attempt.token)._repr_html_()

    def clear_raw(self) -> None:
        """Take the raw tokens off the screen (and out of the widget state)."""
        if self.raw.value:  # every click asks; setting a trait to itself still validates it
            self.raw.value = ""
