"""Expiry timelines: each token's life from `iat` to `exp`, against the clock's "now".

`timeline_frame` gives the data (one row per token: access, ID and refresh tokens), and
`plot_timeline` draws it with matplotlib's object API (no pyplot, no display: the Agg canvas)
— bars from iat to exp, the validator's leeway on both ends, the point where a client should
renew (exp minus the cache margin), and a line at "now".

Refresh tokens live for weeks, ID tokens for hours, access tokens often for minutes: on one
axis the access token, which is what expires and what the lesson is about, would be a sliver.
`timeline_panels` therefore gives each kind of token a panel of its own, spanning its own
lifetimes; `plot_timeline` and the notebook's SVG view draw one panel each.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Protocol, cast

import pandas as pd

from auth0_explore.client.results import TokenResult
from auth0_explore.clock import Clock, to_datetime
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.tokens import DEFAULT_LEEWAY, Inspection

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from auth0_explore.explore.runner import Run

__all__ = [
    "TIMELINE_COLUMNS",
    "TimelineBar",
    "TimelinePanel",
    "TokenHolder",
    "figure_png",
    "plot_timeline",
    "timeline_bars",
    "timeline_frame",
    "timeline_panels",
]

#: the columns of `timeline_frame`
TIMELINE_COLUMNS: Final = (
    "label",
    "token",
    "fingerprint",
    "issued",
    "expires",
    "lifetime_s",
    "renew_at",
    "leeway_s",
    "expired",
)


class TokenHolder(Protocol):
    """What a timeline reads: a token response and its decoded access and ID tokens."""

    @property
    def token(self) -> TokenResult | None: ...

    @property
    def inspection(self) -> Inspection | None: ...

    @property
    def id_token(self) -> Inspection | None: ...


_COLORS: Final = {"access": "#3465a4", "id": "#73a946", "refresh": "#c17d11"}
#: the panel of each kind of token, in the order they are drawn
_TITLES: Final = {"access": "Access tokens", "id": "ID tokens", "refresh": "Refresh tokens"}


def timeline_frame(
    attempts: Run | Iterable[TokenHolder],
    *,
    clock: Clock,
    leeway: float = DEFAULT_LEEWAY,
    renew_margin: float = 60.0,
    refresh_token_lifetime: float | None = None,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per token the attempts got (attempts that failed have none).

    Args:
        attempts: a `Run`, its attempts, or anything holding a token and its inspections.
        clock: where "now" comes from (`expired` is read on it, leeway included).
        leeway: the validator's tolerance in seconds, drawn on both ends of each bar.
        renew_margin: seconds before exp at which a client renews (the token cache's margin).
        refresh_token_lifetime: the refresh tokens' absolute lifetime, when known (Auth0 does
            not say it in the token response); unknown ones are drawn open-ended.
        labels: one label per attempt; default `configuration · scenario · domain` (for
            attempts; other holders need labels).
    """
    chosen: list[TokenHolder] = (
        list(attempts.attempts) if hasattr(attempts, "attempts") else list(attempts)
    )
    now = clock.now()
    rows: list[tuple[Any, ...]] = []
    for index, attempt in enumerate(chosen):
        if attempt.token is None:
            continue
        label = labels[index] if labels is not None else _label(attempt)
        for kind, inspection in (("access", attempt.inspection), ("id", attempt.id_token)):
            row = _row(label, kind, inspection, now, leeway, renew_margin)
            if row is not None:
                rows.append(row)
        token = attempt.token
        if token.has_refresh_token:
            end = None
            if refresh_token_lifetime is not None:
                end = to_datetime(token.received_at + refresh_token_lifetime)
            rows.append((label, "refresh", token.refresh_token_fingerprint,
                         to_datetime(token.received_at), end, refresh_token_lifetime, None,
                         0.0, bool(end is not None and end.timestamp() <= now)))  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
    for name in ("issued", "expires", "renew_at"):
        frame[name] = pd.to_datetime(frame[name], utc=True)
    frame.attrs["now"] = to_datetime(now)
    return frame


