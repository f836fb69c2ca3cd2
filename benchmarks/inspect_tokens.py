"""Figure 1: token inspection throughput against raw RS256 verification and the JOSE libraries."""

from __future__ import annotations

import functools

from benchmarks import limits, peers_jose, subjects
from benchmarks.runner import Bar, Context, Row, interleave_many, not_measured, rate

BAR = Bar(">=", 0.65)


def run(ctx: Context) -> list[Row]:
    count = ctx.size(10_000, 200)
    # the smoke test skips the sandbox's seeded key generation (about a second) to stay quick
    minted = (None if ctx.smoke else subjects.sandbox_tokens(count)) or limits.mint_tokens(count)
    public_key = minted.public_key()
    tokens = minted.tokens
    assert len(set(tokens)) == count, "tokens must be distinct"
    sides = {"raw": lambda: limits.verify_raw(tokens, public_key)}
    validators = peers_jose.available(public_key)
    for name, validate in validators.items():
        sides[name] = functools.partial(peers_jose.validate_all, validate, tokens)
    inspector = subjects.inspector(minted)
    if inspector.ready:
        sides["toolkit"] = lambda: inspector.validate_all(tokens)
    medians = interleave_many(sides, repeats=ctx.size(5, 1), warmup=ctx.size(1, 0))
    raw = count / medians["raw"]
    source = "sandbox" if minted.from_sandbox else "bench-minted"
    limit = f"raw verify {rate(raw, 'tok/s')}"
    rows = []
    if inspector.ready:
        toolkit = count / medians["toolkit"]
        rows.append(
            Row(
                f"Inspect+validate {count:,} {source} tokens, 1 core",
                f"toolkit {rate(toolkit, 'tok/s')}",
                limit,
                toolkit / raw,
                BAR,
            )
        )
    else:
        rows.append(not_measured(f"Inspect+validate, 1 core (limit {limit})", inspector.why))
    for name in validators:
        peer = count / medians[name]
        rows.append(
            Row(f"  peer: {name}, same checks", rate(peer, "tok/s"), limit, peer / raw, note="ref")
        )
    if inspector.ready and inspector.batch is not None:
        rows.append(_batch_row(ctx, inspector, tokens))
    else:
        rows.append(
            not_measured(
                "Batch validation, 2 cores, speed-up",
                inspector.why or "auth0_explore.batch (verify_many) not on main yet",
            )
        )
    return rows


def _batch_row(ctx: Context, inspector: subjects.Inspector, tokens: list[str]) -> Row:
    assert inspector.batch is not None
    batch = inspector.batch
    sides = {"single": lambda: inspector.validate_all(tokens), "batch": lambda: batch(tokens)}
    medians = interleave_many(sides, repeats=ctx.size(3, 1), warmup=ctx.size(1, 0))
    speedup = medians["single"] / medians["batch"]
    n = len(tokens)
    return Row(
        f"Batch validation on {limits.cores()} cores",
        f"batch {rate(n / medians['batch'], 'tok/s')}",
        f"1 core {rate(n / medians['single'], 'tok/s')}",
        speedup,
        note="speed-up",
    )
