"""`print()` of every result object is a readable text view that fits an 80-column terminal,
and the text helpers behind it wrap rather than cut."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from auth0_explore.client import Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.explore.compare import compare
from auth0_explore.explore.pasted import check_pasted
from auth0_explore.explore.renewal import renewal_chain
from auth0_explore.explore.report import write_report
from auth0_explore.explore.runner import Run
from auth0_explore.explore.targets import Target
from auth0_explore.sandbox import Sandbox
from auth0_explore.secrets import Secret
from auth0_explore.snapshot.differences import changes, changes_text
from auth0_explore.text import bullets, fields, table
from auth0_explore.tokens import Expectations

T0 = 1_800_000_000.0
API = "https://api.sandbox.example/"
LONG = "https://a-very-long-api-identifier.example.com/with/a/path/that/goes/on/and/on/for/ever/"


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(profile="full", clock=FrozenClock(T0)) as sb:
        yield sb


def _secrets(sb: Sandbox) -> list[str]:
    return [app.client_secret.reveal() for app in sb.tenant.applications if app.client_secret]


def _check(text: str, *expected: str, sb: Sandbox | None = None, lines: int = 3) -> None:
    """Several lines, each at most 80 characters, the expected content, no secret or token."""
    rows = text.splitlines()
    assert len(rows) >= lines, text
    assert max(len(row) for row in rows) <= 80, "\n".join(r for r in rows if len(r) > 80)
    flat = "".join(text.split())
    for part in expected:  # word by word: a wrapped table interleaves its columns' lines
        for word in part.split():
            assert word in flat, (word, text)
    assert "eyJ" not in text
    for secret in _secrets(sb) if sb else []:
        assert secret not in text


def test_token_objects_of_the_client_and_the_inspector(sandbox: Sandbox) -> None:
    """TokenResult, Inspection, ValidationReport, Explanation, Expectations, EndpointResult."""
    with Tenant.from_sandbox(sandbox) as tenant:
        result = tenant.client_credentials(API, cache=False)
        report = tenant.validate(result, Expectations.for_api(sandbox.base_url, LONG))
        discovery = tenant.discovery()
    _check(str(result), "POST", "client_secret ********", "M2M access token", "expires in",
           sb=sandbox)  # fmt: skip
    _check(str(result.inspection), "kind M2M access token (jws)", '"client-credentials"',
           "UTC, in 24 h")  # fmt: skip
    _check(str(report), "invalid: aud_mismatch", "FAIL audience", f"expected {LONG}",
           "ok signature RS256 signature verified", lines=18)  # fmt: skip
    _check(str(result.explanation), "- gty=client-credentials marks an M2M token")
    _check(str(report.expectations), "audience " + LONG, "algorithms RS256", "leeway 60 s")
    _check(str(discovery), "GET", "jwks_uri", "token_endpoint")


def test_explorer_objects(sandbox: Sandbox, tmp_path: Path) -> None:
    """Comparison, Run, AttemptResult, ReportFiles, Reproduction and PastedToken."""
    with Target.from_sandbox(sandbox, "full") as target:
        run = Run(target.matrix(all_domains=True), target, progress=False).start()
        comparison = compare(run.frame(), across="domain")
        attempt = run.attempts[0]
        failed = next(a for a in run.attempts if not a.ok)
        files = write_report(run.frame(), tmp_path, formats=("html",), run=run)
        reproduction = run.reproduce(next(a for a in run.attempts if a.ok))
    _check(str(comparison), "Compared across domain", "Differences:", "iss", lines=10)
    _check(str(run), f"{len(run.attempts)}/{len(run.attempts)} finished", "configuration",
           "custom API (M2M)", "Service not enabled", lines=len(run.attempts))  # fmt: skip
    _check(str(attempt), "scenario", "token sha256:", "validation valid", sb=sandbox)
    _check(str(failed), "error 403", "what to do", sb=sandbox, lines=2)
    _check(str(files), "report.html", lines=2)
    _check(str(reproduction), "curl", "client_secret=********", "auth0-python", sb=sandbox)
    token = Secret("Bearer " + attempt.token.reveal() if attempt.token else "")
    pasted = check_pasted(token, keys_from="sandbox", sandbox=sandbox, audience=LONG)
    _check(str(pasted), "keys from", "invalid: aud_mismatch")


def test_a_renewal_chain_fits_too() -> None:
    with Sandbox(profile="plain", clock=FrozenClock(T0)) as sb, Target.from_sandbox(sb) as target:
        chain = renewal_chain(target)
    _check(str(chain), "Renewal chain", "login", "expired", "refresh", "re-authenticate")


def test_a_snapshot_and_its_diff(sandbox: Sandbox) -> None:
    """Snapshot: settings and tables of APIs, applications, grants; a diff: one line a change."""
    before = sandbox.snapshot()
    sandbox.api("custom-rs256").token_lifetime = 600
    try:
        after = sandbox.snapshot()
    finally:
        sandbox.api("custom-rs256").token_lifetime = 86400
    _check(str(before), "snapshot", "default audience " + API, "m2m → " + API, lines=20)
    found = changes(before, after)
    assert [str(c) for c in found] == [f"api {API}: token_lifetime 86400 → 600"]
    _check(changes_text(found), f"api {API}", "token_lifetime 86400 → 600", lines=2)


def test_tables_wrap_cells_and_keep_every_word() -> None:
    """Nothing is cut: read column by column, every cell comes back whole; each line fits."""
    rows = [["short", LONG * 2, "a b c d e f g h i j k l m n o p"], ["x", "y", "z"]]
    text = table(["one", "two", "three"], rows, width=60)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 60
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    body = [line.ljust(60) for line in lines[2:]]
    columns = ["".join(line[a:b] for line in body) for a, b in spans]
    for index, cell in enumerate(rows[0]):
        assert "".join(cell.split()) in "".join(columns[index].split())
    assert fields([("label", LONG * 2)], width=50).count("\n") >= 3
    assert all(
        line.startswith(("  - ", "    ")) for line in bullets([LONG * 3], width=50).split("\n")
    )


def test_width_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    wide = table(["a", "b"], [["x" * 70, "y" * 70]])
    assert max(len(line) for line in wide.splitlines()) == 120
