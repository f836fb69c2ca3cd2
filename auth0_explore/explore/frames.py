"""The documented DataFrame schema: one tidy row per attempt, built in this one place.

Every DataFrame the explorer returns has exactly these columns, in this order, with these dtypes.
Times are timezone-aware UTC; audiences are lists; tokens appear only as fingerprints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from pandas.api.types import pandas_dtype

__all__ = ["COLUMNS", "Column", "empty_frame", "schema_frame", "to_frame"]


@dataclass(frozen=True)
class Column:
    """One column of the attempts DataFrame."""

    name: str
    dtype: str
    description: str


_TIME = "datetime64[us, UTC]"
_UTC = pd.DatetimeTZDtype(unit="us", tz="UTC")

COLUMNS: tuple[Column, ...] = (
    Column("configuration", "object", "Label of the tenant configuration the attempt ran under."),
    Column("scenario", "object", "Label of the scenario (audience choice, grant, domain)."),
    Column("domain", "object", "Base URL the request went to (canonical or custom domain)."),
    Column("grant", "object", "OAuth grant type, e.g. client_credentials."),
    Column("audience_choice", "object", "none, default, management, custom, custom+openid, ..."),
    Column("requested_audience", "object", "The `audience` (or `resource`) sent; None if none."),
    Column("requested_scope", "object", "The `scope` sent; None if none."),
    Column("organization", "object", "The `organization` sent; None if none."),
    Column("outcome", "object", "`token` when the tenant issued one, else `error`."),
    Column("status", "Int64", "HTTP status of the token response."),
    Column("error", "object", "Auth0's `error` code for a failed attempt."),
    Column("error_description", "object", "Auth0's exact `error_description`."),
    Column("token_kind", "object", "jws, auth0_opaque_jwe, jwe, opaque or malformed."),
    Column("alg", "object", "Header `alg`."),
    Column("typ", "object", "Header `typ` (JWT for the Auth0 dialect, at+jwt for RFC 9068)."),
    Column("kid", "object", "Header `kid`: which signing key of the tenant's JWKS."),
    Column("iss", "object", "Issuer: the domain the token was requested from."),
    Column("aud", "object", "Audiences as a list (a string `aud` becomes a one-item list)."),
    Column("aud_is_array", "boolean", "Whether `aud` was a JSON array in the token."),
    Column("azp", "object", "Authorized party (Auth0 dialect) - the client id."),
    Column("client_id", "object", "Client id claim (RFC 9068 dialect)."),
    Column("sub", "object", "Subject: `<client_id>@clients` for M2M tokens, a user id otherwise."),
    Column("gty", "object", "Auth0 grant type claim, e.g. client-credentials."),
    Column("scope", "object", "Granted scopes, space separated."),
    Column("permissions", "object", "RBAC permissions as a list, when the API adds them."),
    Column("org_id", "object", "Organization id claim."),
    Column("iat", _TIME, "Issued at (UTC)."),
    Column("exp", _TIME, "Expires at (UTC)."),
    Column("lifetime_s", "Int64", "exp - iat in seconds."),
    Column("valid", "boolean", "Verdict of the validator profile applied to the token."),
    Column("first_failed_check", "object", "Reason code of the first failing check, if any."),
    Column("explanation", "object", "Why the token looks the way it does, in sentences."),
    Column("fingerprint", "object", "Short SHA-256 fingerprint of the token (never the token)."),
)

_NAMES = [column.name for column in COLUMNS]
_OBJECT_COLUMNS = tuple(c.name for c in COLUMNS if c.dtype == "object")
_TIME_COLUMNS = tuple(c.name for c in COLUMNS if c.dtype == _TIME)
_CAST = {c.name: pandas_dtype(c.dtype) for c in COLUMNS if c.dtype not in ("object", _TIME)}


def to_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build the attempts DataFrame from flat records (missing keys become missing values).

    Times in records are NumericDates (seconds since the epoch) and become UTC datetimes.
    The records go through `DataFrame.from_records`, which transposes them in C; gathering each
    column with `row.get` in Python cost twice as much (BENCHMARKS.md, figure 5). Only the
    columns that need it are then touched: missing keys arrive as NaN and become None in object
    columns, and typed columns are cast to their documented dtype.
    """
    rows = records if isinstance(records, list) else list(records)
    if not rows:
        return empty_frame()
    if not all(type(row) is dict for row in rows):
        rows = [dict(row) for row in rows]
    frame = pd.DataFrame.from_records(rows, columns=_NAMES)
    for name in _OBJECT_COLUMNS:
        column = frame[name]
        if column.dtype == object:
            if column.hasnans:  # a key missing from some records: None, as the records say
                frame[name] = column.where(column.notna(), None)
        elif column.dtype.kind == "f" and column.isna().all():  # a key no record has
            frame[name] = pd.Series([None] * len(frame), dtype=object)
    for name in _TIME_COLUMNS:
        seconds = pd.to_numeric(frame[name], errors="coerce")
        frame[name] = pd.to_datetime(seconds, unit="s", utc=True).astype(_UTC)
    for name, dtype in _CAST.items():
        frame[name] = frame[name].astype(dtype)
    return frame


def empty_frame() -> pd.DataFrame:
    """An attempts DataFrame with no rows and the full schema."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in COLUMNS})


def schema_frame() -> pd.DataFrame:
    """The schema itself as a DataFrame (column, dtype, description), for notebooks and docs."""
    return pd.DataFrame(
        [(c.name, c.dtype, c.description) for c in COLUMNS],
        columns=["column", "dtype", "description"],
    )
