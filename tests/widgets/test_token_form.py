"""TokenForm, driven headless: fill in, click, read `.result` and what the form shows."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from auth0_explore.client.tenant import Tenant
from auth0_explore.explore import NO_AUDIENCE, TENANT_DEFAULT
from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import TokenForm
from auth0_explore.widgets.result_tabs import TABS
from auth0_explore.widgets.snapshot import export_html, widget_state
from tests.widgets.conftest import ALICE, CUSTOM, RS256_API, all_widget_state, text


@pytest.fixture
def form(plain_sandbox: Sandbox) -> Iterator[TokenForm]:
    """A form on the plain sandbox, closed after the test."""
    form = TokenForm(plain_sandbox)
    yield form
    form.close()


def _wait(condition: object, seconds: float = 20.0) -> None:
    deadline = threading.Event()
    for _ in range(int(seconds / 0.02)):
        if callable(condition) and condition():
            return
        deadline.wait(0.02)
    raise AssertionError("the condition never held")


def test_fields_are_named_like_the_request_parameters(form: TokenForm) -> None:
    """domain, grant, application, audience, scope, organization, auth_method, request."""
    assert form.domain.options == ("dev-sandbox.us.auth0.com",)
    assert form.grant.value == "client_credentials"
    assert form.application.value == "m2m"
    assert form.audience.value == RS256_API
    assert {NO_AUDIENCE, TENANT_DEFAULT} <= set(form.audience.options)
    for name in ("scope", "organization", "auth_method", "request"):
        assert getattr(form, name).description, name
    assert "masked" in text(form.secret_note.value)
    assert repr(form) == "TokenForm()"


def test_a_request_shows_the_token_claims_and_verdict(form: TokenForm) -> None:
    """The status says what came back; the claims tab has each claim, UTC time and meaning."""
    form.scope.value = "read:items"
    form.request.click()
    result = form.result
    assert result is not None
    assert result.ok
    assert result.report is not None
    assert result.report.valid
    status = text(form.status.value)
    assert "200" in status
    assert "M2M access token" in status
    assert "valid" in status
    claims = form.panes["claims"].value
    assert "a0x-claims" in claims
    shown = text(claims)
    assert RS256_API in shown
    assert "UTC ·" in shown  # iat/exp readable, with a relative phrase
    assert "audience: who must accept it" in shown  # the glossary
    assert result.token is not None
    assert result.token.reveal() not in all_widget_state()


def test_tabs_are_drawn_when_opened(form: TokenForm) -> None:
    """Only the open tab is drawn on a click; each other tab shows its view once selected."""
    form.request.click()
    assert "No token yet" in text(form.panes["timeline"].value)
    expected = {
        "header": "alg",
        "audiences": "aud is a string",
        "validation": "checked against",
        "explanation": "m2m-gty",
        "timeline": "now",
        "reproduce": "curl",
    }
    for name, marker in expected.items():
        assert marker in text(form.tabs.select(name)), name
    assert "<svg class='a0x-timeline'" in form.panes["timeline"].value
    assert form.tabs.select("raw token") == ""  # hidden until revealed
    assert TABS[-1] == "raw token"


def test_raw_token_only_behind_reveal_and_cleared_on_the_next_request(form: TokenForm) -> None:
    """Reveal shows it; the next request takes it off the screen and out of the state."""
    form.request.click()
    assert form.result is not None
    assert form.result.token is not None
    token = form.result.token.reveal()
    form.tabs.reveal.click()
    assert token in form.tabs.raw.value
    form.request.click()
    assert form.tabs.raw.value == ""
    assert token not in all_widget_state()


def test_unknown_audience_shows_auth0s_error_why_and_what_to_do(form: TokenForm) -> None:
    """The form stays usable; the tabs keep the previous token and say so."""
    form.request.click()
    kept = form.result
    form.audience.value = "https://nope.example/"
    form.request.click()
    assert form.result is not None
    assert form.result.error == "access_denied"
    status = text(form.status.value)
    assert "403 access_denied" in status
    assert "Service not enabled within domain: https://nope.example/" in status
    assert "Why: No API has exactly this identifier" in status
    assert "What to do:" in status
    assert "previous token" in status
    assert kept is not None
    assert kept.token is not None
    assert kept.token.access_token_fingerprint in text(form.panes["claims"].value)
    form.audience.value = RS256_API
    form.request.click()
    assert form.result.ok
    assert len(form.frame()) == 3


def test_typed_secret_leaves_the_field_at_once_and_is_refused(form: TokenForm) -> None:
    """A wrong secret: out of the field (and the widget state) as soon as it arrives, 401
    Unauthorized with what to do; changing the application forgets it."""
    canary = "canary-Secret-8c1f0e"
    form.client_secret.value = canary
    assert form.client_secret.value == ""  # moved into a Secret before anything else
    assert canary not in all_widget_state()
    assert "typed client secret" in text(form.secret_note.value)
    form.request.click()
    assert form.result is not None
    assert (form.result.status, form.result.error_description) == (401, "Unauthorized")
    assert "client id and secret" in text(form.status.value)
    assert canary not in all_widget_state()
    assert canary not in repr(form.result) + form.status.value
    form.request.click()  # the typed secret is kept (in Python) for this application
    assert form.result.status == 401
    form.application.value = "m2m-orgs"
    form.application.value = "m2m"
    form.request.click()
    assert form.result.ok


def test_a_typed_secret_stays_with_its_application_across_grants(form: TokenForm) -> None:
    """web: code flow, then password: the same application keeps the typed secret; m2m not."""
    form.grant.value = "authorization_code"
    form.client_secret.value = "typed-for-web"
    form.grant.value = "password"
    assert form.application.value == "web"
    assert "typed client secret" in text(form.secret_note.value)
    form.request.click()
    assert form.result is not None
    assert form.result.status == 401  # the typed (wrong) secret was used
    form.grant.value = "client_credentials"
    assert form.application.value == "m2m"
    assert "typed client secret" not in text(form.secret_note.value)


def test_a_revealed_token_is_scrubbed_from_exports(form: TokenForm, tmp_path: Path) -> None:
    """Even while the raw token is shown, the snapshot and the HTML export leave it out."""
    form.request.click()
    form.tabs.reveal.click()
    assert form.result is not None
    assert form.result.token is not None
    token = form.result.token.reveal()
    assert token in all_widget_state()  # shown on purpose: it is in the live state
    assert token not in json.dumps(widget_state([form]))
    page = export_html(tmp_path / "form.html", [form]).read_text()
    assert "application/vnd.jupyter.widget-state+json" in page
    assert token not in page


def test_429_is_retried_then_shown_when_it_persists(
    form: TokenForm, plain_sandbox: Sandbox
) -> None:
    """One 429 with Retry-After: a token after 2 attempts; four: the rate-limit error."""
    plain_sandbox.faults.inject("/oauth/token", count=1, status=429, headers={"Retry-After": "0"})
    form.request.click()
    assert form.result is not None
    assert form.result.ok
    assert "2 HTTP attempts" in text(form.status.value)
    plain_sandbox.faults.inject("/oauth/token", count=4, status=429, headers={"Retry-After": "0"})
    form.request.click()
    status = text(form.status.value)
    assert "429" in status
    assert "4 HTTP attempts" in status
    assert "rate limit" in status


def test_network_down_is_shown_and_the_form_survives() -> None:
    """A sandbox that stopped: no response, the form says so; nothing is raised."""
    with Sandbox(profile="plain") as sb:
        form = TokenForm(sb)
        form.request.click()
        assert form.result is not None
        assert form.result.ok
    form.request.click()
    assert form.result.error == "transport"
    assert "✗ transport" in text(form.status.value)
    form.close()


def test_no_audience_without_a_default_gives_the_opaque_token(form: TokenForm) -> None:
    """The code flow (alice logs in, no browser) with no audience: Auth0's opaque JWE."""
    form.grant.value = "authorization_code"
    assert form.application.value == "web"  # the first application allowed the code flow
    assert form.username.layout.display is None
    assert form.password.layout.display == "none"
    form.audience.value = NO_AUDIENCE
    form.request.click()
    assert form.result is not None
    assert form.result.inspection is not None
    assert form.result.inspection.kind == "auth0_opaque_jwe"
    explanation = text(form.tabs.select("explanation"))
    assert "only Auth0 can read" in explanation
    assert "no default audience" in explanation
    assert "Not validated" in text(form.tabs.select("validation"))


