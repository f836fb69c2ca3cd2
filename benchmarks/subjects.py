"""Adapters from the benchmarks to the toolkit's pieces, each saying plainly when one is missing.

A benchmark whose subject has not landed on main prints "not measured: ..." from `why`, never
a number. When a piece lands, its adapter here is the one place to wire it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.limits import Minted

if TYPE_CHECKING:
    from benchmarks.issuing import Server


def missing(module: str) -> str | None:
    """Why a subject cannot be measured, or None when its module is importable."""
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    return None if found else f"{module} not on main yet"


@dataclass
class Inspector:
    """The toolkit's validator bound to one issuer, audience and cached key set."""

    why: str = ""
    validate: Callable[[str], object] | None = None
    batch: Callable[[Sequence[str]], object] | None = None

    @property
    def ready(self) -> bool:
        return self.validate is not None

    def validate_all(self, tokens: Sequence[str]) -> int:
        assert self.validate is not None
        validate = self.validate
        for token in tokens:
            validate(token)
        return len(tokens)


def inspector(minted: Minted) -> Inspector:
    """The token inspector with every strict check on, for the tokens in `minted`."""
    why = missing("auth0_explore.tokens")
    if why:
        return Inspector(why)
    return Inspector("auth0_explore.tokens landed: wire its API in benchmarks/subjects.py")


def sandbox_tokens(count: int) -> Minted | None:
    """`count` distinct tokens minted by the sandbox in-process, or None if it is not there."""
    if missing("auth0_explore.sandbox"):
        return None
    return None


@dataclass
class SandboxServer:
    """The toolkit's sandbox as a token server process for the load figures."""

    why: str = ""
    server: Server | None = None
    name: str = "auth0-explore sandbox"


def sandbox_server() -> SandboxServer:
    """The sandbox started from the command line, with many clients and audiences."""
    why = missing("auth0_explore.sandbox")
    if why:
        return SandboxServer(why)
    return SandboxServer("auth0_explore.sandbox landed: wire it in benchmarks/subjects.py")
