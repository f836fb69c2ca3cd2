"""Figure 1b, last row: `inspect_partition` as a Dask job over Parquet, on a local cluster.

100,000 tokens (the sandbox tokens, repeated) in 8 Parquet files; a local cluster of one
worker process per core, one thread each, started before the timing as a real cluster would
be. Timed: reading the files, mapping `inspect_partition` over the partitions and collecting
the verdicts. Against, interleaved: the in-process batch path (`verify_many` on the same
tokens in memory, which uses every core through its pool) and the same function on the whole
frame in one process.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import limits, subjects
from benchmarks.runner import Context, Row, interleave_many, not_measured, rate


def dask_row(ctx: Context, minted: limits.Minted, check: Any) -> Row:
    """Throughput of the Dask job against the in-process batch path (a ratio, no bar)."""
    figure = "Batch inspection on Dask (local cluster, Parquet) vs in-process batch path"
    why = subjects.missing("distributed") or subjects.missing("dask.dataframe")
    if why:
        return not_measured(figure, f"{why} (pip install 'auth0-explore[dask]')")
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster

    from auth0_explore.batch import inspect_partition, partition_meta

    tokens = (minted.tokens * (ctx.size(100_000, 2_000) // len(minted.tokens) + 1))[
        : ctx.size(100_000, 2_000)
    ]
    assert minted.jwks is not None
    snapshot = {minted.issuer: minted.jwks}
    at = time.time()
    workers = limits.cores()
    with tempfile.TemporaryDirectory(prefix="bench-dask-") as folder:
        for n in range(8):
            pd.DataFrame({"token": tokens[n::8]}).to_parquet(Path(folder) / f"part-{n}.parquet")
        with (
            LocalCluster(  # type: ignore[no-untyped-call]  # distributed is not annotated
                n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            Client(cluster),  # type: ignore[no-untyped-call]  # distributed is not annotated
        ):  # fmt: skip

            def on_dask() -> int:
                frame = dd.read_parquet(folder, columns=["token"])
                mapped = frame.map_partitions(
                    inspect_partition, snapshot, check.expectations, at=at, meta=partition_meta()
                )
                return len(mapped.compute())

            whole = pd.DataFrame({"token": tokens})
            sides = {
                "dask": on_dask,
                "verify_many": lambda: check.call(tokens),
                "one process": lambda: len(
                    inspect_partition(whole, snapshot, check.expectations, at=at)
                ),
            }
            medians = interleave_many(sides, repeats=ctx.size(3, 1), warmup=1)
    count = len(tokens)
    one = count / medians["one process"]
    return Row(
        figure,
        f"Dask, {workers} worker processes: {rate(count / medians['dask'], 'tok/s')} "
        f"(the function in one process: {rate(one, 'tok/s')})",
        f"verify_many {rate(count / medians['verify_many'], 'tok/s')}",
        medians["verify_many"] / medians["dask"],
        note="ref",
    )
