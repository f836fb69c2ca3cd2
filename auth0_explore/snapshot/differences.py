"""What changed between two snapshots, object by object: one row per change.

Objects are matched as people name them, so two tenants compare (their generated ids differ):
APIs by identifier, applications by name, client grants by `application → audience`,
organizations by name, custom domains by domain, signing keys by role (current, next, previous;
by kid when retired), so a rotation reads as the current kid changing. Then field by field: a
scalar that differs is one `changed` row; a list (a grant's scopes, an application's grant
types) gives one `added` or `removed` row per item, so "the grant gained delete:items" reads as
one row. Ids and `extra` members are not compared. pandas is imported only by `diff`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auth0_explore.snapshot.model import Snapshot
from auth0_explore.text import shorten, terminal_width

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "Change", "changes", "changes_text", "diff"]

#: the columns of `diff`'s frame, in order
COLUMNS = ("kind", "object", "field", "change", "before", "after")
#: fields that differ between any two tenants without meaning a configuration change
_IGNORED = frozenset(
    {"id", "client_id", "extra", "credentials", "default_organization", "thumbprint"}
)


@dataclass(frozen=True)
class Change:
    """One difference: which object of which kind, which field, and its two values."""

    kind: str
    object: str
    field: str
    #: `changed`, `added` or `removed`
    change: str
    before: Any = None
    after: Any = None

    def __str__(self) -> str:
        what = self.field or "(object)"
        if self.change == "changed":
            return f"{self.kind} {self.object}: {what} {_text(self.before)} → {_text(self.after)}"
        value = self.after if self.change == "added" else self.before
        shown = f" {_text(value)}" if self.field else ""
        return f"{self.kind} {self.object}: {what} {self.change}{shown}"


# kind -> (the snapshot's collection, the key an object is matched by)
_KINDS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "api": ("apis", lambda o: o.identifier),
    "application": ("applications", lambda o: o.name),
    "client_grant": ("client_grants", lambda o: o.label),
    "organization": ("organizations", lambda o: o.name),
    "custom_domain": ("custom_domains", lambda o: o.domain),
    "signing_key": ("signing_keys", lambda o: _role(o)),
}


def _role(key: Any) -> str:
    """current / next / previous (revoked or not), else the kid."""
    for role in ("current", "next", "previous"):
        if getattr(key, role):
            return role
    return str(key.kid)


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """Field path -> value, nested dataclasses and mappings flattened with dots."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        items: Iterable[tuple[str, Any]] = (
            (f.name, getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _IGNORED
        )
    elif isinstance(value, Mapping):
        items = value.items()
    else:
        return {prefix: value}
    flat: dict[str, Any] = {}
    for name, item in items:
        flat.update(_flat(item, f"{prefix}{name}."))
    return {k.rstrip("."): v for k, v in flat.items()}


def _scalar(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return getattr(value, "value", str(value))  # a Scope shows as its value
    return value


def _fields(kind: str, name: str, before: Any, after: Any) -> list[Change]:
    out: list[Change] = []
    old, new = _flat(before), _flat(after)
    for path in list(dict.fromkeys([*old, *new])):
        a, b = old.get(path), new.get(path)
        if a == b:
            continue
        if isinstance(a, tuple | type(None)) and isinstance(b, tuple | type(None)):
            gone = [_scalar(v) for v in a or () if v not in (b or ())]
            came = [_scalar(v) for v in b or () if v not in (a or ())]
            out += [Change(kind, name, path, "removed", v, None) for v in gone]
            out += [Change(kind, name, path, "added", None, v) for v in came]
            if gone or came:
                continue
        out.append(Change(kind, name, path, "changed", _scalar(a), _scalar(b)))
    return out


def changes(before: Snapshot, after: Snapshot) -> list[Change]:
    """Every difference from `before` to `after`, settings first, then kind by kind."""
    found = _fields("settings", "tenant", before.settings, after.settings)
    for kind, (collection, key) in _KINDS.items():
        old = {key(o): o for o in getattr(before, collection)}
        new = {key(o): o for o in getattr(after, collection)}
        for name in dict.fromkeys([*old, *new]):
            if name not in new:
                found.append(Change(kind, name, "", "removed"))
            elif name not in old:
                found.append(Change(kind, name, "", "added"))
            else:
                found += _fields(kind, name, old[name], new[name])
    return found


def diff(before: Snapshot, after: Snapshot) -> pd.DataFrame:
    """The differences as a DataFrame with `COLUMNS`, one row per change."""
    import pandas as pd

    rows = [dataclasses.astuple(c) for c in changes(before, after)]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def changes_text(found: Iterable[Change], width: int | None = None) -> str:
    """The changes grouped by object under a heading each, one line per change: `+ value`,
    `- value`, or `before → after`; long values are cut so each line fits `width` (default:
    the terminal's)."""
    found = list(found)
    if not found:
        return "no differences"
    width = terminal_width(width)
    room = width - 34
    lines, current = [], None
    for change in found:
        if (change.kind, change.object) != current:
            current = (change.kind, change.object)
            lines.append(shorten(f"{change.kind} {change.object}", width))
        name = shorten(change.field or "(object)", 28)
        if not change.field:
            what = change.change
        elif change.change in ("added", "removed"):
            sign = "+" if change.change == "added" else "-"
            what = f"{sign} {shorten(_text(change.after if sign == '+' else change.before), room)}"
        else:
            what = _pair(_text(change.before), _text(change.after), room - 1)
        lines.append(f"  {name:<28}  {what}")
    return "\n".join([*lines, f"{len(found)} change(s)"])


def _text(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def _pair(before: str, after: str, width: int) -> str:
    """`before → after` in `width` columns; the shorter side keeps all it needs."""
    room = width - 3
    if len(before) + len(after) > room:
        if len(before) <= room // 2:
            after = shorten(after, room - len(before))
        elif len(after) <= room // 2:
            before = shorten(before, room - len(after))
        else:
            before, after = shorten(before, room // 2), shorten(after, room - room // 2)
    return f"{before} → {after}"
