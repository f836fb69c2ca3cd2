"""Result views: plain objects with `_repr_html_`, one module per kind of result.

The widgets show them (`HTML.value = view._repr_html_()`); a notebook cell can end with one to
show it on its own, also where widgets do not run (GitHub, nbviewer, an HTML export).
"""

from __future__ import annotations

from auth0_explore.widgets.views.attempt import AttemptView
from auth0_explore.widgets.views.audiences import AudiencesView
from auth0_explore.widgets.views.authorize import AuthorizeView
from auth0_explore.widgets.views.configuration import BeforeAfterView
from auth0_explore.widgets.views.device import DeviceView
from auth0_explore.widgets.views.explanation import ExplanationView
from auth0_explore.widgets.views.frame import FrameView
from auth0_explore.widgets.views.inspection import ClaimsView, HeaderView
from auth0_explore.widgets.views.keys import KeysView
from auth0_explore.widgets.views.notice import Notice
from auth0_explore.widgets.views.pasted import PastedView
from auth0_explore.widgets.views.problem import ProblemView
from auth0_explore.widgets.views.raw import RawTokenView
from auth0_explore.widgets.views.timeline import TimelineView
from auth0_explore.widgets.views.validation import ValidationView

__all__ = [
    "AttemptView",
    "AudiencesView",
    "AuthorizeView",
    "BeforeAfterView",
    "ClaimsView",
    "DeviceView",
    "ExplanationView",
    "FrameView",
    "HeaderView",
    "KeysView",
    "Notice",
    "PastedView",
    "ProblemView",
    "RawTokenView",
    "TimelineView",
    "ValidationView",
]
