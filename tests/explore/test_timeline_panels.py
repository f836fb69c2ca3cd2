"""Timelines keep the access token readable: each kind of token is drawn on its own axis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd

from auth0_explore.explore.timeline import TIMELINE_COLUMNS, plot_timeline, timeline_panels
from auth0_explore.widgets.views import TimelineView

T0 = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _frame(*kinds: str, now: datetime = T0 + 2 * DAY) -> pd.DataFrame:
    """A login's tokens: access 24 h, ID 10 h, refresh 30 days (a renewal a day later)."""
    lifetimes = {"access": DAY, "id": timedelta(hours=10), "refresh": 30 * DAY}
    rows = []
    for step, start in (("1 login", T0), ("2 refresh", T0 + DAY)):
        for kind in kinds:
            end = start + lifetimes[kind]
            renew = end - timedelta(minutes=1) if kind == "access" else None
            leeway = 0.0 if kind == "refresh" else 60.0
            rows.append((step, kind, f"sha256:{kind}", start, end, lifetimes[kind].total_seconds(),
                         renew, leeway, end <= now))  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    for name in ("issued", "expires", "renew_at"):
        frame[name] = pd.to_datetime(frame[name], utc=True)
    frame.attrs["now"] = now
    return frame


def test_each_kind_of_token_gets_its_own_panel_spanning_its_own_lifetimes() -> None:
    """Access tokens (24 h) in a panel about two days wide, ID tokens (10 h) in their own,
    the 30-day refresh tokens below; "now" is drawn where it falls within a panel."""
    access, ids, refresh = timeline_panels(_frame("access", "id", "refresh"))
    assert (access.title, ids.title, refresh.title) == (
        "Access tokens",
        "ID tokens",
        "Refresh tokens",
    )
    assert [b.kind for b in access.bars] == ["access", "access"]
    assert [b.kind for b in refresh.bars] == ["refresh", "refresh"]
    assert access.end - access.start <= 2 * DAY + timedelta(minutes=2)  # "now" is at 2 days
    assert ids.end - ids.start <= 2 * DAY + timedelta(minutes=2)
    assert refresh.end - refresh.start > 30 * DAY
    assert access.now == refresh.now == T0 + 2 * DAY


def test_a_short_access_token_is_not_flattened_by_the_id_token() -> None:
    """Ten-minute access tokens with ten-hour ID tokens: the access panel spans the day of the
    two logins, not the ID tokens' hours after the last one."""
    frame = _frame("access", "id", now=T0 + DAY + timedelta(minutes=5))
    frame.loc[frame["token"] == "access", "expires"] = frame["issued"] + timedelta(minutes=10)
    access, ids = timeline_panels(frame)
    assert access.end - access.start < DAY + timedelta(minutes=15)
    assert ids.end - ids.start > DAY + timedelta(hours=9)


def test_one_panel_when_asked_or_when_there_is_one_kind() -> None:
    """`split=False` draws everything on one axis (which then spans the refresh tokens); a frame
    without refresh tokens has one panel either way; an empty frame has none."""
    (together,) = timeline_panels(_frame("access", "refresh"), split=False)
    assert together.end - together.start > 30 * DAY
    (alone,) = timeline_panels(_frame("access"))
    assert alone.title == ""
    assert timeline_panels(_frame()) == []


def test_now_far_past_the_tokens_is_left_out_rather_than_flattening_them() -> None:
    """A "now" a year later would squeeze the bars into a sliver: the panel omits it."""
    (alone,) = timeline_panels(_frame("access", now=T0 + 365 * DAY))
    assert alone.now is None
    assert alone.end - alone.start < 3 * DAY


def test_views_draw_one_axis_per_panel() -> None:
    """The SVG view draws one <svg> per panel, every bar once; the matplotlib figure one axes
    per panel (and still draws an empty frame)."""
    frame = _frame("access", "id", "refresh")
    page = TimelineView(frame)._repr_html_()
    assert page.count("<svg class='a0x-timeline'") == 3
    assert page.count("class='a0x-bar'") == 6
    assert "Token lifetimes — Refresh tokens" in page
    assert TimelineView(frame, split=False)._repr_html_().count("<svg") == 1
    assert len(plot_timeline(frame).axes) == 3
    assert len(plot_timeline(_frame()).axes) == 1
