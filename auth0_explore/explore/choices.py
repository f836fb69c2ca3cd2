"""What a tenant offers a token request: its domains, applications, APIs, users, organizations.

The token form's drop-downs and combo boxes come from here. A sandbox knows everything about
itself; a live tenant (`Target.from_env`) knows its domains, its one application and the
audiences in its settings, and the rest is typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from auth0_explore.client.auth import DEVICE_CODE_GRANT, PASSWORD_REALM_GRANT
from auth0_explore.explore.targets import Target

__all__ = [
    "GRANT_LABELS",
    "NO_AUDIENCE",
    "TENANT_DEFAULT",
    "USER_SCOPE",
    "ApplicationChoice",
    "TenantChoices",
]

#: the audience choice that sends no `audience` at all (the tenant default applies, if any)
NO_AUDIENCE: Final = "(no audience)"
#: the audience choice that names the tenant's default audience explicitly
TENANT_DEFAULT: Final = "(tenant default)"
#: the scope user grants start from: an ID token, the profile, a refresh token
USER_SCOPE: Final = "openid profile email offline_access"

#: the grants a token request can use -> how people call them
GRANT_LABELS: Final = {
    "client_credentials": "client credentials",
    "authorization_code": "authorization code + PKCE",
    "password": "password-realm",
    "refresh_token": "refresh token",
    "device_code": "device code",
}

# the grant a request uses -> the grant types an application must allow for it (any of them)
_ALLOWED_BY: Final = {
    "client_credentials": ("client_credentials",),
    "authorization_code": ("authorization_code",),
    "password": ("password", PASSWORD_REALM_GRANT),
    "refresh_token": ("refresh_token",),
    "device_code": (DEVICE_CODE_GRANT, "device_code"),
}


@dataclass(frozen=True, slots=True)
class ApplicationChoice:
    """An application a request can speak as: its name, id, grants and client authentication.

    `grants` are the request grants it allows (keys of `GRANT_LABELS`); empty when unknown
    (a live tenant's application), which allows them all.
    """

    name: str
    client_id: str
    grants: tuple[str, ...] = ()
    auth_method: str = ""

    def allows(self, grant: str) -> bool:
        """Whether this application may use `grant` (always, when its grants are unknown)."""
        return not self.grants or grant in self.grants


@dataclass(frozen=True, slots=True)
class TenantChoices:
    """The values a token request can pick from; free text stays possible where Auth0 allows it.

    Attributes:
        domains: host names, canonical first (custom domains after it).
        applications: the applications, M2M first.
        audiences: (name, identifier) of each API the tenant is known to have, the Management
            API included.
        default_audience: the tenant's default audience ("" none; None unknown).
        users: emails of the sandbox's users (browserless logins and the password grant).
        organizations: organization names.
        realms: connection names (the password-realm grant's `realm`).
        scripted_login: True when a user can be logged in without a browser (the sandbox).
    """

    domains: tuple[str, ...]
    applications: tuple[ApplicationChoice, ...]
    audiences: tuple[tuple[str, str], ...]
    default_audience: str | None = None
    users: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    realms: tuple[str, ...] = ()
    scripted_login: bool = False

    @classmethod
    def of(cls, target: Target) -> TenantChoices:
        """What `target` offers: all a sandbox has, or what a live tenant's settings say."""
        if target.sandbox is not None:
            return cls.of_sandbox(target.sandbox)
        audiences = [("Management API", target.management_api)]
        if target.custom_api:
            audiences.append(("custom API", target.custom_api))
        if target.default_audience:
            audiences.append(("default audience", target.default_audience))
        clients = dict.fromkeys(
            _client_id(t) for t in [*target.tenants.values(), *target.user_tenants.values()]
        )
        return cls(
            domains=target.domains,
            applications=tuple(ApplicationChoice(c, c) for c in clients if c),
            audiences=tuple(dict.fromkeys(audiences)),
            default_audience=target.default_audience,
            users=(target.user,) if target.user else (),
            realms=(target.realm,) if target.realm else (),
        )

    @classmethod
    def of_sandbox(cls, sandbox: Any) -> TenantChoices:
        """Everything a running sandbox has."""
        return _of_sandbox(sandbox)

    @property
    def audience_options(self) -> tuple[str, ...]:
        """The audience combo box: no audience, the tenant default, then every API identifier."""
        return (NO_AUDIENCE, TENANT_DEFAULT, *dict.fromkeys(i for _, i in self.audiences))

    def application(self, name: str) -> ApplicationChoice | None:
        """The application with this name or client id."""
        return next((a for a in self.applications if name in (a.name, a.client_id)), None)

    def application_for(self, grant: str, current: str | None = None) -> str | None:
        """`current` when it allows `grant`, else the first application that does."""
        chosen = self.application(current) if current else None
        if chosen is not None and chosen.allows(grant):
            return chosen.name
        return next((a.name for a in self.applications if a.allows(grant)), current)


def _client_id(tenant: Any) -> str:
    credentials = tenant.connection.credentials
    return credentials.client_id if credentials else ""


def _of_sandbox(sandbox: Any) -> TenantChoices:
    model = sandbox.tenant
    applications = sorted(
        (
            ApplicationChoice(
                app.name,
                app.client_id,
                tuple(g for g, types in _ALLOWED_BY.items() if set(types) & set(app.grant_types)),
                app.token_endpoint_auth_method,
            )
            for app in model.applications
        ),
        key=lambda app: not app.allows("client_credentials"),  # M2M first, stable otherwise
    )
    return TenantChoices(
        domains=tuple(d.name for d in sandbox.domains),
        applications=tuple(applications),
        audiences=tuple((api.name, api.identifier) for api in model.apis),
        default_audience=model.settings.default_audience,
        users=tuple(user.email for user in model.users),
        organizations=tuple(org.name for org in model.organizations),
        realms=tuple(connection.name for connection in model.connections),
        scripted_login=True,
    )