def _label(attempt: TokenHolder) -> str:
    if not isinstance(attempt, AttemptResult):
        raise TypeError("pass labels= for token holders that are not AttemptResults")
    scenario = attempt.scenario
    host = attempt.base_url.split("://", 1)[-1].rstrip("/")
    grant = "" if scenario.grant == "client_credentials" else scenario.grant.replace("_", " ")
    return " · ".join(p for p in (scenario.configuration, scenario.label, grant, host) if p)


def _row(
    label: str,
    kind: str,
    inspection: Inspection | None,
    now: float,
    leeway: float,
    margin: float,
) -> tuple[Any, ...] | None:
    if inspection is None or inspection.claims is None:
        return None
    iat, exp = inspection.time("iat"), inspection.time("exp")
    if iat is None or exp is None or iat.at is None or exp.at is None:
        return None
    lifetime = (exp.at - iat.at).total_seconds()
    renew = exp.at - timedelta(seconds=min(margin, lifetime / 2)) if kind == "access" else None
    expired = exp.at.timestamp() + leeway <= now
    return (label, kind, inspection.token, iat.at, exp.at, lifetime, renew, leeway, expired)


class TimelineBar(NamedTuple):
    """One token of a `timeline_frame`, as drawings read it (times as aware UTC datetimes)."""

    label: str
    kind: str
    fingerprint: str
    start: datetime
    end: datetime | None
    leeway: float
    renew: datetime | None
    expired: bool

    @property
    def name(self) -> str:
        """`<label> [<kind>]`, with `(expired)` once expired."""
        return f"{self.label} [{self.kind}]" + (" (expired)" if self.expired else "")


def _moment(value: Any) -> datetime | None:
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else None


def timeline_bars(data: pd.DataFrame) -> list[TimelineBar]:
    """The rows of a `timeline_frame` that have an issue time, in order."""
    bars = []
    for record in data.to_dict("records"):
        start = _moment(record["issued"])
        if start is None:
            continue
        bars.append(
            TimelineBar(
                str(record["label"]),
                str(record["token"]),
                str(record["fingerprint"]),
                start,
                _moment(record["expires"]),
                float(record["leeway_s"] or 0.0),
                _moment(record["renew_at"]),
                bool(record["expired"]),
            )
        )
    return bars


class TimelinePanel(NamedTuple):
    """Bars drawn on one time axis, and that axis' range (aware UTC datetimes)."""

    title: str
    bars: list[TimelineBar]
    start: datetime
    end: datetime
    now: datetime | None

    def end_of(self, bar: TimelineBar) -> datetime:
        """Where `bar` ends on this axis: its expiry, or the axis' end when it has none."""
        return bar.end or self.end


def timeline_panels(
    data: pd.DataFrame,
    *,
    now: datetime | None = None,
    split: bool = True,
    window: tuple[datetime, datetime] | None = None,
) -> list[TimelinePanel]:
    """The bars of a `timeline_frame`, grouped onto axes worth drawing.

    With `split` (the default), each kind of token (access, ID, refresh) gets a panel of its
    own when there are several kinds, so the access tokens' panel spans their minutes or
    hours, not the ID tokens' hours or the refresh tokens' weeks. Each panel spans its bars
    with their leeway; "now" is in a panel when it falls within one more span of it (else it
    would flatten the bars again). `window` sets the first panel's range.
    """
    now = now or data.attrs.get("now")
    bars = timeline_bars(data)
    kinds = list(dict.fromkeys([*_TITLES, *(b.kind for b in bars)]))
    groups = [(_TITLES.get(k, f"{k} tokens"), [b for b in bars if b.kind == k]) for k in kinds]
    groups = [(title, group) for title, group in groups if group]
    if not split or len(groups) < 2:
        groups = [("", bars)] if bars else []
    panels: list[TimelinePanel] = []
    for title, group in groups:
        lo, hi = _span(group, now)
        if window is not None and not panels:
            lo, hi = window
        shown = now if now is not None and lo <= now <= hi else None
        panels.append(TimelinePanel(title, group, lo, hi, shown))
    return panels


