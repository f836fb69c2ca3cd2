"""`auth0-explore audit` and `audit-diff`: sources, probes, reports, baselines, exit codes,
many tenants (click's runner, real sandboxes on loopback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auth0_explore.audit import read_findings
from auth0_explore.cli import main
from auth0_explore.sandbox import Sandbox
from auth0_explore.snapshot import save_json

FIXTURES = Path(__file__).parent / "snapshot" / "fixtures"


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["audit", *args], env=env)


@pytest.fixture(scope="module")
def full_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full profile's configuration saved as a snapshot file."""
    path = tmp_path_factory.mktemp("snap") / "full.json"
    with Sandbox(profile="full", seed=14) as sb:
        save_json(sb.snapshot(), path)
    return path


def test_the_clean_profile_passes_and_the_full_one_fails(tmp_path: Path) -> None:
    """Through the sandbox's Management API with probes: clean exits 0 with no finding at any
    severity; full exits 1 on --fail-on high (its api-explorer can grant itself scopes)."""
    clean = _run(
        "--profile", "clean", "--probe", "5", "--out", str(tmp_path / "c"), "--fail-on", "info"
    )
    assert clean.exit_code == 0, clean.output
    assert clean.output.startswith("clean: 0 findings (none); 3 probes (3 tokens)")
    assert read_findings(tmp_path / "c" / "findings.json") == []
    full = _run("--profile", "full", "--out", str(tmp_path / "f"), "--fail-on", "high")
    assert full.exit_code == 1, full.output
    assert "  high     GRT-01  api-explorer → https://dev-sandbox.us.auth0.com/api/v2/" in (
        full.output.splitlines()
    )
    assert "--fail-on high: 1 finding(s) at high or above (exit 1)" in full.output
    assert max(len(line) for line in full.output.splitlines()[:-2]) <= 80


def test_without_fail_on_findings_are_reported_and_the_run_passes(
    full_json: Path, tmp_path: Path
) -> None:
    """No --fail-on: exit 0 whatever was found; every report is written."""
    result = _run("--snapshot", str(full_json), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {
        "report.html",
        "findings.json",
        "findings.csv",
        "findings.sarif",
        "baseline.json",
    }
    sarif = json.loads((tmp_path / "findings.sarif").read_text())
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].endswith("full.json")


def test_a_baseline_turns_a_failing_run_into_a_passing_one(full_json: Path, tmp_path: Path) -> None:
    """Accept today's findings (the baseline.json every run writes): the same audit passes,
    a finding the baseline does not list would fail it again."""
    first = _run("--snapshot", str(full_json), "--out", str(tmp_path / "1"), "--fail-on", "low")
    assert first.exit_code == 1
    baseline = tmp_path / "1" / "baseline.json"
    second = _run(
        "--snapshot",
        str(full_json),
        "--out",
        str(tmp_path / "2"),
        "--fail-on",
        "low",
        "--baseline",
        str(baseline),
    )
    assert second.exit_code == 0, second.output
    assert "[baselined]" in second.output
    entries = json.loads(baseline.read_text())["accepted"]
    (tmp_path / "partial.json").write_text(json.dumps({"version": 1, "accepted": entries[1:]}))
    third = _run(
        "--snapshot",
        str(full_json),
        "--out",
        str(tmp_path / "3"),
        "--fail-on",
        "low",
        "--baseline",
        str(tmp_path / "partial.json"),
    )
    assert third.exit_code == 1


def test_a_deploy_cli_export_is_audited_offline(tmp_path: Path) -> None:
    """The misconfigured export: the SPA's Management grant and legacy flags fail --fail-on high;
    asking for probes of an export says it cannot probe one, and still audits."""
    result = _run(
        "--deploy-cli",
        str(FIXTURES / "misconfigured.yaml"),
        "--out",
        str(tmp_path),
        "--fail-on",
        "high",
        "--probe",
        "5",
    )
    assert result.exit_code == 1, result.output
    assert "not probed: misconfigured (a saved configuration" in result.output
    found = {f.rule for f in read_findings(tmp_path / "findings.json")}
    assert {"AUD-02", "AUD-04", "GRT-01", "GRT-02", "GRT-04", "TEN-01"} <= found


