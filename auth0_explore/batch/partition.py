"""Batch inspection of one pandas DataFrame partition: a plain function that Dask can map.

`inspect_partition(frame, snapshot, expectations, at=...)` reads a column of compact tokens
and returns one row per token, same index, with the columns of `PARTITION_SCHEMA`. It needs
nothing but its arguments, so it runs as it is on a notebook's DataFrame, in a process pool, or
on a Dask cluster over Parquet files (`dask.dataframe.map_partitions`, README "Batch inspection
beyond one machine"):

- keys come from `snapshot`, each issuer's JWKS document taken once before the job (plain
  data: it pickles to any worker); each partition builds its key sets from it once. Nothing
  here touches the network.
- every token is checked at the one instant `at`, so a partition gives the same verdicts on
  any worker, at any time, as the whole frame does in one process.
- the verdict is `verify`'s with the key set of the issuer the token names; a token whose
  issuer has no key set in the snapshot is invalid with `jwks_unavailable` (or the reason its
  structure fails first).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from auth0_explore.batch.worker import Instant
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens import Expectations, KeySet, inspect_token, parse, token_family, verify

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["PARTITION_SCHEMA", "JwksSnapshot", "inspect_partition", "partition_meta"]

#: issuer (as in `iss`, with its trailing slash) -> that issuer's JWKS document
JwksSnapshot = Mapping[str, Mapping[str, Any]]

#: the columns `inspect_partition` returns, in order: name -> (pandas dtype, meaning)
PARTITION_SCHEMA: Final[dict[str, tuple[str, str]]] = {
    "verdict": ("object", '"valid" or "invalid"'),
    "reason": ("object", 'why a token is invalid, a code of tokens.REASONS; "" when valid'),
    "issuer": ("object", "`iss` as the token states it (unverified when invalid); None if absent"),
    "audience": ("object", "`aud` as text (an array's strings joined by spaces); None if absent"),
    "expiry": ("datetime64[ns, UTC]", "`exp` as a UTC time; NaT if absent or not a usable date"),
    "family": ("object", "what the token is, one of tokens.FAMILIES"),
}

_NO_KEYS: Final = KeySet(())
_KEY_LOOKUP: Final = frozenset({"unknown_kid", "ambiguous_kid"})
# datetime64[ns] spans about 292 years either side of 1970
_LATEST: Final = 9.2e9


def partition_meta() -> pd.DataFrame:
    """An empty frame with the schema's columns and dtypes: Dask's `meta=`."""
    import pandas as pd

    return pd.DataFrame(
        {name: pd.Series(dtype=dtype) for name, (dtype, _) in PARTITION_SCHEMA.items()}
    )


def inspect_partition(
    partition: pd.DataFrame,
    snapshot: JwksSnapshot,
    expectations: Expectations,
    *,
    at: float | datetime,
    column: str = "token",
) -> pd.DataFrame:
    """Verdict, reason, issuer, audience, expiry and family of every token in `column`.

    Args:
        partition: a DataFrame (or a Dask partition of one) with a column of compact tokens.
        snapshot: each issuer's JWKS document, fetched before the job.
        expectations: what a valid token must be (issuers, audience, profile, ...).
        at: the instant every token is checked at (unix seconds or an aware datetime), the
            same for the whole job: take it once, e.g. `at=clock.now()`.
        column: the name of the token column.

    Raises:
        ConfigError: a missing column, a snapshot that is not issuer -> JWKS, a naive `at`.
    """
    import pandas as pd

    if column not in partition.columns:
        raise ConfigError(f"the partition has no column {column!r}; pass column=<its name>")
    checker = _Checker(snapshot, expectations, _instant(at))
    rows = [checker.row(token) for token in partition[column].tolist()]
    names = [name for name in PARTITION_SCHEMA if name != "expiry"]
    frame = pd.DataFrame(
        [row[:5] for row in rows], index=partition.index, columns=names, dtype=object
    )
    seconds = pd.array([row[5] for row in rows], dtype="Float64")
    frame.insert(4, "expiry", pd.to_datetime(seconds, unit="s", utc=True).as_unit("ns"))
    return frame


def _instant(at: object) -> Instant:
    if isinstance(at, bool) or not isinstance(at, int | float | datetime):
        raise ConfigError("at is the instant to check at: unix seconds or an aware datetime")
    return Instant(FrozenClock(at).now())  # FrozenClock refuses a naive datetime, clearly


class _Checker:
    """One partition's key sets (built on first use, from the snapshot) and its instant."""

    def __init__(self, snapshot: JwksSnapshot, expectations: Expectations, at: Instant) -> None:
        if not isinstance(snapshot, Mapping):
            raise ConfigError("snapshot maps each issuer to its JWKS document")
        self._snapshot = snapshot
        self._keys: dict[str, KeySet] = {}
        self._expectations = expectations
        self._at = at
        self._headers: dict[str, dict[str, Any]] = {}

    def row(self, token: object) -> tuple[Any, ...]:
        """(verdict, reason, issuer, audience, family, expiry seconds or None)."""
        keys = self._key_set(_claimed_issuer(token))
        try:
            claims = verify(token, self._expectations, keys=keys, clock=self._at)
        except TokenError as error:
            reason = "jwks_unavailable" if keys is _NO_KEYS and error.reason in _KEY_LOOKUP else ""
            return self._invalid(token, reason or error.reason)
        header = self._header(token)
        aud = claims.get("aud")
        return (
            "valid", "", claims.get("iss"), _audience(aud), token_family(header, claims),
            _seconds(claims.get("exp")),
        )  # fmt: skip

    def _invalid(self, token: object, reason: str) -> tuple[Any, ...]:
        seen = inspect_token(token, clock=self._at)
        claims = seen.claims or {}
        return (
            "invalid", reason, seen.issuer, _audience(claims.get("aud")), seen.family,
            _seconds(claims.get("exp")),
        )  # fmt: skip

    def _key_set(self, issuer: str | None) -> KeySet:
        if issuer is None:
            return _NO_KEYS
        keys = self._keys.get(issuer)
        if keys is None:
            document = self._snapshot.get(issuer)
            keys = _NO_KEYS if document is None else KeySet.from_jwks(document)
            self._keys[issuer] = keys
        return keys

    def _header(self, token: object) -> dict[str, Any]:
        """A verified token's header, decoded once per distinct header segment."""
        text = token.decode("ascii") if isinstance(token, bytes | bytearray) else str(token)
        segment = text.partition(".")[0]
        header = self._headers.get(segment)
        if header is None:
            header = self._headers[segment] = parse(text).header
        return header


def _claimed_issuer(token: object) -> str | None:
    """`iss` read loosely from the payload, only to pick a key set: `verify` then parses
    strictly, and a token whose strict reading differs (a repeated member) fails there."""
    try:
        text = token.decode("ascii") if isinstance(token, bytes | bytearray) else token
        if not isinstance(text, str) or text.count(".") != 2:
            return None
        payload = text.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, binascii.Error, RecursionError):
        return None
    issuer = claims.get("iss") if isinstance(claims, dict) else None
    return issuer if isinstance(issuer, str) else None


def _audience(aud: object) -> str | None:
    if isinstance(aud, str):
        return aud
    if isinstance(aud, list):
        members = [item for item in aud if isinstance(item, str)]
        return " ".join(members) if members else None
    return None


def _seconds(exp: object) -> float | None:
    """`exp` as seconds when it is a usable NumericDate a pandas timestamp can hold."""
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        try:
            number = float(exp)
        except OverflowError:
            return None
        return number if abs(number) < _LATEST else None  # NaN and inf fail this too
    return None
