"""`python -m benchmarks [--smoke] [--only NAME ...]`: run the benchmarks, print one table, and
check that nothing the run started outlives it."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import processes
from benchmarks.machine import describe
from benchmarks.runner import Context, Row, format_table

# figure number -> module, in table order
BENCHMARKS = {
    "raw": "benchmarks.raw",
    "inspect": "benchmarks.inspect_tokens",
    "batch": "benchmarks.batch",
    "issuing": "benchmarks.issuing",
    "client": "benchmarks.client_overhead",
    "form": "benchmarks.widget_form",
    "economy": "benchmarks.economy",
    "frames": "benchmarks.frames",
    "startup": "benchmarks.startup",
    "management": "benchmarks.management",
    "audit": "benchmarks.audit",
}


def run(ctx: Context, names: list[str], *, strict: bool) -> list[Row]:
    rows: list[Row] = []
    for name in names:
        started = time.perf_counter()
        try:
            module = importlib.import_module(BENCHMARKS[name])
            produced = module.run(ctx)
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            if strict:
                raise
            traceback.print_exc()
            produced = [Row(f"{name}", f"FAILED: {type(exc).__name__}: {exc}"[:160], "")]
        rows.extend(produced)
        print(f"[bench] {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks in a child process, then check that nothing they started is still
    running (processes.py): the line it prints, and exit status 1 if something was."""
    args = sys.argv[1:] if argv is None else argv
    if os.environ.get(processes.MARKER):  # the child: the run itself
        return run_all(args)
    token = processes.mark()
    with subprocess.Popen([sys.executable, "-m", "benchmarks", *args]) as child:
        try:
            status = child.wait()
        except KeyboardInterrupt:  # the child got the same Ctrl-C: let it stop what it started
            try:
                status = child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                status = child.wait()
    survivors = processes.outlived(token)
    if survivors is None:
        print("processes: not checked (this system has no /proc)")
    elif survivors:
        listed = "; ".join(f"{pid} {command}" for pid, command in survivors)
        print(f"processes: FAILED: {len(survivors)} outlived the run (now stopped): {listed}")
        return 1
    else:
        print("processes: nothing the run started is still running")
    return status


def run_all(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny inputs, in-process only")
    parser.add_argument("--only", nargs="*", choices=list(BENCHMARKS), default=list(BENCHMARKS))
    parser.add_argument("--cache", default=".cache/bench", help="where the peers are installed")
    parser.add_argument("--strict", action="store_true", help="let a failing benchmark raise")
    args = parser.parse_args(argv)
    ctx = Context(smoke=args.smoke, cache=args.cache)
    started = time.perf_counter()
    rows = run(ctx, args.only, strict=args.strict or args.smoke)
    elapsed = time.perf_counter() - started
    facts = describe(args.cache)
    print()
    print("\n".join(facts))
    print(format_table(rows))
    for note in ctx.notes:
        print(f"note: {note}")
    print(f"\n{len(rows)} rows in {elapsed:.0f} s")
    if not args.smoke:
        out = Path(args.cache)
        out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        header = f"Measured {stamp} in {elapsed:.0f} s.\n\n" + "".join(f"- {f}\n" for f in facts)
        notes = "".join(f"- note: {n}\n" for n in ctx.notes)
        table = format_table(rows, markdown=True)
        # a run of some figures only never overwrites the full table
        name = "results" if args.only == list(BENCHMARKS) else "results-partial"
        (out / f"{name}.md").write_text(f"{header}\n{table}\n\n{notes}")
        (out / f"{name}.json").write_text(
            json.dumps(
                {
                    "date": stamp,
                    "machine": facts,
                    "rows": [r.as_dict() for r in rows],
                    "notes": ctx.notes,
                },
                indent=1,
            )
        )
        print(f"written: {out / name}.md, {out / name}.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