def test_tenant_default_is_named_in_the_request(default_sandbox: Sandbox) -> None:
    """A tenant with a default audience: "(tenant default)" sends it explicitly."""
    form = TokenForm(default_sandbox)
    form.audience.value = TENANT_DEFAULT
    form.request.click()
    form.close()
    assert form.result is not None
    assert form.result.scenario.audience == RS256_API
    assert form.result.token is not None
    assert form.result.token.request.params["audience"] == RS256_API


def test_a_custom_domain_issues_its_own_iss(domain_sandbox: Sandbox) -> None:
    """The domain field picks the custom domain: `iss` is https://login.example.com/."""
    form = TokenForm(domain_sandbox)
    assert form.domain.options == ("dev-sandbox.us.auth0.com", CUSTOM)
    form.domain.value = CUSTOM
    form.request.click()
    form.close()
    assert form.result is not None
    assert form.result.inspection is not None
    assert form.result.inspection.issuer == f"https://{CUSTOM}/"
    assert form.result.report is not None
    assert form.result.report.valid


def test_password_grant_and_a_wrong_password(form: TokenForm) -> None:
    """The sandbox knows alice's password; a typed wrong one is refused and cleared."""
    form.grant.value = "password"
    form.request.click()
    assert form.result is not None
    assert form.result.ok
    form.password.value = "not-alices"
    form.request.click()
    assert form.password.value == ""
    assert form.result.status == 403
    assert "Wrong email or password" in text(form.status.value)


