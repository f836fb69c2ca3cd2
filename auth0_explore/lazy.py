"""Lazy public names (PEP 562) for the package's `__init__` modules, each name written once.

A package lists its public names once, as `from module import Name as Name` lines inside
`if TYPE_CHECKING:` (so type checkers see them re-exported); `public_names` reads those lines
from the package's own source and serves each name on first use, so `import auth0_explore`
stays fast and the sans-IO core pulls in no heavy library.
"""

from __future__ import annotations

import ast
import importlib
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["public_names"]


def public_names(
    package: str, *, moved: Mapping[str, str] | None = None
) -> tuple[list[str], Callable[[str], Any], Callable[[], list[str]]]:
    """`__all__`, `__getattr__` and `__dir__` for `package`, read from its TYPE_CHECKING block.

    Args:
        package: the package's `__name__`.
        moved: old public name -> its new dotted home (`"auth0_explore.tokens.KeySet"`),
            served for one release with a `DeprecationWarning` naming the new home.
    """
    names = _type_checking_imports(Path(sys.modules[package].__file__ or ""))
    moved = dict(moved or {})

    def get_attribute(name: str) -> Any:
        module = names.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module), name)
            vars(sys.modules[package])[name] = value  # later lookups skip this function
            return value
        home = moved.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        warnings.warn(
            f"{package}.{name} is now {home}; the old name goes in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        module, _, attribute = home.rpartition(".")
        return getattr(importlib.import_module(module), attribute)

    def list_names() -> list[str]:
        return sorted({*vars(sys.modules[package]), *names})

    return sorted(names), get_attribute, list_names


def _type_checking_imports(path: Path) -> dict[str, str]:
    """public name -> defining module, from `if TYPE_CHECKING:` re-exports (`X as X`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: dict[str, str] = {}
    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            continue
        for statement in node.body:
            if not isinstance(statement, ast.ImportFrom) or statement.module is None:
                continue
            for alias in statement.names:
                if alias.asname == alias.name:  # `X as X`: an explicit re-export
                    names[alias.name] = statement.module
    return names
