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
