"""Users and database connections, and the profile claims a user's tokens carry.

Auth0: §1 (`auth0|<24 hex>` user ids), §4 and §8.3 (profile and email claims, their order),
§2.6 (connections as realms).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

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
    # Enrolled MFA factors ("otp", "oob", …): the password grants then answer mfa_required (§2.6).
    mfa_factors: list[str] = field(default_factory=list)
    updated_at: str = ""  # ISO 8601 with milliseconds; the sandbox start time when empty
    user_id: str = ""

    def profile_claims(self) -> dict[str, Any]:
        """OIDC `profile` claims in the order of a real ID token (Auth0: §4, §8.3)."""
        claims: dict[str, Any] = {}
        if self.given_name:
            claims["given_name"] = self.given_name
        if self.family_name:
            claims["family_name"] = self.family_name
        claims["nickname"] = self.nickname or self.email.split("@")[0]
        claims["name"] = self.name or self.email
        claims["picture"] = self.picture or gravatar(self.email)
        claims["updated_at"] = self.updated_at
        return claims

    def scope_claims(self, scopes: list[str] | tuple[str, ...]) -> dict[str, Any]:
        """The claims the OIDC scopes `profile` and `email` release, in Auth0's order."""
        claims = self.profile_claims() if "profile" in scopes else {}
        if "email" in scopes:
            claims["email"] = self.email
            claims["email_verified"] = self.email_verified
        return claims


def gravatar(email: str) -> str:
    """Auth0's default picture: a Gravatar URL falling back to the initials avatar (§8.3)."""
    digest = hashlib.md5(email.strip().lower().encode(), usedforsecurity=False).hexdigest()
    fallback = quote(f"https://cdn.auth0.com/avatars/{email[:2].lower()}.png", safe="")
    return f"https://s.gravatar.com/avatar/{digest}?s=480&r=pg&d={fallback}"
