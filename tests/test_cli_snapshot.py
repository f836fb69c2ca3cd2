"""`auth0-explore snapshot` and `auth0-explore diff` (click's runner, real sandboxes)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from auth0_explore.cli import main
from auth0_explore.snapshot import load_json

FIXTURES = Path(__file__).parent / "snapshot" / "fixtures"


def test_snapshot_of_two_profiles_and_their_diff(tmp_path: Path) -> None:
    """Sandbox profiles through the Management API; diff fits 80 columns and exits 1."""
    runner = CliRunner()
    for profile in ("plain", "full"):
        out = tmp_path / f"{profile}.json"
        result = runner.invoke(main, ["snapshot", "--profile", profile, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "(no secrets)" in result.output
        assert load_json(out).source.kind == "tenant"
    result = runner.invoke(
        main, ["diff", str(tmp_path / "plain.json"), str(tmp_path / "full.json")]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "  default_audience              - → https://api.sandbox.example/" in lines
    assert "custom_domain login.example.com" in lines
    assert max(len(line) for line in lines) <= 80
    same = runner.invoke(main, ["diff", str(tmp_path / "full.json"), str(tmp_path / "full.json")])
    assert (same.exit_code, same.output) == (0, "no differences\n")


def test_diff_as_json_and_against_a_deploy_cli_export(tmp_path: Path) -> None:
    """--json lists the changes; a deploy-cli YAML is read as a snapshot too."""
    runner = CliRunner()
    yaml = FIXTURES / "misconfigured.yaml"
    out = tmp_path / "bad.json"
    saved = runner.invoke(main, ["snapshot", "--deploy-cli", str(yaml), "--out", str(out)])
    assert saved.exit_code == 0, saved.output
    result = runner.invoke(main, ["diff", str(out), str(FIXTURES / "tenant.yaml"), "--json"])
    changes = json.loads(result.output)
    assert {"kind": "settings", "object": "tenant", "field": "friendly_name", "change": "changed",
            "before": "Misconfigured", "after": "Travel0 Staging"} in changes  # fmt: skip


def test_snapshot_needs_exactly_one_source(tmp_path: Path) -> None:
    """Two sources is a usage error; a live tenant without credentials says what to set."""
    runner = CliRunner()
    both = runner.invoke(
        main, ["snapshot", "--profile", "plain", "--domain", "x.auth0.com", "--out", "o.json"]
    )
    assert both.exit_code == 2
    assert "exactly one of --profile, --domain or --deploy-cli" in both.output
    live = runner.invoke(
        main,
        ["snapshot", "--domain", "dev-x.us.auth0.com", "--out", str(tmp_path / "o.json")],
        env={"AUTH0_CLIENT_ID": "", "AUTH0_CLIENT_SECRET": ""},
    )
    assert live.exit_code == 1
    assert "AUTH0_CLIENT_ID" in live.output
