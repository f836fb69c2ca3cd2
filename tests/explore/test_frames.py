"""The attempts DataFrame keeps its documented schema."""

from __future__ import annotations

from datetime import UTC, datetime
from types import MappingProxyType

import pandas as pd
import pytest

from auth0_explore.explore.frames import COLUMNS, empty_frame, schema_frame, to_frame

NAMES = [c.name for c in COLUMNS]


def _record(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "configuration": "plain",
        "outcome": "token",
        "status": 200,
        "aud": ["https://api.example.com/", "https://dev.example/userinfo"],
        "aud_is_array": True,
        "iat": 1_700_000_000,
        "exp": 1_700_086_400,
        "lifetime_s": 86_400,
        "valid": True,
    }
    base.update(overrides)
    return base


def test_frame_has_every_column_in_order_with_its_dtype() -> None:
    """Columns, order and dtypes match COLUMNS exactly, even for sparse records."""
    frame = to_frame([_record(), _record(outcome="error", status=403, iat=None, exp=None)])
    assert list(frame.columns) == NAMES
    for column in COLUMNS:
        if column.dtype != "object":
            assert str(frame[column.name].dtype) == column.dtype, column.name


def test_times_are_timezone_aware_utc_and_missing_stays_missing() -> None:
    """NumericDates become UTC datetimes; an error row has no times (NaT), not the epoch."""
    frame = to_frame([_record(), _record(iat=None, exp=None, status=None)])
    assert frame.loc[0, "iat"] == pd.Timestamp(datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC))
    assert pd.isna(frame.loc[1, "exp"])
    assert pd.isna(frame.loc[1, "status"])


def test_audiences_stay_lists() -> None:
    """`aud` keeps the list a token carried, so an array audience stays visible as one."""
    frame = to_frame([_record()])
    assert frame.loc[0, "aud"] == ["https://api.example.com/", "https://dev.example/userinfo"]
    assert bool(frame.loc[0, "aud_is_array"]) is True


def test_empty_frame_and_schema_frame_describe_the_same_columns() -> None:
    """No attempts still gives the full schema; the schema table lists every column once."""
    assert list(empty_frame().columns) == NAMES
    assert to_frame([]).columns.tolist() == NAMES
    assert schema_frame()["column"].tolist() == NAMES
    assert schema_frame()["description"].str.len().min() > 10


def test_the_docs_document_exactly_the_schema() -> None:
    """The schema table of docs/reference/dataframes.md is the one the code builds."""
    from pathlib import Path

    from auth0_explore.explore.frames import schema_markdown

    page = Path(__file__).parents[2] / "docs" / "reference" / "dataframes.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("<!-- schema:start -->") + len("<!-- schema:start -->")
    end = text.index("<!-- schema:end -->")
    assert text[start:end].strip() == schema_markdown()


def test_text_columns_stay_object_so_missing_is_none() -> None:
    """pandas 3 would infer `str` and turn None into NaN; the schema keeps object columns."""
    frame = to_frame([_record(error=None, scope="read")])
    assert frame["error"].dtype == object
    assert frame.loc[0, "error"] is None


def test_times_no_datetime_can_hold_become_missing() -> None:
    """A token's exp of 1e300, "soon" or true does not break the frame: the cell is NaT."""
    frame = to_frame([_record(exp=1e300), _record(exp="soon"), _record(exp=True), _record()])
    assert frame["exp"].isna().tolist() == [True, True, True, False]


def _column_by_column(records: list[dict[str, object]]) -> pd.DataFrame:
    """The schema's meaning, spelt out slowly: gather each column, then convert it."""
    columns: dict[str, object] = {c.name: [r.get(c.name) for r in records] for c in COLUMNS}
    for c in COLUMNS:
        values = columns[c.name]
        assert isinstance(values, list)
        if c.dtype.startswith("datetime64"):
            clean = [None if isinstance(v, bool) else v for v in values]
            seconds = pd.to_numeric(pd.Series(clean, dtype="object"), errors="coerce")
            seconds = seconds.where(seconds.abs() < 1e11)
            columns[c.name] = pd.to_datetime(seconds, unit="s", utc=True).astype(c.dtype)
        elif c.dtype == "object":
            columns[c.name] = pd.Series(values, dtype=object)
        else:
            columns[c.name] = pd.array(values, dtype=c.dtype)  # type: ignore[call-overload]
    return pd.DataFrame(columns)


SPARSE = [
    _record(),
    _record(outcome="error", status=403, error="access_denied", iat=None, exp=None, aud=None),
    {"configuration": "x", "permissions": ["read:a"], "valid": False, "org_id": "org_1"},
    _record(aud=["https://a/"], aud_is_array=False, lifetime_s=None, valid=None, exp=1.5e9),
    {"configuration": "only-a-label"},
    {"configuration": "odd", "iat": True, "exp": "1700000000", "org_id": 5, "scope": 1.5},
    {"iat": 1e300, "exp": float("nan"), "kid": None, "aud": []},
]


@pytest.mark.parametrize(
    "records",
    [SPARSE, SPARSE[:1], SPARSE[1:2], SPARSE[4:5], SPARSE[5:], SPARSE * 50],
    ids=["mixed", "one-token", "one-error", "label-only", "odd-values", "many"],
)
def test_fast_build_equals_the_column_by_column_meaning(records: list[dict[str, object]]) -> None:
    """from_records plus per-column conversion gives exactly the column-by-column frame."""
    pd.testing.assert_frame_equal(to_frame(records), _column_by_column(records))


def test_records_may_be_any_mapping_and_any_iterable() -> None:
    """Read-only mappings and generators build the same frame as plain dicts in a list."""
    proxies = (MappingProxyType(r) for r in SPARSE)
    pd.testing.assert_frame_equal(to_frame(proxies), to_frame(SPARSE))
