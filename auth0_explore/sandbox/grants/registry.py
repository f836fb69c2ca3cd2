"""The grant-type registry: `POST /oauth/token` dispatches `grant_type` to a handler.

Each grant lives in its own module and registers here, so the user flows (authorization_code,
refresh_token, password-realm, device code) arrive as new modules without touching the token
endpoint. Auth0: §2.9 order — the endpoint checks that the grant is known, authenticates the
client and checks `grant_types` before calling the handler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auth0_explore.sandbox.http.hosts import RequestSite
from auth0_explore.sandbox.tenant.model import Application

if TYPE_CHECKING:
    from auth0_explore.sandbox.http.state import SandboxState

__all__ = ["GrantHandler", "GrantRegistry", "IssuedToken", "TokenRequest", "default_grants"]


@dataclass(frozen=True)
class TokenRequest:
    """An authenticated token request, ready for its grant handler."""

    grant_type: str
    params: dict[str, str]
    client: Application
    auth_method: str  # client_secret_basic | client_secret_post | none
    site: RequestSite  # which domain and issuer the request used


@dataclass
class IssuedToken:
    """A successful token response: body members in Auth0's order, extra headers."""

    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


GrantHandler = Callable[[TokenRequest, "SandboxState"], IssuedToken]


class GrantRegistry:
    """grant_type -> handler; one registry per sandbox (no global state)."""

    def __init__(self) -> None:
        self._handlers: dict[str, GrantHandler] = {}

    def register(self, grant_type: str, handler: GrantHandler) -> None:
        """Serve `grant_type` with `handler` (replacing any earlier one)."""
        self._handlers[grant_type] = handler

    def get(self, grant_type: str) -> GrantHandler | None:
        """The handler, or None for a grant type the sandbox does not serve."""
        return self._handlers.get(grant_type)

    def __iter__(self) -> Iterator[str]:
        return iter(self._handlers)


def default_grants() -> GrantRegistry:
    """Every grant the sandbox serves. New grant modules add one line here."""
    from auth0_explore.sandbox.grants.authorization_code import authorization_code
    from auth0_explore.sandbox.grants.client_credentials import client_credentials
    from auth0_explore.sandbox.grants.device_code import DEVICE_CODE, device_code
    from auth0_explore.sandbox.grants.password import PASSWORD_REALM, password
    from auth0_explore.sandbox.grants.refresh_token import refresh_token

    registry = GrantRegistry()
    registry.register("client_credentials", client_credentials)
    registry.register("authorization_code", authorization_code)
    registry.register("refresh_token", refresh_token)
    registry.register("password", password)
    registry.register(PASSWORD_REALM, password)
    registry.register(DEVICE_CODE, device_code)
    return registry