def test_refresh_uses_the_last_refresh_token(form: TokenForm) -> None:
    """Log in with offline_access, then the refresh grant renews from that token."""
    form.grant.value = "refresh_token"
    form.request.click()
    assert "offline_access" in text(form.status.value)
    form.grant.value = "authorization_code"
    form.request.click()
    form.grant.value = "refresh_token"
    form.request.click()
    assert form.result is not None
    assert form.result.ok
    assert form.result.scenario.grant == "refresh_token"
    assert form.result.scenario.audience == RS256_API


def test_device_flow_counts_down_and_ends_with_the_form(form: TokenForm) -> None:
    """A live countdown while polling; approving gives the tokens; close() ends the thread."""
    form.grant.value = "device_code"
    assert form.application.value == "cli"
    form.request.click()
    first = text(form.device_view.value)
    assert "enter" in first
    _wait(lambda: text(form.device_view.value) != first)  # the countdown ticks
    form.approve.click()
    _wait(lambda: form.result is not None and form.result.scenario.grant == "device_code")
    assert form.result is not None
    assert form.result.ok
    form.request.click()  # a second flow, left pending: closing the form ends it
    assert any(t.name == "auth0-explore-device" for t in threading.enumerate())


def test_cancel_stops_the_countdown(form: TokenForm) -> None:
    """Cancel: the polling thread ends and the view says so."""
    form.grant.value = "device_code"
    form.request.click()
    form.cancel.click()
    assert not any(t.name == "auth0-explore-device" for t in threading.enumerate())
    assert "cancelled" in text(form.device_view.value)


def test_handler_errors_are_shown_not_swallowed(form: TokenForm) -> None:
    """Approving with no device flow is a ConfigError in the status pane."""
    form.approve.click()
    assert "ConfigError" in text(form.status.value)
    assert "no device flow yet" in text(form.status.value)


def test_live_tenant_code_flow_pastes_the_redirect(plain_sandbox: Sandbox) -> None:
    """A client connection (no sandbox behind it): open the URL, paste where it landed."""
    with Tenant.from_sandbox(plain_sandbox, application="web") as tenant:
        form = TokenForm(tenant)
        form.grant.value = "authorization_code"
        assert form.redirect_uri.layout.display is None
        form.redirect_uri.value = plain_sandbox.application("web").callbacks[0]
        form.request.click()
        assert form.paste_box.layout.display is None
        assert form.pending_login is not None
        url = form.pending_login.url
        assert "log in" in text(form.authorize_view.value)
        form.redirect_url.value = plain_sandbox.login_from_url(url, ALICE)
        form.exchange.click()
        assert form.redirect_url.value == ""
        form.close()
    assert form.result is not None
    assert form.result.ok
    assert form.paste_box.layout.display == "none"


def test_a_form_without_a_tenant_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """No AUTH0_* and no source: the error is in the form, and again on each click."""
    for name in ("AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(str(tmp_path))
    form = TokenForm()
    assert "AUTH0_DOMAIN" in text(form.status.value)
    form.status.value = ""
    form.request.click()
    assert "AUTH0_DOMAIN" in text(form.status.value)
    form.close()
