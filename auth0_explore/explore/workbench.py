"""One token request at a time, as a form fills it in: the token form's one toolkit call.

    bench = Workbench.from_source(sb)                  # a Sandbox, a client Tenant, a Target, None
    bench.choices.audience_options                     # what the combo boxes offer
    attempt = bench.request(TokenRequest(audience="https://api.sandbox.example/"))
    attempt.inspection, attempt.report, attempt.findings, attempt.error_description

Every request returns an `AttemptResult`, success or failure (Auth0's exact `error` and
`error_description`, why, and what to do), so a form shows it and a DataFrame collects it. The
grants are the explorer's own (`explore.grants`); secrets travel as `Secret`s, never in the
request description. The device flow runs in the background (`explore.device.DeviceFlow`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Final

import pandas as pd

from auth0_explore.client.auth import AuthMethod, AuthorizationRequest
from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.config import Credentials
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.choices import (
    GRANT_LABELS,
    NO_AUDIENCE,
    TENANT_DEFAULT,
    USER_SCOPE,
    TenantChoices,
)
from auth0_explore.explore.device import DeviceFlow
from auth0_explore.explore.evaluate import Evaluator
from auth0_explore.explore.grants import GRANTS
from auth0_explore.explore.reproduce import Reproduction, reproduce
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.explore.timeline import timeline_frame
from auth0_explore.secrets import Secret

__all__ = ["TokenRequest", "Workbench"]

_ENV_SECRET: Final = "AUTH0_CLIENT_SECRET"  # noqa: S105 - a variable's name, not its value

#: a grant call: (connection, scenario, target with the user filled in) -> token response
_Call = Callable[[Tenant, Scenario, Target], TokenResult]


@dataclass(frozen=True, slots=True)
class TokenRequest:
    """One token request as a person fills it in. Secrets are not part of it.

    Attributes:
        grant: a key of `choices.GRANT_LABELS`.
        domain: the host name to ask (None: the canonical domain).
        application: the application's name or client id (None: the first that allows the
            grant).
        audience: an API identifier, `NO_AUDIENCE` or `TENANT_DEFAULT` (named explicitly).
        scope, organization: sent as given when not empty.
        auth_method: how the application authenticates; None: its own way.
        username: the user of the password grant, or who logs in (sandbox) for the code flow.
        realm: the password-realm grant's connection (None: the user's own on the sandbox).
        redirect_uri: the code flow's callback (None: the application's first).
    """

    grant: str = "client_credentials"
    domain: str | None = None
    application: str | None = None
    audience: str = NO_AUDIENCE
    scope: str | None = None
    organization: str | None = None
    auth_method: AuthMethod | None = None
    username: str | None = None
    realm: str | None = None
    redirect_uri: str | None = None


class Workbench:
    """A tenant (sandbox or live) and the one-request-at-a-time calls the token form makes.

    Args:
        target: the tenant and what is known about it (`explore.Target`).
        origin: where the credentials came from, shown (masked) next to the secret field.
    """

    def __init__(self, target: Target, *, origin: str = "the connection", owned: bool = False):
        self.target = target
        self.origin = origin
        self.choices = TenantChoices.of(target)
        self._owned: list[Target] = [target] if owned else []
        self._by_application: dict[str, Target] = {}

    @classmethod
    def from_source(cls, source: Any = None) -> Workbench:
        """A workbench for a running `Sandbox`, a client `Tenant`, an explorer `Target`, or
        None: the live tenant of `AUTH0_*` in the environment or a `.env` file."""
        if source is None:
            return cls(Target.from_env("live"), origin="the environment (.env)", owned=True)
        if isinstance(source, Target):
            return cls(
                source, origin="the sandbox" if source.sandbox is not None else "the connection"
            )
        if isinstance(source, Tenant):
            return cls(Target.from_tenant(source))
        if callable(getattr(source, "login_from_url", None)):
            custom = next((a.name for a in source.tenant.apis if not a.is_system), None)
            target = Target.from_sandbox(source, custom_api=custom or "custom-rs256")
            return cls(target, origin="the sandbox", owned=True)
        raise ConfigError(
            f"cannot request tokens from {type(source).__name__}: pass a running Sandbox, a "
            "client Tenant, an explore Target, or nothing (AUTH0_* from the environment)"
        )

    @property
    def sandbox(self) -> Any:
        """The sandbox behind the tenant, or None for a live tenant."""
        return self.target.sandbox

    # -- requests -------------------------------------------------------------------------------

    def request(
        self,
        request: TokenRequest,
        *,
        client_secret: Secret | None = None,
        password: Secret | None = None,
        previous: AttemptResult | None = None,
    ) -> AttemptResult:
        """Send one token request; failures are results too (never raised).

        Args:
            request: what to ask for.
            client_secret: a secret typed by hand, used instead of the application's own.
            password: the user's password for the password grant (the sandbox knows its
                users' passwords).
            previous: the attempt whose refresh token the `refresh_token` grant uses.
        """
        if request.grant == "refresh_token":
            # a refresh names no audience: its tokens are for the one the first request asked
            if previous is not None and previous.token is not None:
                request = replace(request, audience=previous.token.audience or NO_AUDIENCE)
            return self._attempt(request, _refresh(previous), client_secret)
        if request.grant not in ("client_credentials", "password", "authorization_code"):
            known = ", ".join(GRANT_LABELS)
            problem = f"grant {request.grant!r} is not one of {known}"
            if request.grant == "device_code":
                problem = "the device code grant runs in the background: use Workbench.device()"
            return self._failed(request, ConfigError(problem))
        grant = GRANTS[request.grant]
        return self._attempt(
            request,
            lambda tenant, scenario, target: grant(tenant, scenario, target, False),
            client_secret,
            password,
        )

    def authorize(self, request: TokenRequest) -> AuthorizationRequest:
        """The `/authorize` URL of the code flow on a live tenant; a browser opens it."""
        target = self._target(request.application)
        scenario = self.scenario(request, target)
        redirect_uri = request.redirect_uri or target.redirect_uri
        if not redirect_uri:
            raise ConfigError(
                "the code flow needs a redirect_uri: one of the application's Allowed Callback "
                "URLs, e.g. http://localhost:3000/callback"
            )
        tenant = target.tenant(request.domain, grant="authorization_code")
        return tenant.authorize(
            redirect_uri=redirect_uri,
            audience=scenario.sent_audience,
            scope=scenario.scope or USER_SCOPE,
            organization=scenario.organization,
        )

    def exchange(
        self, request: TokenRequest, authorization: AuthorizationRequest, redirect_url: Secret
    ) -> AttemptResult:
        """Exchange the code in the URL the browser was sent to (pasted, kept as a `Secret`)."""

        def call(tenant: Tenant, scenario: Scenario, target: Target) -> TokenResult:
            return tenant.exchange_code(
                authorization, redirect_url.reveal(), auth_method=scenario.auth_method
            )

        return self._attempt(request, call, None)

    def device(
        self, request: TokenRequest, *, on_change: Callable[[DeviceFlow], None] | None = None
    ) -> DeviceFlow:
        """A device flow for `request`, not started yet (`flow.start()`); it polls in the
        background and calls `on_change` at each step of its countdown and at its end."""
        target = self._target(request.application).refreshed()
        scenario = self.scenario(request, target)
        connection = target.tenant(request.domain, grant="device_code").connection
        return DeviceFlow(target, scenario, connection, on_change=on_change)

    def scenario(self, request: TokenRequest, target: Target | None = None) -> Scenario:
        """The scenario a request is recorded as (its audience choice named as matrices do)."""
        target = target or self.target
        choice, audience = _audience_choice(request.audience, target)
        scope = request.scope or None
        if scope is None and request.grant in ("authorization_code", "device_code"):
            scope = USER_SCOPE
        return Scenario(
            label=NO_AUDIENCE.strip("()") if audience is None else audience,
            audience_choice=choice,
            audience=audience,
            scope=scope,
            organization=request.organization or None,
            grant=request.grant,
            domain=request.domain,
            configuration=target.label,
            auth_method=request.auth_method,
        )

    # -- what else the form shows ---------------------------------------------------------------

    def reproduce(self, attempt: AttemptResult, *, reveal: bool = False) -> Reproduction:
        """curl and auth0-python for a client-credentials attempt, pointed at the tenant used
        (a sandbox domain at its loopback URL, with its own secret, masked unless `reveal`);
        `ConfigError` for the other grants."""
        destination = self.target.destination(attempt.base_url, attempt.client)
        return reproduce(attempt, destination, reveal=reveal)

    def timeline(self, attempt: AttemptResult) -> pd.DataFrame:
        """The attempt's tokens as a `timeline_frame` on the tenant's clock, labelled by what
        was asked for."""
        return timeline_frame([attempt], clock=self.target.clock, labels=[attempt.scenario.label])

    def credential_source(self, application: str | None) -> str:
        """Where the application's secret comes from, for a label; never the secret itself."""
        chosen = self.choices.application(application) if application else None
        method = chosen.auth_method if chosen else ""
        if method == "none":
            return "none: a public application sends no secret"
        what = "private key" if method == "private_key_jwt" else "client secret"
        if self.origin == "the environment (.env)":
            return f"{what} from {_ENV_SECRET} in {self.origin} (masked)"
        return f"the {what} of {self.origin} (masked)"

    def close(self) -> None:
        """Close the connections this workbench opened (not those of a Target it was given)."""
        for target in [*self._owned, *self._by_application.values()]:
            target.close()
        self._owned, self._by_application = [], {}

    def __enter__(self) -> Workbench:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------

    def _target(self, application: str | None) -> Target:
        """The target speaking as `application` (on a sandbox, one per application)."""
        if self.sandbox is None or not application:
            return self.target
        target = self._by_application.get(application)
        if target is None:
            app = self.sandbox.application(application)
            target = Target.from_sandbox(
                self.sandbox,
                self.target.label,
                application=app.name,
                user_application=app.name,
                custom_api=self.target.custom_api or "custom-rs256",
            )
            self._by_application[application] = target
        return target

    def _attempt(
        self,
        request: TokenRequest,
        call: _Call,
        client_secret: Secret | None,
        password: Secret | None = None,
    ) -> AttemptResult:
        try:
            target = self._target(request.application).refreshed()
        except Auth0ExploreError as error:
            return self._failed(request, error)
        scenario = self.scenario(request, target)
        evaluator = Evaluator(target)
        tenant: Tenant | None = None
        own = client_secret is not None
        try:
            tenant = target.tenant(scenario.domain, grant=scenario.grant)
            if client_secret is not None:
                tenant = _with_secret(tenant, client_secret)
            if scenario.audience_choice == "default" and not scenario.audience:
                raise ConfigError(_no_default(target))
            token = call(tenant, scenario, _with_user(target, request, password))
            return evaluator.success(scenario, tenant, token)
        except Auth0ExploreError as error:
            return evaluator.failure(scenario, tenant, error)
        finally:
            if own and tenant is not None:
                tenant.close()

    def _failed(self, request: TokenRequest, error: Auth0ExploreError) -> AttemptResult:
        return Evaluator(self.target).failure(self.scenario(request), None, error)


