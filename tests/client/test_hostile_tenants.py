"""Hostile tenants (issue 10): whatever a tenant does, a call ends by its deadline, typed.

A `FakeTenant` on loopback stands in front of the module's sandbox: scripted misbehaviour on
the next requests to a path, real answers (tokens, keys) otherwise. Each case ends within the
deadline plus a small margin, either with the toolkit's typed error whose message says what
happened and what to do, or with a result (a retry that worked, stale keys with a warning).
Deadlines are short so the suite is: a few seconds in all.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from auth0_explore.client import RetryPolicy, StaleJwksWarning, Tenant, Timeouts, TokenResult
from auth0_explore.clock import FrozenClock
from auth0_explore.config import TenantConnection
from auth0_explore.errors import (
    Auth0ExploreError,
    OAuthError,
    RequestTimeoutError,
    TokenError,
    TransportError,
)
from auth0_explore.explore import Run, Target
from auth0_explore.sandbox import Sandbox
from tests.client.conftest import RS256_API
from tests.client.rawserver import (
    Behaviour,
    FakeTenant,
    HungListener,
    answer,
    cut,
    html_page,
    nested_json,
    reset,
    silent,
    trickle,
)

DEADLINE = 0.5
#: what loopback, thread start-up and a busy shared machine may add to a deadline
MARGIN = 0.4
TIMEOUTS = Timeouts(connect=0.25, read=0.25)
POLICY = RetryPolicy(max_attempts=3, deadline=DEADLINE, backoff=0.05, backoff_max=0.2)
TOKEN, JWKS = "/oauth/token", "/.well-known/jwks.json"

#: a token response long enough that sending it a byte at a time takes far past the deadline
SLOW_BODY = json.dumps({"access_token": "x" * 400, "token_type": "Bearer"}).encode()
HTML = html_page(502)
#: phrases of the "what to do" part of the toolkit's messages
WHAT_TO_DO = ("check", "try again", "raise RetryPolicy", "raise Timeouts", "wait for")


@pytest.fixture
def fake(sandbox: Sandbox) -> Iterator[FakeTenant]:
    """A fake tenant forwarding to the fresh sandbox; its threads end with the test."""
    with FakeTenant(upstream=sandbox.base_url) as peer:
        yield peer
    assert not [t for t in threading.enumerate() if t.name.startswith("fake-tenant")]


@pytest.fixture
def hostile(sandbox: Sandbox, fake: FakeTenant, clock: FrozenClock) -> Iterator[Tenant]:
    """The sandbox's M2M application, reached through the fake tenant, with short bounds."""
    connection = replace(
        TenantConnection.from_sandbox(sandbox), base_url=fake.base_url, issuers=(fake.base_url,)
    )
    with Tenant(connection, clock=clock, timeouts=TIMEOUTS, retry=POLICY) as tenant:
        yield tenant


@pytest.fixture
def patient(hostile: Tenant, clock: FrozenClock) -> Iterator[Tenant]:
    """The same tenant with the default bounds, for the steps that set a test up: on a loaded
    machine, signing a token through the fake tenant can take longer than `hostile`'s 0.25 s."""
    with Tenant(hostile.connection, clock=clock) as tenant:
        yield tenant


def timed(call: Callable[[], object]) -> tuple[object, float]:
    """What `call` returned or raised, and how long it took."""
    began = time.monotonic()
    try:
        outcome: object = call()
    except Auth0ExploreError as exc:
        outcome = exc
    return outcome, time.monotonic() - began


def says(error: BaseException) -> str:
    """The message and its notes, as a traceback shows them."""
    return "\n".join([str(error), *getattr(error, "__notes__", ())])


SUCCEEDS = [
    ((answer(429, headers={"Retry-After": "0"}),), [429, 200]),
    ((answer(429),), [429, 200]),
    ((answer(503), answer(500, HTML, content_type="text/html")), [503, 500, 200]),
    ((reset(),), [None, 200]),
    ((reset(), answer(502)), [None, 502, 200]),
]


