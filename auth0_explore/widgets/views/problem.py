"""An error raised inside a widget, shown where the widget is (ipywidgets would swallow it)."""

from __future__ import annotations

from auth0_explore.errors import Auth0ExploreError, OAuthError
from auth0_explore.widgets.views.html import block, esc

__all__ = ["ProblemView"]


class ProblemView:
    """The toolkit's errors say what was wrong and what to do; anything else is a bug to report."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def _repr_html_(self) -> str:
        error = self.error
        if isinstance(error, OAuthError):
            text = f"{error.status} {error.error}: {error.error_description}"
            hint = f"<p><b>What to do:</b> {esc(error.hint)}</p>" if error.hint else ""
            body = f"<p><b class='bad'>✗</b> <code>{esc(text)}</code></p>{hint}"
        elif isinstance(error, Auth0ExploreError):
            body = f"<p><b class='bad'>✗ {esc(type(error).__name__)}</b>: {esc(str(error))}</p>"
        else:
            body = (
                f"<p><b class='bad'>✗ unexpected {esc(type(error).__name__)}</b>: "
                f"{esc(str(error))}</p><p class='muted'>This is a bug in auth0-explore; "
                "the widget still works. Please report it with the steps that led here.</p>"
            )
        return block("problem", f"<div class='a0x-box bad'>{body}</div>")
