"""Side-by-side timing and the results table.

The machine is shared and noisy, so no figure here is an absolute time: each is a ratio of a
subject against a reference measured in the same process, interleaved (subject, reference,
reference, subject, ...) and repeated, taking the median of each side.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "Bar",
    "Context",
    "Row",
    "Timing",
    "format_table",
    "interleave",
    "not_measured",
    "rate",
    "secs",
]


@dataclass(frozen=True)
class Context:
    """What every benchmark receives: how big to go and where the peers are."""

    smoke: bool = False
    cache: str = ".cache/bench"
    notes: list[str] = field(default_factory=list)

    def size(self, full: int, smoke: int) -> int:
        """`full` for `make bench`, `smoke` for the smoke test."""
        return smoke if self.smoke else full


@dataclass(frozen=True)
class Bar:
    """The issue's bar for a ratio: `ratio >= value` (op '>=') or `ratio <= value` (op '<=')."""

    op: Literal[">=", "<="]
    value: float

    def met(self, ratio: float) -> bool:
        return ratio >= self.value if self.op == ">=" else ratio <= self.value

    def __str__(self) -> str:
        return f"{'≥' if self.op == '>=' else '≤'} {self.value:g}"


@dataclass(frozen=True)
class Row:
    """One line of the table. `ratio` is None when the figure was not measured."""

    figure: str
    subject: str
    reference: str
    ratio: float | None = None
    bar: Bar | None = None
    note: str = ""
    unit: str = "×"  # noqa: RUF001 - the table prints ratios as "1.2x", with a times sign

    @property
    def met(self) -> bool | None:
        if self.ratio is None or self.bar is None:
            return None
        return self.bar.met(self.ratio)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["bar"] = str(self.bar) if self.bar else None
        data["met"] = self.met
        return data


def not_measured(figure: str, why: str) -> Row:
    """A row for a figure whose subject is not there yet: says why, never invents a number."""
    return Row(figure, f"not measured: {why}", "", note="pending")


@dataclass(frozen=True)
class Timing:
    """Medians of interleaved repeats, in seconds per call of each side."""

    subject: float
    reference: float
    subject_all: tuple[float, ...]
    reference_all: tuple[float, ...]

    @property
    def ratio(self) -> float:
        """subject time / reference time (>1: the subject is slower)."""
        return self.subject / self.reference


def _timed(fn: Callable[[], object], collect: bool = True) -> float:
    if collect:
        gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleave(
    subject: Callable[[], object],
    reference: Callable[[], object],
    *,
    repeats: int,
    warmup: int = 1,
) -> Timing:
    """Time both sides alternately `repeats` times each and return the medians.

    The order flips every round (S R, R S, ...), so a slow spell of the shared machine or a
    warm cache after the first call falls on both sides alike.
    """
    for _ in range(warmup):
        subject()
        reference()
    s: list[float] = []
    r: list[float] = []
    for i in range(repeats):
        if i % 2 == 0:
            s.append(_timed(subject))
            r.append(_timed(reference))
        else:
            r.append(_timed(reference))
            s.append(_timed(subject))
    return Timing(statistics.median(s), statistics.median(r), tuple(s), tuple(r))


def interleave_many(
    sides: Mapping[str, Callable[[], object]],
    *,
    repeats: int,
    warmup: int = 1,
    collect: bool = True,
) -> dict[str, float]:
    """Like `interleave` for several sides: rotate the order every round, return medians.

    `collect=False` skips the garbage collection before each call: for many short calls
    (one request each), where a collection would cost more than the call.
    """
    names = list(sides)
    for _ in range(warmup):
        for name in names:
            sides[name]()
    times: dict[str, list[float]] = {name: [] for name in names}
    for i in range(repeats):
        k = i % len(names)
        for name in names[k:] + names[:k]:
            times[name].append(_timed(sides[name], collect))
    return {name: statistics.median(values) for name, values in times.items()}


def rate(count: float, unit: str = "/s") -> str:
    """A throughput, e.g. '12,345 tok/s'."""
    return f"{count:,.0f} {unit}"


def secs(seconds: float) -> str:
    """A duration with a unit that keeps 3 significant digits."""
    if seconds >= 1:
        return f"{seconds:.3g} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds * 1e6:.3g} µs"


_HEADERS = ("figure", "subject", "reference (same run)", "ratio", "bar", "met?")


def _cells(row: Row) -> tuple[str, ...]:
    ratio = "" if row.ratio is None else f"{row.ratio:.3g}{row.unit}"
    met = {True: "yes", False: "NO", None: "—"}[row.met]
    if row.met is None and row.note:
        met = row.note
    return (row.figure, row.subject, row.reference, ratio, str(row.bar or ""), met)


def format_table(rows: Sequence[Row], *, markdown: bool = False) -> str:
    """The table: one line per figure; markdown for BENCHMARKS.md, aligned text otherwise."""
    cells = [_cells(row) for row in rows]
    if markdown:
        lines = ["| " + " | ".join(_HEADERS) + " |", "|" + "---|" * len(_HEADERS)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines)
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(_HEADERS)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt.format(*_HEADERS), rule, *(fmt.format(*row) for row in cells)])
