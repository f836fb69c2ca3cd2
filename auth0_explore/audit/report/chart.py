"""Findings by area and severity, as one stacked bar chart (matplotlib's object API, no pyplot,
no display: the Agg canvas), embedded in the HTML report as a PNG."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from auth0_explore.audit.model import AREAS, SEVERITIES, Finding

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["SEVERITY_COLOURS", "findings_chart"]

#: one colour per severity, darkest for the worst (colour-blind safe: a sequential ramp)
SEVERITY_COLOURS = {
    "critical": "#67000d",
    "high": "#cb181d",
    "medium": "#fb6a4a",
    "low": "#fcbba1",
    "info": "#d9d9d9",
}


def findings_chart(findings: Iterable[Finding]) -> Figure | None:
    """Bars per area, stacked by severity; None when there is nothing to draw."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    counted = Counter((f.area, f.severity) for f in findings if not f.baselined)
    if not counted:
        return None
    areas = [a for a in AREAS if any(counted[(a, s)] for s in SEVERITIES)]
    figure = Figure(figsize=(7.5, 0.45 * len(areas) + 1.4))
    axes = figure.add_subplot()
    left = [0] * len(areas)
    for severity in SEVERITIES:
        widths = [counted[(a, severity)] for a in areas]
        if any(widths):
            axes.barh(
                areas,
                widths,
                left=left,
                color=SEVERITY_COLOURS[severity],
                label=severity,
                edgecolor="white",
            )
            left = [x + w for x, w in zip(left, widths, strict=True)]
    axes.invert_yaxis()
    axes.set_xlabel("findings (baselined ones left out)")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower right", fontsize="small", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure
