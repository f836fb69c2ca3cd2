"""Batch validation on several processes: execution around the sans-IO token core.

`verify_many` runs `auth0_explore.tokens.verify_each` over a batch, on a `BatchPool` of worker
processes when the batch is large enough to gain from it. `inspect_partition` inspects a
pandas DataFrame partition (verdict, reason, issuer, audience, expiry, family per token), as it
is on one machine or mapped by Dask over Parquet files on a cluster. Depends on
`auth0_explore.tokens` only (pandas is imported when a partition is inspected).
"""

from __future__ import annotations

from auth0_explore.batch.many import DEFAULT_CHUNKSIZE, IN_PROCESS_BELOW, shared_pool, verify_many
from auth0_explore.batch.partition import (
    PARTITION_SCHEMA,
    JwksSnapshot,
    inspect_partition,
    partition_meta,
)
from auth0_explore.batch.pool import BatchPool

__all__ = [
    "DEFAULT_CHUNKSIZE",
    "IN_PROCESS_BELOW",
    "PARTITION_SCHEMA",
    "BatchPool",
    "JwksSnapshot",
    "inspect_partition",
    "partition_meta",
    "shared_pool",
    "verify_many",
]
