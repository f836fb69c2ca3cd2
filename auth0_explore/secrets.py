"""Secrets that never show: a masked type for client secrets, fingerprints for tokens.

A `Secret` has no `str` that reveals it: repr, str, format, HTML, logging, pickling into a
DataFrame cell all show a mask. Only `reveal()` returns the value, and only code that sends it to
the tenant calls it.
"""

from __future__ import annotations

import hashlib
from typing import Any, NoReturn

__all__ = ["MASK", "Secret", "fingerprint"]

MASK = "********"


class Secret:
    """A value that is sent to the tenant and shown to nobody."""

    __slots__ = ("_value",)

    def __init__(self, value: str | Secret) -> None:
        object.__setattr__(self, "_value", value.reveal() if isinstance(value, Secret) else value)

    def reveal(self) -> str:
        """The secret itself, for the request that needs it."""
        value: str = object.__getattribute__(self, "_value")
        return value

    def __bool__(self) -> bool:
        return bool(self.reveal())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.reveal() == self.reveal()

    def __hash__(self) -> int:
        return hash(("Secret", self.reveal()))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError("Secret is immutable")

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def _repr_html_(self) -> str:
        return f"<code>{MASK}</code>"

    def __copy__(self) -> Secret:
        return self  # immutable: a copy is the same value

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret:
        return self

    def __reduce__(self) -> NoReturn:
        # Pickling would write the secret to bytes that outlive the process.
        raise TypeError("a Secret cannot be pickled; keep it in the process that uses it")


def fingerprint(token: str) -> str:
    """A short, stable, non-reversible name for a token: its length and a SHA-256 prefix.

    Shown instead of the token in every display, so two results can be compared
    ("same token?") without the token itself ever appearing.
    """
    digest = hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest[:12]} ({len(token)} chars)" if token else "(empty)"
