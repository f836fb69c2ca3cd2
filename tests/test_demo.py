"""`auth0-explore demo`: the docs' request, secret masked, claims shown."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from auth0_explore.cli import main
from auth0_explore.cli.demo import run_demo
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
        assert "--data-urlencode 'client_secret=********'" in text
        assert f"--url {sb.base_url}oauth/token" in text
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
    text = " ".join(result.output.split())  # tables wrap cells to the terminal's width
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
    # the audit's contrast: findings on `full`, none on `clean`, both probed
    full = re.search(r"full: (\d+) findings \(([^)]*)\); (\d+) probes \((\d+) tokens\)", text)
    assert full is not None, text
    assert int(full[1]) > 0
    assert 0 < int(full[4]) <= int(full[3]) <= 10
    assert re.search(r"clean: 0 findings \(none\); \d+ probes", text), text
    assert f"Audit report: {(out / 'audit' / 'report.html').resolve()}" in text
    findings = json.loads((out / "audit" / "findings.json").read_text())
    assert {f["tenant"] for f in findings} == {"full"}


def test_the_demo_reports_commands_for_its_own_sandboxes_and_they_run(tmp_path: Path) -> None:
    """Every command in the demo's report posts to a loopback URL of one of the demo's own
    sandboxes (never to dev-sandbox.us.auth0.com or login.example.com, and never with
    $AUTH0_CLIENT_SECRET), with the secret masked; revealed, each runs with curl and gets the
    row's answer."""
    import subprocess

    from auth0_explore.cli.demo import run_explorer_demo
    from auth0_explore.explore.runner import Run

    answers: list[tuple[dict[str, object], dict[str, object]]] = []
    loopbacks: set[str] = set()

    def check(run: Run) -> None:
        for target in run.targets.values():
            loopbacks.update(d.base_url for d in target.sandbox.domains)
        frame = run.frame()
        for row in frame[frame["grant"] == "client_credentials"].to_dict("records"):
            command = run.reproduce({str(k): v for k, v in row.items()}, reveal=True).curl
            done = subprocess.run(["bash", "-c", command + " --silent"], capture_output=True,
                                  text=True, timeout=20, check=True)  # fmt: skip
            answers.append((row, json.loads(done.stdout)))

    demo = run_explorer_demo(tmp_path, lambda _: None, progress=False, while_serving=check)
    assert answers
    for row, body in answers:
        if row["outcome"] == "token":
            assert "access_token" in body
        else:
            assert body["error_description"] == row["error_description"]
    page = demo.report.html.read_text() if demo.report.html else ""
    urls = re.findall(r"curl --request POST --url (\S+)", page)
    assert urls
    assert {url.removesuffix("oauth/token") for url in urls} <= loopbacks
    assert page.count("client_secret=********") == len(urls)
    assert "AUTH0_CLIENT_SECRET" not in page
    assert "https://dev-sandbox.us.auth0.com/oauth/token" not in page
    assert "https://login.example.com/oauth/token" not in page


def test_demo_output_fits_80_columns(tmp_path: Path) -> None:
    """At COLUMNS=80 every line of the demo fits, the comparison tables wrapping their cells."""
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, ["demo", "--out", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    long = [line for line in result.output.splitlines() if len(line) > 80]
    paths = [
        f"Report: {(tmp_path / 'r' / 'report.html').resolve()}",
        f"Audit report: {(tmp_path / 'r' / 'audit' / 'report.html').resolve()}",
    ]
    assert set(long) <= set(paths)  # a path is never cut
    assert "Compared across configuration" in result.output
