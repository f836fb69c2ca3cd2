"""`ClockLab`: move the shared clock and watch tokens expire; renew by refresh or a new login.

    sb = Sandbox(clock=FrozenClock()).start()
    ClockLab(sb)

The slider sets the clock the sandbox and the validator share (hours after the lab started);
each token is validated again at that time with the leeway chosen, and the timeline shows
which are still valid. A thin view over `explore.renewal.RenewalSession`; `lab.result` is the
`RenewalChain` as of the clock's time.
"""

from __future__ import annotations

from typing import Any, Final

import ipywidgets as w

from auth0_explore.clock import to_datetime
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.explore.renewal import RenewalChain, RenewalSession
from auth0_explore.explore.targets import Target
from auth0_explore.tokens import DEFAULT_LEEWAY
from auth0_explore.widgets.base import Panel
from auth0_explore.widgets.views.frame import FrameView
from auth0_explore.widgets.views.html import block, esc
from auth0_explore.widgets.views.notice import Notice
from auth0_explore.widgets.views.timeline import TimelineView

__all__ = ["ClockLab"]

_STEPS: Final = ("step", "action", "access_token", "exp", "valid", "first_failed_check")


class ClockLab(Panel):
    """A login, its renewals, and a slider over time.

    Args:
        sandbox: a running sandbox whose clock is a `FrozenClock` (time moves, never waits).
        application: the application that logs in (`spa` rotates refresh tokens).
        hours: how far the slider reaches.
    """

    def __init__(self, sandbox: Any, *, application: str = "spa", hours: float = 48.0) -> None:
        self.sandbox = sandbox
        self.result: RenewalChain | None = None
        self.session: RenewalSession | None = None
        self._target = Target.from_sandbox(sandbox, "clock")
        problem: Auth0ExploreError | None = None
        try:
            self.session = RenewalSession(self._target, application=application)
        except Auth0ExploreError as error:
            problem = error
        self.start_time = sandbox.clock.now()
        self.hours = w.FloatSlider(
            value=0.0,
            min=0.0,
            max=hours,
            step=0.25,
            readout_format=".2f",
            description="hours",
            continuous_update=False,
            layout=w.Layout(width="600px"),
        )
        self.leeway = w.IntSlider(
            value=int(DEFAULT_LEEWAY),
            min=0,
            max=600,
            step=10,
            description="leeway (s)",
            continuous_update=False,
        )
        self.login = w.Button(description="Log in", button_style="primary", icon="sign-in")
        self.refresh = w.Button(description="Refresh", icon="refresh")
        self.login_again = w.Button(description="Log in again", icon="sign-in")
        self.clock_view = w.HTML()
        self.timeline_view = w.HTML()
        self.steps_view = w.HTML()
        rows = [
            self.hours,
            self.leeway,
            w.HBox([self.login, self.refresh, self.login_again]),
            self.clock_view,
        ]
        super().__init__(
            "Clock lab",
            rows,
            note=f"— {application} logs in as {self._target.user}",
            footer=[self.timeline_view, self.steps_view],
        )
        self.on_click(self.login, lambda: self._step("login"))
        self.on_click(self.refresh, lambda: self._step("refresh"))
        self.on_click(self.login_again, lambda: self._step("re-authenticate"))
        self.hours.observe(self.guard(self._moved), names="value")
        self.leeway.observe(self.guard(self._redraw), names="value")
        self._redraw()
        if problem is not None:
            self.show_problem(problem)

    def _session(self) -> RenewalSession:
        if self.session is None:
            raise ConfigError(
                "the clock lab needs a sandbox on a FrozenClock: "
                "Sandbox(profile=..., clock=FrozenClock())"
            )
        return self.session

    def _step(self, action: str) -> None:
        session = self._session()
        step = session.refresh() if action == "refresh" else session.login(action)
        token = step.token.access_token_fingerprint if step.token else "-"
        self.status.value = Notice(f"{action}: new access token {token}", tone="ok")._repr_html_()
        self._redraw()

    def _moved(self) -> None:
        self._session().move_to(self.start_time + float(self.hours.value) * 3600)
        self._redraw()

    def _redraw(self) -> None:
        now = self.sandbox.clock.now()
        offset = (now - self.start_time) / 3600
        self.clock_view.value = block(
            "clock",
            f"<p>clock: <b>{esc(to_datetime(now).strftime('%Y-%m-%d %H:%M:%S'))} UTC"
            f"</b> <span class='muted'>({offset:+.2f} h since the lab started)</span></p>",
        )
        if self.session is None or not self.session.steps:
            self.timeline_view.value = Notice("Log in to get tokens.")._repr_html_()
            return
        self.session.leeway = float(self.leeway.value)
        chain = self.session.now()
        self.result = chain
        self.timeline_view.value = TimelineView(chain.timeline(now=now))._repr_html_()
        self.steps_view.value = FrameView(chain.frame(), _STEPS)._repr_html_()

    def close(self) -> None:
        """Close the lab's connections, then the lab."""
        super().close()
        if self.session is not None:
            self.session.close()
        self._target.close()
