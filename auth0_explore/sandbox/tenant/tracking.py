"""Change tracking for the tenant's lookup tables: a counter every relevant edit moves.

The model stays editable from Python (append an application, rename one, point a grant at
another API) and the next request must see the change. Checking that by walking every
application, API and grant on each lookup cost more than the rest of a token request with a
few hundred of them (BENCHMARKS.md, figure 2); instead every edit the tables depend on moves
one process-wide counter, and a lookup compares one integer. The lists of a `TenantConfig` are
`TrackedList`s, and the objects they hold are `Keyed`: setting one of their keyed fields counts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Self, SupportsIndex, TypeVar

__all__ = ["Keyed", "TrackedList", "changed", "generation"]

T = TypeVar("T")

_counter = itertools.count(1)  # next() on a count is atomic in CPython: no lock needed
_generation = 0


def changed() -> None:
    """Something the lookup tables depend on changed: tables stamped earlier are stale."""
    global _generation  # the one process-wide counter, by design (see the module's docstring)
    _generation = next(_counter)


def generation() -> int:
    """The current count; read it *before* reading the model to build tables from it."""
    return _generation


class Keyed:
    """A model object whose `KEYED` fields the lookup tables index: setting one counts."""

    KEYED: ClassVar[frozenset[str]] = frozenset()

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in self.KEYED:
            changed()


class TrackedList(list[T]):
    """A list whose every in-place change counts (append, remove, item assignment, sort, ...)."""

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        changed()

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        super().__delitem__(index)
        changed()

    def __iadd__(self, values: Iterable[T]) -> Self:  # type: ignore[override,misc]  # as list.__iadd__ in typeshed, which mypy checks against __add__
        super().__iadd__(values)
        changed()
        return self

    def __imul__(self, times: SupportsIndex) -> Self:
        super().__imul__(times)
        changed()
        return self

    def append(self, value: T) -> None:
        super().append(value)
        changed()

    def extend(self, values: Iterable[T]) -> None:
        super().extend(values)
        changed()

    def insert(self, index: SupportsIndex, value: T) -> None:
        super().insert(index, value)
        changed()

    def pop(self, index: SupportsIndex = -1) -> T:
        value = super().pop(index)
        changed()
        return value

    def remove(self, value: T) -> None:
        super().remove(value)
        changed()

    def clear(self) -> None:
        super().clear()
        changed()

    def sort(self, *, key: Callable[[T], Any] | None = None, reverse: bool = False) -> None:
        super().sort(key=key, reverse=reverse)
        changed()

    def reverse(self) -> None:
        super().reverse()
        changed()
