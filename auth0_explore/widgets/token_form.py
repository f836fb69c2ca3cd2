"""`TokenForm`: request a token by filling in the request's own parameters, see what came back.

    TokenForm(sb)          # a running Sandbox; or a client Tenant, an explore Target
    TokenForm()            # the live tenant of AUTH0_* (environment or .env)

Each field is an attribute named like the request parameter it fills (`form.audience`,
`form.scope`, ...); `form.request.click()` sends it; `form.result` is the last `AttemptResult`
and `form.frame()` every result so far as the explorer's DataFrame. The form is a thin view over
`explore.Workbench`: it makes no HTTP request and reads no token itself.
"""

from __future__ import annotations

from typing import Any, Final, cast

import ipywidgets as w
import pandas as pd

from auth0_explore.client.auth import AuthMethod, AuthorizationRequest
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.explore.choices import GRANT_LABELS, NO_AUDIENCE, TenantChoices
from auth0_explore.explore.device import DeviceFlow
from auth0_explore.explore.frames import to_frame
from auth0_explore.explore.workbench import TokenRequest, Workbench
from auth0_explore.secrets import Secret
from auth0_explore.widgets.base import Panel, field, secret_field
from auth0_explore.widgets.result_tabs import ResultTabs
from auth0_explore.widgets.views.attempt import AttemptView
from auth0_explore.widgets.views.authorize import AuthorizeView
from auth0_explore.widgets.views.device import DeviceView
from auth0_explore.widgets.views.html import block, esc

__all__ = ["TokenForm"]

_AUTH_METHODS: Final = (
    ("the application's own", ""),
    ("client_secret_post", "client_secret_post"),
    ("client_secret_basic", "client_secret_basic"),
    ("private_key_jwt", "private_key_jwt"),
    ("none (public application)", "none"),
)
#: the optional fields each grant uses (the others are hidden and not sent)
_USES: Final = {
    "client_credentials": {"audience", "organization", "auth_method", "client_secret"},
    "authorization_code": {
        "audience",
        "organization",
        "auth_method",
        "client_secret",
        "username",
        "redirect_uri",
    },
    "password": {"audience", "auth_method", "client_secret", "username", "password", "realm"},
    "refresh_token": {"auth_method", "client_secret"},
    "device_code": {"audience", "username"},
}
_EMPTY_CHOICES: Final = TenantChoices(domains=(), applications=(), audiences=())


