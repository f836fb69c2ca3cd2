"""Reproduce a row elsewhere: the curl command and the auth0-python call really work."""

from __future__ import annotations

import json
import subprocess

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.explore.reproduce import curl_command, reproduce
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import RS256_API

SCENARIOS = [
    Scenario("custom API", "custom", RS256_API),
    Scenario("custom API, scoped", "custom", RS256_API, scope="read:items"),
    Scenario("resource parameter", "resource", RS256_API),
    Scenario("unknown audience", "unknown", "https://unknown.invalid/"),
]


@pytest.fixture
def run(plain: Target) -> Run:
    """A few client-credentials attempts on the plain sandbox."""
    return Run(SCENARIOS, plain, progress=False).start()


def _secret(sandbox: Sandbox) -> str:
    secret = sandbox.application("m2m").client_secret
    assert secret is not None
    return secret.reveal()


def test_masked_by_default_sent_to_the_sandbox_that_answered(
    run: Run, plain_sandbox: Sandbox
) -> None:
    """A sandbox row goes to its loopback URL with the sandbox's own secret, masked; no
    variable of the reader's (`$AUTH0_CLIENT_SECRET`) and no look-alike host appears."""
    for attempt in run.attempts:
        both = run.reproduce(attempt)
        assert f"--url {plain_sandbox.base_url}oauth/token" in both.curl
        assert "'client_secret=********'" in both.curl
        assert "client_secret='********'" in both.python
        assert plain_sandbox.base_url in both.note
        for text in (str(both), both._repr_html_()):
            assert _secret(plain_sandbox) not in text
            assert "AUTH0_CLIENT_SECRET" not in text
            assert "dev-sandbox.us.auth0.com/oauth" not in text


def test_without_a_destination_the_secret_is_a_placeholder(run: Run) -> None:
    """A bare row: its domain and CLIENT_SECRET to fill in, never a variable that may hold a
    real secret for another host."""
    both = reproduce(run.frame().iloc[0])
    assert "client_secret=CLIENT_SECRET" in both.curl
    assert "client_secret='CLIENT_SECRET'" in both.python
    assert "$" not in both.curl
    assert "replace CLIENT_SECRET" in both.note


def test_a_live_target_names_the_variable_its_secret_came_from() -> None:
    """Target.from_env: the tenant's own domain, and the secret from $AUTH0_CLIENT_SECRET."""
    environ = {"AUTH0_DOMAIN": "dev-x.us.auth0.com", "AUTH0_CLIENT_ID": "cid",
               "AUTH0_CLIENT_SECRET": "canary-0123456789"}  # fmt: skip
    with Target.from_env("live", environ, dotenv=None) as live:
        destination = live.destination("https://dev-x.us.auth0.com/", "cid")
    row = {"grant": "client_credentials", "domain": "https://dev-x.us.auth0.com/",
           "client": "cid", "requested_audience": RS256_API,
           "audience_choice": "custom"}  # fmt: skip
    both = reproduce(row, destination)
    assert "--url https://dev-x.us.auth0.com/oauth/token" in both.curl
    assert '"client_secret=$AUTH0_CLIENT_SECRET"' in both.curl
    assert "os.environ['AUTH0_CLIENT_SECRET']" in both.python
    assert "canary" not in str(both)


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[s.label for s in SCENARIOS])
def test_curl_command_gets_the_same_answer(run: Run, index: int) -> None:
    """Revealed, the command runs against the sandbox and gets the row's status and audience."""
    row = run.frame().iloc[index]
    command = run.reproduce(row, reveal=True).curl + " --silent"
    output = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=20, check=True
    ).stdout
    body = json.loads(output)
    if row["outcome"] == "token":
        assert "access_token" in body
    else:
        assert body["error_description"] == row["error_description"]


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[s.label for s in SCENARIOS])
def test_auth0_python_call_gets_the_same_answer(run: Run, index: int) -> None:
    """The generated auth0-python code, revealed and executed, gets a token or the same error."""
    from auth0.authentication.exceptions import Auth0Error

    row = run.frame().iloc[index]
    code = run.reproduce(row, reveal=True).python
    namespace: dict[str, object] = {}
    if row["outcome"] == "token":
        exec(code, namespace)  # noqa: S102 - the code under test is the generated snippet
        token = namespace["token"]
        assert isinstance(token, dict)
        assert "access_token" in token
    else:
        with pytest.raises(Auth0Error, match="Service not enabled within domain"):
            exec(code, namespace)  # noqa: S102


def test_user_grants_are_refused_until_they_can_be_reproduced() -> None:
    """Only client-credentials rows can be reproduced without a login."""
    with pytest.raises(ConfigError, match="not supported"):
        curl_command({"grant": "authorization_code", "domain": "https://x/"})


def test_a_private_key_jwt_application_is_refused_with_what_to_do(plain_sandbox: Sandbox) -> None:
    """m2m-jwt has no secret to show: a ConfigError naming tenant.client_credentials."""
    with Target.from_sandbox(plain_sandbox, "plain", application="m2m-jwt") as target:
        client = plain_sandbox.application("m2m-jwt").client_id
        with pytest.raises(ConfigError, match=r"tenant\.client_credentials"):
            target.destination(plain_sandbox.base_url, client)
