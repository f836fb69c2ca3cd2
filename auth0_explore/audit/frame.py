"""The findings DataFrame: one row per finding, built in this one place, with a documented schema.

`findings_frame(findings)` has exactly `COLUMNS`, in order, with their dtypes; `schema_frame()`
is the schema itself and `schema_markdown()` the table of docs/reference/audit.md (a test keeps
them equal).
`findings_of(frame)` reads a frame (or a findings.json) back into `Finding`s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from auth0_explore.audit.model import Finding
from auth0_explore.errors import ConfigError
from auth0_explore.explore import frames
from auth0_explore.explore.frames import Column

__all__ = [
    "COLUMNS",
    "findings_frame",
    "findings_of",
    "read_findings",
    "schema_frame",
    "schema_markdown",
]


COLUMNS: tuple[Column, ...] = (
    Column("tenant", "object", "Label of the tenant audited (a profile, domain or file name)."),
    Column("rule", "object", "Rule id, e.g. `AUD-01`; stable once published."),
    Column("title", "object", "What the rule checks, in a short sentence."),
    Column("severity", "object", "critical, high, medium, low or info."),
    Column("area", "object", "audience, grants, clients, tenant, domains, keys or tokens."),
    Column(
        "object_kind",
        "object",
        "settings, api, application, client_grant, custom_domain, signing_key or probe.",
    ),
    Column("object", "object", "The object as people name it: identifier, name, `app → API`."),
    Column("message", "object", "One sentence about this object."),
    Column("evidence", "object", "The fields and probe results that show it (a dict)."),
    Column("fix", "object", "What to change."),
    Column("doc", "object", "The Auth0 documentation page behind the rule."),
    Column("checkmate", "object", "The auth0-checkmate check it overlaps, if any."),
    Column(
        "confirmed",
        "boolean",
        "True when a probe showed it, False when probes showed otherwise; missing: none looked.",
    ),
    Column(
        "baselined", "boolean", "True when a baseline file accepts it (not counted by --fail-on)."
    ),
    Column(
        "fingerprint", "object", "Stable id of the finding: rule, tenant and object (baselines)."
    ),
)
_NAMES = [c.name for c in COLUMNS]
_BOOLEANS = tuple(c.name for c in COLUMNS if c.dtype == "boolean")


def findings_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """The findings as a DataFrame with `COLUMNS` (no rows: the full schema, empty)."""
    rows = [{name: getattr(f, name) for name in _NAMES} for f in findings]
    if not rows:
        return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in COLUMNS})
    frame = pd.DataFrame(rows, columns=_NAMES, dtype=object)
    for name in _BOOLEANS:
        frame[name] = frame[name].astype("boolean")
    return frame


def _evidence(value: Any) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    if isinstance(value, str) and value:
        loaded = json.loads(value)
        if isinstance(loaded, dict):
            return loaded
    return {}


def _missing(value: Any) -> bool:
    """None, pandas' NA, or NaN (what a missing cell reads back as)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _flag(value: Any) -> bool | None:
    return None if _missing(value) else bool(value)


def findings_of(frame: pd.DataFrame) -> list[Finding]:
    """`Finding`s back from a findings frame (evidence as a dict or JSON text)."""
    missing = [n for n in _NAMES if n not in frame.columns]
    if missing:
        raise ConfigError(f"not a findings table: columns {', '.join(missing)} are missing")
    found = []
    for row in frame.to_dict("records"):
        values = {name: row[name] for name in _NAMES}
        values["evidence"] = _evidence(values["evidence"])
        values["confirmed"] = _flag(values["confirmed"])
        values["baselined"] = bool(_flag(values["baselined"]))
        values["checkmate"] = None if _missing(values["checkmate"]) else values["checkmate"]
        found.append(Finding(**values))
    return found


def read_findings(path: str | Path) -> list[Finding]:
    """The findings of a run's `findings.json`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read findings from {path}: {exc}") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ConfigError(f"{path}: a findings.json holds a list of findings (objects)")
    incomplete = next((item for item in data if set(_NAMES) - set(item)), None)
    if incomplete is not None:
        missing = ", ".join(sorted(set(_NAMES) - set(incomplete)))
        raise ConfigError(f"{path}: a finding lacks {missing}; write it with this toolkit")
    return findings_of(pd.DataFrame(data, columns=_NAMES))


def schema_frame() -> pd.DataFrame:
    """The schema itself (column, dtype, description), for notebooks and docs."""
    return frames.schema_frame(COLUMNS)


def schema_markdown() -> str:
    """The schema as the Markdown table docs/reference/audit.md shows (a test keeps them equal)."""
    return frames.schema_markdown(COLUMNS)
