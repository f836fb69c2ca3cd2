"""Figure 1b: batch validation on every core, against the machine's own ceiling in the same run.

`verify_many` over 20,000 sandbox tokens on a `BatchPool` (this process and one worker per
further core) against the same call kept in this process, interleaved with raw RS256
verification (`cryptography`, no checks) in one process and in one process per core on the
same tokens: the batch's speed-up is held to that ceiling, which on a shared 2-core machine
moves between 1.2x and 1.9x with the minute. Also: a small batch starts no process, and the
pool's workers serve every call (the same processes from the first call to the last). And the
same inspection as a Dask job over Parquet files (`benchmarks/dask_batch.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks import limits, subjects
from benchmarks.dask_batch import dask_row
from benchmarks.runner import Bar, Context, Row, interleave_many, not_measured, rate

CEILING = Bar(">=", 0.9)
NONE = Bar("<=", 0)


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.batch")
    if why:
        return [not_measured("Batch validation", why)]
    minted = (None if ctx.smoke else subjects.sandbox_tokens(10_000)) or limits.mint_tokens(
        ctx.size(10_000, 60), workers=1 if ctx.smoke else None
    )
    tokens = minted.tokens * ctx.size(2, 40)  # 20,000 (smoke: 2,400, past the threshold)
    from auth0_explore.batch import IN_PROCESS_BELOW, BatchPool

    with BatchPool() as pool, limits.VerifyPool(minted.public_pem) as ceiling:
        check = _Batch(minted, pool)
        rows = [_small_batch_row(check, tokens[: IN_PROCESS_BELOW - 1])]
        key = minted.public_key()
        sides = {
            "here": lambda: check.call(tokens, workers=1),
            "pool": lambda: check.call(tokens),
            "raw": lambda: limits.verify_raw(tokens, key),
            "raw-all": lambda: ceiling.verify(tokens),
        }
        medians = interleave_many(sides, repeats=ctx.size(5, 1), warmup=1)
        rows += _speedup_rows(medians, len(tokens), ceiling.workers)
        rows.append(_lifetime_row(check))
    rows.append(dask_row(ctx, minted, check))
    return rows


class _Batch:
    """`verify_many` with the toolkit's strict expectations; records the pool's pids per call."""

    def __init__(self, minted: limits.Minted, pool: Any) -> None:
        from auth0_explore.clock import SystemClock
        from auth0_explore.tokens import Expectations, KeySet

        assert minted.jwks is not None
        self.keys = KeySet.from_jwks(minted.jwks)
        self.expectations = Expectations(issuers=minted.issuer, audience=minted.audience)
        self.clock = SystemClock()
        self.pool = pool
        self.pids: list[frozenset[int]] = []

    def call(self, tokens: Sequence[str], workers: int | None = None) -> int:
        from auth0_explore.batch import verify_many

        results = verify_many(
            tokens, self.expectations, keys=self.keys, clock=self.clock, workers=workers,
            pool=self.pool,
        )  # fmt: skip
        if not all(type(result) is dict for result in results):
            raise AssertionError("verify_many refused a sandbox token")
        if workers is None and self.pool.started:
            self.pids.append(self.pool.pids)
        return len(results)


def _small_batch_row(check: _Batch, tokens: Sequence[str]) -> Row:
    check.call(tokens)
    started = len(check.pool.pids)
    return Row(
        f"Batch: {len(tokens):,} tokens (under the threshold) stay in this process",
        f"worker processes started: {started}",
        "",
        float(started),
        NONE,
        unit="",
    )


def _speedup_rows(medians: dict[str, float], count: int, workers: int) -> list[Row]:
    speedup = medians["here"] / medians["pool"]
    ceiling = medians["raw"] / medians["raw-all"]
    return [
        Row(
            f"Batch validation on {workers} cores: speed-up",
            f"verify_many {rate(count / medians['pool'], 'tok/s')}",
            f"same call in 1 process {rate(count / medians['here'], 'tok/s')}",
            speedup,
            note="speed-up",
        ),
        Row(
            f"  ceiling: raw RS256 verify, {workers} processes vs 1 (same tokens, same minutes)",
            rate(count / medians["raw-all"], "tok/s"),
            rate(count / medians["raw"], "tok/s"),
            ceiling,
            note="ceiling",
        ),
        Row(
            "  batch speed-up / the machine's ceiling",
            f"{speedup:.2f}x",
            f"{ceiling:.2f}x",
            speedup / ceiling,
            CEILING,
        ),
    ]


def _lifetime_row(check: _Batch) -> Row:
    calls = len(check.pids)
    others = sum(1 for pids in check.pids if pids != check.pids[0]) if calls else 0
    return Row(
        "Batch: the pool lives across calls",
        f"{calls} pooled calls, {len(check.pids[0]) if calls else 0} worker(s): "
        f"{others} call(s) on other processes",
        "",
        float(others) if calls else None,
        NONE,
        unit="",
    )
