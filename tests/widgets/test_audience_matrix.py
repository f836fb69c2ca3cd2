"""AudienceMatrix, driven headless: pick, run in the background, cancel, resume, compare, export."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from auth0_explore.explore import Target
from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import AudienceMatrix
from tests.widgets.conftest import CANONICAL, CUSTOM, text


@pytest.fixture
def targets(plain_sandbox: Sandbox, default_sandbox: Sandbox) -> Iterator[list[Target]]:
    """Two configurations: no default audience, and a default audience."""
    plain = Target.from_sandbox(plain_sandbox, "plain")
    default = Target.from_sandbox(default_sandbox, "default-audience")
    yield [plain, default]
    plain.close()
    default.close()


def _wait_until(condition: object) -> None:
    for _ in range(2000):
        if callable(condition) and condition():
            return
        threading.Event().wait(0.01)
    raise AssertionError("the condition never held")


def test_the_standard_matrix_runs_and_compares_configurations(targets: list[Target]) -> None:
    """Both configurations on their default domain; the no-audience row differs."""
    matrix = AudienceMatrix(targets)
    matrix.start.click()
    matrix.wait(60)
    frame = matrix.result
    assert frame is not None
    assert len(frame) == 2 * 7
    assert matrix.progress.value == matrix.progress.max == 14
    assert "14 of 14 attempts" in text(matrix.status.value)
    assert matrix.comparison is not None
    assert "outcome" in matrix.comparison.differing_fields
    assert "td.diff" in matrix.comparison_view.value  # the differing cells are marked
    shown = text(matrix.frame_view.value)
    assert "Non-global clients are not allowed access to APIv1" in shown
    matrix.close()


@pytest.fixture
def slow_tokens(plain_sandbox: Sandbox) -> Iterator[None]:
    """The plain sandbox answers its next token requests 0.2 s late."""
    plain_sandbox.faults.inject("/oauth/token", count=40, status=None, delay=0.2)
    yield
    plain_sandbox.faults.clear()


@pytest.mark.usefixtures("slow_tokens")
def test_cancel_keeps_finished_rows_and_run_again_resumes(targets: list[Target]) -> None:
    """Slow answers; cancel after the first rows; Run again finishes the rest, none twice."""
    matrix = AudienceMatrix(targets)
    matrix.configurations.value = ("plain",)
    matrix.grants.value = ("client_credentials", "authorization_code", "password")
    matrix.start.click()
    _wait_until(lambda: matrix.progress.value >= 1)
    matrix.cancel.click()
    assert matrix.run is not None
    kept = dict(matrix.run.results)
    assert 1 <= len(kept) < 21  # the attempts in flight finish; the rest never start
    assert "Cancelled after" in text(matrix.status.value)
    matrix.start.click()
    matrix.wait(60)
    assert matrix.run.done
    assert all(matrix.run.results[key] is row for key, row in kept.items())
    assert matrix.result is not None
    assert len(matrix.result) == 21
    assert not matrix.result.duplicated(["scenario", "grant"]).any()
    matrix.close()


def test_domains_compare_canonical_and_custom(domain_sandbox: Sandbox) -> None:
    """One configuration on both of its domains: compared across domains, `iss` differs."""
    with Target.from_sandbox(domain_sandbox, "custom-domain") as target:
        matrix = AudienceMatrix(target)
        matrix.domains.value = (CANONICAL, CUSTOM)
        matrix.choices.value = ("custom", "management")
        matrix.start.click()
        matrix.wait(60)
        matrix.close()
    assert matrix.comparison is not None
    assert matrix.comparison.across == "domain"
    assert "iss" in matrix.comparison.differing_fields


def test_exports_write_csv_parquet_and_the_report(targets: list[Target], tmp_path: Path) -> None:
    """Each button writes its file into the folder and says where."""
    matrix = AudienceMatrix(targets)
    matrix.csv.click()
    assert "run the matrix first" in text(matrix.status.value)
    matrix.choices.value = ("none", "custom")
    matrix.start.click()
    matrix.wait(60)
    matrix.folder.value = str(tmp_path / "out")
    for button, name in (
        (matrix.csv, "attempts.csv"),
        (matrix.parquet, "attempts.parquet"),
        (matrix.report, "report.html"),
    ):
        button.click()
        assert (tmp_path / "out" / name).is_file()
        assert name in text(matrix.exported.value)
    matrix.close()


def test_an_empty_pick_is_an_error_shown_in_the_widget(targets: list[Target]) -> None:
    """No grant picked: the status says what to pick; nothing runs."""
    matrix = AudienceMatrix(targets)
    matrix.grants.value = ()
    matrix.start.click()
    assert "pick at least one" in text(matrix.status.value)
    assert matrix.run is None
    matrix.close()
