"""Comparisons: the same scenario side by side under two or more configurations, differences marked.

    comparison = compare(run.frame())             # across configurations
    comparison = compare(frame, across="domain")  # canonical vs custom domain
    comparison                                    # notebook: styled, differing cells marked
    print(comparison.to_text())                   # terminal

`across` is the column whose values become side-by-side columns (configuration, domain, client…);
`on` is what identifies "the same scenario" (by default its label and grant).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from auth0_explore.errors import ConfigError
from auth0_explore.explore.frames import MISSING, frame_text, show_value
from auth0_explore.text import terminal_width, wrap

__all__ = ["DEFAULT_FIELDS", "Comparison", "compare", "grant_label", "show_value"]

#: the columns compared by default: what a configuration can change in a token or an error
DEFAULT_FIELDS: Final = (
    "outcome",
    "status",
    "error",
    "error_description",
    "token_kind",
    "alg",
    "typ",
    "iss",
    "aud",
    "aud_is_array",
    "gty",
    "scope",
    "permissions",
    "org_id",
    "lifetime_s",
    "valid",
    "first_failed_check",
)

_KINDS: Final = {"jws": "JWT", "auth0_opaque_jwe": "opaque JWE", "jwe": "JWE", "opaque": "opaque"}
#: grants as the text tables name them, after the scenario
_GRANTS: Final = {
    "client_credentials": "M2M",
    "authorization_code": "code",
    "password": "password",
    "http://auth0.com/oauth/grant-type/password-realm": "password-realm",
    "refresh_token": "refresh",
    "urn:ietf:params:oauth:grant-type:device_code": "device",
    "device_code": "device",
}
#: a field that differs -> the fields a brief listing keeps for that scenario
_BRIEF: Final = {
    "outcome": ("outcome", "status", "error_description", "aud", "iss"),
    "token_kind": ("token_kind", "alg", "aud", "valid"),
}

_STYLE: Final = (
    "<style>"
    ".a0x-cmp{border-collapse:collapse;font:12px/1.4 system-ui,sans-serif}"
    ".a0x-cmp th,.a0x-cmp td{border:1px solid #ccc;padding:2px 6px;vertical-align:top;"
    "text-align:left}"
    ".a0x-cmp thead th{background:#f3f3f3}"
    ".a0x-cmp td.diff{background:#fff3b0;font-weight:600}"
    ".a0x-cmp td.same{color:#555}"
    "</style>"
)


@dataclass(frozen=True)
class Comparison:
    """A side-by-side table and which of its cells differ.

    Attributes:
        across: the column whose values are side by side.
        sides: those values, in order (e.g. the configuration labels).
        on: the columns that identify the same scenario.
        fields: the compared columns.
        table: rows = scenarios; columns = (field, side); values as display text.
        differs: rows = scenarios; columns = fields; True where the sides disagree.
    """

    across: str
    sides: tuple[str, ...]
    on: tuple[str, ...]
    fields: tuple[str, ...]
    table: pd.DataFrame
    differs: pd.DataFrame

    @property
    def differing_fields(self) -> list[str]:
        """The fields that differ in at least one scenario."""
        return [f for f in self.fields if bool(self.differs[f].any())]

    def differences(self, *, brief: bool = False) -> pd.DataFrame:
        """One row per differing (scenario, field), one column per side: the short story.

        With `brief`, a scenario whose outcome differs (token on one side, error on the other)
        lists only the outcome, the error and the audience and issuer, and one whose token kind
        differs (a JWT against an opaque token) only the kind, alg, audience and verdict.
        """
        rows = []
        for key, flags in self.differs.iterrows():
            kept = self.fields
            if brief:
                for field, subset in _BRIEF.items():
                    if field in self.fields and bool(flags[field]):
                        kept = subset
                        break
            for field in self.fields:
                if field not in kept:
                    continue
                if flags[field]:
                    values = [_at(self.table, key, field, side) for side in self.sides]
                    rows.append((*_as_tuple(key), field, *values))
        return pd.DataFrame(rows, columns=[*self.on, "field", *self.sides])

    def overview(self) -> pd.DataFrame:
        """One short cell per scenario and side (token: aud and iss; error: status and code)."""
        cells: dict[str, list[str]] = {side: [] for side in self.sides}
        for key in self.table.index:
            for side in self.sides:
                cells[side].append(_summary(self.table, key, side))
        overview = pd.DataFrame(cells, index=self.table.index)
        overview["differs in"] = [
            _differs_in(self.fields, flags) for _, flags in self.differs.iterrows()
        ]
        return overview

    def to_text(self, width: int | None = None) -> str:
        """The overview and the differences as plain-text tables that fit `width` columns
        (default: the terminal's); long cells wrap, and an index level or scenario column with
        one value throughout (e.g. a single grant) is left out."""
        overview = self.overview()
        if overview.index.nlevels > 1:  # a level with one value (e.g. one grant) says nothing
            constant = [n for n in overview.index.names if overview.index.unique(n).size == 1]
            if len(constant) < overview.index.nlevels:
                overview = overview.droplevel(constant)
        overview = _fold_grant(overview.reset_index())
        differences = self.differences(brief=True)
        constant = [n for n in self.on if differences[n].nunique() <= 1 and n != self.on[0]]
        differences = _fold_grant(differences.drop(columns=constant))
        title = f"Compared across {self.across}: {' | '.join(self.sides)}"
        return "\n".join([
            *wrap(title, terminal_width(width)), _text_table(overview, width), "",
            "Differences:", _text_table(differences, width) if len(differences) else "(none)",
        ])  # fmt: skip

    def __str__(self) -> str:
        return self.to_text()

    def to_html(self) -> str:
        """A self-contained, escaped HTML table; differing cells have class `diff`."""
        head_top = "".join(
            f"<th colspan='{len(self.sides)}'>{html.escape(f)}</th>" for f in self.fields
        )
        head_sides = "".join(
            f"<th>{html.escape(side)}</th>" for _ in self.fields for side in self.sides
        )
        on = "".join(f"<th rowspan='2'>{html.escape(name)}</th>" for name in self.on)
        body = []
        for key, flags in self.differs.iterrows():
            cells = "".join(f"<th>{html.escape(show_value(k))}</th>" for k in _as_tuple(key))
            for field in self.fields:
                css = "diff" if flags[field] else "same"
                mark = " title='differs'" if flags[field] else ""
                for side in self.sides:
                    value = html.escape(str(_at(self.table, key, field, side)))
                    cells += f"<td class='{css}'{mark}>{value}</td>"
            body.append(f"<tr>{cells}</tr>")
        return (
            f"{_STYLE}<table class='a0x-cmp'><caption>Compared across "
            f"{html.escape(self.across)}: {html.escape(' | '.join(self.sides))} — highlighted "
            f"cells differ</caption><thead><tr>{on}{head_top}</tr><tr>{head_sides}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return (
            f"Comparison(across={self.across!r}, sides={list(self.sides)}, "
            f"scenarios={len(self.table)}, differing={self.differing_fields})"
        )


def compare(
    frame: pd.DataFrame,
    *,
    across: str = "configuration",
    on: Sequence[str] = ("scenario", "grant"),
    fields: Sequence[str] = DEFAULT_FIELDS,
    sides: Sequence[str] | None = None,
) -> Comparison:
    """Put each scenario's rows side by side across the values of `across`.

    Args:
        frame: an attempts DataFrame (`Run.frame()`), several configurations in it.
        across: the column whose values become the sides.
        on: the columns identifying the same scenario on every side.
        fields: the columns to compare.
        sides: which values of `across` to compare, in order (default: all, in frame order).

    Raises:
        ConfigError: when there is nothing to compare (an empty frame, sides it does not have,
            a column it lacks), or when a scenario appears twice on one side (add a column to
            `on`).
    """
    on, fields = tuple(on), tuple(fields)
    _require_columns(frame, (across, *on, *fields))
    chosen = tuple(sides) if sides is not None else tuple(dict.fromkeys(frame[across].tolist()))
    subset = _one_row_per_side(frame, across, on, chosen)
    keys = list(dict.fromkeys(tuple(row) for row in subset[list(on)].itertuples(index=False)))
    index = (
        pd.MultiIndex.from_tuples(keys, names=list(on))
        if len(on) > 1
        else pd.Index([k[0] for k in keys], name=on[0])
    )
    lookup = {(tuple(row[list(on)]), row[across]): row for _, row in subset.iterrows()}
    columns = pd.MultiIndex.from_tuples([(f, s) for f in fields for s in chosen])
    values, flags = [], []
    for key in keys:
        texts, differs = [], []
        for field in fields:
            shown = [
                show_value(lookup[(key, s)][field]) if (key, s) in lookup else MISSING
                for s in chosen
            ]
            texts += shown
            differs.append(len(set(shown)) > 1)
        values.append(texts)
        flags.append(differs)
    return Comparison(
        across=across,
        sides=tuple(str(s) for s in chosen),
        on=on,
        fields=fields,
        table=pd.DataFrame(values, index=index, columns=columns, dtype=object),
        differs=pd.DataFrame(flags, index=index, columns=list(fields), dtype=bool),
    )


def _one_row_per_side(
    frame: pd.DataFrame, across: str, on: Sequence[str], sides: Sequence[str]
) -> pd.DataFrame:
    """The rows of `sides`, each scenario once per side; ConfigError when there are none."""
    subset = frame[frame[across].isin(sides)]
    if subset.empty:
        raise ConfigError(_nothing_to_compare(frame, across, sides))
    duplicated = subset.duplicated([*on, across])
    if bool(duplicated.any()):
        example = subset.loc[duplicated, [*on, across]].iloc[0].tolist()
        raise ConfigError(
            f"{example} appears more than once: add a column to `on` (e.g. 'domain') so each "
            "scenario is one row per side"
        )
    return subset


def _require_columns(frame: pd.DataFrame, names: Sequence[str]) -> None:
    missing = [name for name in dict.fromkeys(names) if name not in frame.columns]
    if missing:
        raise ConfigError(
            f"cannot compare: the frame has no column {', '.join(map(repr, missing))} "
            "(compare an attempts DataFrame, Run.frame(), or name existing columns)"
        )


def _nothing_to_compare(frame: pd.DataFrame, across: str, sides: Sequence[str]) -> str:
    """Why there is no row to compare, in words a notebook reader can act on."""
    if frame.empty:
        return (
            "nothing to compare: the frame has no rows. If it is a filtered Run.frame(), the "
            "filter matched nothing: check the value it compares with (a domain is written as "
            "the frame's `domain` column has it, e.g. target.base_url, not a hand-built URL)"
        )
    present = ", ".join(map(repr, dict.fromkeys(frame[across].tolist())))
    return (
        f"nothing to compare: no row has {across} in {list(sides)!r}; the frame's {across} "
        f"values are {present}"
    )


def _differs_in(fields: Sequence[str], flags: pd.Series) -> str:
    if "outcome" in fields and bool(flags["outcome"]):
        return "outcome"  # a token on one side, an error on the other: every claim differs
    return ", ".join(f for f in fields if flags[f])


def grant_label(grant: str) -> str:
    """A grant as text tables name it: `M2M`, `code`, `refresh`, `device`, ..."""
    return _GRANTS.get(grant, grant)


def _fold_grant(frame: pd.DataFrame) -> pd.DataFrame:
    """The grant as a short suffix of the scenario (`custom API (code)`): one column less to
    share a terminal's width with."""
    if not {"scenario", "grant"} <= set(frame.columns):
        return frame
    folded = frame.drop(columns="grant")
    folded["scenario"] = [
        f"{scenario} ({grant_label(str(grant))})"
        for scenario, grant in zip(frame["scenario"], frame["grant"], strict=True)
    ]
    return folded


def _text_table(frame: pd.DataFrame, width: int | None) -> str:
    return frame_text(frame, width=width, urls=False)


def _at(table: pd.DataFrame, key: Any, field: str, side: str) -> str:
    located: Any = table.loc  # pandas-stubs cannot type a MultiIndex row key with a column pair
    return str(located[key, (field, side)])


def _as_tuple(key: Any) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def _summary(table: pd.DataFrame, key: Any, side: str) -> str:
    outcome = table.loc[key, ("outcome", side)] if ("outcome", side) in table.columns else MISSING
    if outcome == "token":
        kind = _KINDS.get(_cell(table, key, "token_kind", side), "token")
        return f"{kind} aud={_cell(table, key, 'aud', side)}"
    if outcome == "error":
        return f"{_cell(table, key, 'status', side)} {_cell(table, key, 'error_description', side)}"
    return MISSING


def _cell(table: pd.DataFrame, key: Any, field: str, side: str) -> str:
    return _at(table, key, field, side) if (field, side) in table.columns else MISSING
