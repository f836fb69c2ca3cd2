"""Figure 0: the machine's raw limits, measured now: RSA-2048 signing and RS256 verification."""

from __future__ import annotations

import time

from benchmarks import limits
from benchmarks.runner import Context, Row, rate


def run(ctx: Context) -> list[Row]:
    seconds = ctx.size(2.0, 0.05)
    one = [limits.sign_rate(seconds)]
    with limits.SignPool() as pool:
        many = [pool.rate(seconds)]
        for _ in range(ctx.size(2, 0)):
            one.append(limits.sign_rate(seconds))
            many.append(pool.rate(seconds))
    one.sort()
    many.sort()
    sign_one, sign_all = one[len(one) // 2], many[len(many) // 2]
    minted = limits.mint_tokens(ctx.size(4_000, 50), workers=1)
    key = minted.public_key()
    limits.verify_raw(minted.tokens, key)  # warm-up
    best = []
    for _ in range(ctx.size(5, 1)):
        start = time.perf_counter()
        limits.verify_raw(minted.tokens, key)
        best.append(len(minted.tokens) / (time.perf_counter() - start))
    best.sort()
    cores = limits.cores()
    return [
        Row(
            f"Limit: RSA-2048 sign, {cores} cores vs 1",
            rate(sign_all, "sig/s"),
            rate(sign_one, "sig/s"),
            sign_all / sign_one,
            note="scaling",
        ),
        Row(
            "Limit: RS256 verify, 1 core",
            rate(best[len(best) // 2], "tok/s"),
            rate(sign_one, "sig/s (sign)"),
            best[len(best) // 2] / sign_one,
            note="verify/sign",
        ),
    ]