class TokenForm(Panel):
    """A token request form over a sandbox, a client connection, or the live tenant.

    Args:
        source: a running `Sandbox`, a client `Tenant`, an explore `Target`, or None for the
            live tenant from `AUTH0_*` / `.env`. A source that cannot be used is shown as an
            error in the form (and again on each request) instead of raised.
    """

    def __init__(self, source: Any = None) -> None:
        self.result: AttemptResult | None = None
        self.history: list[AttemptResult] = []
        self.workbench: Workbench | None = None
        problem: Auth0ExploreError | None = None
        try:
            self.workbench = Workbench.from_source(source)
        except Auth0ExploreError as error:
            problem = error
        self.choices = self.workbench.choices if self.workbench else _EMPTY_CHOICES
        self._typed_secret: Secret | None = None
        self._password: Secret | None = None
        self._pasted: Secret | None = None
        self._shown: AttemptResult | None = None
        self._flow: DeviceFlow | None = None
        self._authorization: tuple[TokenRequest, AuthorizationRequest] | None = None
        self._build_fields()
        self.tabs = ResultTabs(self.workbench)
        self.panes = self.tabs.panes
        super().__init__(
            "Token request", self._rows(), note=self._where(), footer=[self.tabs.widget]
        )
        self._wire()
        self._grant_changed()
        if problem is not None:
            self.show_problem(problem)

    # -- fields ---------------------------------------------------------------------------------

    def _build_fields(self) -> None:
        c = self.choices
        live_code = "" if c.scripted_login else " (paste the redirect)"
        grants = [
            (label + (live_code if g == "authorization_code" else ""), g)
            for g, label in GRANT_LABELS.items()
        ]
        self.domain = field(w.Dropdown, "domain", options=c.domains)
        self.grant = field(w.Dropdown, "grant", options=grants, value="client_credentials")
        apps = [a.name for a in c.applications]
        self.application = field(
            w.Dropdown, "application", options=apps, value=c.application_for("client_credentials")
        )
        self.audience = field(
            w.Combobox,
            "audience",
            options=c.audience_options,
            value=_first_api(c),
            ensure_option=False,
        )
        self.scope = field(w.Text, "scope", placeholder="space-separated, e.g. read:items")
        self.organization = field(
            w.Combobox,
            "organization",
            options=c.organizations,
            placeholder="an organization id or name",
        )
        self.auth_method = field(w.Dropdown, "auth_method", options=_AUTH_METHODS, value="")
        self.client_secret = secret_field(
            "client_secret", "type to use another secret", self._keep_client_secret
        )
        self.secret_note = w.HTML()
        first_user = c.users[0] if c.users else ""
        self.username = field(
            w.Combobox, "username", options=c.users, value=first_user, placeholder="an email"
        )
        self.password = secret_field(
            "password", "the sandbox knows its users' passwords", self._keep_password
        )
        self.realm = field(
            w.Combobox, "realm", options=c.realms, placeholder="(the user's connection)"
        )
        self.redirect_uri = field(
            w.Text, "redirect_uri", placeholder="http://localhost:3000/callback"
        )
        self.request = w.Button(description="Request token", button_style="primary", icon="key")
        self.redirect_url = secret_field(
            "redirect_url", "paste the URL the browser landed on", self._keep_pasted
        )
        self.exchange = w.Button(description="Exchange", icon="exchange")
        self.authorize_view = w.HTML()
        self.paste_box = w.VBox([self.authorize_view, w.HBox([self.redirect_url, self.exchange])])
        self.device_view = w.HTML()
        self.approve = w.Button(description="Approve as user", icon="check")
        self.deny = w.Button(description="Deny", icon="times")
        self.cancel = w.Button(description="Cancel", icon="stop")
        self.device_box = w.VBox([self.device_view, w.HBox([self.approve, self.deny, self.cancel])])

    def _rows(self) -> list[w.Widget]:
        left = w.VBox(
            [
                self.domain,
                self.grant,
                self.application,
                self.auth_method,
                self.client_secret,
                self.secret_note,
            ]
        )
        right = w.VBox(
            [
                self.audience,
                self.scope,
                self.organization,
                self.username,
                self.password,
                self.realm,
                self.redirect_uri,
            ]
        )
        return [w.HBox([left, right]), self.request, self.paste_box, self.device_box]

    def _wire(self) -> None:
        self.on_click(self.request, self._request)
        self.on_click(self.exchange, self._exchange)
        self.on_click(self.approve, lambda: self._device_flow().approve(self.username.value))
        self.on_click(self.deny, lambda: self._device_flow().deny())
        self.on_click(self.cancel, self._cancel_device)
        self.on_click(self.tabs.reveal, self.tabs.reveal_raw)
        self.on_click(self.tabs.hide, self.tabs.clear_raw)
        self.grant.observe(self.guard(self._grant_changed), names="value")
        self.application.observe(self.guard(self._application_changed), names="value")
        self.tabs.widget.observe(
            self.guard(lambda: self.tabs.draw(self.tabs.current)), names="selected_index"
        )

    def _grant_changed(self) -> None:
        """Show the fields the grant uses; pick an application that allows it."""
        grant = self.grant.value
        uses = _USES[grant]
        live = not self.choices.scripted_login
        for name in (
            "audience",
            "organization",
            "auth_method",
            "client_secret",
            "username",
            "password",
            "realm",
            "redirect_uri",
        ):
            shown = name in uses and not (name == "redirect_uri" and not live)
            shown = shown and not (name == "username" and live and grant != "password")
            getattr(self, name).layout.display = None if shown else "none"
        self.paste_box.layout.display = "none"
        self.device_box.layout.display = "none"
        chosen = self.choices.application_for(grant, self.application.value)
        if chosen is not None and chosen != self.application.value:
            self.application.value = chosen  # its observer forgets a typed secret
        self._note_secret()

    def _application_changed(self) -> None:
        """A typed secret belongs to the application it was typed for: forget it."""
        self._typed_secret = None
        self._note_secret()

    def _note_secret(self) -> None:
        if self._typed_secret is not None:
            text = "a typed client secret (masked), kept in Python until the application changes"
        elif self.workbench is not None:
            text = self.workbench.credential_source(self.application.value)
        else:
            text = ""
        note = f"<p class='muted' style='margin:0 0 4px 118px'>{esc(text)}</p>"
        self.secret_note.value = block("note", note)

    # -- actions --------------------------------------------------------------------------------

    def _keep_client_secret(self, secret: Secret) -> None:
        self._typed_secret = secret
        self._note_secret()

    def _keep_password(self, secret: Secret) -> None:
        self._password = secret

    def _keep_pasted(self, secret: Secret) -> None:
        self._pasted = secret

    def _request(self) -> None:
        password, self._password = self._password, None  # a typed password serves one request
        self.tabs.clear_raw()
        self.stop_background()  # a device flow still polling ends with the next request
        bench = self._bench()
        request = self._token_request()
        if request.grant == "device_code":
            self._start_device(bench, request)
        elif request.grant == "authorization_code" and not self.choices.scripted_login:
            self._authorization = (request, bench.authorize(request))
            self.authorize_view.value = AuthorizeView(self._authorization[1])._repr_html_()
            self.paste_box.layout.display = None
        else:
            self.show(
                bench.request(
                    request,
                    client_secret=self._typed_secret,
                    password=password,
                    previous=self._shown,
                )
            )

    def _exchange(self) -> None:
        pasted, self._pasted = self._pasted, None
        if self._authorization is None:
            raise ConfigError("press Request token first: it makes the login URL to open")
        if pasted is None:
            raise ConfigError("paste the whole URL the browser landed on: it holds the code")
        request, authorization = self._authorization
        self._authorization = None
        self.paste_box.layout.display = "none"
        self.show(self._bench().exchange(request, authorization, pasted))

    def _start_device(self, bench: Workbench, request: TokenRequest) -> None:
        self._flow = bench.device(request, on_change=self._device_changed)
        self.own(self._flow)
        self.device_box.layout.display = None
        self._flow.start()
        self._device_changed(self._flow)

    def _cancel_device(self) -> None:
        self.stop_background()
        self.device_view.value = DeviceView(self._device_flow())._repr_html_()

    def _device_changed(self, flow: DeviceFlow) -> None:
        """The countdown's tick and the flow's end (called from the polling thread)."""
        try:
            self.device_view.value = DeviceView(flow)._repr_html_()
            if flow.result is not None and all(r is not flow.result for r in self.history):
                self.show(flow.result)
        except Exception as error:  # noqa: BLE001 - a polling thread has nowhere else to show it
            self.show_problem(error)

    def show(self, attempt: AttemptResult) -> None:
        """Record an attempt as the form's result and show it (a failure keeps the tabs on the
        last token, which stays in `history`)."""
        self.result = attempt
        self.history.append(attempt)
        status = AttemptView(attempt)._repr_html_()
        if attempt.ok:
            self._shown = attempt
            self.tabs.show(attempt)
        elif self._shown is not None and self._shown.token is not None:
            kept = self._shown.token.access_token_fingerprint
            status += block(
                "note",
                f"<p class='muted'>The tabs still show the previous token ({esc(kept)}).</p>",
            )
        self.status.value = status

    @property
    def pending_login(self) -> AuthorizationRequest | None:
        """The /authorize request waiting for its pasted redirect (live code flow), if any."""
        return self._authorization[1] if self._authorization else None

    def frame(self) -> pd.DataFrame:
        """Every result of this form so far, as the explorer's attempts DataFrame."""
        return to_frame(self.history)

    def close(self) -> None:
        """Stop a running device flow, close the connections the form opened, then the form."""
        super().close()
        if self.workbench is not None:
            self.workbench.close()

    # -- plumbing -------------------------------------------------------------------------------

    def _bench(self) -> Workbench:
        if self.workbench is None:
            raise ConfigError(
                "this form has no tenant: pass a running Sandbox, or set AUTH0_DOMAIN, "
                "AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET and make the form again"
            )
        return self.workbench

    def _device_flow(self) -> DeviceFlow:
        if self._flow is None:
            raise ConfigError("no device flow yet: choose grant 'device code' and press Request")
        return self._flow

    def _token_request(self) -> TokenRequest:
        uses = _USES[self.grant.value]

        def value(name: str) -> str | None:
            if name not in uses:  # a hidden field is not sent (nor read)
                return None
            return str(getattr(self, name).value or "").strip() or None

        return TokenRequest(
            grant=self.grant.value,
            domain=self.domain.value or None,
            application=self.application.value or None,
            audience=value("audience") or NO_AUDIENCE,
            scope=self.scope.value.strip() or None,
            organization=value("organization"),
            # the type as a string: `AuthMethod | None` would build a typing.Union every click
            auth_method=cast("AuthMethod | None", value("auth_method")),
            username=value("username"),
            realm=value("realm"),
            redirect_uri=value("redirect_uri"),
        )

    def _where(self) -> str:
        if self.workbench is None:
            return ""
        kind = "sandbox" if self.workbench.sandbox is not None else "tenant"
        default = self.choices.default_audience
        said = "" if default is None else f", default audience {default or '(none)'}"
        return f"— {kind} {self.workbench.target.canonical_domain}{said}"


def _first_api(choices: TenantChoices) -> str:
    """The audience the form starts with: the first API that is not Auth0's own."""
    for _, identifier in choices.audiences:
        if not identifier.endswith("/api/v2/"):
            return identifier
    return NO_AUDIENCE
