"""`auth0-explore token` without a tenant: configuration and transport errors, secret unseen."""

from __future__ import annotations

import json
import os
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
    assert body["type"] == "TransportError"
    assert CANARY not in result.output


def test_token_from_the_sandbox_prints_json_with_a_fingerprint_not_the_token() -> None:
    """--sandbox --hostnames: a 200 from the custom domain, fingerprint, claims and verdict."""
    result = CliRunner().invoke(
        main,
        [
            "token",
            "--sandbox",
            "full",
            "--hostnames",
            "--domain",
            "login.example.com",
            "--audience",
            "https://api.sandbox.example/",
            "--scope",
            "read:items",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["status"] == 200
    assert body["request"]["url"] == "https://login.example.com/oauth/token"
    assert body["request"]["params"]["client_secret"] == "********"
    assert body["access_token"].startswith("sha256:")
    assert body["scope"] == "read:items"
    assert body["rate_limit"]["limit"] == 30
    assert body["token"]["family"] == "M2M access token"
    assert body["token"]["claims"]["iss"] == "https://login.example.com/"
    assert (body["token"]["valid"], body["token"]["reason"]) == (True, "")
    assert any("custom domain" in s for s in body["token"]["explanation"])


def test_token_error_from_the_sandbox_exits_1_with_auth0s_error() -> None:
    """No audience on the plain profile: Auth0's APIv1 error as JSON, exit code 1."""
    result = CliRunner().invoke(main, ["token", "--sandbox", "plain", "--json"])
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert (body["type"], body["status"], body["error"]) == ("OAuthError", 403, "access_denied")
    assert body["error_description"] == "Non-global clients are not allowed access to APIv1"


def test_reveal_prints_only_the_token_so_it_pipes_into_curl(tmp_path: Path) -> None:
    """`TOKEN=$(auth0-explore token ... --reveal)` then curl with it: the Management API of a
    running sandbox answers 200; stdout held the token and nothing else."""
    import shutil
    import subprocess
    import sys

    from auth0_explore.sandbox import Sandbox

    with Sandbox(profile="plain") as sb:
        app = sb.application("api-explorer")
        assert app.client_secret is not None
        env = {**os.environ, "AUTH0_DOMAIN": sb.base_url, "AUTH0_CLIENT_ID": app.client_id,
               "AUTH0_CLIENT_SECRET": app.client_secret.reveal()}  # fmt: skip
        command = [sys.executable, "-m", "auth0_explore", "token", "--audience",
                   "https://dev-sandbox.us.auth0.com/api/v2/", "--reveal"]  # fmt: skip
        alone = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60,
                               cwd=tmp_path, check=True)  # fmt: skip
        assert alone.stdout.count("\n") == 1
        assert alone.stdout.strip().count(".") == 2  # one compact JWS, nothing else
        assert shutil.which("curl")
        script = (
            f'TOKEN=$({" ".join(command)}) && curl -s -o /dev/null -w "%{{http_code}}" '
            f'-H "Authorization: Bearer $TOKEN" "{sb.base_url}api/v2/clients?fields=name"'
        )
        piped = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env,
                               timeout=60, cwd=tmp_path)  # fmt: skip
    assert piped.stdout == "200", piped.stderr


def test_reveal_with_json_puts_the_raw_token_in_the_object() -> None:
    """--json --reveal: the object, with the raw access token instead of its fingerprint."""
    arguments = ["--sandbox", "plain", "--audience", "https://api.sandbox.example/"]
    result = CliRunner().invoke(main, ["token", *arguments, "--json", "--reveal"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["access_token"].count(".") == 2
    assert body["request"]["params"]["client_secret"] == "********"


def test_token_view_fits_80_columns() -> None:
    """The readable view wraps long values (URLs, claims) within COLUMNS=80."""
    result = CliRunner(env={"COLUMNS": "80"}).invoke(
        main, ["token", "--sandbox", "full", "--hostnames", "--domain", "login.example.com",
               "--audience", "https://api.sandbox.example/"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "validation  valid" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
