"""The findings frame and its documented schema, baselines, run-to-run diffs, report files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from auth0_explore.audit import (
    COLUMNS,
    Audit,
    Baseline,
    audit,
    diff_findings,
    findings_frame,
    read_findings,
    write_reports,
)
from auth0_explore.audit.frame import findings_of, schema_markdown
from auth0_explore.audit.report.rules_table import rules_markdown
from auth0_explore.errors import ConfigError
from tests.audit.triggers import CANONICAL

PAGE = Path(__file__).parents[2] / "docs" / "reference" / "audit.md"


def _between(start: str, end: str) -> str:
    text = PAGE.read_text(encoding="utf-8")
    return text[text.index(start) + len(start) : text.index(end)].strip()


def test_the_reference_documents_exactly_the_findings_schema() -> None:
    """The reference page's findings table is the one the code builds, column for column."""
    assert _between("<!-- findings-schema:start -->", "<!-- findings-schema:end -->") == (
        schema_markdown()
    )


def test_the_reference_lists_exactly_the_rule_table() -> None:
    """The reference page's rule table is generated from the registry (`rules_markdown`)."""
    assert _between("<!-- rules:start -->", "<!-- rules:end -->") == rules_markdown()


def test_frame_has_the_schema_with_and_without_rows(full_audit: Audit) -> None:
    """Columns in order with their dtypes; no findings still gives every column."""
    names = [c.name for c in COLUMNS]
    for frame in (full_audit.frame(), findings_frame([])):
        assert list(frame.columns) == names
        assert str(frame["confirmed"].dtype) == "boolean"
        assert str(frame["baselined"].dtype) == "boolean"
    frame = full_audit.frame()
    assert frame["confirmed"].isna().any()
    assert frame["confirmed"].fillna(False).any()
    assert isinstance(frame.loc[0, "evidence"], dict)


def test_frame_reads_back_into_the_same_findings(full_audit: Audit) -> None:
    """frame -> findings is lossless (evidence dicts, missing confirmations, baselines)."""
    assert findings_of(full_audit.frame()) == list(full_audit.findings)


def test_findings_are_ordered_and_fingerprints_are_stable(full_audit: Audit) -> None:
    """Most severe first; one fingerprint per finding, the same when the evidence differs
    (here: the same configuration audited without probes)."""
    order = ("critical", "high", "medium", "low", "info")
    ranks = [order.index(f.severity) for f in full_audit.findings]
    assert ranks == sorted(ranks)
    prints = [f.fingerprint for f in full_audit.findings]
    assert len(set(prints)) == len(prints)
    unprobed = audit(full_audit.snapshot, tenant="full", domain=CANONICAL)
    assert [f.evidence for f in unprobed.findings] != [f.evidence for f in full_audit.findings]
    assert {f.fingerprint for f in unprobed.findings} == set(prints)


def test_a_baseline_accepts_what_it_lists_and_names_stale_entries(
    full_audit: Audit, tmp_path: Path
) -> None:
    """Accepted findings are marked, not counted by failing(); fixed ones show as stale."""
    baseline = Baseline.of(full_audit.findings[:3], reason="known")
    path = tmp_path / "baseline.json"
    path.write_text(baseline.to_json())
    loaded = Baseline.load(path)
    assert loaded == baseline
    accepted = full_audit.with_baseline(loaded)
    assert [f.baselined for f in accepted.findings[:4]] == [True, True, True, False]
    assert len(accepted.failing("low")) == len(full_audit.findings) - 3
    assert loaded.stale(full_audit.findings[1:]) == [
        {
            "rule": full_audit.findings[0].rule,
            "tenant": "full",
            "object": full_audit.findings[0].object,
            "reason": "known",
        }
    ]


@pytest.mark.parametrize(
    "text",
    ["not json", '{"version": 2, "accepted": []}', '{"version": 1, "accepted": [{"x": 1}]}'],
    ids=["not-json", "other-version", "entry-without-fingerprint"],
)
def test_a_bad_baseline_file_says_what_is_wrong(text: str) -> None:
    """A ConfigError naming the problem, never a KeyError or a half-read baseline."""
    with pytest.raises(ConfigError, match=r"baseline|JSON"):
        Baseline.from_json(text)


def test_diff_of_two_runs_names_new_fixed_and_unchanged(full_audit: Audit) -> None:
    """Matched by fingerprint: one finding gone, one new, the rest unchanged."""
    before = list(full_audit.findings[1:])
    new = replace(full_audit.findings[0], object="another", fingerprint="0" * 16)
    after = [new, *full_audit.findings[2:]]
    frame = diff_findings(before, after)
    assert frame["change"].value_counts().to_dict() == {
        "unchanged": len(full_audit.findings) - 2,
        "new": 1,
        "fixed": 1,
    }
    assert frame.iloc[0]["change"] == "new"
    assert frame.iloc[0]["object"] == "another"


def test_reports_are_written_and_read_back(full_audit: Audit, tmp_path: Path) -> None:
    """HTML with the chart, JSON that reads back as the findings, CSV with evidence as JSON,
    SARIF, the suggested baseline and the probes table."""
    files = write_reports([full_audit], tmp_path / "out")
    assert {p.name for p in files.paths()} == {
        "report.html",
        "findings.json",
        "findings.csv",
        "findings.sarif",
        "baseline.json",
        "probes.csv",
    }
    page = files.html.read_text()
    assert "data:image/png;base64," in page
    assert "GRT-01" in page
    assert read_findings(files.json) == list(full_audit.findings)
    csv = pd.read_csv(files.csv)
    assert len(csv) == len(full_audit.findings)
    assert json.loads(csv.loc[0, "evidence"]) == dict(full_audit.findings[0].evidence)
    assert len(Baseline.load(files.baseline)) == len(full_audit.findings)
    probes = pd.read_csv(files.probes)
    assert set(probes["outcome"]) >= {"token"}


def test_no_secret_or_token_reaches_a_report(full_audit: Audit, tmp_path: Path) -> None:
    """Reports hold fingerprints only: no JWT (three base64url segments) and no client secret."""
    files = write_reports([full_audit], tmp_path)
    text = "".join(p.read_text() for p in files.paths())
    assert "eyJ" not in text
    assert "sha256:" in text  # the probes' fingerprints are there instead


def test_html_escapes_what_the_tenant_named(full_audit: Audit) -> None:
    """An object named with markup is shown as text, never run."""
    hostile = replace(full_audit.findings[0], object="<script>alert(1)</script>")
    html = Audit("t", (hostile,), full_audit.snapshot)._repr_html_()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html


def test_reading_findings_that_are_not_findings_fails_clearly(tmp_path: Path) -> None:
    """A JSON file without the findings' columns is a ConfigError that says so."""
    path = tmp_path / "findings.json"
    path.write_text('[{"rule": "AUD-01"}]')
    with pytest.raises(ConfigError, match="lacks"):
        read_findings(path)


def test_reports_refuse_a_file_as_folder(full_audit: Audit, tmp_path: Path) -> None:
    """--out naming a file is a ConfigError, and the file is left as it was."""
    target = tmp_path / "taken"
    target.write_text("keep me")
    with pytest.raises(ConfigError, match="folder"):
        write_reports([full_audit], target)
    assert target.read_text() == "keep me"
