"""The documented DataFrame schema: one tidy row per attempt, built in this one place.

Every DataFrame the explorer returns has exactly these columns, in this order, with these dtypes.
Times are timezone-aware UTC; audiences are lists; tokens appear only as fingerprints.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import pandas as pd
from pandas.api.types import infer_dtype, pandas_dtype

from auth0_explore.text import table

if TYPE_CHECKING:
    from auth0_explore.explore.attempts import AttemptResult

__all__ = [
    "COLUMNS",
    "MISSING",
    "Column",
    "empty_frame",
    "frame_text",
    "record_of",
    "schema_frame",
    "schema_markdown",
    "show_value",
    "to_frame",
]


@dataclass(frozen=True)
class Column:
    """One column of the attempts DataFrame."""

    name: str
    dtype: str
    description: str


#: how a missing value shows in text and HTML tables
MISSING: Final = "—"
_TIME = "datetime64[us, UTC]"
_MAX_SECONDS = 1e11
_UTC = pd.DatetimeTZDtype(unit="us", tz="UTC")

COLUMNS: tuple[Column, ...] = (
    Column("configuration", "object", "Label of the tenant configuration the attempt ran under."),
    Column("scenario", "object", "Label of the scenario, e.g. `custom API`, `no audience`."),
    Column("domain", "object", "Base URL the request went to (canonical or custom domain)."),
    Column("grant", "object", "OAuth grant type, e.g. client_credentials."),
    Column("audience_choice", "object", "none, default, management, custom, custom+openid, ..."),
    Column("requested_audience", "object", "The `audience` (or `resource`) sent; None if none."),
    Column("requested_scope", "object", "The `scope` sent; None if none."),
    Column("organization", "object", "The `organization` sent; None if none."),
    Column("client", "object", "Client id of the application that asked (never its secret)."),
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
    Column(
        "valid",
        "boolean",
        "Validation verdict: issuer = domain used, audience = requested (or known default), "
        "the API's alg and dialect; missing when not validated.",
    ),
    Column(
        "first_failed_check",
        "object",
        "Reason code of the first failing check (`tokens.REASONS`), if any.",
    ),
    Column("explanation", "object", "Why the token looks the way it does, in sentences."),
    Column("fingerprint", "object", "Short SHA-256 fingerprint of the token (never the token)."),
    Column("from_cache", "boolean", "Whether the client's token cache answered (no request sent)."),
)

_NAMES = [column.name for column in COLUMNS]
_TIME_COLUMNS = tuple(c.name for c in COLUMNS if c.dtype == _TIME)
_CAST = {c.name: pandas_dtype(c.dtype) for c in COLUMNS if c.dtype not in ("object", _TIME)}
_OBJECT_COLUMNS = tuple(c.name for c in COLUMNS if c.dtype == "object")


def record_of(attempt: AttemptResult) -> dict[str, Any]:
    """The flat record of one attempt: the one place a result becomes a row.

    Raw tokens never enter it: the access token appears as its fingerprint.
    """
    scenario = attempt.scenario
    record: dict[str, Any] = {
        "configuration": scenario.configuration,
        "scenario": scenario.label,
        "domain": attempt.base_url,
        "grant": scenario.grant,
        "audience_choice": scenario.audience_choice,
        "requested_audience": scenario.audience,
        "requested_scope": scenario.scope,
        "organization": scenario.organization,
        "client": attempt.client,
        "outcome": "token" if attempt.ok else "error",
        "status": attempt.status,
        "error": attempt.error,
        "error_description": attempt.error_description,
        "explanation": attempt.explanation or None,
    }
    token, inspection, report = attempt.token, attempt.inspection, attempt.report
    if token is not None:
        record["fingerprint"] = token.access_token_fingerprint
        record["from_cache"] = token.from_cache
    if inspection is not None:
        header, claims = inspection.header, inspection.claims or {}
        record["token_kind"] = inspection.kind
        record["alg"] = header.get("alg")
        record["typ"] = header.get("typ")
        record["kid"] = header.get("kid")
        record["iss"] = claims.get("iss", header.get("iss"))
        if claims:
            record["aud"] = list(inspection.audiences)
            record["aud_is_array"] = inspection.aud_was_array
        for name in ("azp", "client_id", "sub", "gty", "scope", "permissions", "org_id"):
            record[name] = claims.get(name)
        record["iat"] = claims.get("iat")
        record["exp"] = claims.get("exp")
        if inspection.lifetime is not None:
            record["lifetime_s"] = int(inspection.lifetime)
    if report is not None:
        record["valid"] = report.valid
        record["first_failed_check"] = report.reason or None
    return record


def to_frame(records: Iterable[Mapping[str, Any] | AttemptResult]) -> pd.DataFrame:
    """Build the attempts DataFrame from attempts or flat records (missing keys: missing values).

    Times in records are NumericDates (seconds since the epoch) and become UTC datetimes.
    The records are transposed in C by the DataFrame constructor with `dtype=object`, which also
    skips pandas' type inference (the `str` columns it would build are object here anyway);
    then each column is brought to its documented dtype. Gathering each column with `row.get` in
    Python cost 1.7-2.7 times `DataFrame.from_records` (BENCHMARKS.md, figure 5).
    """
    rows = [r if type(r) is dict or isinstance(r, Mapping) else r.record for r in records]
    if not rows:
        return empty_frame()
    frame = pd.DataFrame(rows, columns=_NAMES, dtype=object)
    return pd.DataFrame({name: _column(name, frame[name]) for name in _NAMES}, copy=False)


_NUMBERS = frozenset({"integer", "floating", "mixed-integer-float", "decimal", "empty"})


def _column(name: str, column: pd.Series[Any]) -> Any:
    """One object column in its documented dtype; a key a record lacks is a missing value."""
    if name in _TIME_COLUMNS:
        if infer_dtype(column, skipna=True) in _NUMBERS:
            seconds = pd.to_numeric(column, errors="coerce")
        else:  # strings, booleans or a mix: value by value; a boolean is not a NumericDate
            values = [None if isinstance(v, bool) else v for v in column]
            seconds = pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce")
        # a NumericDate past year 5138 (or a hostile 1e300) is no time pandas can hold
        seconds = seconds.where(seconds.abs() < _MAX_SECONDS)
        return pd.to_datetime(seconds, unit="s", utc=True).astype(_UTC)
    if name in _CAST:
        return column.astype(_CAST[name])
    # object, not pandas' inferred `str`: None stays None and lists stay lists
    missing = column.isna()  # keys some records lack arrive as NaN
    return column.where(~missing, None) if missing.any() else column


def empty_frame() -> pd.DataFrame:
    """An attempts DataFrame with no rows and the full schema."""
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in COLUMNS})


def schema_frame(columns: Sequence[Column] = COLUMNS) -> pd.DataFrame:
    """The schema itself as a DataFrame (column, dtype, description), for notebooks and docs;
    of the attempts frame unless other `columns` are given (the audit's findings use it too)."""
    return pd.DataFrame(
        [(c.name, c.dtype, c.description) for c in columns],
        columns=["column", "dtype", "description"],
    )


def schema_markdown(columns: Sequence[Column] = COLUMNS) -> str:
    """The schema as the Markdown table the README shows (a test keeps the two equal)."""
    lines = ["| column | dtype | description |", "| --- | --- | --- |"]
    lines += [f"| `{c.name}` | {c.dtype} | {c.description.replace('|', '/')} |" for c in columns]
    return "\n".join(lines)


def frame_text(frame: pd.DataFrame, *, width: int | None = None, urls: bool = True) -> str:
    """A DataFrame as a text table that fits `width` (default: the terminal's): cells wrap,
    missing values show as a dash, lists as comma-separated items; `urls=False` drops the
    `https://` every URL cell would repeat."""

    def cell(value: Any) -> str:
        text = show_value(value)
        return text if urls else text.replace("https://", "")

    rows = [[cell(v) for v in row] for row in frame.itertuples(index=False)]
    return table([cell(c) for c in frame.columns], rows, width=width)


def show_value(value: Any) -> str:
    """A cell as text: lists joined with commas, missing values as a dash."""
    if isinstance(value, list | tuple):
        return ", ".join(show_value(v) for v in value) if value else "[]"
    if value is None or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, float) and math.isnan(value):
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