@pytest.mark.parametrize(
    ("script", "statuses"),
    SUCCEEDS,
    ids=["429-retry-after-0", "429-no-retry-after", "5xx-then-ok", "reset-then-ok", "reset-5xx-ok"],
)
def test_transient_faults_are_retried_into_a_token(
    fake: FakeTenant, hostile: Tenant, script: tuple[Behaviour, ...], statuses: list[int | None]
) -> None:
    """429, 5xx and resets before a response are retried within the deadline: a valid token."""
    fake.script(TOKEN, *script)
    result, took = timed(lambda: hostile.client_credentials(RS256_API, cache=False))
    assert took < DEADLINE + MARGIN
    assert isinstance(result, TokenResult), result
    assert [a.status for a in result.attempts] == statuses
    assert hostile.validate(result).valid


FAILS: list[tuple[tuple[Behaviour, ...], type[Auth0ExploreError], str]] = [
    ((answer(429, headers={"Retry-After": "3600"}),), OAuthError, "asks to wait 3600 s"),
    ((answer(503),) * 3, OAuthError, "gave up after 3 attempt(s)"),
    ((answer(502, HTML, content_type="text/html"),) * 3, OAuthError, "an HTML page"),
    ((answer(200, HTML, content_type="text/html"),), TransportError, "is not JSON"),
    ((answer(200, b'{"access_token": "eyJhbGciOi'),), TransportError, "is not JSON"),
    ((cut(200, SLOW_BODY, keep=40),), TransportError, "ended before the whole body"),
    ((answer(200, nested_json()),), TransportError, "nests JSON deeper than 32 levels"),
    ((answer(500, nested_json()),) * 3, OAuthError, "500 server_error"),
    ((reset(),) * 3, TransportError, "connection failed"),
    ((silent(),), RequestTimeoutError, "no response within 0.25 s"),
    ((trickle(200, SLOW_BODY, every=0.05),), RequestTimeoutError, "deadline of 0.5 s"),
    ((trickle(200, SLOW_BODY, every=0.05, from_headers=True),), RequestTimeoutError, "deadline"),
    (
        (answer(302, headers={"Location": "https://evil.example/oauth/token"}),),
        TransportError,
        "302 (to https://evil.example/oauth/token): redirects are not followed",
    ),
]


@pytest.mark.parametrize(
    ("script", "error", "message"),
    FAILS,
    ids=[
        "429-retry-after-past-max-wait",
        "5xx-persistent",
        "html-error-page",
        "html-200-captive-portal",
        "truncated-json",
        "truncated-body",
        "nested-json",
        "nested-json-error-body",
        "resets-persistent",
        "accepts-never-answers",
        "body-a-byte-at-a-time",
        "headers-a-byte-at-a-time",
        "redirect",
    ],
)
def test_faults_that_do_not_heal_end_by_the_deadline_with_a_typed_error(
    fake: FakeTenant,
    hostile: Tenant,
    script: tuple[Behaviour, ...],
    error: type[Auth0ExploreError],
    message: str,
) -> None:
    """Each ends within the deadline, typed, saying what happened and what to do."""
    fake.script(TOKEN, *script)
    outcome, took = timed(lambda: hostile.client_credentials(RS256_API, cache=False))
    assert took < DEADLINE + MARGIN
    assert type(outcome) is error, outcome
    assert isinstance(outcome, Auth0ExploreError)
    assert message in says(outcome)
    assert any(hint in says(outcome) for hint in WHAT_TO_DO), says(outcome)


def test_a_connect_that_never_completes_ends_by_the_deadline(sandbox: Sandbox) -> None:
    """A full accept queue: no connection, RequestTimeoutError by the deadline."""
    with HungListener() as hung:
        connection = replace(TenantConnection.from_sandbox(sandbox), base_url=hung.base_url)
        with Tenant(connection, timeouts=Timeouts(5.0, 5.0), retry=POLICY) as tenant:
            outcome, took = timed(lambda: tenant.client_credentials(RS256_API))
    assert took < DEADLINE + MARGIN
    assert isinstance(outcome, RequestTimeoutError)
    assert "check the domain and your network" in str(outcome)


def test_an_html_discovery_document_is_a_transport_error(fake: FakeTenant, hostile: Tenant) -> None:
    """A captive portal's page instead of the OpenID configuration: typed, names the type."""
    fake.script("/.well-known/openid-configuration", answer(200, HTML, content_type="text/html"))
    outcome, took = timed(hostile.discovery)
    assert took < DEADLINE + MARGIN
    assert isinstance(outcome, TransportError)
    assert f"is not JSON ({len(HTML)} bytes, text/html)" in str(outcome)