def _audience_choice(value: str, target: Target) -> tuple[str, str | None]:
    """(audience choice, audience sent) for what the audience field says."""
    text = value.strip()
    if text in ("", NO_AUDIENCE):
        return "none", None
    if text == TENANT_DEFAULT:
        return "default", target.default_audience or None
    if text == target.management_api:
        return "management", text
    if target.apis and text not in target.apis:
        return "unknown", text  # the sandbox knows every API: this identifier is none of them
    return "custom", text


def _no_default(target: Target) -> str:
    if target.default_audience is None:
        return (
            "the tenant's default audience is not known here: name the API, or pass "
            "default_audience= to Target.from_env"
        )
    return (
        "the tenant has no default audience: choose an API, or (no audience) to see what Auth0 "
        "answers without one"
    )


def _with_secret(tenant: Tenant, secret: Secret) -> Tenant:
    """A one-off connection like `tenant` that authenticates with a secret typed by hand."""
    connection = tenant.connection
    credentials = connection.credentials
    if credentials is None:
        raise ConfigError("a client secret was typed, but no client id is known: set one first")
    typed = Credentials(credentials.client_id, secret)
    return Tenant(replace(connection, credentials=typed), clock=tenant.clock)


def _with_user(target: Target, request: TokenRequest, password: Secret | None) -> Target:
    """The target acting as the request's user (password grant, scripted login)."""
    user = request.username or target.user
    if request.grant == "authorization_code":
        return replace(target, user=user, redirect_uri=request.redirect_uri or target.redirect_uri)
    if request.grant != "password":
        return target
    if not user:
        raise ConfigError("the password grant needs a username: type the user's email")
    known = target.sandbox.tenant.user(user) if target.sandbox is not None else None
    if password is None and known is None:
        raise ConfigError(f"type the password of {user} (the sandbox knows only its own users)")
    if known is not None:
        password = password or known.password
    realm = request.realm or (known.connection if known is not None else target.realm)
    return replace(target, user=user, password=password, realm=realm or None)


def _refresh(previous: AttemptResult | None) -> _Call:
    """The refresh-token grant with the refresh token `previous` got."""

    def call(tenant: Tenant, scenario: Scenario, target: Target) -> TokenResult:
        token = previous.token if previous is not None else None
        if token is None or not token.has_refresh_token:
            raise ConfigError(
                "no refresh token to use: first get tokens with scope offline_access "
                "(authorization code, password-realm or device code)"
            )
        return tenant.refresh(token, scope=scenario.scope, auth_method=scenario.auth_method)

    return call
