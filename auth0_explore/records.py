"""Parsed files (TOML, JSON) into the toolkit's dataclasses, every member checked against its
type hint, so a typo or a wrong type is a ConfigError naming where it is instead of a default.

One reader for the sandbox's tenant files and the snapshots' JSON; each says what its format
calls a mapping ("a table" in TOML, "an object" in JSON) and which strings stand for a whole
value.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin, get_type_hints

from auth0_explore.errors import ConfigError
from auth0_explore.secrets import Secret

__all__ = ["RecordReader"]


@dataclass(frozen=True)
class RecordReader:
    """Builds dataclasses from parsed data. `mapping` is the format's name for a mapping;
    `shorthands[T](text)` builds a T from a string where a T is expected (`Scope("read:x")`)."""

    mapping: str = "a table"
    shorthands: Mapping[type, Callable[[str], Any]] = field(default_factory=dict)

    def build(self, cls: type[Any], data: Any, where: str) -> Any:
        """`cls(**data)`, each member converted to its hint; unknown or missing ones refused."""
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected {self.mapping}")
        hints = get_type_hints(cls)
        names = {f.name for f in dataclasses.fields(cls) if f.init}
        unknown = sorted(set(data) - names)
        if unknown:
            known = ", ".join(sorted(names))
            raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {known})")
        members = {k: self.convert(v, hints[k], f"{where}.{k}") for k, v in data.items()}
        try:
            return cls(**members)
        except TypeError as exc:  # a required member is missing
            raise ConfigError(f"{where}: {exc}") from None

    def convert(self, value: Any, hint: Any, where: str) -> Any:
        """`value` as `hint` says, or ConfigError."""
        origin, args = get_origin(hint), get_args(hint)
        if origin in (Union, types.UnionType):
            if value is None and type(None) in args:
                return None
            return self.convert(value, next(a for a in args if a is not type(None)), where)
        if hint is Any:
            return value
        if hint is Secret:
            return Secret(self.convert(value, str, where))
        if hint in self.shorthands and isinstance(value, str):
            return self.shorthands[hint](value)
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            return self.build(hint, value, where)
        if origin in (list, tuple, dict, Mapping):
            return self._container(value, origin, args, where)
        if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(hint, type) and type(value) is hint:
            return value
        name = getattr(hint, "__name__", str(hint))
        raise ConfigError(f"{where}: expected {name}, got {type(value).__name__}")

    def _container(self, value: Any, origin: Any, args: tuple[Any, ...], where: str) -> Any:
        if origin in (dict, Mapping):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: expected {self.mapping}")
            return {k: self.convert(v, args[1], f"{where}.{k}") for k, v in value.items()}
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list")
        if origin is list or args[1:] == (Ellipsis,):  # list[T], tuple[T, ...]
            items = [self.convert(v, args[0], f"{where}[{i}]") for i, v in enumerate(value)]
            return items if origin is list else tuple(items)
        if len(value) != len(args):  # tuple[A, B]: a fixed length
            raise ConfigError(f"{where}: expected a list of {len(args)} values")
        return tuple(self.convert(v, a, where) for v, a in zip(value, args, strict=True))
