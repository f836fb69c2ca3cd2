"""Batch validation on several processes: execution around the sans-IO token core.

`verify_many` runs `auth0_explore.tokens.verify_each` over a batch, on a `BatchPool` of worker
processes when the batch is large enough to gain from it. Depends on `auth0_explore.tokens`
only.
"""

from __future__ import annotations

from auth0_explore.batch.many import DEFAULT_CHUNKSIZE, IN_PROCESS_BELOW, shared_pool, verify_many
from auth0_explore.batch.pool import BatchPool

__all__ = ["DEFAULT_CHUNKSIZE", "IN_PROCESS_BELOW", "BatchPool", "shared_pool", "verify_many"]
