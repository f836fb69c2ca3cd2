"""PATCH bodies: which members an endpoint accepts, their JSON types, and applying them.

Auth0: §9.1 — an unknown member or a wrong type is 400 `invalid_body`
(`Payload validation error: …`); the wording of each problem follows Auth0's JSON-schema
messages [inferred from the seen `Query validation error` family].
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from auth0_explore.sandbox.http.state import SandboxState
from auth0_explore.sandbox.management.endpoint import changing
from auth0_explore.sandbox.management.errors import invalid_body

__all__ = ["Writable", "apply", "checked", "patch"]

_JSON_TYPES = {bool: "boolean", int: "integer", str: "string", list: "array", dict: "object"}


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Writable:
    """A member a PATCH may set: the model attribute, the JSON type, the conversion."""

    attribute: str
    kind: type
    convert: Callable[[Any], Any] = _same
    choices: tuple[Any, ...] = ()
    item: type = str  # the JSON type of an array's items


def _checked(name: str, value: Any, writable: Writable) -> Any:
    is_bool = isinstance(value, bool)
    if not isinstance(value, writable.kind) or (is_bool and writable.kind is not bool):
        found = _JSON_TYPES.get(type(value), "null" if value is None else "another type")
        expected = _JSON_TYPES[writable.kind]
        raise invalid_body(f"'Expected type {expected} but found type {found}' on property {name}.")
    if isinstance(value, list) and not all(isinstance(v, writable.item) for v in value):
        expected = _JSON_TYPES[writable.item]
        raise invalid_body(f"'Expected type {expected} in array' on property {name}.")
    if writable.choices and value not in writable.choices:
        allowed = ", ".join(map(str, writable.choices))
        raise invalid_body(f"'No enum match for: {value}' on property {name} ({allowed}).")
    return writable.convert(value)


def checked(body: Mapping[str, Any], members: Mapping[str, Writable]) -> dict[str, Any]:
    """The model attributes and values `body` sets, or Auth0's 400 for the first problem."""
    unknown = sorted(set(body) - set(members))
    if unknown:
        raise invalid_body(f"'Additional properties not allowed: {unknown[0]}'.")
    return {members[k].attribute: _checked(k, v, members[k]) for k, v in body.items()}


def apply(state: SandboxState, target: object, values: Mapping[str, Any]) -> None:
    """Set `values` (attribute -> value) on `target`, all or nothing (see `changing`)."""
    before = {name: getattr(target, name) for name in values}

    def put(new: Mapping[str, Any]) -> None:
        for name, value in new.items():
            setattr(target, name, value)

    changing(state, lambda: put(values), lambda: put(before))


def patch(
    state: SandboxState, target: object, body: Mapping[str, Any], members: Mapping[str, Writable]
) -> None:
    """Set the members of `body` on `target`, or answer 400 and change nothing."""
    apply(state, target, checked(body, members))
