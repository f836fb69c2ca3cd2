"""The workbench: one request at a time as a form fills it in, every outcome a result."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from auth0_explore.client.tenant import Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.errors import ConfigError
from auth0_explore.explore import NO_AUDIENCE, TENANT_DEFAULT, TokenRequest, Workbench
from auth0_explore.explore.choices import USER_SCOPE
from auth0_explore.sandbox import Sandbox
from auth0_explore.secrets import Secret
from auth0_explore.tokens import explain
from tests.explore.conftest import CANONICAL, RS256_API, T0

ALICE = "alice@example.com"


@pytest.fixture
def bench(plain_sandbox: Sandbox) -> Iterator[Workbench]:
    """A workbench on the plain sandbox (no default audience)."""
    bench = Workbench.from_source(plain_sandbox)
    yield bench
    bench.close()


def test_choices_list_what_the_sandbox_has(bench: Workbench) -> None:
    """Domains, applications (M2M first), every API plus the two audience placeholders."""
    choices = bench.choices
    assert choices.domains == (CANONICAL,)
    assert choices.applications[0].name == "m2m"
    assert choices.audience_options[:2] == (NO_AUDIENCE, TENANT_DEFAULT)
    assert {RS256_API, f"https://{CANONICAL}/api/v2/"} <= set(choices.audience_options)
    assert ALICE in choices.users
    assert choices.scripted_login
    assert choices.application_for("device_code", "m2m") == "cli"
    assert choices.application_for("authorization_code", "spa") == "spa"


def test_a_token_comes_back_decoded_validated_and_explained(bench: Workbench) -> None:
    """Client credentials to the custom API: a valid M2M token, findings by claim, one try."""
    attempt = bench.request(TokenRequest(audience=RS256_API, scope="read:items"))
    assert attempt.ok
    assert attempt.report is not None
    assert attempt.report.valid
    assert attempt.inspection is not None
    assert attempt.inspection.audiences == [RS256_API]
    assert "m2m-gty" in {finding.rule for finding in attempt.findings}
    assert attempt.http_attempts == 1
    assert attempt.scenario.audience_choice == "custom"


@pytest.mark.parametrize(
    ("audience", "status", "why"),
    [
        ("https://nope.example/", 403, "No API has exactly this identifier"),
        (NO_AUDIENCE, 403, "legacy API v1"),
    ],
    ids=["unknown", "no-audience-no-default"],
)
def test_refusals_keep_auth0s_words_why_and_what_to_do(
    bench: Workbench, audience: str, status: int, why: str
) -> None:
    """A refusal is a result: status, Auth0's error, a sentence on why, and a hint."""
    attempt = bench.request(TokenRequest(audience=audience))
    assert not attempt.ok
    assert (attempt.status, attempt.error) == (status, "access_denied")
    assert why in attempt.explanation
    assert "client grant" in attempt.hint


def test_a_typed_wrong_secret_is_refused_as_unauthorized(bench: Workbench) -> None:
    """The typed secret replaces the application's for that request only."""
    attempt = bench.request(TokenRequest(audience=RS256_API), client_secret=Secret("wrong"))
    assert (attempt.status, attempt.error_description) == (401, "Unauthorized")
    assert "secret" in attempt.hint
    assert bench.request(TokenRequest(audience=RS256_API)).ok


def test_tenant_default_needs_a_default_audience(
    bench: Workbench, default_sandbox: Sandbox
) -> None:
    """Without one it says what to choose instead; with one it is named in the request."""
    missing = bench.request(TokenRequest(audience=TENANT_DEFAULT))
    assert missing.error == "ConfigError"
    assert "no default audience" in str(missing.error_description)
    with Workbench.from_source(default_sandbox) as named:
        attempt = named.request(TokenRequest(audience=TENANT_DEFAULT))
    assert attempt.ok
    assert attempt.scenario.audience == RS256_API
    assert attempt.token is not None
    assert attempt.token.request.params["audience"] == RS256_API


def test_password_grant_as_a_sandbox_user_and_a_stranger(bench: Workbench) -> None:
    """A listed user's password is known; anyone else must type one."""
    request = TokenRequest(grant="password", application="web", username=ALICE, audience=RS256_API)
    attempt = bench.request(request)
    assert attempt.ok
    assert attempt.token is not None
    assert attempt.token.request.params["grant_type"].endswith("password-realm")
    stranger = bench.request(TokenRequest(grant="password", application="web", username="x@y.z"))
    assert stranger.error == "ConfigError"
    assert "type the password" in str(stranger.error_description)
    wrong = bench.request(request, password=Secret("not-her-password"))
    assert wrong.status == 403
    assert wrong.error == "invalid_grant"


def test_code_flow_logs_in_without_a_browser_then_refreshes(bench: Workbench) -> None:
    """No audience on a tenant without a default: the opaque token; its refresh token works."""
    login = bench.request(TokenRequest(grant="authorization_code", application="spa"))
    assert login.ok
    assert login.inspection is not None
    assert login.inspection.kind == "auth0_opaque_jwe"
    assert login.scenario.scope == USER_SCOPE
    assert "opaque-userinfo-token" in {finding.rule for finding in login.findings}
    refreshed = bench.request(
        TokenRequest(grant="refresh_token", application="spa"), previous=login
    )
    assert refreshed.ok
    assert refreshed.token is not None
    assert refreshed.token.request.grant_type == "refresh_token"
    nothing = bench.request(TokenRequest(grant="refresh_token"), previous=None)
    assert "offline_access" in str(nothing.error_description)


