"""Scenarios: one token request each, and helpers that build the standard audience matrices.

A scenario names what is asked (grant, audience choice, scope, organization), where (which of
the tenant's domains) and under which configuration (a label the runner maps to a `Target`).
The audience choices are the cases Auth0's documentation tells apart (auth0-behavior §2.3, §3.1,
§3.4, §6, §7):

| choice | what is sent |
| --- | --- |
| `none` | no `audience` at all: the tenant default applies, else an error or opaque token |
| `default` | the tenant's default audience, named explicitly |
| `management` | the Management API, `https://<canonical domain>/api/v2/` |
| `custom` | a custom API identifier |
| `custom+openid` | a custom API with `openid` added to the scope (user grants: `aud` array) |
| `resource` | the custom API as RFC 8707 `resource` instead of `audience` |
| `unknown` | an identifier no API has |
| `trailing-slash` | the custom API identifier with its trailing slash toggled |

Write your own with `Scenario(...)`; labels must be unique per (configuration, domain, grant).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal, get_args

from auth0_explore.client.auth import AuthMethod

__all__ = [
    "AUDIENCE_CHOICES",
    "STANDARD_CHOICES",
    "USER_CHOICES",
    "AudienceChoice",
    "Scenario",
    "audience_matrix",
    "under",
]

AudienceChoice = Literal[
    "none",
    "default",
    "management",
    "custom",
    "custom+openid",
    "resource",
    "unknown",
    "trailing-slash",
]

#: every audience choice, in the order matrices list them
AUDIENCE_CHOICES: Final[tuple[AudienceChoice, ...]] = get_args(AudienceChoice)

#: the choices of the standard matrix: `none` already shows the default audience's effect
STANDARD_CHOICES: Final[tuple[AudienceChoice, ...]] = tuple(
    choice for choice in AUDIENCE_CHOICES if choice != "default"
)

_LABELS: Final[dict[str, str]] = {
    "none": "no audience",
    "default": "default audience, named",
    "management": "Management API",
    "custom": "custom API",
    "custom+openid": "custom API + openid",
    "resource": "resource parameter",
    "unknown": "unknown audience",
    "trailing-slash": "trailing-slash variant",
}

#: the choices of the user-grant matrix: no audience (the opaque /userinfo token), a custom API
#: with and without `openid` (an `aud` array or a string)
USER_CHOICES: Final[tuple[AudienceChoice, ...]] = ("none", "custom", "custom+openid", "unknown")

UNKNOWN_AUDIENCE: Final = "https://unknown.invalid/"


@dataclass(frozen=True, slots=True)
class Scenario:
    """One token request to try.

    Attributes:
        label: what the row is called in tables (unique within its configuration, domain, grant).
        audience_choice: one of `AUDIENCE_CHOICES` (or your own word for a custom case).
        audience: the identifier sent as `audience` (or as `resource` for that choice); None
            sends neither.
        scope: the `scope` sent, or None.
        organization: the `organization` sent (id or name), or None.
        grant: the grant type, e.g. `client_credentials`.
        domain: which of the tenant's domains to ask (a host name); None is the target's default.
        configuration: the label of the `Target` the scenario runs under ("" = the only one).
        auth_method: how the application authenticates (`client_secret_post`,
            `client_secret_basic`, `private_key_jwt`, `none`); None: the application's own.
    """

    label: str
    audience_choice: str
    audience: str | None
    scope: str | None = None
    organization: str | None = None
    grant: str = "client_credentials"
    domain: str | None = None
    configuration: str = ""
    auth_method: AuthMethod | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What makes a scenario unique in a run: configuration, domain, grant, label."""
        return (self.configuration, self.domain or "", self.grant, self.label)

    @property
    def resource(self) -> str | None:
        """The RFC 8707 `resource` sent instead of `audience`, for the `resource` choice."""
        return self.audience if self.audience_choice == "resource" else None

    @property
    def sent_audience(self) -> str | None:
        """The `audience` parameter sent (None for the `resource` choice)."""
        return None if self.audience_choice == "resource" else self.audience


def _toggle_slash(identifier: str) -> str:
    return identifier[:-1] if identifier.endswith("/") else identifier + "/"


def _with_openid(scope: str | None) -> str:
    return " ".join(dict.fromkeys(["openid", *(scope or "").split()]))


def audience_matrix(
    *,
    custom_api: str,
    management_api: str,
    default_audience: str | None = None,
    choices: Sequence[str] = STANDARD_CHOICES,
    scope: str | None = None,
    organization: str | None = None,
    grants: Sequence[str] = ("client_credentials",),
    domains: Sequence[str | None] = (None,),
    configuration: str = "",
    unknown_audience: str = UNKNOWN_AUDIENCE,
) -> list[Scenario]:
    """The standard audience matrix: each choice x grant x domain, in that nesting.

    Args:
        custom_api: the identifier of a custom API the application has a client grant for.
        management_api: the Management API identifier (`Tenant.management_audience`).
        default_audience: the tenant's default audience, when known (the `default` choice).
        choices: which audience choices to include; `default` is skipped when it is unknown.
        scope: the scope sent with every request (`custom+openid` adds `openid` to it).
        organization: sent with every request when given.
        grants: grant types to try each choice with.
        domains: the domains to ask (None: the target's default domain).
        configuration: the configuration label the scenarios run under.
        unknown_audience: the identifier that no API has.
    """
    audiences: dict[str, str | None] = {
        "none": None,
        "default": default_audience,
        "management": management_api,
        "custom": custom_api,
        "custom+openid": custom_api,
        "resource": custom_api,
        "unknown": unknown_audience,
        "trailing-slash": _toggle_slash(custom_api),
    }
    matrix = []
    for choice in choices:
        if choice == "default" and not default_audience:
            continue
        for grant in grants:
            for domain in domains:
                matrix.append(
                    Scenario(
                        label=_LABELS.get(choice, choice),
                        audience_choice=choice,
                        audience=audiences.get(choice),
                        scope=_with_openid(scope) if choice == "custom+openid" else scope,
                        organization=organization,
                        grant=grant,
                        domain=domain,
                        configuration=configuration,
                    )
                )
    return matrix


def under(configuration: str, scenarios: Iterable[Scenario]) -> list[Scenario]:
    """The same scenarios, labelled to run under another configuration."""
    return [replace(scenario, configuration=configuration) for scenario in scenarios]
