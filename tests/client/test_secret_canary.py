"""The secret canary: a known client secret and a real token appear in no display of any kind.

Every public object the client hands out, every error it raises, its traceback and every DEBUG
log line (the client's and urllib3's) are searched for the secret and for the token.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner

from auth0_explore.cli import main
from auth0_explore.client import Tenant, Timeouts
from auth0_explore.client.outcomes import Call
from auth0_explore.clock import FrozenClock
from auth0_explore.config import TenantConnection
from auth0_explore.errors import Auth0ExploreError
from auth0_explore.sandbox import Sandbox, load_profile
from auth0_explore.secrets import Secret
from tests.client.conftest import RS256_API, T0
from tests.client.rawserver import FakeTenant, closed_port_url, silent

CANARY = "canary-secret-0123456789abcdef-DO-NOT-SHOW"


@pytest.fixture(scope="module")
def canary_sandbox() -> Iterator[Sandbox]:
    """The "full" profile with the m2m application's secret set to the canary."""
    tenant = load_profile("full")
    app = tenant.application("m2m")
    assert app is not None
    app.client_secret = Secret(CANARY)
    with Sandbox(profile=tenant, clock=FrozenClock(T0)) as sb:
        yield sb


def displays(obj: object) -> list[str]:
    """Every way a person or a log could see an object."""
    shown = [repr(obj), str(obj), f"{obj}"]
    html = getattr(obj, "_repr_html_", None)
    if callable(html):
        shown.append(html())
    if isinstance(obj, BaseException):
        shown.append("".join(traceback.format_exception(obj)))
    return shown


def errors_from(tenant: Tenant, sb: Sandbox) -> list[Auth0ExploreError]:
    """One of each kind of failure, with the canary secret in the request that failed."""
    caught: list[Auth0ExploreError] = []
    calls: list[Callable[[], object]] = [
        lambda: tenant.client_credentials("https://nope.example/", cache=False),
        lambda: tenant.client_credentials(
            "https://nope.example/", auth_method="client_secret_basic", cache=False
        ),
    ]
    for call in calls:
        try:
            call()
        except Auth0ExploreError as exc:
            caught.append(exc)
    creds = tenant.connection.credentials
    assert creds is not None
    for where in (closed_port_url(), "silent"):
        with FakeTenant(default=silent()) as server:
            url = server.base_url if where == "silent" else where
            connection = TenantConnection.from_values(url, creds.client_id, CANARY)
            with Tenant(connection, timeouts=Timeouts(0.5, 0.2)) as broken:
                try:
                    broken.client_credentials(RS256_API)
                except Auth0ExploreError as exc:
                    caught.append(exc)
    sb.faults.inject("/oauth/token", count=1, status=200, body=b"not json at all")
    try:
        tenant.client_credentials(RS256_API, cache=False, auth_method="client_secret_basic")
    except Auth0ExploreError as exc:
        caught.append(exc)
    return caught


@pytest.mark.parametrize("hostnames", [False, True], ids=["loopback", "hostnames"])
def test_no_display_log_error_or_traceback_contains_the_secret_or_the_token(
    canary_sandbox: Sandbox, caplog: pytest.LogCaptureFixture, hostnames: bool
) -> None:
    """repr, str, HTML, to_dict, DEBUG logs, error messages and tracebacks: canaries absent."""
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    with Tenant.from_sandbox(canary_sandbox, hostnames=hostnames) as tenant:
        result = tenant.client_credentials(RS256_API, scope="read:items")
        basic = tenant.client_credentials(RS256_API, auth_method="client_secret_basic", cache=False)
        cached = tenant.client_credentials(RS256_API, scope="read:items")
        keys = tenant.jwks()
        keys.key_ids()
        authorize = tenant.authorize(redirect_uri="http://localhost:3000/callback")
        errors = errors_from(tenant, canary_sandbox)
        assert len(errors) == 5
        objects: list[object] = [
            tenant,
            tenant.connection,
            tenant.connection.credentials,
            tenant.http,
            tenant.cache,
            keys,
            keys.state,
            authorize,
            result,
            basic,
            cached,
            result.request,
            *result.attempts,
            tenant.discovery(),
            result.inspection,
            result.validation,
            result.explanation,
            *result.validation.checks,
            *errors,
        ]
        for obj in objects:
            shown += displays(obj)
        shown += [json.dumps(r.to_dict()) for r in (result, basic, cached)]
        shown += [r.request.describe() for r in (result, basic)]
        tokens = [r.reveal() for r in (result, basic)]
    shown.append(caplog.text)
    assert any("DEBUG" in r.levelname for r in caplog.records)
    assert any("/oauth/token" in r.getMessage() for r in caplog.records)
    for text in shown:
        assert CANARY not in text
        for token in tokens:
            assert token not in text
            assert token.split(".")[2] not in text  # not even the signature
    assert authorize.code_verifier.reveal() not in "".join(displays(authorize))
    assert result.access_token_fingerprint in repr(result)


