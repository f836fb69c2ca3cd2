"""Small HTML and text helpers shared by the result objects' `_repr_html_` and `repr`.

Everything shown passes through `html.escape`; values are shortened so a hostile claim cannot
flood a notebook. Raw tokens never come here: callers pass fingerprints.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence
from functools import lru_cache

from auth0_explore.secrets import fingerprint
from auth0_explore.text import shorten as text_shorten

__all__ = [
    "MAX_SHOWN",
    "html_table",
    "json_type",
    "relative",
    "short_repr",
    "shorten",
    "show",
    "token_fingerprint",
    "when",
]

#: longest value shown in a cell, in characters
MAX_SHOWN = 120


def show(value: object, limit: int = MAX_SHOWN) -> str:
    """A compact one-line text form of a JSON value (strings unquoted), shortened."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        except (ValueError, TypeError, RecursionError):
            text = type(value).__name__
    return shorten(text, limit)


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text_shorten(text, limit)


def html_table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, caption: str = ""
) -> str:
    """An escaped HTML table; each cell is `show(value)` unless it is already `str`."""
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td style='text-align:left'>{html.escape(show(cell))}</td>" for cell in row)
        + "</tr>"
        for row in rows
    )
    cap = f"<caption style='text-align:left'>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def relative(seconds: float) -> str:
    """A rough, readable span: `5 s`, `12 min`, `23 h`, `3 d` (sign ignored)."""
    span = abs(seconds)
    if span < 90:
        return f"{span:.0f} s"
    if span < 90 * 60:
        return f"{span / 60:.0f} min"
    if span < 48 * 3600:
        return f"{span / 3600:.0f} h"
    if span < 3 * 365 * 86400:
        return f"{span / 86400:.0f} d"
    return f"{span / (365.25 * 86400):.0f} years"


def when(seconds_from_now: float) -> str:
    """`in 23 h`, `5 min ago` or `now`, for a moment relative to the clock."""
    if abs(seconds_from_now) < 1:
        return "now"
    span = relative(seconds_from_now)
    return f"in {span}" if seconds_from_now > 0 else f"{span} ago"


def token_fingerprint(token: object) -> str:
    """The fingerprint shown in place of a token, whatever was passed as one."""
    if type(token) is str:
        return _fingerprint(token)
    if isinstance(token, bytes | bytearray):
        return fingerprint(bytes(token).decode("latin-1"))
    return f"({type(token).__name__})"


@lru_cache(maxsize=256)
def _fingerprint(token: str) -> str:
    # Validators fingerprint the same token again and again; hashing it once is enough.
    return fingerprint(token)


def short_repr(value: object) -> str:
    """`repr(value)` cut to about 40 characters, for error messages about hostile input."""
    text = repr(value)
    return text if len(text) <= 42 else text[:40] + "...'"


_JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
               list: "an array", dict: "an object", type(None): "null"}  # fmt: skip


def json_type(value: object) -> str:
    """The JSON type of a decoded value, as a phrase ("a string", "an array", ...)."""
    return _JSON_TYPES.get(type(value), type(value).__name__)
