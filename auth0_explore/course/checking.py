"""Checked exercises: compare a learner's answer with the right one, say so clearly.

An exercise cell holds `answer = ...`; the next cell calls `check(answer, expected, about=...)`,
where `expected` is read from what the lesson just ran (so it holds on the sandbox and on your
own tenant alike). The `Verdict` shows as a green, red or neutral box, and its text says what
was checked, what was answered and, when wrong, a hint rather than the answer.

Answers are compared the way a person means them: surrounding spaces and case do not matter
for text, `"24"` equals `24.0`, `yes`/`no` are booleans, and lists compare as sets unless
order matters (`ordered=True`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

from auth0_explore.errors import ConfigError
from auth0_explore.widgets.views.html import block, esc

__all__ = ["Verdict", "check", "value"]

State = Literal["right", "wrong", "unanswered"]

_MARK: Final = {"right": "✓ Right", "wrong": "✗ Not yet", "unanswered": "… No answer yet"}
_TONE: Final = {"right": "ok", "wrong": "bad", "unanswered": ""}
_BOOLEANS: Final = {"yes": True, "true": True, "no": False, "false": False}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check; shows itself as a coloured box (text: `str(verdict)`)."""

    state: State
    about: str
    message: str

    @property
    def right(self) -> bool:
        """True when the answer is right."""
        return self.state == "right"

    def __str__(self) -> str:
        return f"{_MARK[self.state]} — {self.about}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        body = f"<b>{esc(_MARK[self.state])}</b> — {esc(self.about)}: {esc(self.message)}"
        return block("verdict", f"<p class='a0x-box {_TONE[self.state]}'>{body}</p>")


def check(
    answer: Any,
    expected: Any,
    *,
    about: str,
    why: str = "",
    hint: str = "",
    accept: Sequence[Any] = (),
    ordered: bool = False,
    tolerance: float = 1e-9,
) -> Verdict:
    """Compare `answer` with `expected` (or any of `accept`) and say how it went.

    Args:
        answer: what the learner wrote; `...` (the placeholder) means not answered yet.
        expected: the right answer, read from what the lesson ran.
        about: what is asked, as a noun phrase ("the token's lifetime in hours").
        why: shown with a right answer: the reason it is right.
        hint: shown with a wrong answer: where to look (never the answer itself).
        accept: other answers that are right too (a reason code for a check's name, say).
        ordered: compare lists in order (by default as sets).
        tolerance: how far apart two numbers may be and still be equal.
    """
    if answer is Ellipsis:
        return Verdict(
            "unanswered", about, "replace the ... in the cell above with your answer, run it, "
            "then run this cell again."
        )  # fmt: skip
    if any(_same(answer, option, ordered, tolerance) for option in (expected, *accept)):
        return Verdict("right", about, f"{_show(expected)}." + (f" {why}" if why else ""))
    message = f"you answered {_show(answer)}."
    return Verdict("wrong", about, message + (f" Hint: {hint}" if hint else " Try again."))


def value(frame: pd.DataFrame, column: str, where: Mapping[str, Any]) -> Any:
    """The one value of `column` in the rows matching `where` (column -> value), for an
    expected answer read from a lesson's DataFrame.

    Raises:
        ConfigError: when no row matches, or the matching rows disagree.
    """
    missing = [name for name in (column, *where) if name not in frame.columns]
    if missing:
        raise ConfigError(f"the frame has no column {', '.join(map(repr, missing))}")
    rows = frame
    for name, wanted in where.items():
        rows = rows[rows[name] == wanted]
    found = list(dict.fromkeys(_plain(v) for v in rows[column].tolist()))
    if not found:
        raise ConfigError(f"no row has {dict(where)!r}: nothing to read {column!r} from")
    if len(found) > 1:
        raise ConfigError(f"the rows with {dict(where)!r} disagree on {column!r}: {found!r}")
    return found[0]


def _same(answer: Any, expected: Any, ordered: bool, tolerance: float) -> bool:
    answer, expected = _plain(answer), _plain(expected)
    if expected is None or answer is None:
        return answer is None and expected is None
    if isinstance(expected, bool):
        return _as_bool(answer) is expected
    if isinstance(expected, int | float):
        number = _as_number(answer)
        return number is not None and math.isclose(number, expected, abs_tol=tolerance)
    if isinstance(expected, list | tuple | set | frozenset):
        items = list(answer) if isinstance(answer, list | tuple | set | frozenset) else [answer]
        if len(items) != len(expected):
            return False
        if ordered:
            return all(
                _same(a, e, ordered, tolerance) for a, e in zip(items, expected, strict=True)
            )
        return sorted(map(_text, items)) == sorted(map(_text, expected))
    return _text(answer) == _text(expected)


def _plain(value: Any) -> Any:
    """NumPy and pandas scalars as Python values; NaN and pandas' missing values as None."""
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic | np.ndarray):
        value = value.tolist()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _text(value: Any) -> str:
    return " ".join(str(_plain(value)).split()).casefold()


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return _BOOLEANS.get(_text(value)) if isinstance(value, str) else None


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _show(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if value is None else str(value)
