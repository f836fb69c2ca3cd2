"""`auth0-explore demo`: the docs' request, secret masked, claims shown."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from auth0_explore.cli import main
from auth0_explore.demo import run_demo
from auth0_explore.sandbox import Sandbox


def test_demo_prints_request_with_masked_secret_response_and_claims() -> None:
    """The secret and the raw token never appear; the verified claims do."""
    lines: list[str] = []
    with Sandbox(profile="plain") as sb:
        result = run_demo(sb, lines.append)
        secret = sb.application("m2m").client_secret
        assert secret is not None
        text = "\n".join(lines)
        assert secret.reveal() not in text
        assert "--data client_secret=********" in text
        assert "--header 'content-type: application/x-www-form-urlencoded'" in text
    assert result.status == 200
    assert result.claims["gty"] == "client-credentials"
    assert '"gty": "client-credentials"' in text
    assert "sha256:" in text  # the token is shown as a fingerprint
    assert "eyJ" not in text


def test_demo_command_compares_configurations_and_writes_the_report(tmp_path: Path) -> None:
    """`auth0-explore demo` prints both comparisons and says where the report is."""
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Token claims" in text
    assert "Compared across configuration: default-audience | custom-domain" in text
    assert (
        "Compared across domain: https://dev-sandbox.us.auth0.com/ | https://login.example.com/"
        in text
    )
    assert "Non-global clients are not allowed access" in text
    assert "auth0_opaque_jwe" in text  # no audience, code flow: JWT with a default, else opaque
    assert f"Report: {(out / 'report.html').resolve()}" in text
    for name in ("report.html", "attempts.csv", "attempts.json", "attempts.parquet"):
        assert (out / name).is_file()
    assert "eyJ" not in text
