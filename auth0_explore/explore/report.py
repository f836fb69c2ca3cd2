"""Exports: CSV, JSON, Parquet and a self-contained HTML report, each written atomically.

The HTML report (`report_page.py`) needs nothing beside it: styles inline, the timeline as a
base64 PNG, every value escaped. Raw tokens are left out unless `reveal=True` (the frame then
carries them, and so does every file). Each file is written to a temporary name in the same
folder and moved into place with `os.replace`, so a reader never sees half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from auth0_explore.explore.compare import Comparison
from auth0_explore.explore.report_page import page

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from auth0_explore.explore.runner import Run

__all__ = ["ReportFiles", "write_atomic", "write_exports", "write_report"]

_LIST_COLUMNS: Final = ("aud", "permissions")


@dataclass(frozen=True, slots=True)
class ReportFiles:
    """Where each export went (None for a format not written)."""

    directory: Path
    html: Path | None = None
    csv: Path | None = None
    json: Path | None = None
    parquet: Path | None = None
    timeline_png: Path | None = None

    def paths(self) -> list[Path]:
        """Every file written."""
        candidates = (self.html, self.csv, self.json, self.parquet, self.timeline_png)
        return [p for p in candidates if p is not None]

    def __str__(self) -> str:
        return "\n".join(
            [f"Report files in {self.directory}", *(f"  {p.name}" for p in self.paths())]
        )


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call `write(temporary path)` in `path`'s folder, then move the result onto `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        umask = os.umask(0o022)
        os.umask(umask)
        Path(temporary).chmod(0o666 & ~umask)  # mkstemp makes 0600; a report is for reading
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _text(text: str) -> Callable[[Path], None]:
    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    return write


def _bytes(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists as JSON text, for formats without lists (CSV)."""
    flat = frame.copy()
    for name in _LIST_COLUMNS:
        if name in flat:
            flat[name] = [json.dumps(v) if isinstance(v, list) else None for v in flat[name]]
    return flat


def write_exports(
    frame: pd.DataFrame,
    directory: str | Path,
    *,
    stem: str = "attempts",
    formats: Sequence[str] = ("csv", "json", "parquet"),
) -> dict[str, Path]:
    """Write the attempts frame as CSV, JSON (records, ISO times) and Parquet (pyarrow)."""
    folder = Path(directory)
    written: dict[str, Path] = {}
    if "csv" in formats:
        path = folder / f"{stem}.csv"
        written["csv"] = write_atomic(path, lambda t: _flat(frame).to_csv(t, index=False) or None)
    if "json" in formats:
        text = frame.to_json(orient="records", date_format="iso", indent=1) or "[]"
        written["json"] = write_atomic(folder / f"{stem}.json", _text(text))
    if "parquet" in formats:
        path = folder / f"{stem}.parquet"
        written["parquet"] = write_atomic(
            path, lambda t: frame.to_parquet(t, engine="pyarrow", index=False)
        )
    return written


def write_report(
    frame: pd.DataFrame,
    directory: str | Path,
    *,
    title: str = "auth0-explore report",
    comparisons: Iterable[Comparison] = (),
    timeline: Figure | None = None,
    run: Run | None = None,
    formats: Sequence[str] = ("html", "csv", "json", "parquet"),
    generated: datetime | None = None,
) -> ReportFiles:
    """Write the HTML report and the exports of one attempts frame into `directory`.

    Args:
        frame: the attempts (`Run.frame()`; with `reveal=True` raw tokens are written too).
        directory: created when missing; existing files of the same names are replaced.
        title: the report's heading.
        comparisons: side-by-side tables to include, differing cells marked.
        timeline: a figure from `plot_timeline`, embedded as PNG and also written beside.
        run: the run behind the frame, if at hand (and its sandboxes still running): its
            findings group the explanations by reason, and its targets send each reproduction
            where the request really went. Without it, explanations group by whole text and
            commands go to each row's domain with a CLIENT_SECRET placeholder.
        formats: which of html, csv, json and parquet to write.
        generated: the time stamp shown (default: now, from the frame's attrs or the system).
    """
    from auth0_explore.explore.timeline import figure_png

    folder = Path(directory)
    exports = write_exports(frame, folder, formats=[f for f in formats if f != "html"])
    png = figure_png(timeline) if timeline is not None else None
    png_path = None
    if png is not None:
        png_path = write_atomic(folder / "timeline.png", lambda t: _bytes(t, png))
    html_path = None
    if "html" in formats:
        text = page(frame, title, list(comparisons), png, generated, run)
        html_path = write_atomic(folder / "report.html", _text(text))
    return ReportFiles(folder, html_path, exports.get("csv"), exports.get("json"),
                       exports.get("parquet"), png_path)  # fmt: skip
