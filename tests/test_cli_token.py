"""`auth0-explore token` without a tenant: configuration and transport errors, secret unseen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from auth0_explore.cli import main
from tests.client.rawserver import closed_port_url

CANARY = "canary-secret-0123456789abcdef"
NO_AUTH0_ENV = {"AUTH0_DOMAIN": None, "AUTH0_CLIENT_ID": None, "AUTH0_CLIENT_SECRET": None}


@pytest.fixture(autouse=True)
def _no_dotenv_around(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty directory, so no .env file of the developer's is read."""
    monkeypatch.chdir(tmp_path)


def test_token_without_configuration_says_what_to_set() -> None:
    """No domain anywhere: exit 1 and a message naming AUTH0_DOMAIN."""
    result = CliRunner(env=NO_AUTH0_ENV).invoke(main, ["token", "--audience", "https://api/"])
    assert result.exit_code == 1
    assert "AUTH0_DOMAIN is not set" in result.output


def test_token_transport_failure_is_json_with_json_and_never_shows_the_secret() -> None:
    """An unreachable tenant: exit 1, a JSON error body, and the secret nowhere in the output."""
    domain = closed_port_url()
    env = {**NO_AUTH0_ENV, "AUTH0_CLIENT_ID": "cid", "AUTH0_CLIENT_SECRET": CANARY}
    result = CliRunner(env=env).invoke(
        main, ["token", "--domain", domain, "--audience", "a", "--json"]
    )
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert body["error"] == "TransportError"
    assert CANARY not in result.output
