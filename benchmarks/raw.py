"""Figure 0: the machine's raw limits, measured now: RSA-2048 signing and RS256 verification."""

from __future__ import annotations

import statistics
import time

from benchmarks import limits
from benchmarks.runner import Context, Row, rate


def run(ctx: Context) -> list[Row]:
    seconds = 0.05 if ctx.smoke else 2.0
    cores = limits.cores()
    one = [limits.sign_rate(seconds)]
    threaded = [limits.sign_rate_threads(seconds, cores)]
    with limits.SignPool() as pool:
        many = [pool.rate(seconds)]
        for _ in range(ctx.size(2, 0)):
            one.append(limits.sign_rate(seconds))
            threaded.append(limits.sign_rate_threads(seconds, cores))
            many.append(pool.rate(seconds))
    sign_one, sign_all, sign_threads = (statistics.median(x) for x in (one, many, threaded))
    minted = limits.mint_tokens(ctx.size(4_000, 50), workers=1)
    key = minted.public_key()
    limits.verify_raw(minted.tokens, key)  # warm-up
    rates = []
    for _ in range(ctx.size(5, 1)):
        start = time.perf_counter()
        limits.verify_raw(minted.tokens, key)
        rates.append(len(minted.tokens) / (time.perf_counter() - start))
    verify = statistics.median(rates)
    verify_all = limits.verify_rate_all_cores(minted, ctx.size(5, 1))
    return [
        Row(
            f"Limit: RSA-2048 sign, {cores} cores vs 1",
            rate(sign_all, "sig/s"),
            rate(sign_one, "sig/s"),
            sign_all / sign_one,
            note="scaling",
        ),
        Row(
            f"Limit: RSA-2048 sign, {cores} threads of one process vs 1",
            rate(sign_threads, "sig/s"),
            rate(sign_one, "sig/s"),
            sign_threads / sign_one,
            note="GIL held?",
        ),
        Row(
            f"Limit: RS256 verify, {cores} cores vs 1 (batch ceiling)",
            rate(verify_all, "tok/s"),
            rate(verify, "tok/s"),
            verify_all / verify,
            note="scaling",
        ),
        Row(
            "Limit: RS256 verify, 1 core",
            rate(verify, "tok/s"),
            rate(sign_one, "sig/s (sign)"),
            verify / sign_one,
            note="verify/sign",
        ),
    ]