OUTAGES = [
    answer(404, b'{"error":"not_found"}'),
    answer(503),
    answer(200, HTML, content_type="text/html"),
    answer(200, nested_json()),
    answer(302, headers={"Location": "https://evil.example/jwks.json"}),
    reset(),
    silent(),
    trickle(200, SLOW_BODY, every=0.05),
]
OUTAGE_IDS = ["404", "503", "html", "nested", "redirect", "reset", "silent", "trickle"]


@pytest.mark.parametrize("outage", OUTAGES, ids=OUTAGE_IDS)
def test_a_jwks_that_disappears_serves_the_last_good_keys_with_a_warning(
    fake: FakeTenant, hostile: Tenant, patient: Tenant, clock: FrozenClock, outage: Behaviour
) -> None:
    """Keys fetched, then the endpoint fails: stale keys with a warning, within the deadline."""
    token = patient.client_credentials(RS256_API, cache=False)
    keys = hostile.jwks()
    assert hostile.validate(token).valid
    fake.script(JWKS, outage, repeat=2)
    clock.advance(keys.lifetime + 1)
    with pytest.warns(StaleJwksWarning, match="refreshing it failed"):
        report, took = timed(lambda: hostile.validate(token))
    assert took < DEADLINE + MARGIN
    assert getattr(report, "valid", False), report
    assert keys.state.stale
    clock.advance(keys.grace)
    fake.script(JWKS, outage, repeat=2)
    outcome, took = timed(lambda: hostile.validate(token))
    assert took < DEADLINE + MARGIN
    assert isinstance(outcome, TokenError)
    assert outcome.reason == "jwks_unavailable"
    assert "check that the tenant is reachable" in str(outcome)


def test_a_jwks_that_rotates_to_an_unannounced_key_is_refetched_once(
    sandbox: Sandbox, hostile: Tenant, patient: Tenant, clock: FrozenClock
) -> None:
    """A kid the cached set never announced: unknown within the cooldown, found after it."""
    keys = hostile.jwks()
    announced = keys.key_ids()
    sandbox.rotate_keys()
    sandbox.rotate_keys()  # the signing key is now one the cached set never listed
    token = patient.client_credentials(RS256_API, cache=False)
    assert token.inspection.header["kid"] not in announced
    early = hostile.validate(token)
    assert not early.valid
    clock.advance(keys.cooldown)
    report, took = timed(lambda: hostile.validate(token))
    assert took < DEADLINE + MARGIN
    assert getattr(report, "valid", False), report
    assert keys.state.fetch_count == 2


def test_a_matrix_under_faults_keeps_every_finished_row(
    sandbox: Sandbox, fake: FakeTenant, hostile: Tenant
) -> None:
    """The standard matrix through a misbehaving tenant: a row per scenario, each error typed."""
    target = replace(
        Target.from_sandbox(sandbox, hostnames=False),
        tenants={fake.base_url: hostile},
        user_tenants={},
    )
    # one worker, so the scenarios meet the faults in matrix order
    fake.script(
        TOKEN,
        silent(),
        trickle(200, SLOW_BODY, every=0.05),
        answer(200, nested_json()),
        cut(200, SLOW_BODY, keep=40),
        answer(503),
        reset(),
    )
    scenarios = target.matrix()
    began = time.monotonic()
    run = Run(scenarios, target, workers=1, reuse_tokens=False, progress=False).start()
    took = time.monotonic() - began
    rows = run.frame().set_index("scenario")
    assert run.done
    assert list(rows.index) == [s.label for s in scenarios]
    assert rows["error"].fillna("token").to_dict() == {
        "no audience": "timeout",
        "Management API": "timeout",
        "custom API": "transport",
        "custom API + openid": "transport",
        "resource parameter": "token",
        "unknown audience": "access_denied",
        "trailing-slash variant": "access_denied",
    }
    assert rows.loc["resource parameter", "valid"]
    # the four faults that do not heal cost at most a deadline each; the rest is loopback
    assert took < 4 * DEADLINE + MARGIN
