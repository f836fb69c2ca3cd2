"""The sandbox's OpenAPI 3.1 description, served at `GET /openapi.json` (Auth0 has no such route).

One JSON fragment per route family sits next to this module: `base.json` holds the document's
`info`, `tags` and the components every family shares; each other file holds its family's
`paths` and the components only it uses (and may add `tags`). They are merged once, at first
use, in file-name order. A new route family (the Management API, say) adds its own file; a
path, a tag or a component that two files both define is a `SandboxError` naming both files, so
one family cannot silently replace another's description. `tests/sandbox/test_openapi.py`
checks that the described paths and methods are exactly the route table's.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from auth0_explore.errors import SandboxError

__all__ = [
    "described_operations",
    "merge_fragments",
    "openapi_document",
    "openapi_json",
    "openapi_path",
]

_BASE = "base.json"
_RULE_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^:<>]+)>")


def _fragments() -> list[tuple[str, dict[str, Any]]]:
    folder = resources.files(__package__)
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
    return [(name, json.loads(folder.joinpath(name).read_text("utf-8"))) for name in names]


def _claim(
    target: dict[str, Any], members: dict[str, Any], where: str, owners: dict[str, str], name: str
) -> None:
    """Add `members` to `target`; a member some other file already added is an error."""
    for key, value in members.items():
        place = f"{where}/{key}"
        if place in owners:
            raise SandboxError(
                f"OpenAPI fragments {owners[place]} and {name} both describe {place}; "
                "each path, tag and component belongs to one file"
            )
        target[key] = value
        owners[place] = name


def merge_fragments(fragments: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """One document from `(file name, fragment)` pairs; `base.json` gives its top level."""
    others = dict(fragments)
    base = others.pop(_BASE)
    document = {k: v for k, v in base.items() if k not in ("paths", "components", "tags")}
    paths: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    tags: dict[str, Any] = {}
    owners: dict[str, str] = {}
    for name, fragment in [(_BASE, base), *others.items()]:
        _claim(paths, fragment.get("paths", {}), "paths", owners, name)
        for kind, members in fragment.get("components", {}).items():
            _claim(components.setdefault(kind, {}), members, f"components/{kind}", owners, name)
        _claim(tags, {tag["name"]: tag for tag in fragment.get("tags", [])}, "tags", owners, name)
    document.update(tags=list(tags.values()), paths=paths, components=components)
    return document


def openapi_document() -> dict[str, Any]:
    """The whole description (a fresh copy: callers may change it)."""
    copied: dict[str, Any] = json.loads(openapi_json())
    return copied


@cache
def openapi_json() -> bytes:
    """The description as the compact JSON the sandbox serves."""
    document = merge_fragments(_fragments())
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def openapi_path(rule: str) -> str:
    """A route-table path in OpenAPI's form: werkzeug's `<id>` or `<int:id>` becomes `{id}`."""
    return _RULE_VARIABLE.sub(r"{\1}", rule)


def described_operations(document: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (METHOD, path) the description holds."""
    verbs = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return {
        (method.upper(), path)
        for path, item in document.get("paths", {}).items()
        for method in item
        if method in verbs
    }
