"""AuditView, driven headless: run an audit of two sandboxes, filter, read a finding, export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import RateLimitRule, Sandbox
from auth0_explore.widgets import AuditView
from tests.widgets.conftest import T0, all_widget_state, text


@pytest.fixture(scope="module")
def tenants() -> Iterator[dict[str, Sandbox[FrozenClock]]]:
    """The clean and the full profiles (Management API at 100/s, so a run takes no seconds)."""
    with (
        Sandbox(profile="clean", seed=14, clock=FrozenClock(T0)) as clean,
        Sandbox(profile="full", seed=14, clock=FrozenClock(T0)) as full,
    ):
        for sb in (clean, full):
            sb.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(100, 100.0)
        yield {"clean": clean, "full": full}


@pytest.fixture
def view(tenants: dict[str, Sandbox[FrozenClock]]) -> Iterator[AuditView]:
    """An audit view over both."""
    view = AuditView(tenants)
    yield view
    view.close()


def _run(view: AuditView, tenant: str, budget: int = 5) -> None:
    view.tenant.value = tenant
    view.budget.value = budget
    view.run.click()
    view.wait(60)


def test_the_full_profile_shows_its_findings_most_severe_first(view: AuditView) -> None:
    """Run: the counts, a chart, the list (high first) and the first finding's evidence and fix."""
    _run(view, "full")
    assert view.result is not None
    assert view.result.tenant == "full"
    assert "data:image/png;base64," in view.summary.value
    labels = [label for label, _ in view.findings.options]
    assert labels[0].startswith("high   GRT-01")
    assert len(labels) == len(view.result.findings)
    shown = text(view.details.value)
    assert "GRT-01" in shown
    assert "Fix:" in shown
    assert "update:client_grants" in shown
    assert "full: 1 high" in text(view.status.value)


def test_filters_by_severity_and_area(view: AuditView) -> None:
    """Only medium findings of the domains area: DOM-01 (its probe through the custom domain)."""
    _run(view, "full")
    view.severity.value = ("medium",)
    view.area.value = ("domains",)
    labels = [label for label, _ in view.findings.options]
    assert labels == ["medium DOM-01  login.example.com ✓probe"]
    view.area.value = ("keys",)
    assert view.findings.options == ()
    assert "No finding here." in text(view.details.value)


def test_the_clean_profile_has_nothing_to_show(view: AuditView) -> None:
    """Zero findings: said in words, no chart, an empty list."""
    _run(view, "clean")
    assert view.result is not None
    assert view.result.findings == ()
    assert "no finding, every rule is satisfied" in text(view.summary.value)
    assert view.findings.options == ()


def test_reports_are_written_for_every_tenant_run(view: AuditView, tmp_path: Path) -> None:
    """Write reports: one set of files with both tenants' findings."""
    _run(view, "clean")
    _run(view, "full")
    view.folder.value = str(tmp_path / "reports")
    view.write.click()
    assert "findings.sarif" in text(view.written.value)
    assert (tmp_path / "reports" / "report.html").read_text().count("<h1>Audit of clean, full")


def test_errors_are_shown_and_nothing_secret_is_kept(
    view: AuditView, tenants: dict[str, Sandbox[FrozenClock]]
) -> None:
    """Writing before a run is refused in the status pane; no token (a JWT starts eyJ) and no
    application's secret in widget state."""
    view.write.click()
    assert "run an audit first" in text(view.status.value)
    _run(view, "full")
    state = all_widget_state()
    assert "eyJ" not in state
    for app in tenants["full"].tenant.applications:
        if app.client_secret is not None:
            assert app.client_secret.reveal() not in state


def test_a_live_tenant_without_configuration_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AuditView() audits AUTH0_*; with nothing set, the error names AUTH0_DOMAIN."""
    monkeypatch.chdir(tmp_path)
    for name in ("AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    view = AuditView()
    try:
        view.run.click()
        view.wait(30)
        assert "AUTH0_DOMAIN" in text(view.status.value)
    finally:
        view.close()
