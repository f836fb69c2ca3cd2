"""An expiry timeline as inline SVG: each token from `iat` to `exp`, leeway, renewal, now.

Drawn from `explore.timeline.timeline_frame` without matplotlib, so the form shows it at once
and a saved notebook keeps it (plain SVG in `text/html`). `plot_timeline` draws the same data
as a matplotlib figure for reports. Both draw `timeline_panels`: each kind of token (access, ID,
refresh) on its own axis, so a ten-minute access token is not flattened by a 30-day refresh
token.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any, Final, NamedTuple

import pandas as pd

from auth0_explore.explore.timeline import TimelineBar, TimelinePanel, timeline_panels
from auth0_explore.widgets.views.html import block, esc

__all__ = ["TimelineView"]

_COLORS: Final = {"access": "#3465a4", "id": "#73a946", "refresh": "#c17d11"}
_WIDTH, _LABELS, _RIGHT, _ROW, _TOP = 800, 290, 20, 28, 26


class _Span(NamedTuple):
    """A bar with its times in seconds, for the arithmetic of drawing."""

    bar: TimelineBar
    start: float
    end: float | None
    renew: float | None

    @property
    def leeway(self) -> float:
        return self.bar.leeway

    @classmethod
    def of(cls, bar: TimelineBar) -> _Span:
        return cls(bar, bar.start.timestamp(), _seconds(bar.end), _seconds(bar.renew))


class TimelineView:
    """A `timeline_frame` drawn as SVG; expired tokens are marked, "now" is a red line.

    Each kind of token gets an SVG of its own (`split=False`: one axis for all).
    """

    def __init__(
        self, frame: pd.DataFrame, *, title: str = "Token lifetimes", split: bool = True
    ) -> None:
        self.frame = frame
        self.title = title
        self.split = split

    def _repr_html_(self) -> str:
        panels = timeline_panels(self.frame, split=self.split)
        if not panels:
            return block("timeline", "<p class='a0x-box'>No token to draw.</p>")
        svgs = [_svg(panel, self.title) for panel in panels]
        return block("timeline", "".join(svgs) + _legend())


def _svg(panel: TimelinePanel, title: str) -> str:
    """One panel as an SVG of its own, with its own time axis."""
    bars = [_Span.of(bar) for bar in panel.bars]
    lo, hi = panel.start.timestamp(), panel.end.timestamp()
    lo, hi = lo - (hi - lo) * 0.02, hi + (hi - lo) * 0.02
    scale = (_WIDTH - _LABELS - _RIGHT) / (hi - lo)

    def x(t: float) -> float:
        return round(_LABELS + (t - lo) * scale, 1)

    height = _TOP + _ROW * len(bars) + 24
    heading = f"{title} — {panel.title}" if panel.title else title
    parts = [
        f"<svg class='a0x-timeline' xmlns='http://www.w3.org/2000/svg' width='{_WIDTH}' "
        f"height='{height}' viewBox='0 0 {_WIDTH} {height}' font-size='11' "
        "font-family='system-ui,sans-serif'>",
        f"<text x='4' y='14' font-weight='600'>{esc(heading)}</text>",
    ]
    for row, bar in enumerate(bars):
        parts.append(_row(bar, _TOP + row * _ROW, x, x(panel.end.timestamp()), scale))
    parts.append(_axis(lo, hi, x, height))
    if panel.now is not None:
        now = panel.now.timestamp()
        parts.append(
            f"<line x1='{x(now)}' x2='{x(now)}' y1='{_TOP - 6}' y2='{height - 20}' "
            f"stroke='#cc0000' stroke-width='1.5'><title>now {_utc(now)}</title></line>"
            f"<text x='{x(now) + 3}' y='{_TOP - 8}' fill='#cc0000'>now</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _row(span: _Span, y: float, x: Any, right: float, scale: float) -> str:
    bar = span.bar
    color = _COLORS.get(bar.kind, "#777777")
    end = x(span.end) if span.end is not None else right
    start = x(span.start)
    suffix = " (expired)" if bar.expired else ""
    expiry = f"expires {_utc(span.end)}" if span.end is not None else "no known expiry"
    tip = f"{bar.kind} token {bar.fingerprint}: issued {_utc(span.start)}, {expiry}"
    out = [
        f"<text x='4' y='{y + 15}'>{html.escape(_short(bar.label, 40))} [{bar.kind}]"
        f"<tspan fill='#cf222e'>{suffix}</tspan></text>"
    ]
    if bar.leeway and span.end is not None:
        band = bar.leeway * scale
        for left in (start - band, end):
            out.append(
                f"<rect x='{left}' y='{y + 4}' width='{max(band, 1):.1f}' height='16' "
                f"fill='{color}' opacity='0.25'/>"
            )
    stroke = " stroke='#cf222e' stroke-width='2' stroke-dasharray='4 2'" if bar.expired else ""
    dash = " opacity='0.55'" if span.end is None else ""
    out.append(
        f"<rect class='a0x-bar' x='{start}' y='{y + 4}' width='{max(end - start, 1):.1f}' "
        f"height='16' fill='{color}'{dash}{stroke}><title>{html.escape(tip)}</title></rect>"
    )
    if span.renew is not None:
        r = x(span.renew)
        out.append(
            f"<path d='M{r - 4},{y + 1} L{r + 4},{y + 1} L{r},{y + 7} Z' fill='#000'>"
            f"<title>renew at {_utc(span.renew)}</title></path>"
        )
    return "".join(out)


def _axis(lo: float, hi: float, x: Any, height: float) -> str:
    ticks = 5
    form = "%m-%d %H:%M" if hi - lo > 2 * 86400 else "%H:%M:%S" if hi - lo < 600 else "%H:%M"
    out = []
    for i in range(ticks + 1):
        t = lo + (hi - lo) * i / ticks
        anchor = "start" if i == 0 else "end" if i == ticks else "middle"
        out.append(
            f"<line x1='{x(t)}' x2='{x(t)}' y1='{_TOP - 4}' y2='{height - 20}' stroke='#d0d7de'/>"
            f"<text x='{x(t)}' y='{height - 6}' text-anchor='{anchor}' fill='#57606a'>"
            f"{datetime.fromtimestamp(t, tz=UTC).strftime(form)}</text>"
        )
    return "".join(out)


def _legend() -> str:
    items = "".join(
        f"<span style='display:inline-block;width:10px;height:10px;background:{c};"
        f"margin:0 4px 0 10px'></span>{k}"
        for k, c in _COLORS.items()
    )
    return (
        f"<p class='muted'>{items} · lighter ends: the validator's leeway · ▼ renew point "
        "(exp - margin) · <span style='color:#cc0000'>red line: now</span> (UTC)</p>"
    )


def _seconds(value: Any) -> float | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return float(value.timestamp()) if hasattr(value, "timestamp") else float(value)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
