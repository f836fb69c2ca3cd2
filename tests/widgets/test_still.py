"""Every widget also carries a still `text/html` picture, for pages that cannot draw widgets
(a static HTML export of the course, GitHub, nbviewer); it never holds a secret or a token."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import (
    ClockLab,
    ConfigurationLab,
    KeyRotationLab,
    TokenForm,
    TokenInspector,
)
from auth0_explore.widgets.base import Panel
from tests.widgets.conftest import RS256_API, text

CANARY = "canary-Secret-still-3e9a"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture
def form(plain_sandbox: Sandbox) -> Iterator[TokenForm]:
    """A form on the plain sandbox, closed after the test."""
    form = TokenForm(plain_sandbox)
    yield form
    form.close()


def test_the_form_shows_its_fields_result_and_open_tab_as_plain_html(form: TokenForm) -> None:
    """Beside the live widget, the display data has the fields as filled in, the status and the
    open tab's view; hidden fields (the password grant's) are left out."""
    form.audience.value = RS256_API
    form.request.click()
    bundle = form._repr_mimebundle_()
    assert WIDGET_VIEW in bundle  # front ends with widgets still draw the widget
    still = text(bundle["text/html"])
    assert "A still picture of an interactive widget" in still
    assert f"audience {RS256_API}" in still
    assert "grant client credentials" in still
    assert "realm" not in still  # hidden for client credentials
    assert "client-credentials" in still  # the claims tab, open by default
    assert "Request token" not in still  # buttons do nothing on a still page


def test_no_secret_and_no_raw_token_in_the_still_picture(
    form: TokenForm, plain_sandbox: Sandbox
) -> None:
    """A secret typed into a password field (refused: 401) and a revealed raw token stay out."""
    form.client_secret.value = CANARY
    form.request.click()
    assert form.result is not None
    assert form.result.status == 401
    assert CANARY not in form._repr_mimebundle_()["text/html"]
    revealing = TokenForm(plain_sandbox)
    try:
        revealing.request.click()
        assert revealing.result is not None
        assert revealing.result.token is not None
        revealing.tabs.reveal.click()
        revealing.tabs.select("raw token")
        assert revealing.tabs.raw.value  # the token is on screen in the live widget
        still = revealing._repr_mimebundle_()["text/html"]
        assert revealing.result.token.reveal() not in still
        assert "eyJ" not in still
    finally:
        revealing.close()


def test_every_widget_has_a_still_picture(plain_sandbox: Sandbox, own_sandbox: Sandbox) -> None:
    """All six widgets are Panels, and each one's picture starts with its heading."""
    from auth0_explore.explore import Target
    from auth0_explore.widgets import AudienceMatrix

    with Target.from_sandbox(plain_sandbox, "plain") as target:
        widgets: list[Panel] = [
            TokenInspector(plain_sandbox),
            AudienceMatrix([target]),
            ConfigurationLab(own_sandbox),
            ClockLab(own_sandbox),
            KeyRotationLab(own_sandbox),
        ]
        try:
            for widget in widgets:
                still = text(widget._repr_mimebundle_()["text/html"])
                assert still.startswith(text(widget.heading.value)), type(widget).__name__
        finally:
            for widget in widgets:
                widget.close()
