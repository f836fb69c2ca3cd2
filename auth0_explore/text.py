"""Plain-text views for terminals: the width to fit, labelled fields, bullets and tables.

`print()` of a result object and every table the command line prints go through here, so each
fits the terminal: long values wrap under their column instead of running off the edge or
being cut. The width is the caller's, else the terminal's (`COLUMNS` first, as `shutil` reads
it), else 80. Plain helpers of the shared base: no I/O beyond asking the terminal its size.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["MIN_WIDTH", "bullets", "fields", "shorten", "table", "terminal_width", "wrap"]

#: the narrowest width anything is laid out for
MIN_WIDTH: Final = 40
_DEFAULT: Final = 80
#: the longest word a column keeps whole when room is short
_WORD: Final = 20


def terminal_width(width: int | None = None) -> int:
    """`width` if given, else the terminal's columns (`COLUMNS` wins), 80 when unknown."""
    if width is None:
        width = shutil.get_terminal_size((_DEFAULT, 24)).columns or _DEFAULT
    return max(MIN_WIDTH, width)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def wrap(text: str, width: int, *, first: str = "", rest: str = "") -> list[str]:
    """`text` in lines of at most `width` characters, long words (URLs, tokens) broken."""
    lines = textwrap.wrap(
        text,
        width=max(width, len(first) + 1, len(rest) + 1),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        replace_whitespace=True,
    )
    return lines or [first.rstrip()]


def fields(rows: Iterable[tuple[str, object]], *, width: int | None = None, label: int = 12) -> str:
    """`label  value` lines; a long value wraps under itself, an empty label continues."""
    width = terminal_width(width)
    pad = " " * label
    lines = []
    for name, value in rows:
        head = f"{name:<{label - 1}} " if len(name) < label else f"{name} "
        lines += wrap(str(value), width, first=head, rest=pad)
    return "\n".join(lines)


def bullets(sentences: Iterable[str], *, width: int | None = None, indent: int = 2) -> str:
    """One `- sentence` per item, wrapped with a hanging indent."""
    width = terminal_width(width)
    first, rest = " " * indent + "- ", " " * (indent + 2)
    return "\n".join(line for s in sentences for line in wrap(s, width, first=first, rest=rest))


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, width: int | None = None
) -> str:
    """A table that fits `width`: columns share the room, and cells wrap inside their column."""
    width = terminal_width(width)
    body = [[str(cell) for cell in row] for row in rows]
    gap = 2
    sizes = _column_widths(headers, body, width - gap * (len(headers) - 1))
    rule = (" " * gap).join("-" * size for size in sizes)
    rows_lines = [_row_lines(cells, sizes, gap) for cells in body]
    spaced = any(len(lines) > 1 for lines in rows_lines)  # wrapped rows need a gap between
    lines = [*_row_lines(headers, sizes, gap), rule]
    for index, row_lines in enumerate(rows_lines):
        lines += ([""] if spaced and index else []) + row_lines
    return "\n".join(lines)


def _row_lines(cells: Sequence[str], sizes: Sequence[int], gap: int) -> list[str]:
    """One table row as lines: each cell wrapped in its column, side by side."""
    wrapped = [wrap(cell, size) if cell else [""] for cell, size in zip(cells, sizes, strict=True)]
    lines = []
    for index in range(max(len(w) for w in wrapped)):
        parts = [(w[index] if index < len(w) else "").ljust(size)
                 for w, size in zip(wrapped, sizes, strict=True)]  # fmt: skip
        lines.append((" " * gap).join(parts).rstrip())
    return lines


def _column_widths(headers: Sequence[str], body: list[list[str]], room: int) -> list[int]:
    """Each column's width: its widest cell when everything fits; else its longest word (up to
    20 characters, so words stay whole), and the room left shared in proportion to what each
    column still wants. When even whole words do not fit, they shrink in proportion."""
    columns = [[h, *(row[i] for row in body)] for i, h in enumerate(headers)]
    natural = [max(len(cell) for cell in column) for column in columns]
    if sum(natural) <= room:
        return natural
    words = [
        min(natural[i], max(6, min(_WORD, max(len(w) for c in column for w in c.split() or [""]))))
        for i, column in enumerate(columns)
    ]
    if sum(words) > room:  # even whole words do not fit: shrink them all alike
        return [max(3, w * room // sum(words)) for w in words]
    # narrow columns (within an even share) get all they want; the wide ones share the rest
    fair = room // len(headers)
    sizes = [n if n <= fair else w for n, w in zip(natural, words, strict=True)]
    wants = [n - size for n, size in zip(natural, sizes, strict=True)]
    extra, wanted = room - sum(sizes), sum(wants)
    if extra < 0:  # the narrow columns took too much: shrink everything alike
        return [max(3, size * room // sum(sizes)) for size in sizes]
    if not wanted:
        return sizes
    return [size + extra * want // wanted for size, want in zip(sizes, wants, strict=True)]
