"""The route table: every path the sandbox serves, gathered from one module per route family.

A route maps a path and its methods to an endpoint `(state, request, site) -> Response`. Each
module of `endpoints/` declares its family's routes as `ROUTES`; a new family (the Management
API next) declares its own `ROUTES` the same way and joins the families of `default_routes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from auth0_explore.sandbox.http.hosts import RequestSite

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["Endpoint", "Route", "default_routes"]

Endpoint = Callable[["SandboxState", Request, RequestSite], Response]


@dataclass(frozen=True)
class Route:
    """A path, the methods it answers (HEAD comes with GET) and its endpoint."""

    path: str
    methods: tuple[str, ...]
    endpoint: Endpoint


def default_routes() -> list[Route]:
    """Every route the sandbox serves, family by family."""
    from auth0_explore.sandbox.endpoints import (
        authorize,
        device,
        discovery,
        logout,
        revoke,
        token,
        userinfo,
    )

    families = (discovery, token, authorize, userinfo, device, revoke, logout)
    return [route for family in families for route in family.ROUTES]
