"""Figure 2: sandbox issuing throughput under wrk vs the signing limit and two npm peers."""

from __future__ import annotations

from benchmarks import subjects
from benchmarks.runner import Context, Row, not_measured


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.sandbox")
    if why:
        return [not_measured("Sandbox issuing throughput (wrk, 16 conns)", why)]
    return [not_measured("Sandbox issuing throughput", "wire the sandbox in subjects")]
