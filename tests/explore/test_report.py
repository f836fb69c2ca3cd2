"""The report and the timeline, rendered to files: tables, marked differences, no secrets."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.explore.compare import compare
from auth0_explore.explore.report import write_report
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.explore.timeline import figure_png, plot_timeline, timeline_frame
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import T0

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def run(plain: Target, default: Target) -> Run:
    """The standard matrix under plain and default-audience, plus a short-lived HS256 token."""
    extra = Scenario("HS256 API", "custom", "https://hs256.sandbox.example/", configuration="plain")
    scenarios = [*plain.matrix(), *default.matrix(), extra]
    return Run(scenarios, [plain, default], progress=False).start()


def _secrets(run: Run, *sandboxes: Sandbox) -> list[str]:
    raw = [a.token.reveal() for a in run.attempts if a.token is not None]
    for sb in sandboxes:
        raw += [app.client_secret.reveal() for app in sb.tenant.applications if app.client_secret]
        raw += [api.signing_secret.reveal() for api in sb.tenant.apis if api.signing_secret]
    assert raw
    return raw


def test_report_files_hold_tables_differences_and_no_secret(
    run: Run, tmp_path: Path, plain_sandbox: Sandbox, default_sandbox: Sandbox
) -> None:
    """HTML, CSV, JSON, Parquet and PNG are written; none holds a raw token or a secret."""
    frame = run.frame()
    comparison = compare(frame)
    figure = plot_timeline(timeline_frame(run, clock=FrozenClock(T0 + 600)))
    files = write_report(
        frame, tmp_path / "out", comparisons=[comparison], timeline=figure, run=run
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "attempts.csv",
        "attempts.json",
        "attempts.parquet",
        "report.html",
        "timeline.png",
    ]  # fmt: skip  (no temporary file left behind)
    page = files.html.read_text() if files.html else ""
    assert "<h2>Comparisons</h2>" in page
    assert "<h2>Attempts</h2>" in page
    assert page.count("<tr") >= len(frame)
    assert "class='diff'" in page
    assert "Non-global clients are not allowed access to APIv1" in page
    assert "gty=client-credentials marks an M2M token" in page  # explanations
    assert f"--url {plain_sandbox.base_url}oauth/token" in page  # sent where it went
    assert "$AUTH0_CLIENT_SECRET" not in page
    image = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)
    assert image is not None
    assert base64.b64decode(image.group(1)).startswith(PNG)
    texts = [page, *(p.read_text() for p in (files.csv, files.json) if p)]
    assert files.parquet is not None
    parquet = pd.read_parquet(files.parquet)
    texts.append(parquet.to_json(date_format="iso"))
    for secret in _secrets(run, plain_sandbox, default_sandbox):
        for text in texts:
            assert secret not in text
    assert not any("eyJ" in t for t in texts)  # no JWT segment either


def test_exports_keep_types_and_lists(run: Run, tmp_path: Path) -> None:
    """Parquet keeps aud lists and UTC times; JSON keeps lists; CSV writes lists as JSON text."""
    frame = run.frame()
    files = write_report(frame, tmp_path, formats=("csv", "json", "parquet"))
    assert files.html is None
    assert files.parquet is not None
    assert files.json is not None
    assert files.csv is not None
    back = pd.read_parquet(files.parquet)
    assert str(back["iat"].dtype) == "datetime64[us, UTC]"
    token_row = back[back["outcome"] == "token"].iloc[0]
    assert list(token_row["aud"]) == frame[frame["outcome"] == "token"].iloc[0]["aud"]
    records = json.loads(files.json.read_text())
    assert len(records) == len(frame)
    assert isinstance(next(r for r in records if r["aud"])["aud"], list)
    csv = pd.read_csv(files.csv)
    assert json.loads(csv.dropna(subset=["aud"])["aud"].iloc[0])[0].startswith("https://")


def test_raw_tokens_appear_only_when_asked(run: Run, tmp_path: Path) -> None:
    """`frame(reveal=True)` carries the access tokens, and then so do the exports."""
    files = write_report(run.frame(reveal=True), tmp_path, formats=("json",))
    assert files.json is not None
    assert "eyJ" in files.json.read_text()


def test_timeline_frame_and_png(run: Run, tmp_path: Path) -> None:
    """One bar per token from iat to exp, renewal before exp; the PNG renders without a display."""
    clock = FrozenClock(T0 + 3601 + 60)  # the HS256 token (1 h) is past exp + leeway
    data = timeline_frame(run, clock=clock)
    assert len(data) == sum(a.ok for a in run.attempts)
    assert (data["expires"] > data["issued"]).all()
    assert (data["renew_at"] < data["expires"]).all()
    assert str(data["issued"].dt.tz) == "UTC"
    hs256 = data[data["label"].str.contains("HS256")].iloc[0]
    assert hs256["lifetime_s"] == 3600
    assert bool(hs256["expired"])
    assert not data[~data["label"].str.contains("HS256")]["expired"].any()
    png = figure_png(plot_timeline(data))
    assert png.startswith(PNG)
    assert len(png) > 10_000


def _outside_details(page: str) -> str:
    return re.sub(r"<details>.*?</details>", "", page, flags=re.DOTALL)


def test_report_layout_differences_in_sight_reasons_grouped_image_fits(
    run: Run, tmp_path: Path
) -> None:
    """What differs is outside every folded section; each distinct reason appears once with
    the rows it applies to; the timeline is scaled to the page; links go to Auth0's docs and
    no section of a document the reader lacks (§) is cited."""
    frame = run.frame()
    comparison = compare(frame)
    figure = plot_timeline(timeline_frame(run, clock=FrozenClock(T0 + 600)))
    files = write_report(frame, tmp_path, comparisons=[comparison], timeline=figure, run=run)
    page = files.html.read_text() if files.html else ""
    shown = _outside_details(page)
    differences = comparison.differences(brief=True)
    assert len(differences)
    for record in differences.to_dict("records"):
        assert f"<td>{record['field']}</td>" in shown
    assert "Non-global clients are not allowed access to APIv1" in shown
    assert "img{max-width:100%;height:auto}" in page
    sentences = [f.text for a in run.attempts for f in a.findings]
    reasons = re.findall(r"<div class='reason'><p>(.*?)(?: <a href|</p>)", page)
    assert len(reasons) == len(set(reasons))  # one entry per distinct reason
    assert len(reasons) < len(frame)  # fewer entries than rows: grouped
    for sentence in set(sentences):
        assert page.count(html.escape(sentence)) == 1
    m2m = "gty=client-credentials marks an M2M token"
    block = page[page.index(m2m) : page.index("</div>", page.index(m2m))]
    tokens = sum(1 for a in run.attempts if a.inspection and a.inspection.claims and
                 a.inspection.claims.get("gty") == "client-credentials")  # fmt: skip
    assert f"{tokens} rows:" in block
    assert "https://auth0.com/docs/" in block
    assert "§" not in page


def test_a_frame_alone_gets_placeholder_secrets_and_whole_explanations(
    run: Run, tmp_path: Path
) -> None:
    """Without its run the report cannot know where rows went: commands say CLIENT_SECRET
    (nothing real is sent anywhere), and identical explanations are still given once."""
    frame = run.frame()
    files = write_report(frame, tmp_path, formats=("html",))
    page = files.html.read_text() if files.html else ""
    assert "client_secret=CLIENT_SECRET" in page
    assert "$AUTH0_CLIENT_SECRET" not in page
    texts = [t for t in frame["explanation"].dropna() if t]
    assert page.count("<div class='reason'>") == len(set(texts)) < len(texts)


def test_a_run_whose_sandbox_stopped_still_writes_its_report(tmp_path: Path) -> None:
    """Commands cannot name a sandbox that is gone: each row says why, and the page is written."""
    with Sandbox(profile="plain") as sb, Target.from_sandbox(sb, "plain") as target:
        run = Run(target.matrix()[:2], target, progress=False).start()
    files = write_report(run.frame(), tmp_path, formats=("html",), run=run)
    page = files.html.read_text() if files.html else ""
    assert "the sandbox is not running" in page
    assert "curl --request POST" not in page
