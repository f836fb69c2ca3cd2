"""Exports: CSV, JSON, Parquet and a self-contained HTML report, each written atomically.

The HTML report needs nothing beside it: styles inline, the timeline as a base64 PNG, every
value escaped. Raw tokens are left out unless `reveal=True` (the frame then carries them, and
so does every file). Each file is written to a temporary name in the same folder and moved
into place with `os.replace`, so a reader never sees half a file.
"""

from __future__ import annotations

import base64
import html
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from auth0_explore.explore.compare import DEFAULT_FIELDS, Comparison, show_value
from auth0_explore.explore.reproduce import curl_command

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["ReportFiles", "write_atomic", "write_exports", "write_report"]

_TABLE_COLUMNS: Final = ("configuration", "scenario", "domain", *DEFAULT_FIELDS, "fingerprint")
_LIST_COLUMNS: Final = ("aud", "permissions")

_CSS: Final = """
body{font:14px/1.5 system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ddd}
table.attempts{border-collapse:collapse;font-size:12px}
table.attempts th,table.attempts td{border:1px solid #ccc;padding:2px 6px;vertical-align:top;
text-align:left}
table.attempts thead th{background:#f3f3f3}
tr.error td{background:#fdf0f0}
pre{background:#f6f6f6;padding:8px;overflow-x:auto;font-size:12px}
.note{color:#555}
.wide{overflow-x:auto;max-width:100%}
details{margin:0.5em 0 1.5em}
"""


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
    reproduce_base_url: str | None = None,
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
        reproduce_base_url: the URL curl commands should use instead of each row's domain.
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
        page = _page(frame, title, list(comparisons), png, reproduce_base_url, generated)
        html_path = write_atomic(folder / "report.html", _text(page))
    return ReportFiles(folder, html_path, exports.get("csv"), exports.get("json"),
                       exports.get("parquet"), png_path)  # fmt: skip


def _page(
    frame: pd.DataFrame,
    title: str,
    comparisons: list[Comparison],
    png: bytes | None,
    base_url: str | None,
    generated: datetime | None,
) -> str:
    esc = html.escape
    stamp = (generated or datetime.now().astimezone()).isoformat(timespec="seconds")
    tokens = int((frame["outcome"] == "token").sum()) if len(frame) else 0
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>",
        f"<p class='note'>Generated {esc(stamp)} — {len(frame)} attempts, {tokens} tokens, "
        f"{len(frame) - tokens} errors. Tokens appear as fingerprints; secrets never appear.</p>",
    ]
    if comparisons:
        parts.append("<h2>Comparisons</h2><p class='note'>Highlighted cells differ.</p>")
        parts += [_comparison(c) for c in comparisons]
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        image = f"<img alt='token expiry timeline' src='data:image/png;base64,{data}'>"
        parts.append(f"<h2>Expiry timeline</h2>{image}")
    parts.append("<h2>Attempts</h2><div class='wide'>" + _attempts_table(frame) + "</div>")
    parts.append("<h2>Explanations</h2>" + _explanations(frame))
    parts.append("<h2>Reproduce</h2>" + _reproductions(frame, base_url))
    parts.append("</body></html>")
    return "\n".join(parts)


def _comparison(comparison: Comparison) -> str:
    """The short story (what differs), then every compared field side by side, folded."""
    title = f"Compared across {comparison.across}: {' | '.join(comparison.sides)}"
    differences = comparison.differences(brief=True)
    short = (
        differences.to_html(index=False, escape=True, classes="attempts", border=0)
        if len(differences)
        else "<p>No compared field differs.</p>"
    )
    return (
        f"<h3>{html.escape(title)}</h3>{short}<details><summary>All compared fields, side by "
        f"side</summary><div class='wide'>{comparison.to_html()}</div></details>"
    )


def _attempts_table(frame: pd.DataFrame) -> str:
    columns = [c for c in _TABLE_COLUMNS if c in frame.columns]
    if "access_token" in frame.columns:
        columns.append("access_token")
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    rows = []
    for record in frame[columns].to_dict("records"):
        css = " class='error'" if record.get("outcome") == "error" else ""
        cells = "".join(f"<td>{html.escape(show_value(record[c]))}</td>" for c in columns)
        rows.append(f"<tr{css}>{cells}</tr>")
    return (
        f"<table class='attempts'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _explanations(frame: pd.DataFrame) -> str:
    items = []
    for record in frame.to_dict("records"):
        text = record.get("explanation")
        if isinstance(text, str) and text:
            where = " · ".join(
                show_value(record.get(c)) for c in ("configuration", "scenario", "domain")
            )
            items.append(f"<li><b>{html.escape(where)}</b>: {html.escape(text)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else "<p>(none)</p>"


def _reproductions(frame: pd.DataFrame, base_url: str | None) -> str:
    blocks, seen = [], set()
    for record in frame.to_dict("records"):
        if record.get("grant") != "client_credentials":
            continue
        command = curl_command({str(k): v for k, v in record.items()}, base_url=base_url)
        if command in seen:
            continue
        seen.add(command)
        where = " · ".join(show_value(record.get(c)) for c in ("configuration", "scenario"))
        blocks.append(f"<p>{html.escape(where)}</p><pre>{html.escape(command)}</pre>")
    note = (
        "<p class='note'>Set AUTH0_CLIENT_SECRET in your environment first; against the "
        "sandbox, use the base URL that <code>auth0-explore sandbox</code> prints.</p>"
    )
    return note + "".join(blocks)
