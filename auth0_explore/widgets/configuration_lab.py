"""`ConfigurationLab`: toggle a sandbox's configuration, run the same scenarios again, compare.

    ConfigurationLab(sb)

Toggles: the tenant's default audience, asking through the custom domain, and one API's token
dialect, signing algorithm, lifetime and RBAC. "Apply and compare" runs the standard matrix as
the sandbox is now, applies the toggles (through the sandbox's Python API), runs it again and
shows the differences; "Restore" puts back the configuration the lab started from. A thin view
over `explore.configuration.before_and_after`; `lab.result` is the last `BeforeAfter`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from auth0_explore.explore.configuration import (
    DIALECTS,
    SIGNING_ALGS,
    BeforeAfter,
    SandboxConfiguration,
    before_and_after,
)
from auth0_explore.explore.selection import MATRIX_GRANTS
from auth0_explore.widgets.base import Panel, field
from auth0_explore.widgets.views.configuration import BeforeAfterView
from auth0_explore.widgets.views.frame import FrameView
from auth0_explore.widgets.views.notice import Notice

__all__ = ["ConfigurationLab"]


class ConfigurationLab(Panel):
    """Before/after comparisons of configuration changes on a running sandbox.

    Args:
        sandbox: the running sandbox to change (its configuration changes for every client).
    """

    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox
        self.result: BeforeAfter | None = None
        self._custom_domain = False  # which domain the last run asked through
        model = sandbox.tenant
        apis = [api.name for api in model.apis if not api.is_system]
        self._start = {name: SandboxConfiguration.read(sandbox, name) for name in apis}
        audiences = [("(none)", "")] + [(a.identifier, a.identifier) for a in model.apis]
        self.default_audience = field(w.Dropdown, "default_audience", options=audiences)
        self.custom_domain = w.Checkbox(
            description="ask through the custom domain", disabled=len(sandbox.domains) < 2
        )
        self.api = field(w.Dropdown, "api", options=apis)
        self.dialect = field(w.Dropdown, "token_dialect", options=DIALECTS)
        self.signing_alg = field(w.Dropdown, "signing_alg", options=SIGNING_ALGS)
        self.token_lifetime = field(
            w.BoundedIntText, "token_lifetime", min=60, max=2_592_000, step=60
        )
        self.rbac = w.Checkbox(description="RBAC (enforce_policies)")
        self.grants = field(
            w.SelectMultiple,
            "grants",
            options=MATRIX_GRANTS,
            value=("client_credentials", "authorization_code"),
            rows=3,
        )
        self.compare = w.Button(
            description="Apply and compare", button_style="primary", icon="exchange"
        )
        self.restore = w.Button(description="Restore the start", icon="undo")
        self.changes_view = w.HTML()
        self.frame_view = w.HTML()
        tenant = w.VBox([self.default_audience, self.custom_domain])
        api = w.VBox([self.api, self.dialect, self.signing_alg, self.token_lifetime, self.rbac])
        rows = [w.HBox([tenant, api]), self.grants, w.HBox([self.compare, self.restore])]
        super().__init__(
            "Configuration lab",
            rows,
            note=f"— sandbox {model.domain}",
            footer=[self.changes_view, self.frame_view],
        )
        self.on_click(self.compare, self._compare)
        self.on_click(self.restore, self._restore)
        self.api.observe(self.guard(self._show_current), names="value")
        self._show_current()

    def configuration(self) -> SandboxConfiguration:
        """What the toggles say."""
        return SandboxConfiguration(
            default_audience=self.default_audience.value,
            custom_domain=bool(self.custom_domain.value),
            api=self.api.value,
            dialect=self.dialect.value,
            signing_alg=self.signing_alg.value,
            token_lifetime=int(self.token_lifetime.value),
            rbac=bool(self.rbac.value),
        )

    def _show_current(self) -> None:
        """Set the toggles to the sandbox's configuration now (for the API chosen)."""
        now = SandboxConfiguration.read(
            self.sandbox, self.api.value, custom_domain=self._custom_domain
        )
        self.default_audience.value = now.default_audience
        self.custom_domain.value = now.custom_domain
        self.dialect.value = now.dialect
        self.signing_alg.value = now.signing_alg
        self.token_lifetime.value = now.token_lifetime
        self.rbac.value = now.rbac

    def _compare(self) -> None:
        after = self.configuration()
        before = SandboxConfiguration.read(
            self.sandbox, after.api, custom_domain=self._custom_domain
        )
        self.status.value = Notice("Running the matrix before and after…")._repr_html_()
        change = before_and_after(self.sandbox, before, after, grants=tuple(self.grants.value))
        self._custom_domain = after.custom_domain
        self.result = change
        self.changes_view.value = BeforeAfterView(change)._repr_html_()
        self.frame_view.value = FrameView(change.frame)._repr_html_()
        count = len(change.changes)
        self.status.value = Notice(
            f"Applied {count} change(s); the sandbox keeps them until you restore the start.",
            tone="ok",
        )._repr_html_()

    def _restore(self) -> None:
        for configuration in self._start.values():
            configuration.apply(self.sandbox)
        self._custom_domain = False
        self._show_current()
        self.status.value = Notice(
            "The sandbox is back to its configuration at the start.", tone="ok"
        )._repr_html_()
