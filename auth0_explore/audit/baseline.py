"""Baselines: findings you have looked at and accept, so CI fails only on new ones.

A baseline file is JSON that lists findings by fingerprint (rule, tenant and object: stable from
run to run), with the rule, tenant and object spelt out for people and an optional reason:

    {"version": 1, "accepted": [{"fingerprint": "3f1c…", "rule": "AUD-10", "tenant": "prod",
      "object": "https://reports.example.org/", "reason": "legacy API, retired in Q3"}]}

Every audit writes `baseline.json` (everything it found) beside its report: copy it to accept
the current state. Findings a baseline accepts stay in every report, marked `baselined`, and do
not count for `--fail-on`; entries that match nothing any more are listed as `stale`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from auth0_explore.audit.model import Finding
from auth0_explore.errors import ConfigError

__all__ = ["BASELINE_VERSION", "Baseline"]

BASELINE_VERSION = 1


@dataclass(frozen=True)
class Baseline:
    """Accepted findings, by fingerprint -> the entry (rule, tenant, object, reason)."""

    accepted: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: Iterable[Finding], reason: str = "") -> Baseline:
        """A baseline accepting every one of `findings`."""
        return cls({f.fingerprint: _entry(f, reason) for f in findings})

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """`findings` with those this baseline accepts marked `baselined`."""
        return [replace(f, baselined=f.fingerprint in self.accepted) for f in findings]

    def stale(self, findings: Iterable[Finding]) -> list[Mapping[str, str]]:
        """Entries no finding matches any more (fixed, or the object renamed)."""
        current = {f.fingerprint for f in findings}
        return [entry for fp, entry in self.accepted.items() if fp not in current]

    def to_json(self) -> str:
        """The file's text."""
        entries = [{"fingerprint": fp, **entry} for fp, entry in sorted(self.accepted.items())]
        return json.dumps({"version": BASELINE_VERSION, "accepted": entries}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, where: str = "baseline") -> Baseline:
        """A baseline from a file's text; a `ConfigError` says what is wrong with it."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ConfigError(f"{where} is not JSON: {exc}") from None
        if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
            raise ConfigError(
                f"{where} is not a baseline of version {BASELINE_VERSION}: write one with "
                "auth0-explore audit (baseline.json beside the report)"
            )
        entries = data.get("accepted")
        if not isinstance(entries, list) or not all(_valid(e) for e in entries):
            raise ConfigError(f"{where}: 'accepted' is a list of objects with a fingerprint")
        return cls(
            {
                e["fingerprint"]: {k: str(v) for k, v in e.items() if k != "fingerprint"}
                for e in entries
            }
        )

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        """Read a baseline file."""
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read the baseline {source}: {exc.strerror}") from None
        return cls.from_json(text, where=source.name)

    def __len__(self) -> int:
        return len(self.accepted)


def _entry(finding: Finding, reason: str) -> dict[str, str]:
    entry = {"rule": finding.rule, "tenant": finding.tenant, "object": finding.object}
    return entry | ({"reason": reason} if reason else {})


def _valid(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
