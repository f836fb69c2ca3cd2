"""Users and database connections: held now, used by the user flows (issue 3).

Auth0: §1 (`auth0|<24 hex>` user ids), §3.4 (profile claims), §2.6 (connections as realms).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auth0_explore.secrets import Secret

__all__ = ["Connection", "User"]


@dataclass
class Connection:
    """A database connection (strategy `auth0`) that users log in through."""

    name: str = "Username-Password-Authentication"
    strategy: str = "auth0"
    enabled_clients: list[str] = field(default_factory=list)  # application names or client_ids
    id: str = ""


@dataclass
class User:
    """A database user with profile claims, per-API permissions and organization membership."""

    email: str
    password: Secret
    connection: str = "Username-Password-Authentication"
    email_verified: bool = True
    name: str = ""
    nickname: str = ""
    given_name: str = ""
    family_name: str = ""
    picture: str = ""
    permissions: dict[str, list[str]] = field(default_factory=dict)  # API identifier -> scopes
    organizations: list[str] = field(default_factory=list)  # org ids or names
    app_metadata: dict[str, Any] = field(default_factory=dict)
    blocked: bool = False
    user_id: str = ""

    def profile_claims(self) -> dict[str, Any]:
        """OIDC `profile` claims in the order of a real ID token (Auth0: §4)."""
        return {
            "nickname": self.nickname or self.email.split("@")[0],
            "name": self.name or self.email,
            "picture": self.picture,
        }
