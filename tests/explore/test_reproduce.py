"""Reproduce a row elsewhere: the curl command and the auth0-python call really work."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.explore.reproduce import auth0_python_call, curl_command, reproduce
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


def test_commands_name_the_secret_variable_never_the_secret(
    run: Run, plain_sandbox: Sandbox
) -> None:
    """Both forms read AUTH0_CLIENT_SECRET from the environment and never contain the secret."""
    for attempt in run.attempts:
        both = reproduce(attempt)
        assert '"client_secret=$AUTH0_CLIENT_SECRET"' in both.curl
        assert "os.environ['AUTH0_CLIENT_SECRET']" in both.python
        assert _secret(plain_sandbox) not in str(both)
        assert _secret(plain_sandbox) not in both._repr_html_()


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[s.label for s in SCENARIOS])
def test_curl_command_gets_the_same_answer(run: Run, plain_sandbox: Sandbox, index: int) -> None:
    """Run against the sandbox's loopback URL, curl gets the row's status and audience."""
    row = run.frame().iloc[index]
    command = curl_command(row, base_url=plain_sandbox.base_url) + " --silent"
    environ = {**os.environ, "AUTH0_CLIENT_SECRET": _secret(plain_sandbox)}
    output = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=environ, timeout=20, check=True
    ).stdout
    body = json.loads(output)
    if row["outcome"] == "token":
        assert "access_token" in body
    else:
        assert body["error_description"] == row["error_description"]


@pytest.mark.parametrize("index", range(len(SCENARIOS)), ids=[s.label for s in SCENARIOS])
def test_auth0_python_call_gets_the_same_answer(
    run: Run, plain_sandbox: Sandbox, index: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The generated auth0-python code, executed, gets a token or Auth0's same error."""
    from auth0.authentication.exceptions import Auth0Error

    row = run.frame().iloc[index]
    code = auth0_python_call(row, base_url=plain_sandbox.base_url)
    monkeypatch.setenv("AUTH0_CLIENT_SECRET", _secret(plain_sandbox))
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
