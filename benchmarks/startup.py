"""Figure 6: start-up wall times on a warm install, against a bare interpreter start.

Own interleaved subprocess timing rather than hyperfine: hyperfine runs all of one command's
runs before the next command's, so a noisy spell on this shared machine lands on one side only.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import limits
from benchmarks.runner import Context, Row, not_measured, secs

BARE = [sys.executable, "-c", "pass"]


def _cli() -> list[str]:
    script = Path(sys.executable).with_name("auth0-explore")
    return [str(script)] if script.exists() else [sys.executable, "-m", "auth0_explore"]


def _commands() -> set[str]:
    """The subcommands `auth0-explore --help` lists."""
    out = subprocess.run([*_cli(), "--help"], capture_output=True, text=True, check=False)
    listed = out.stdout.partition("Commands:")[2]
    return {line.split()[0] for line in listed.splitlines() if line.strip()}


def _time(argv: list[str], env: dict[str, str]) -> float:
    # in a scratch folder: the demo writes its HTML report into the working directory
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env, timeout=120, cwd=scratch)
        return time.perf_counter() - start


def interleaved(
    subject: list[str], reference: list[str], repeats: int, *, warmup: bool = True
) -> tuple[float, float]:
    """Median wall time of each command, run alternately `repeats` times after one warm-up."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
    if warmup:
        _time(subject, env)
        _time(reference, env)
    s: list[float] = []
    r: list[float] = []
    for i in range(repeats):
        pair = [(subject, s), (reference, r)]
        for argv, out in pair if i % 2 == 0 else pair[::-1]:
            out.append(_time(argv, env))
    return statistics.median(s), statistics.median(r)


def run(ctx: Context) -> list[Row]:
    repeats, warm = ctx.size(15, 1), not ctx.smoke
    commands = _commands()
    rows = []
    subject, bare = interleaved(
        [sys.executable, "-c", "import auth0_explore"], BARE, repeats, warmup=warm
    )
    rows.append(
        Row(
            "Start-up: import auth0_explore",
            secs(subject),
            f"python -c pass {secs(bare)}",
            subject / bare,
            note="ref",
        )
    )
    if "inspect" in commands:
        token = limits.mint_tokens(1, workers=1).tokens[0]
        subject, bare = interleaved([*_cli(), "inspect", token], BARE, repeats, warmup=warm)
        rows.append(
            Row(
                "Start-up: auth0-explore inspect TOKEN",
                secs(subject),
                f"python -c pass {secs(bare)}",
                subject / bare,
                note="ref",
            )
        )
    else:
        rows.append(
            not_measured("Start-up: auth0-explore inspect TOKEN", "`inspect` not on main yet")
        )
    if ctx.smoke:  # the demo runs the explorer's matrices and writes a report: seconds
        rows.append(not_measured("Start-up: auth0-explore demo", "skipped in the smoke run"))
    elif "demo" in commands:
        subject, bare = interleaved([*_cli(), "demo"], BARE, ctx.size(5, 1), warmup=warm)
        rows.append(
            Row(
                "Start-up: auth0-explore demo, end to end",
                secs(subject),
                f"python -c pass {secs(bare)}",
                subject / bare,
                note="ref",
            )
        )
    else:
        rows.append(not_measured("Start-up: auth0-explore demo", "`demo` not on main yet"))
    return rows
