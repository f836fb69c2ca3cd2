"""Expiry timelines: each token's life from `iat` to `exp`, against the clock's "now".

`timeline_frame` gives the data (one row per token: access, ID and refresh tokens), and
`plot_timeline` draws it with matplotlib's object API (no pyplot, no display: the Agg canvas)
— bars from iat to exp, the validator's leeway on both ends, the point where a client should
renew (exp minus the cache margin), and a line at "now".
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
    "TokenHolder",
    "figure_png",
    "plot_timeline",
    "timeline_bars",
    "timeline_frame",
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


def plot_timeline(
    data: pd.DataFrame,
    *,
    now: datetime | None = None,
    title: str = "Token lifetimes",
    width: float = 10.0,
    window: tuple[datetime, datetime] | None = None,
) -> Figure:
    """Draw a `timeline_frame`: one bar per token, leeway bands, renewal points and "now".

    `window` zooms the time axis (long refresh tokens otherwise flatten short access tokens).
    """
    from matplotlib import dates
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    mdates: Any = dates  # matplotlib.dates is untyped
    num = cast(Callable[[datetime], float], mdates.date2num)
    now = now or data.attrs.get("now")
    bars = timeline_bars(data)
    longest = max((len(b.name) for b in bars), default=0)
    size = (max(width, 7.0 + 0.075 * longest), max(2.0, 0.45 * len(bars) + 1.4))
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    ends = [b.end for b in bars if b.end is not None] + ([now] if now is not None else [])
    right = max(ends) if ends else None
    for y, bar in enumerate(bars):
        end = bar.end or right or bar.start
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
    if now is not None:
        axes.axvline(num(now), color="#cc0000", linewidth=1.5)
    axes.set_yticks(range(len(bars)), [b.name for b in bars])
    axes.invert_yaxis()
    if window is not None:
        axes.set_xlim(num(window[0]), num(window[1]))
    locator = mdates.AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes.set_title(title)
    axes.set_xlabel("UTC")
    axes.grid(axis="x", alpha=0.3)
    legend: list[Artist] = [Patch(color=c, label=f"{k} token") for k, c in _COLORS.items()]
    legend += [
        Line2D([], [], color="#cc0000", label="now"),
        Patch(color="#999999", alpha=0.3, label="leeway"),
        Line2D([], [], color="black", marker="v", linestyle="", label="renew (exp - margin)"),
    ]
    axes.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    return figure


def figure_png(figure: Figure, *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (Agg canvas: no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
