"""The import graph keeps the layering of docs/architecture.md.

Every `import` and `from … import` of every module of the package (type-only imports included:
a type is a dependency too) is read with `ast`, mapped to the layer of each side, and checked
against the table below. A new top-level module or subpackage must be placed in the table first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import auth0_explore

PACKAGE = Path(auth0_explore.__file__).parent

#: layer -> the layers it may import (besides itself). The shared base is plain data and helpers.
ALLOWED: dict[str, frozenset[str]] = {
    "base": frozenset(),
    "tokens": frozenset({"base"}),
    "batch": frozenset({"base", "tokens"}),
    "client": frozenset({"base", "tokens", "snapshot"}),
    "snapshot": frozenset({"base"}),
    "sandbox": frozenset({"base", "snapshot"}),
    "explore": frozenset({"base", "tokens", "batch", "client", "snapshot"}),
    "audit": frozenset({"base", "tokens", "batch", "client", "explore", "snapshot"}),
    "widgets": frozenset(
        {"base", "tokens", "batch", "client", "explore", "audit", "snapshot", "sandbox"}
    ),
    "app": frozenset(
        {"base", "tokens", "batch", "client", "explore", "audit", "snapshot", "sandbox", "widgets"}
    ),
}

#: names of the root package that are plain data, importable from any layer
ROOT_DATA = frozenset({"__version__"})

#: first component under auth0_explore -> its layer
LAYER_OF: dict[str, str] = {
    "errors": "base",
    "clock": "base",
    "secrets": "base",
    "lazy": "base",
    "text": "base",
    "config": "base",
    "environment": "base",
    "records": "base",
    "tokens": "tokens",
    "batch": "batch",
    "client": "client",
    "snapshot": "snapshot",
    "sandbox": "sandbox",
    "explore": "explore",
    "audit": "audit",
    "widgets": "widgets",
    "cli": "app",
    "course": "app",  # the course's helpers: lessons, checked exercises, forgeries
    "__version__": "base",
    "__main__": "app",
    "__init__": "app",  # the root package re-exports the public API of every layer
}


def _component(module: str) -> str | None:
    """`auth0_explore.tokens.claims` -> `tokens`; None for other packages."""
    parts = module.split(".")
    if parts[0] != "auth0_explore":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _own_name(path: Path) -> str:
    parts = ["auth0_explore", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every absolute or relative import in `path`."""
    name = _own_name(path)
    if path.name == "__init__.py":
        package = name.removesuffix(".__init__")
    else:
        package = name.rsplit(".", 1)[0]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """The imports of a module whose enclosing package is `package` (relative ones resolved)."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module == "auth0_explore" and {a.name for a in node.names} <= ROOT_DATA:
                module = "auth0_explore.__version__"  # plain data, see ROOT_DATA
            found.append((node.lineno, module))
    return found


def _violations() -> list[str]:
    problems = []
    for path in _modules():
        source = _component(_own_name(path))
        assert source is not None
        layer = LAYER_OF.get(source)
        if layer is None:
            problems.append(f"{path.relative_to(PACKAGE)}: `{source}` has no layer in LAYER_OF")
            continue
        for line, module in _imports(path):
            target = _component(module)
            if target is None or LAYER_OF.get(target, "?") == layer:
                continue
            target_layer = LAYER_OF.get(target)
            if target_layer is None or target_layer not in ALLOWED[layer]:
                problems.append(
                    f"{path.relative_to(PACKAGE)}:{line}: {layer} imports {module} "
                    f"({target_layer or 'no layer'})"
                )
    return problems


def test_every_import_keeps_the_layering() -> None:
    """No module imports a layer above it, and the sandbox stays independent of the client side."""
    assert _violations() == []


@pytest.mark.parametrize(
    ("layer", "module", "allowed"),
    [
        ("tokens", "auth0_explore.client.session", False),
        ("sandbox", "auth0_explore.tokens.claims", False),
        ("client", "auth0_explore.explore.runner", False),
        ("explore", "auth0_explore.client.tenant", True),
        ("widgets", "auth0_explore.sandbox", True),
        ("snapshot", "auth0_explore.client.tenant", False),
        ("snapshot", "auth0_explore.sandbox", False),
        ("client", "auth0_explore.snapshot.model", True),
        ("sandbox", "auth0_explore.snapshot.model", True),
    ],
    ids=[
        "core-to-client",
        "sandbox-to-core",
        "client-to-explore",
        "explore-to-client",
        "ui",
        "snapshot-to-client",
        "snapshot-to-sandbox",
        "client-to-snapshot",
        "sandbox-to-snapshot",
    ],
)
def test_the_table_says_what_the_architecture_says(layer: str, module: str, allowed: bool) -> None:
    """A few edges, spelt out, so that a change to the table is a visible decision."""
    target = _component(module)
    assert target is not None
    assert (LAYER_OF[target] in ALLOWED[layer]) is allowed


def test_relative_imports_are_resolved() -> None:
    """`from ..client import x` inside the package counts as an import of the client."""
    source = "from ..client import session\nfrom . import claims\nimport json\n"
    source += "from auth0_explore import __version__\n"
    assert [module for _, module in _imports_in(source, "auth0_explore.tokens")] == [
        "auth0_explore.client",
        "auth0_explore.tokens",
        "json",
        "auth0_explore.__version__",
    ]
