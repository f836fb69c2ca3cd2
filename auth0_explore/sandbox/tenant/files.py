"""Declarative tenant files (TOML, stdlib `tomllib`) into the same `TenantConfig` as Python builds.

Every table maps onto a dataclass of `model`, `settings` or `users` field by field; an unknown
key or a value of the wrong type is a ConfigError naming where it is, so a typo never silently
falls back to a default. See `examples/tenant.toml` in the README for the shape.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from auth0_explore.errors import ConfigError
from auth0_explore.records import RecordReader
from auth0_explore.sandbox.tenant.model import Scope, TenantConfig

__all__ = ["load_tenant_file", "tenant_from_dict"]


_READER = RecordReader(mapping="a table", shorthands={Scope: Scope})


def tenant_from_dict(data: dict[str, Any], where: str = "tenant") -> TenantConfig:
    """Build a TenantConfig from parsed TOML (or any dict of the same shape)."""
    tenant: TenantConfig = _READER.build(TenantConfig, data, where)
    return tenant


def load_tenant_file(path: str | Path) -> TenantConfig:
    """Read a TOML tenant file."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read tenant file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"tenant file {path} is not valid TOML: {exc}") from None
    return tenant_from_dict(data, where=path.name)
