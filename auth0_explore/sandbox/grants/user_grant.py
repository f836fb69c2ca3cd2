"""What a user authorized a client to get: audience, scopes, organization, session.

Auth0: §6 (the default audience applies when none is sent; `resource` is the fallback under the
compatibility profile), §3.1 (no audience: the opaque `/userinfo` token), §3.4 (RBAC scopes are
requested ∩ permissions; OIDC scopes pass through), §2.2 (`offline_access` needs an API that
allows it), §2.6 (no `scope` on the password grants means every scope of the API).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from auth0_explore.sandbox.tenant.model import Api, Application, Organization, TenantConfig
from auth0_explore.sandbox.tenant.users import User

__all__ = ["OIDC_SCOPES", "UserGrant", "granted_scopes", "requested_audience", "user_api"]

OIDC_SCOPES = ("openid", "profile", "email", "address", "phone", "offline_access")


@dataclass(frozen=True)
class UserGrant:
    """The input of every user-token response: who, for which client, API and scopes."""

    user: User
    client: Application
    api: Api | None  # None: the opaque /userinfo token
    scopes: tuple[str, ...]  # granted, in the order asked
    organization: Organization | None = None
    nonce: str | None = None
    sid: str | None = None  # login session, for the ID token's `sid`
    auth_time: int | None = None  # set when `max_age` was asked (§4)

    @property
    def offline(self) -> bool:
        """True when a refresh token goes with the tokens (§2.2)."""
        return "offline_access" in self.scopes

    def narrowed(self, scopes: tuple[str, ...]) -> UserGrant:
        """The same grant with fewer scopes (a refresh asking for reduced scopes, §2.5)."""
        return replace(self, scopes=scopes)


def requested_audience(params: Mapping[str, str], tenant: TenantConfig) -> str | None:
    """`audience`, else `resource` (compatibility profile), else the default audience (§6)."""
    audience = params.get("audience") or None
    if audience is None and tenant.settings.resource_parameter_profile == "compatibility":
        audience = params.get("resource") or None
    return audience or tenant.settings.default_audience or None


def user_api(audience: str | None, tenant: TenantConfig) -> tuple[Api | None, bool]:
    """(API, known) for an audience; the canonical /userinfo audience means no API at all."""
    if audience is None or audience == tenant.userinfo_audience:
        return None, True
    api = tenant.api(audience, by_name=False)
    return api, api is not None


def granted_scopes(
    requested: str | None,
    api: Api | None,
    user: User,
    client: Application,
    *,
    all_when_none: bool = False,
) -> tuple[str, ...]:
    """The scopes a user's token gets: OIDC scopes, then the API's, per RBAC (§3.4)."""
    asked = list(dict.fromkeys((requested or "").split()))
    defined = [s.value for s in api.scopes] if api else []
    if all_when_none and api is not None and not [s for s in asked if s not in OIDC_SCOPES]:
        asked += defined  # §2.6: the password grants' "implied trust"
    offline_ok = "refresh_token" in client.grant_types and (api is None or api.allow_offline_access)
    granted: list[str] = []
    for scope in asked:
        if scope == "offline_access":
            if offline_ok:
                granted.append(scope)
        elif scope in OIDC_SCOPES:
            granted.append(scope)
        elif scope in defined:
            if api is not None and api.enforce_policies:
                if scope in user.permissions.get(api.identifier, []):
                    granted.append(scope)
            else:
                granted.append(scope)
    return tuple(dict.fromkeys(granted))
