"""Every benchmark runs once on a tiny input, in-process, so `make bench` does not rot."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import limits, peers_jose, processes
from benchmarks.__main__ import BENCHMARKS, run
from benchmarks.runner import Bar, Row, format_table, interleave


@pytest.fixture(scope="module")
def smoke_rows() -> dict[str, list[Row]]:
    from benchmarks.runner import Context

    ctx = Context(smoke=True)
    return {name: run(ctx, [name], strict=True) for name in BENCHMARKS}


@pytest.mark.parametrize("name", list(BENCHMARKS), ids=list(BENCHMARKS))
def test_each_benchmark_gives_rows_that_are_numbers_or_say_why_not(
    smoke_rows: dict[str, list[Row]], name: str
) -> None:
    """A row has a ratio, or says 'not measured: <why>'; never a blank or a made-up figure."""
    rows = smoke_rows[name]
    assert rows
    for row in rows:
        assert row.ratio is not None or row.subject.startswith("not measured: "), row
        if row.ratio is not None:
            assert row.ratio >= 0  # counts (errors, 429s) may be 0


def test_table_has_one_line_per_row(smoke_rows: dict[str, list[Row]]) -> None:
    """The printed table and its markdown form carry every row."""
    rows = [row for rows in smoke_rows.values() for row in rows]
    assert len(format_table(rows).splitlines()) == len(rows) + 2
    assert len(format_table(rows, markdown=True).splitlines()) == len(rows) + 2


def test_interleave_alternates_and_takes_medians() -> None:
    """Both sides run the same number of times, in alternating order."""
    calls: list[str] = []
    timing = interleave(lambda: calls.append("s"), lambda: calls.append("r"), repeats=4, warmup=0)
    assert calls == ["s", "r", "r", "s", "s", "r", "r", "s"]
    assert len(timing.subject_all) == len(timing.reference_all) == 4


def test_bars_compare_in_their_direction() -> None:
    """'≥' bars are met from above, '≤' bars from below."""
    assert Bar(">=", 0.65).met(0.7)
    assert not Bar(">=", 0.65).met(0.6)
    assert Bar("<=", 1.5).met(1.2)
    assert not Bar("<=", 1.5).met(1.6)
    assert Row("x", "", "", 2.0, Bar("<=", 1.5)).met is False


def test_peer_validators_really_check_the_audience() -> None:
    """Each JOSE peer accepts a good token and rejects one for another audience."""
    good = limits.mint_tokens(1, workers=1)
    key = good.public_key()
    wrong = limits.mint_tokens(1, workers=1, audience="https://other.example/")
    for name, validate in peers_jose.available(key).items():
        assert validate(good.tokens[0])["azp"], name
    for name, validate in peers_jose.available(wrong.public_key()).items():
        with pytest.raises(Exception):  # noqa: B017, PT011 - each library has its own error type
            validate(wrong.tokens[0])
        del name


def test_a_process_left_behind_by_the_run_is_found_listed_and_stopped() -> None:
    """An orphan (its parent gone, re-parented to init) that carries the run's marker is
    found after the grace period and stopped by its pid; an unmarked process is left alone."""
    token = secrets.token_hex(8)
    marked = {**os.environ, processes.MARKER: token}
    unmarked = {k: v for k, v in os.environ.items() if k != processes.MARKER}
    # sh starts sleep in the background and exits: sleep is no child of this process
    subprocess.run(
        ["sh", "-c", "sleep 60 >/dev/null 2>&1 &"], env=marked, check=True, capture_output=True
    )
    bystander = subprocess.Popen(["sleep", "60"], env=unmarked)
    try:
        survivors = processes.outlived(token, grace=0.5)
        assert survivors is not None
        assert [command for _, command in survivors] == ["sleep 60"]
        assert processes.running_with(token) == []  # stopped
        assert bystander.poll() is None  # not ours to stop
    finally:
        bystander.kill()
        bystander.wait()


def test_the_run_reports_that_nothing_outlived_it() -> None:
    """`python -m benchmarks` runs the figures in a child and checks after it ended: the
    process pools of the signing limits and their helpers all end with it."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--only", "raw"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "processes: nothing the run started is still running" in done.stdout
