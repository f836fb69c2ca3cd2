"""`auth0-explore sandbox`: one JSON line, then serving until Ctrl-C."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import requests
from click.testing import CliRunner

from auth0_explore.cli import main

CLI = [sys.executable, "-c", "from auth0_explore.cli import main; main()"]
EXAMPLE = Path(__file__).parents[2] / "examples" / "sandbox-tenant.toml"


def test_sandbox_command_prints_one_json_line_serves_and_stops_on_sigint() -> None:
    """The line has domains, credentials, APIs and default_audience; SIGINT exits 0."""
    process = subprocess.Popen(
        [*CLI, "sandbox", "--profile", "full"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        assert list(info) == ["domains", "applications", "apis", "default_audience", "users"]
        assert [d["name"] for d in info["domains"]] == [
            "dev-sandbox.us.auth0.com",
            "login.example.com",
        ]
        m2m = next(a for a in info["applications"] if a["name"] == "m2m")
        assert set(m2m) == {"name", "client_id", "client_secret", "app_type", "grant_types"}
        assert info["default_audience"] == "https://api.sandbox.example/"
        assert {"name": "custom-hs256", "identifier": "https://hs256.sandbox.example/",
                "signing_alg": "HS256"} in info["apis"]  # fmt: skip
        response = requests.post(
            f"{info['domains'][0]['base_url']}oauth/token",
            data={"grant_type": "client_credentials", "client_id": m2m["client_id"],
                  "client_secret": m2m["client_secret"]},
            timeout=10,
        )  # fmt: skip
        assert response.status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr


def test_sandbox_command_refuses_profile_and_config_together() -> None:
    """--profile and --config are alternatives."""
    result = CliRunner().invoke(main, ["sandbox", "--profile", "plain", "--config", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "not both" in result.output


def test_sandbox_command_reports_a_busy_port_without_traceback() -> None:
    """A port in use is a one-line error, exit code 1."""
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = CliRunner().invoke(main, ["sandbox", "--profile", "plain", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_private_key_jwt_application_shows_its_key_not_a_secret_and_pretty_prints() -> None:
    """--pretty indents the object; m2m-jwt lists no secret (Auth0 would refuse it) but the path
    of its private key, which signs an assertion the sandbox accepts; SIGTERM removes the file."""
    import time

    import jwt

    command = [*CLI, "sandbox", "--profile", "plain", "--pretty"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline()]
        while lines[-1].rstrip() != "}":
            lines.append(process.stdout.readline())
        assert len(lines) > 10  # indented for people
        info = json.loads("".join(lines))
        app = next(a for a in info["applications"] if a["name"] == "m2m-jwt")
        assert "client_secret" not in app
        assert app["token_endpoint_auth_method"] == "private_key_jwt"
        key = Path(app["private_key_path"])
        assert key.stat().st_mode & 0o077 == 0  # readable by its owner only
        base = info["domains"][0]["base_url"]
        now = int(time.time())
        claims = {"iss": app["client_id"], "sub": app["client_id"], "aud": base, "iat": now,
                  "exp": now + 60, "jti": f"jti-{now}"}  # fmt: skip
        assertion = jwt.encode(claims, key.read_text(), algorithm="RS256")
        response = requests.post(f"{base}oauth/token", data={
            "grant_type": "client_credentials", "client_id": app["client_id"],
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion, "audience": "https://api.sandbox.example/"},
            timeout=10)  # fmt: skip
        assert response.status_code == 200, response.text
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=15)
    assert process.returncode == 0, stderr
    assert not key.exists()
    assert not key.parent.exists()


def test_sandbox_help_names_the_default_profile() -> None:
    """`sandbox --help` says which profile runs without --profile."""
    from auth0_explore.sandbox import DEFAULT_PROFILE

    output = " ".join(CliRunner().invoke(main, ["sandbox", "--help"]).output.split())
    assert f"default: {DEFAULT_PROFILE} " in output
    assert f"The default profile is {DEFAULT_PROFILE}." in output