def test_the_token_command_never_prints_the_secret_or_the_token(canary_sandbox: Sandbox) -> None:
    """The CLI against a live-style tenant (env credentials): output has neither canary."""
    creds = TenantConnection.from_sandbox(canary_sandbox).credentials
    assert creds is not None
    env = {
        "AUTH0_DOMAIN": canary_sandbox.base_url,
        "AUTH0_CLIENT_ID": creds.client_id,
        "AUTH0_CLIENT_SECRET": CANARY,
    }
    for extra in ([], ["--json"]):
        out = CliRunner(env=env).invoke(main, ["token", "--audience", RS256_API, *extra])
        assert out.exit_code == 0, out.output
        assert CANARY not in out.output
        assert "sha256:" in out.output
        assert "eyJ" not in out.output


def test_a_private_key_never_shows_either(
    canary_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """private_key_jwt: the PEM key appears in no display, log, error or traceback."""
    caplog.set_level(logging.DEBUG)
    app = canary_sandbox.application("m2m-jwt")
    pem = next(c.private_key for c in app.credentials if c.private_key).reveal()
    body_line = pem.splitlines()[1]
    with Tenant.from_sandbox(canary_sandbox, application="m2m-jwt") as tenant:
        result = tenant.client_credentials(RS256_API, cache=False)
        with pytest.raises(Auth0ExploreError) as info:
            tenant.client_credentials("https://nope.example/", cache=False)
        shown = [
            *displays(tenant),
            *displays(tenant.connection.credentials),
            *displays(result),
            *displays(info.value),
            json.dumps(result.to_dict()),
            caplog.text,
        ]
    assert all(body_line not in text for text in shown)


def test_user_flows_show_no_password_token_code_or_verifier(
    canary_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """Password, refresh, ID and access tokens, the code and the PKCE verifier stay hidden."""
    caplog.set_level(logging.DEBUG)
    password = "alice-Sandbox-1"
    sb = canary_sandbox
    with Tenant.from_sandbox(sb, application="web", hostnames=True) as tenant:
        request = tenant.authorize(
            redirect_uri="http://localhost:3000/callback", scope="openid offline_access"
        )
        landed = sb.login_from_url(request.url, "alice@example.com")
        code = landed.split("code=")[1].split("&")[0]
        login = tenant.exchange_code(request, landed)
        refreshed = tenant.refresh(login)
        password_result = tenant.password_realm("alice@example.com", password)
        caught: list[Auth0ExploreError] = []
        calls: tuple[Callable[[], object], ...] = (
            lambda: tenant.password_realm("alice@example.com", password + "-wrong"),
            lambda: tenant.refresh(login.reveal("refresh_token") + "x"),
        )
        for call in calls:
            try:
                call()
            except Auth0ExploreError as exc:
                caught.append(exc)
        sb.unblock("alice@example.com")
        assert len(caught) == 2
        shown = [caplog.text]
        for obj in (request, login, refreshed, password_result, *caught):
            shown += displays(obj)
        for result in (login, refreshed, password_result):
            shown.append(json.dumps(result.to_dict()))
        secrets_ = [
            password,
            code,
            request.code_verifier.reveal(),
            login.reveal(),
            login.reveal("id_token"),
            login.reveal("refresh_token"),
            password_result.reveal(),
        ]
    for text in shown:
        for secret in secrets_:
            assert secret not in text


def test_the_call_an_attempt_sends_shows_no_credential() -> None:
    """The session's record of a call (a local in every traceback frame) hides body and auth."""
    call = Call(
        "POST",
        "https://t.example/oauth/token",
        {"client_secret": CANARY},
        {"Authorization": f"Basic {CANARY}"},
        ("cid", CANARY),
        1 << 20,
        "",
    )
    assert not [shown for shown in displays(call) if CANARY in shown]
