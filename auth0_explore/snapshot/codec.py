"""Snapshots as JSON: written with every secret stripped, read back checked against the model.

`to_json(snapshot)` / `from_json(text)` and `save_json(snapshot, path)` / `load_json(path)`.
Reading checks the schema version and every member's type against the dataclasses of `model`,
so a hand-edited or foreign file fails with a `ConfigError` naming where, instead of producing a
half-read snapshot.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from auth0_explore.errors import ConfigError
from auth0_explore.records import RecordReader
from auth0_explore.snapshot.model import SCHEMA_VERSION, Snapshot

__all__ = ["from_json", "load_json", "save_json", "strip_secrets", "to_json"]

#: members that hold secrets, wherever they appear (Auth0: client_secret, signing_secret,
#: private keys of credentials, user passwords)
_SECRET_WORDS = ("secret", "password", "private_key", "passphrase")


def strip_secrets(value: Any) -> Any:
    """`value` with every member whose name says it holds a secret removed, at any depth."""
    if isinstance(value, Mapping):
        return {
            k: strip_secrets(v)
            for k, v in value.items()
            if not any(word in str(k).lower() for word in _SECRET_WORDS)
        }
    if isinstance(value, list | tuple):
        return [strip_secrets(v) for v in value]
    return value


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(snapshot: Snapshot, *, indent: int | None = 1) -> str:
    """The snapshot as JSON text, secrets stripped (again: a snapshot should hold none)."""
    return json.dumps(strip_secrets(_plain(snapshot)), indent=indent, ensure_ascii=False)


_READER = RecordReader(mapping="an object")


def from_json(text: str, where: str = "snapshot") -> Snapshot:
    """A snapshot from JSON text written by `to_json` (any indentation)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"{where} is not JSON: {exc}") from None
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != SCHEMA_VERSION:
        raise ConfigError(
            f"{where} has schema version {version!r}; this toolkit reads version "
            f"{SCHEMA_VERSION}: take the snapshot again with this version"
        )
    snapshot: Snapshot = _READER.build(Snapshot, strip_secrets(data), where)
    return snapshot


def save_json(snapshot: Snapshot, path: str | Path) -> Path:
    """Write the snapshot (secrets stripped) to `path`; returns the path."""
    target = Path(path)
    try:
        target.write_text(to_json(snapshot) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write the snapshot to {target}: {exc.strerror}") from None
    return target


def load_json(path: str | Path) -> Snapshot:
    """Read a snapshot saved by `save_json`."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the snapshot {source}: {exc.strerror}") from None
    return from_json(text, where=source.name)