def _span(bars: Sequence[TimelineBar], now: datetime | None) -> tuple[datetime, datetime]:
    """From the first issue (minus leeway) to the last expiry (plus leeway), "now" included
    when it is no further than one more span away; open-ended bars reach "now"."""
    lo = min(b.start - timedelta(seconds=b.leeway) for b in bars)
    ends = [b.end + timedelta(seconds=b.leeway) for b in bars if b.end is not None]
    hi = max([*ends, *(b.start for b in bars)])
    if now is not None and (any(b.end is None for b in bars) or now <= hi + (hi - lo)):
        hi = max(hi, now)
    return lo, max(hi, lo + timedelta(seconds=1))


def plot_timeline(
    data: pd.DataFrame,
    *,
    now: datetime | None = None,
    title: str = "Token lifetimes",
    width: float = 10.0,
    window: tuple[datetime, datetime] | None = None,
    split: bool = True,
) -> Figure:
    """Draw a `timeline_frame`: one bar per token, leeway bands, renewal points and "now".

    Each kind of token gets its own panel (`split`, see `timeline_panels`); `window` zooms the
    first panel's time axis.
    """
    from matplotlib.figure import Figure

    panels = timeline_panels(data, now=now, split=split, window=window)
    if not panels:
        figure = Figure(figsize=(width, 2.0), layout="constrained")
        figure.add_subplot().text(0.5, 0.5, "No token to draw", ha="center", va="center")
        return figure
    longest = max((len(b.name) for p in panels for b in p.bars), default=0)
    rows = [max(1, len(p.bars)) for p in panels]
    size = (max(width, 7.0 + 0.075 * longest), max(2.0, 0.45 * sum(rows) + 1.4 * len(panels)))
    figure = Figure(figsize=size, layout="constrained")
    grid = figure.add_gridspec(len(panels), 1, height_ratios=rows)
    for index, panel in enumerate(panels):
        axes = figure.add_subplot(grid[index])
        _draw_panel(axes, panel)
        axes.set_title(f"{title} — {panel.title}" if panel.title else title)
    figure.axes[0].legend(
        handles=_legend_handles(), loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8
    )
    return figure


def _draw_panel(axes: Any, panel: TimelinePanel) -> None:
    """One panel's bars, leeway bands, renewal marks, "now" line and time axis."""
    from matplotlib import dates

    mdates: Any = dates  # matplotlib.dates is untyped
    num = cast(Callable[[datetime], float], mdates.date2num)
    for y, bar in enumerate(panel.bars):
        end = panel.end_of(bar)
        color = _COLORS.get(bar.kind, "#777777")
        hatch = "//" if bar.end is None else None
        axes.barh(y, num(end) - num(bar.start), left=num(bar.start), height=0.5, color=color,
                  alpha=0.85, hatch=hatch)  # fmt: skip
        if bar.leeway and bar.end is not None:
            band = timedelta(seconds=bar.leeway)
            for lo, hi in ((bar.start - band, bar.start), (end, end + band)):
                axes.barh(y, num(hi) - num(lo), left=num(lo), height=0.5, color=color, alpha=0.25)
        if bar.renew is not None:
            axes.plot([num(bar.renew)], [y], marker="v", color="black")
    if panel.now is not None:
        axes.axvline(num(panel.now), color="#cc0000", linewidth=1.5)
    axes.set_yticks(range(len(panel.bars)), [b.name for b in panel.bars])
    axes.invert_yaxis()
    pad = (num(panel.end) - num(panel.start)) * 0.02
    axes.set_xlim(num(panel.start) - pad, num(panel.end) + pad)
    locator = mdates.AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.set_xlabel("UTC")
    axes.grid(axis="x", alpha=0.3)


def _legend_handles() -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    legend: list[Any] = [Patch(color=c, label=f"{k} token") for k, c in _COLORS.items()]
    return [
        *legend,
        Line2D([], [], color="#cc0000", label="now"),
        Patch(color="#999999", alpha=0.3, label="leeway"),
        Line2D([], [], color="black", marker="v", linestyle="", label="renew (exp - margin)"),
    ]


def figure_png(figure: Figure, *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (Agg canvas: no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
