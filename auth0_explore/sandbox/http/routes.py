"""The route table: every path the sandbox serves, gathered from one module per route family.

A route maps a path and its methods to an endpoint `(state, request, site) -> Response`. A path
with variables (`/api/v2/clients/<client_id>`) is a `PathRoute`, whose endpoint also receives
their values. Each module of `endpoints/` declares its family's routes as `ROUTES`, and so does
the Management API (`management/`); `default_routes` joins the families.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from auth0_explore.sandbox.http.hosts import RequestSite

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["Endpoint", "PathEndpoint", "PathRoute", "Route", "default_routes"]

Endpoint = Callable[["SandboxState", Request, RequestSite], Response]
#: an endpoint of a path with variables: it also gets their values by name
PathEndpoint = Callable[["SandboxState", Request, RequestSite, Mapping[str, str]], Response]


@dataclass(frozen=True)
class Route:
    """A path, the methods it answers (HEAD comes with GET) and its endpoint."""

    path: str
    methods: tuple[str, ...]
    endpoint: Endpoint

    def answer(
        self, state: SandboxState, request: Request, site: RequestSite, _: Mapping[str, str]
    ) -> Response:
        """The endpoint's response (a fixed path has no variables to pass on)."""
        return self.endpoint(state, request, site)


@dataclass(frozen=True)
class PathRoute:
    """A path with variables (werkzeug syntax, `<kid>`), its methods and its endpoint."""

    path: str
    methods: tuple[str, ...]
    endpoint: PathEndpoint

    def answer(
        self, state: SandboxState, request: Request, site: RequestSite, args: Mapping[str, str]
    ) -> Response:
        """The endpoint's response, given the values of the path's variables."""
        return self.endpoint(state, request, site, args)


def default_routes() -> list[Route | PathRoute]:
    """Every route the sandbox serves, family by family."""
    from auth0_explore.sandbox import management
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
    routes: list[Route | PathRoute] = [route for family in families for route in family.ROUTES]
    return [*routes, *management.ROUTES]
