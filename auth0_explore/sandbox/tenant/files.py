"""Declarative tenant files (TOML, stdlib `tomllib`) into the same `TenantConfig` as Python builds.

Every table maps onto a dataclass of `model`, `settings` or `users` field by field; an unknown
key or a value of the wrong type is a ConfigError naming where it is, so a typo never silently
falls back to a default. See `examples/tenant.toml` in the README for the shape.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from auth0_explore.errors import ConfigError
from auth0_explore.sandbox.tenant.model import Scope, TenantConfig
from auth0_explore.secrets import Secret

__all__ = ["load_tenant_file", "tenant_from_dict"]


def _convert(value: Any, hint: Any, where: str) -> Any:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        return _convert(value, options[0], where)
    if hint is Any:
        return value
    if hint is Secret:
        return Secret(_convert(value, str, where))
    if hint is Scope and isinstance(value, str):
        return Scope(value)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _build(hint, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list")
        return [_convert(v, args[0], f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is tuple:
        if not isinstance(value, list) or len(value) != len(args):
            raise ConfigError(f"{where}: expected a list of {len(args)} values")
        return tuple(_convert(v, a, where) for v, a in zip(value, args, strict=True))
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table")
        return {k: _convert(v, args[1], f"{where}.{k}") for k, v in value.items()}
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and (type(value) is hint):
        return value
    name = getattr(hint, "__name__", str(hint))
    raise ConfigError(f"{where}: expected {name}, got {type(value).__name__}")


def _build(cls: type[Any], data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table")
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(data) - names)
    if unknown:
        known = ", ".join(sorted(names))
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {known})")
    kwargs = {k: _convert(v, hints[k], f"{where}.{k}") for k, v in data.items()}
    try:
        return cls(**kwargs)
    except TypeError as exc:  # a required key is missing
        raise ConfigError(f"{where}: {exc}") from None


def tenant_from_dict(data: dict[str, Any], where: str = "tenant") -> TenantConfig:
    """Build a TenantConfig from parsed TOML (or any dict of the same shape)."""
    tenant: TenantConfig = _build(TenantConfig, data, where)
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
