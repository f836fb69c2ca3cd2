"""What every widget shares: a heading, a status pane, guarded handlers, owned background work.

ipywidgets swallows an exception raised in a button handler (a logged warning, nothing on
screen), so every handler goes through `Panel.guard`: the error is shown in the widget's status
pane and the widget stays usable. Background work (a device flow, a running matrix) is owned by
the widget and ends with `close()`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import ipywidgets as w

from auth0_explore.secrets import Secret
from auth0_explore.widgets.still import still_html
from auth0_explore.widgets.views.html import block, esc
from auth0_explore.widgets.views.problem import ProblemView

__all__ = ["Panel", "Stoppable", "close_tree", "field", "secret_field", "take_secret"]

#: how wide field labels are, so the fields line up
LABEL_STYLE = {"description_width": "110px"}


class Stoppable(Protocol):
    """Background work a widget owns: `cancel()` ends it and waits for it."""

    def cancel(self) -> None: ...


def take_secret(field: w.Password) -> Secret | None:
    """Move what was typed into a `Secret` and clear the field, before anything else happens.

    The field's value is synced widget state: it would otherwise sit in the front end, in a
    saved notebook's widget state and in any exported snapshot.
    """
    value = field.value
    if not value:
        return None
    field.value = ""
    return Secret(value)


def secret_field(name: str, placeholder: str, keep: Callable[[Secret], None]) -> w.Password:
    """A password field that hands what is typed to `keep` as a `Secret` and clears itself the
    moment the value reaches the kernel (Enter, or leaving the field), before anything else.

    So a secret is in the widget state only while the front end sends it: never in a saved
    notebook's widget state, an export, or the kernel's copy of the field.
    """
    widget: w.Password = field(w.Password, name, placeholder=placeholder, continuous_update=False)

    def taken(_: Any) -> None:
        secret = take_secret(widget)
        if secret is not None:
            keep(secret)

    widget.observe(taken, names="value")
    return widget


def field(kind: type[w.Widget], name: str, **options: Any) -> Any:
    """A labelled input whose description is the request parameter it fills."""
    return kind(description=name, style=LABEL_STYLE, layout=w.Layout(width="420px"), **options)


def close_tree(widget: w.Widget) -> None:
    """Close a widget and, for boxes and tabs, everything inside it (their comms too)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


class Panel(w.VBox):  # type: ignore[misc]  # ipywidgets ships no type hints
    """A widget: heading, the caller's rows, a status pane; errors in handlers are shown."""

    def __init__(
        self,
        title: str,
        rows: Sequence[w.Widget],
        *,
        note: str = "",
        footer: Sequence[w.Widget] = (),
    ) -> None:
        self.heading = w.HTML(block("heading", f"<b>{esc(title)}</b> {esc(note)}"))
        #: what the last action did, or why it failed (an error never escapes a handler)
        self.status = w.HTML()
        self._background: list[Stoppable] = []
        super().__init__([self.heading, *rows, self.status, *footer])
        self.add_class("a0x-panel")

    def guard(self, action: Callable[[], None]) -> Callable[[Any], None]:
        """`action` as an ipywidgets callback whose errors are shown, never swallowed."""

        def handler(*_: Any) -> None:
            try:
                action()
            except Exception as error:  # noqa: BLE001 - shown in the widget, not lost in a log
                self.show_problem(error)

        return handler

    def on_click(self, button: w.Button, action: Callable[[], None]) -> None:
        """Run `action` when `button` is clicked, errors shown."""
        button.on_click(self.guard(action))

    def show_problem(self, error: BaseException) -> None:
        """Show an error in the status pane."""
        self.status.value = ProblemView(error)._repr_html_()

    def own(self, work: Stoppable) -> None:
        """Take ownership of background work: `close()` cancels it."""
        self._background.append(work)

    def stop_background(self) -> None:
        """Cancel and wait for every piece of background work this widget owns."""
        while self._background:
            self._background.pop().cancel()

    def close(self) -> None:
        """End background work, then close the widget and every widget inside it."""
        self.stop_background()
        for child in self.children:
            close_tree(child)
        super().close()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """The live widget, plus a still `text/html` picture for pages that cannot draw it
        (a static HTML export, GitHub, nbviewer); front ends with widgets draw the widget."""
        bundle: dict[str, Any] = super()._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/html"] = still_html(self)
        return bundle

    def __repr__(self) -> str:
        # the default repr lists every child's value: short and free of field contents instead
        return f"{type(self).__name__}()"
