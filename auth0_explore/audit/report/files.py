"""Writing an audit's reports into a folder, each file atomically:

- `report.html`: counts, the chart, every finding with its evidence and fix, the probes;
- `findings.json` (the findings frame as records), `findings.csv` (evidence as JSON text);
- `findings.sarif`: SARIF 2.1.0 for code scanning;
- `probes.csv`: one row per probe (tokens as fingerprints), when there were probes;
- `baseline.json`: every finding, to copy as a baseline that accepts today's state.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from auth0_explore.audit.baseline import Baseline
from auth0_explore.audit.frame import findings_frame
from auth0_explore.audit.model import ordered
from auth0_explore.audit.report.html import report_page
from auth0_explore.audit.report.sarif import to_sarif
from auth0_explore.errors import ConfigError
from auth0_explore.explore.report import write_atomic

if TYPE_CHECKING:
    from auth0_explore.audit.engine import Audit

__all__ = ["AuditFiles", "write_reports"]


@dataclass(frozen=True)
class AuditFiles:
    """Where each file went (`probes` is None when no probe ran)."""

    directory: Path
    html: Path
    json: Path
    csv: Path
    sarif: Path
    baseline: Path
    probes: Path | None = None

    def paths(self) -> list[Path]:
        """Every file written."""
        found = [self.html, self.json, self.csv, self.sarif, self.baseline, self.probes]
        return [p for p in found if p is not None]


def _text(text: str) -> Callable[[Path], None]:
    def write(temporary: Path) -> None:
        temporary.write_text(text, encoding="utf-8")

    return write


def _csv(frame: pd.DataFrame) -> str:
    flat = frame.copy()
    flat["evidence"] = [json.dumps(e, ensure_ascii=False, default=str) for e in flat["evidence"]]
    return flat.to_csv(index=False)


def _probes_csv(audits: Sequence[Audit]) -> str | None:
    frames = [a.probes.frame().assign(tenant=a.tenant) for a in audits if a.probes]
    if not frames:
        return None
    frame = pd.concat(frames, ignore_index=True)
    return frame[["tenant", *[c for c in frame.columns if c != "tenant"]]].to_csv(index=False)


def write_reports(
    audits: Sequence[Audit],
    directory: str | Path,
    *,
    artifacts: Mapping[str, str] | None = None,
    generated: datetime | None = None,
) -> AuditFiles:
    """Write every report of one or more tenants' audits into `directory`.

    Args:
        audits: the audits (one per tenant); their findings go into one set of files.
        directory: created if missing.
        artifacts: tenant -> the configuration file it was read from, for SARIF locations.
        generated: the time the report says it was made (default: now, UTC).
    """
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"{folder} is a file: give --out a folder for the reports")
    findings = ordered(f for a in audits for f in a.findings)
    stamp = (generated or datetime.now(UTC)).isoformat(timespec="seconds")
    frame = findings_frame(findings)
    records = json.loads(frame.to_json(orient="records", force_ascii=False) or "[]")
    sarif = to_sarif(findings, artifacts=artifacts)

    def put(name: str, text: str) -> Path:
        try:
            return write_atomic(folder / name, _text(text))
        except OSError as exc:
            raise ConfigError(f"cannot write {folder / name}: {exc.strerror}") from None

    probes = _probes_csv(audits)
    return AuditFiles(
        folder,
        html=put("report.html", report_page(audits, generated=stamp)),
        json=put("findings.json", json.dumps(records, indent=1, ensure_ascii=False) + "\n"),
        csv=put("findings.csv", _csv(frame)),
        sarif=put("findings.sarif", json.dumps(sarif, indent=1, ensure_ascii=False) + "\n"),
        baseline=put("baseline.json", Baseline.of(findings).to_json()),
        probes=put("probes.csv", probes) if probes is not None else None,
    )
