"""Where a batch starts to gain from worker processes: `auth0_explore.batch.IN_PROCESS_BELOW`.

`python -m benchmarks.batch_threshold` times `verify_each` (this process only) against a warm
`BatchPool` (the workers already started, as they are from the second call on) for batches of
growing size, interleaved and repeated, and prints the median times side by side. The
smallest size where the pool is faster on most repeats, and on the best of each, is the
threshold. Not part of `make bench`'s table: it only sets a constant (see the docstring of
`auth0_explore.batch.many`).
"""

from __future__ import annotations

import statistics
import sys
import time

from benchmarks.limits import mint_tokens

SIZES = (100, 250, 500, 750, 1000, 1500, 2000, 4000)


def main(repeats: int = 15) -> int:
    from auth0_explore.batch import BatchPool
    from auth0_explore.batch.many import chunked
    from auth0_explore.clock import SystemClock
    from auth0_explore.tokens import Expectations, KeySet, verify_each

    minted = mint_tokens(500)
    assert minted.jwks is not None
    keys = KeySet.from_jwks(minted.jwks)
    expectations = Expectations(issuers=minted.issuer, audience=minted.audience)
    clock = SystemClock()
    print(f"{'tokens':>7} {'here ms':>9} {'pool ms':>9} {'speed-up':>9} {'best/best':>9}  faster")
    with BatchPool() as pool:
        pool.start()
        for size in SIZES:
            tokens = (minted.tokens * (size // len(minted.tokens) + 1))[:size]
            here, there = [], []
            for _ in range(repeats):
                started = time.perf_counter()
                verify_each(tokens, expectations, keys=keys, clock=clock)
                here.append(time.perf_counter() - started)
                started = time.perf_counter()
                pool.run(chunked(tokens, pool.workers), expectations, keys, clock)
                there.append(time.perf_counter() - started)
            wins = sum(t < h for h, t in zip(here, there, strict=True))
            a, b = statistics.median(here), statistics.median(there)
            best = min(here) / min(there)  # what each side costs when nothing else runs
            print(f"{size:>7} {a * 1e3:>9.1f} {b * 1e3:>9.1f} {a / b:>8.2f}x {best:>8.2f}x"
                  f"  {wins}/{repeats}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