def test_many_tenants_run_together_and_a_failing_one_does_not_hide_the_others(
    full_json: Path, tmp_path: Path
) -> None:
    """A tenants file: two offline tenants and a live one whose secret variable is unset.
    The live one is reported as not audited (exit 3); the others' findings are written, one
    frame with a tenant column."""
    file = tmp_path / "tenants.toml"
    file.write_text(
        f'[[tenant]]\nname = "staging"\nsnapshot = "{full_json}"\n\n'
        '[[tenant]]\nname = "export"\ndeploy_cli = "bad.yaml"\n\n'
        '[[tenant]]\nname = "prod"\ndomain = "dev-x.us.auth0.com"\n'
        'client_id_env = "PROD_ID"\nclient_secret_env = "PROD_SECRET"\n'
    )
    (tmp_path / "bad.yaml").write_text((FIXTURES / "misconfigured.yaml").read_text())
    result = _run(
        "--tenants",
        str(file),
        "--out",
        str(tmp_path / "out"),
        env={"PROD_ID": "abc", "PROD_SECRET": ""},
    )
    assert result.exit_code == 3, result.output
    assert "prod: not audited: the environment variable PROD_SECRET is not set" in result.output
    tenants = {f.tenant for f in read_findings(tmp_path / "out" / "findings.json")}
    assert tenants == {"staging", "export"}


def test_a_tenants_file_with_a_secret_in_it_is_refused(tmp_path: Path) -> None:
    """Secrets are named by environment variable only: a literal one stops the run (exit 3)."""
    file = tmp_path / "tenants.toml"
    file.write_text('[[tenant]]\ndomain = "dev-x.us.auth0.com"\nclient_secret = "s3cr3t"\n')
    result = _run("--tenants", str(file), "--out", str(tmp_path / "out"))
    assert result.exit_code == 3
    assert "would put a secret in the file" in result.output
    assert "s3cr3t" not in result.output


def test_exactly_one_source_and_a_known_severity(tmp_path: Path) -> None:
    """Two sources, or a severity that is none, are usage errors (exit 2)."""
    both = _run("--profile", "clean", "--domain", "x.auth0.com", "--out", str(tmp_path))
    assert both.exit_code == 2
    assert (
        "exactly one of --profile, --snapshot, --deploy-cli, --domain or --tenants" in both.output
    )
    wrong = _run("--profile", "clean", "--out", str(tmp_path), "--fail-on", "severe")
    assert wrong.exit_code == 2


def test_json_summary_and_audit_diff(full_json: Path, tmp_path: Path) -> None:
    """--json gives counts per tenant; audit-diff of two runs names the new finding and exits
    1, and 0 when nothing is new."""
    before = _run(
        "--deploy-cli", str(FIXTURES / "misconfigured.yaml"), "--out", str(tmp_path / "a"), "--json"
    )
    summary = json.loads(before.output)
    assert summary["exit_code"] == 0
    assert summary["tenants"][0]["counts"]["high"] >= 4
    _run("--snapshot", str(full_json), "--out", str(tmp_path / "b"))
    a, b = tmp_path / "a" / "findings.json", tmp_path / "b" / "findings.json"
    diff = CliRunner().invoke(main, ["audit-diff", str(a), str(b)])
    assert diff.exit_code == 1
    assert diff.output.splitlines()[-1].endswith("0 unchanged")
    assert any(line.startswith("new       high     GRT-01") for line in diff.output.splitlines())
    same = CliRunner().invoke(main, ["audit-diff", str(b), str(b)])
    assert same.exit_code == 0
