"""`auth0-explore inspect` decodes a token offline with the same engine as the library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from auth0_explore.cli import main
from auth0_explore.sandbox import Sandbox


@pytest.fixture(scope="module")
def minted() -> dict[str, str]:
    """An M2M token for the RS256 API, its audience, the issuer and the tenant's JWKS text."""
    with Sandbox(profile="plain", seed=11) as sb:
        app = sb.application("m2m")
        audience = sb.api("custom-rs256").identifier
        response = requests.post(
            f"{sb.base_url}oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": app.client_id,
                "client_secret": app.client_secret.reveal(),
                "audience": audience,
            },
            timeout=10,
        )
        jwks = requests.get(f"{sb.base_url}.well-known/jwks.json", timeout=10).text
        return {"token": response.json()["access_token"], "audience": audience,
                "issuer": sb.base_url, "jwks": jwks}  # fmt: skip


@pytest.fixture(scope="module")
def m2m_token(minted: dict[str, str]) -> str:
    return minted["token"]


def test_inspect_reads_stdin_and_prints_claims_times_and_reasons(m2m_token: str) -> None:
    """From stdin: the family, each claim with readable times, and the explanations."""
    result = CliRunner().invoke(main, ["inspect"], input=m2m_token + "\n")
    assert result.exit_code == 0, result.output
    assert "an M2M access token" in result.output
    assert '"client-credentials"' in result.output
    assert "UTC, in 24 h)" in result.output
    assert "gty=client-credentials marks an M2M token" in result.output
    assert m2m_token not in result.output


def test_inspect_json_matches_the_library_inspection(m2m_token: str) -> None:
    """--json prints the Inspection's dict plus the explanation, the token as a fingerprint."""
    result = CliRunner().invoke(main, ["inspect", m2m_token, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "jws"
    assert data["family"] == "M2M access token"
    assert data["claims"]["gty"] == "client-credentials"
    assert data["aud_was_array"] is False
    assert data["token"].startswith("sha256:")
    assert any("client credentials grant" in s for s in data["explanation"])
    assert m2m_token not in result.output


def test_inspect_malformed_token_exits_non_zero_with_the_reason() -> None:
    """A token that cannot be read says why and exits 1, with no traceback."""
    result = CliRunner().invoke(main, ["inspect", "not.a"])
    assert result.exit_code == 1
    assert "3 segments (JWS) or 5 (JWE)" in result.output
    assert "Traceback" not in result.output


def test_cli_import_leaves_the_sandbox_unloaded() -> None:
    """Profile names are checked on use, so `inspect` does not pay for the sandbox at start-up."""
    code = (
        "import sys, auth0_explore.cli; "
        "print('auth0_explore.sandbox.tenant.profiles' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_unknown_profile_is_refused_with_the_list_of_profiles() -> None:
    """A misspelt profile names every profile there is, with a usage error (exit 2)."""
    result = CliRunner().invoke(main, ["sandbox", "--profile", "nope"])
    assert result.exit_code == 2
    assert "'nope' is not a profile; use one of: plain, default-audience" in result.output


def test_inspect_validates_offline_against_a_saved_jwks(
    minted: dict[str, str], tmp_path: Path
) -> None:
    """--jwks, --issuer and --audience: the report's rows and the policy used, exit 0."""
    jwks = tmp_path / "jwks.json"
    jwks.write_text(minted["jwks"])
    arguments = ["inspect", "--jwks", str(jwks), "--issuer", minted["issuer"]]
    result = CliRunner().invoke(main, [*arguments, "--audience", minted["audience"]],
                                input=minted["token"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "validation  valid" in result.output
    assert "ok   signature" in result.output
    assert f"audience={minted['audience']!r}" in result.output
    assert minted["token"] not in result.output
    wrong = CliRunner().invoke(main, [*arguments, "--audience", "https://other.example/",
                                      "--json"], input=minted["token"])  # fmt: skip
    assert wrong.exit_code == 1
    data = json.loads(wrong.output)
    assert data["validation"]["reason"] == "aud_mismatch"
    assert data["validation"]["expectations"]["audience"] == "https://other.example/"


def test_inspect_says_what_validation_needs(minted: dict[str, str], tmp_path: Path) -> None:
    """An incomplete or invalid policy is a usage error that names what to give."""
    result = CliRunner().invoke(main, ["inspect", "--audience", "x"], input=minted["token"])
    assert result.exit_code == 2
    assert "--jwks FILE, --audience and --domain (or --issuer)" in result.output
    jwks = tmp_path / "jwks.json"
    jwks.write_text(minted["jwks"])
    result = CliRunner().invoke(
        main,
        ["inspect", "--jwks", str(jwks), "--domain", "x.auth0.com", "--audience", "a",
         "--alg", "none"],
        input=minted["token"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Expectations.algorithms" in result.output
