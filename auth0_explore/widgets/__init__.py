"""Notebook widgets: forms and labs over the toolkit, each a thin view over one toolkit call.

    from auth0_explore.widgets import TokenForm
    TokenForm(sb)                      # request tokens from a running sandbox, see what came back

Standard ipywidgets 8 composition; every result view is a plain object with `_repr_html_`
(`auth0_explore.widgets.views`), shown inside the widget and displayable on its own. Secrets
typed into a password field move into `Secret` at once and the field is cleared; no secret or
full token is kept in widget state (`snapshot.widget_state` scrubs exports as well).
"""

from __future__ import annotations

from auth0_explore.widgets.audience_matrix import AudienceMatrix
from auth0_explore.widgets.audit_view import AuditView
from auth0_explore.widgets.clock_lab import ClockLab
from auth0_explore.widgets.configuration_lab import ConfigurationLab
from auth0_explore.widgets.key_rotation_lab import KeyRotationLab
from auth0_explore.widgets.token_form import TokenForm
from auth0_explore.widgets.token_inspector import TokenInspector

__all__ = [
    "AudienceMatrix",
    "AuditView",
    "ClockLab",
    "ConfigurationLab",
    "KeyRotationLab",
    "TokenForm",
    "TokenInspector",
]
