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


def _column_by_column(records: list[dict[str, object]]) -> pd.DataFrame:
    """The schema's meaning, spelt out slowly: gather each column, then convert it."""
    columns: dict[str, object] = {c.name: [r.get(c.name) for r in records] for c in COLUMNS}
    for c in COLUMNS:
        if c.dtype.startswith("datetime64"):
            seconds = pd.to_numeric(pd.Series(columns[c.name], dtype="object"), errors="coerce")
            columns[c.name] = pd.to_datetime(seconds, unit="s", utc=True).astype(c.dtype)
        elif c.dtype != "object":
            columns[c.name] = pd.array(columns[c.name], dtype=c.dtype)  # type: ignore[call-overload]
    return pd.DataFrame(columns)


SPARSE = [
    _record(),
    _record(outcome="error", status=403, error="access_denied", iat=None, exp=None, aud=None),
    {"configuration": "x", "permissions": ["read:a"], "valid": False, "org_id": "org_1"},
    _record(aud=["https://a/"], aud_is_array=False, lifetime_s=None, valid=None, exp=1.5e9),
    {"configuration": "only-a-label"},
]


@pytest.mark.parametrize(
    "records",
    [SPARSE, SPARSE[:1], SPARSE[1:2], SPARSE[4:], SPARSE * 50],
    ids=["mixed", "one-token", "one-error", "label-only", "many"],
)
def test_fast_build_equals_the_column_by_column_meaning(records: list[dict[str, object]]) -> None:
    """from_records plus fix-ups gives exactly the column-by-column frame: values, None, dtypes."""
    pd.testing.assert_frame_equal(to_frame(records), _column_by_column(records))


def test_records_may_be_any_mapping_and_any_iterable() -> None:
    """Read-only mappings and generators build the same frame as plain dicts in a list."""
    proxies = (MappingProxyType(r) for r in SPARSE)
    pd.testing.assert_frame_equal(to_frame(proxies), to_frame(SPARSE))


def test_missing_list_values_are_none_not_nan() -> None:
    """An error row's `aud` is None, so `frame.aud.dropna()` and `is None` both behave."""
    frame = to_frame(SPARSE)
    assert frame.loc[1, "aud"] is None
    assert frame.loc[4, "client_id"] is None
