"""`TokenInspector`: paste a token, choose where its keys come from and what to expect.

    TokenInspector()          # keys from a tenant domain or a JWKS URL
    TokenInspector(sb)        # the sandbox's keys too

Like jwt.io, but Auth0-aware and strict, and nothing leaves the machine except the JWKS fetch.
A thin view over `explore.pasted.check_pasted`; `inspector.result` is the last `PastedToken`.
"""

from __future__ import annotations

from typing import Any, Final

import ipywidgets as w

from auth0_explore.errors import ConfigError
from auth0_explore.explore.choices import TenantChoices
from auth0_explore.explore.pasted import KEY_SOURCES, PastedToken, check_pasted
from auth0_explore.secrets import Secret
from auth0_explore.tokens import TOKEN_PROFILES
from auth0_explore.widgets.base import Panel, field, secret_field
from auth0_explore.widgets.views.explanation import ExplanationView
from auth0_explore.widgets.views.inspection import ClaimsView, HeaderView
from auth0_explore.widgets.views.notice import Notice
from auth0_explore.widgets.views.pasted import PastedView
from auth0_explore.widgets.views.validation import ValidationView

__all__ = ["TokenInspector"]

_TABS: Final = ("claims", "validation", "explanation", "header")


class TokenInspector(Panel):
    """Decode, validate and explain a pasted token.

    Args:
        sandbox: a running sandbox, to offer its keys and its APIs as audiences.
    """

    def __init__(self, sandbox: Any = None) -> None:
        self.sandbox = sandbox
        self.result: PastedToken | None = None
        self._token: Secret | None = None
        sources = [(label, key) for key, label in KEY_SOURCES.items()]
        if sandbox is None:
            sources = [s for s in sources if s[1] != "sandbox"]
        audiences = TenantChoices.of_sandbox(sandbox).audiences if sandbox is not None else ()
        self.token = secret_field("token", "paste a token (Bearer prefix is fine)", self._keep)
        default = "sandbox" if sandbox is not None else "domain"
        self.keys_from = field(w.Dropdown, "keys_from", options=sources, value=default)
        self.where = field(w.Text, "where", placeholder="dev-abc.us.auth0.com or a JWKS URL")
        self.issuer = field(w.Text, "issuer", placeholder="default: the domain's https://<domain>/")
        self.audience = field(
            w.Combobox,
            "audience",
            options=[i for _, i in audiences],
            placeholder="the API identifier the token is for",
        )
        self.profile = field(
            w.Dropdown, "profile", options=list(TOKEN_PROFILES), value="auth0_access_token"
        )
        self.inspect = w.Button(description="Inspect", button_style="primary", icon="search")
        self.panes = {name: w.HTML() for name in _TABS}
        self.tabs = w.Tab(children=list(self.panes.values()), titles=list(_TABS))
        rows = [
            self.token,
            self.keys_from,
            self.where,
            self.issuer,
            self.audience,
            self.profile,
            self.inspect,
        ]
        super().__init__(
            "Token inspector",
            rows,
            note="— nothing leaves this machine but the JWKS fetch",
            footer=[self.tabs],
        )
        self.on_click(self.inspect, self._inspect)
        self.keys_from.observe(self.guard(self._source_changed), names="value")
        self._source_changed()

    def _source_changed(self) -> None:
        self.where.layout.display = "none" if self.keys_from.value == "sandbox" else None

    def _keep(self, pasted: Secret) -> None:
        self._token = pasted  # kept in Python: change the expectations and inspect again

    def _inspect(self) -> None:
        if self._token is None:
            raise ConfigError("paste a token into the token field first")
        check = check_pasted(
            self._token,
            keys_from=self.keys_from.value,
            where=self.where.value,
            issuer=self.issuer.value,
            audience=self.audience.value,
            profile=self.profile.value,
            sandbox=self.sandbox,
        )
        self.result = check
        self.status.value = PastedView(check)._repr_html_()
        token = check.inspection
        report = ValidationView(check.report) if check.report else Notice(check.problem)
        views = {
            "claims": ClaimsView(token, title="token"),
            "validation": report,
            "explanation": ExplanationView(check.explanation.findings),
            "header": HeaderView(token),
        }
        for name, view in views.items():
            self.panes[name].value = view._repr_html_()

    def forget(self) -> None:
        """Drop the pasted token kept in Python."""
        self._token = None
