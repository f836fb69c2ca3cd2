"""inspect_partition: the documented schema, each verdict's reason, and on a Dask cluster of two
worker processes over a Parquet dataset the very verdicts one process gives."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from auth0_explore.batch import PARTITION_SCHEMA, inspect_partition, partition_meta
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError
from auth0_explore.sandbox import Sandbox
from auth0_explore.tokens import Expectations, inspect_token
from tests.batch.audit_tokens import API, CANONICAL, CUSTOM, Captured, captured, rows

MINTED_AT = 1_800_000_000
AT = MINTED_AT + 600  # the audit's instant: 24 h tokens valid, 60 s ones expired
EXPECT = Expectations(issuers=[CANONICAL, CUSTOM], audience=API)
SCHEMA_PAGE = Path(__file__).parents[2] / "docs" / "reference" / "dataframes.md"


@pytest.fixture(scope="module")
def audit(attacker_key: rsa.RSAPrivateKey) -> Iterator[Captured]:
    with Sandbox(profile="full", clock=FrozenClock(MINTED_AT)) as sb:
        yield captured(sb, attacker_key)


def _inspect(tokens: list[str], audit: Captured, **options: object) -> pd.DataFrame:
    frame = pd.DataFrame({"token": tokens})
    return inspect_partition(frame, audit.snapshot, EXPECT, at=AT, **options)  # type: ignore[arg-type]  # options are the keyword-only ones


def test_the_columns_and_dtypes_are_the_documented_schema(audit: Captured) -> None:
    """Output, Dask's meta and the DataFrame page's table all say the same columns, in order."""
    out = _inspect(audit.tokens, audit)
    expected = {name: dtype for name, (dtype, _) in PARTITION_SCHEMA.items()}
    assert {name: str(dtype) for name, dtype in out.dtypes.items()} == expected
    assert {name: str(dtype) for name, dtype in partition_meta().dtypes.items()} == expected
    page = SCHEMA_PAGE.read_text(encoding="utf-8")
    section = page[page.index("<!-- partition:start -->") : page.index("<!-- partition:end -->")]
    table = re.findall(r"^\| `(\w+)` \| `([^`]+)` \| (.+) \|$", section, re.MULTILINE)
    assert [(name, dtype) for name, dtype, _ in table] == list(expected.items())
    assert [meaning for *_, meaning in table] == [m for _, m in PARTITION_SCHEMA.values()]


def test_each_captured_token_gets_its_reason_and_a_valid_one_inspect_tokens_view(
    audit: Captured,
) -> None:
    """Minted and forged tokens get the reasons `verify` gives; for a valid token, issuer,
    audience, expiry and family are what `inspect_token` reads from it."""
    out = _inspect(audit.tokens, audit)
    assert out["reason"].tolist() == audit.reasons
    assert out["verdict"].tolist() == ["invalid" if r else "valid" for r in audit.reasons]
    clock = FrozenClock(AT)
    for token, row in zip(audit.tokens, out.itertuples(), strict=True):
        seen = inspect_token(token, clock=clock)
        exp = seen.time("exp")
        assert (row.issuer, row.family) == (seen.issuer, seen.family)
        assert row.audience == (" ".join(seen.audiences) or None)
        assert (None if pd.isna(row.expiry) else row.expiry) == (exp.at if exp else None)
    assert set(out.loc[out.verdict == "valid", "issuer"]) == {CANONICAL, CUSTOM}


def test_index_bytes_and_bad_arguments(audit: Captured) -> None:
    """The partition's index is kept, ASCII bytes are tokens too, and a wrong call says what
    to change."""
    frame = pd.DataFrame({"jwt": [t.encode() for t in audit.tokens[:3]]}, index=[7, 3, 5])
    out = inspect_partition(frame, audit.snapshot, EXPECT, at=AT, column="jwt")
    assert out.index.tolist() == [7, 3, 5]
    assert out["verdict"].tolist() == ["valid"] * 3
    with pytest.raises(ConfigError, match="no column 'token'; pass column="):
        inspect_partition(frame, audit.snapshot, EXPECT, at=AT)
    naive = datetime(2027, 1, 1)  # no tzinfo, on purpose
    with pytest.raises(ConfigError, match="naive datetime"):
        inspect_partition(frame, audit.snapshot, EXPECT, at=naive, column="jwt")
    with pytest.raises(ConfigError, match="at is the instant"):
        inspect_partition(frame, audit.snapshot, EXPECT, at="now", column="jwt")  # type: ignore[arg-type]  # the wrong type on purpose
    with pytest.raises(ConfigError, match="maps each issuer"):
        inspect_partition(frame, [audit.snapshot], EXPECT, at=AT, column="jwt")  # type: ignore[arg-type]  # the wrong type on purpose


def test_a_dask_cluster_of_two_processes_gives_the_in_process_verdicts(
    audit: Captured, tmp_path: Path
) -> None:
    """100,000 captured tokens in 8 Parquet files, mapped by `dask.dataframe` on a local
    cluster of two worker processes: every row equals one process's answer, and the worker
    processes are gone once the cluster is closed."""
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    tokens = rows(audit.tokens, 100_000)
    for n in range(8):
        part = pd.DataFrame({"token": tokens[n::8]}, index=range(n, len(tokens), 8))
        part.to_parquet(tmp_path / f"part-{n}.parquet")
    started = time.perf_counter()
    with (
        LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
        as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        workers = set(client.run(os.getpid).values())
        frame = dd.read_parquet(tmp_path, columns=["token"])
        mapped = frame.map_partitions(
            inspect_partition, audit.snapshot, EXPECT, at=AT, meta=partition_meta()
        )
        on_cluster = mapped.compute().sort_index()
    took = time.perf_counter() - started
    here = _inspect(tokens, audit)
    assert len(workers) == 2
    assert os.getpid() not in workers
    pd.testing.assert_frame_equal(on_cluster, here, check_index_type=False)
    assert set(here["reason"]) == set(audit.reasons) | {"bad_signature"}
    assert not [pid for pid in workers if _running(pid)], "a Dask worker outlived its cluster"
    print(f"Dask, 2 worker processes, 100,000 tokens: {took:.1f} s with start and stop")


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