def test_device_flow_counts_down_and_ends_with_the_tokens(bench: Workbench) -> None:
    """Polling runs in the background on the frozen clock; approving ends it with tokens."""
    ticks: list[float] = []
    flow = bench.device(
        TokenRequest(grant="device_code", application="cli", audience=RS256_API),
        on_change=lambda f: ticks.append(f.remaining),
    ).start()
    assert flow.state == "pending"
    assert flow.authorization is not None
    while len(ticks) < 3:  # the frozen clock moves a second per step
        threading.Event().wait(0.01)
    flow.approve(ALICE)
    result = flow.wait(30)
    assert result is not None
    assert result.ok
    assert flow.state == "done"
    assert ticks[0] > ticks[2]
    assert not flow.alive


def test_cancelling_a_device_flow_ends_its_thread(bench: Workbench) -> None:
    """Nothing outlives the flow: cancel() joins the poller."""
    flow = bench.device(TokenRequest(grant="device_code", application="cli")).start()
    assert flow.alive
    flow.cancel()
    assert not flow.alive
    assert flow.state == "cancelled"
    assert flow.result is None


def test_a_refused_device_request_ends_the_flow_at_once(bench: Workbench) -> None:
    """An application without the device grant: Auth0's refusal, no thread."""
    flow = bench.device(TokenRequest(grant="device_code", application="m2m")).start()
    assert flow.state == "failed"
    assert not flow.alive
    assert flow.result is not None
    assert flow.result.status is not None


def test_429_is_retried_and_counted(bench: Workbench, plain_sandbox: Sandbox) -> None:
    """One 429 with Retry-After is waited out; more than the retry budget is a result."""
    plain_sandbox.faults.inject("/oauth/token", count=1, status=429, headers={"Retry-After": "0"})
    retried = bench.request(TokenRequest(audience=RS256_API))
    assert retried.ok
    assert retried.http_attempts == 2
    plain_sandbox.faults.inject("/oauth/token", count=4, status=429, headers={"Retry-After": "0"})
    refused = bench.request(TokenRequest(audience=RS256_API))
    assert (refused.status, refused.http_attempts) == (429, 4)
    assert "rate limit" in refused.hint


def test_network_down_is_a_transport_result() -> None:
    """A stopped sandbox: no response, an error that says so, nothing raised."""
    with Sandbox(profile="plain") as sb:
        bench = Workbench.from_source(sb)
        bench.request(TokenRequest(audience=RS256_API))
    attempt = bench.request(TokenRequest(audience=RS256_API))
    bench.close()
    assert attempt.error == "transport"
    assert attempt.status is None
    assert attempt.http_attempts >= 1


def test_live_code_flow_pastes_the_redirect(plain_sandbox: Sandbox) -> None:
    """A client Tenant (no sandbox behind it): the URL to open, then the pasted redirect."""
    with Tenant.from_sandbox(plain_sandbox, application="web") as tenant:
        bench = Workbench.from_source(tenant)
        assert not bench.choices.scripted_login
        request = TokenRequest(
            grant="authorization_code",
            audience=RS256_API,
            redirect_uri=plain_sandbox.application("web").callbacks[0],
        )
        authorization = bench.authorize(request)
        pasted = Secret(plain_sandbox.login_from_url(authorization.url, ALICE))
        attempt = bench.exchange(request, authorization, pasted)
    assert attempt.ok
    assert attempt.report is not None
    assert attempt.report.valid


def test_sources_that_are_not_tenants_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """None reads AUTH0_* (missing: a ConfigError saying what to set); other types say what
    a source is."""
    for name in ("AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir("/")
    with pytest.raises(ConfigError, match="AUTH0_DOMAIN"):
        Workbench.from_source(None)
    with pytest.raises(ConfigError, match="running Sandbox"):
        Workbench.from_source("dev-x.us.auth0.com")


def test_reproduction_points_at_the_sandbox_loopback_url(
    bench: Workbench, plain_sandbox: Sandbox
) -> None:
    """curl goes where the sandbox listens, not to the unresolvable host name."""
    attempt = bench.request(TokenRequest(audience=RS256_API))
    assert plain_sandbox.base_url.rstrip("/") + "/oauth/token" in bench.reproduce(attempt).curl


def test_the_secret_note_says_where_a_targets_secret_comes_from(plain_sandbox: Sandbox) -> None:
    """A sandbox target's secret is the sandbox's; another target's is its connection's
    (masked either way)."""
    from auth0_explore.client.tenant import Tenant
    from auth0_explore.explore import Target

    with Target.from_sandbox(plain_sandbox) as target:
        sandbox_bench = Workbench.from_source(target)
        assert sandbox_bench.credential_source("m2m") == "the client secret of the sandbox (masked)"
    with Tenant.from_sandbox(plain_sandbox) as tenant:
        other = Workbench.from_source(Target.from_tenant(tenant))
        assert other.credential_source(None) == "the client secret of the connection (masked)"


def test_the_explanation_is_worked_out_on_first_use_as_of_the_attempt() -> None:
    """A click explains nothing until asked; asked later, the explanation still describes the
    token as it was when it arrived (not expired), and the record carries the same text."""
    clock = FrozenClock(T0)
    with Sandbox(profile="plain", clock=clock) as sb, Workbench.from_source(sb) as bench:
        attempt = bench.request(TokenRequest(audience=RS256_API))
        assert "explained" not in attempt.__dict__
        clock.advance(2 * 86_400)  # past the token's exp
        assert attempt.inspection is not None
        expected = explain(attempt.inspection, clock=FrozenClock(T0), context=attempt.context)
        assert attempt.findings == expected.findings
        assert "expired" not in {finding.rule for finding in attempt.findings}
        assert "m2m-gty" in {finding.rule for finding in attempt.findings}
        assert attempt.record["explanation"] == attempt.explanation == " ".join(expected.sentences)
