"""`auth0-explore inspect` decodes a token, and validates it against keys from a domain, a
JWKS URL or file, or an embedded sandbox; exit 0 valid or decoded, 1 invalid or not a JWT,
2 usage, with and without --json."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from auth0_explore.cli import main
from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from tests.client.rawserver import closed_port_url
from tests.sandbox.conftest import post_token

CLI = [sys.executable, "-m", "auth0_explore"]
RS256_API = "https://api.sandbox.example/"


def _token(sb: Sandbox, audience: str = RS256_API) -> str:
    return str(post_token(sb, audience=audience).json()["access_token"])


@pytest.fixture(scope="module")
def plain() -> Iterator[Sandbox]:
    """A running sandbox: the domain and the JWKS URL the command fetches from."""
    with Sandbox(profile="plain", seed=11) as sb:
        yield sb


@pytest.fixture(scope="module")
def m2m_token(plain: Sandbox) -> str:
    return _token(plain)


def _invoke(*arguments: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["inspect", *arguments], input=stdin)
    return result.exit_code, result.output


# -- decoding -------------------------------------------------------------------------------------


def test_inspect_reads_stdin_and_prints_claims_times_and_reasons(m2m_token: str) -> None:
    """From stdin: the family, each claim with readable times, and the explanations."""
    status, output = _invoke(stdin=m2m_token + "\n")
    assert status == 0, output
    assert "an M2M access token" in output
    assert '"client-credentials"' in output
    assert "UTC, in 24 h)" in output
    assert "gty=client-credentials marks an M2M token" in output
    assert m2m_token not in output


def test_inspect_json_matches_the_library_inspection(m2m_token: str) -> None:
    """--json prints the Inspection's dict plus the explanation, the token as a fingerprint."""
    status, output = _invoke(m2m_token, "--json")
    assert status == 0, output
    data = json.loads(output)
    assert data["kind"] == "jws"
    assert data["family"] == "M2M access token"
    assert data["claims"]["gty"] == "client-credentials"
    assert data["aud_was_array"] is False
    assert data["token"].startswith("sha256:")
    assert any("client credentials grant" in s for s in data["explanation"])
    assert m2m_token not in output


@pytest.mark.parametrize("pasted", ["  Bearer {t}\n", "bearer {t}", "'{t}'", "\t{t}  "])
def test_a_bearer_header_quotes_and_whitespace_are_accepted(m2m_token: str, pasted: str) -> None:
    """What people paste around a token (`Bearer `, quotes, spaces) gives the same token."""
    fingerprint = json.loads(_invoke(m2m_token, "--json")[1])["token"]
    for arguments, stdin in (
        ((pasted.format(t=m2m_token),), None),
        ((), pasted.format(t=m2m_token)),
    ):
        status, output = _invoke(*arguments, "--json", stdin=stdin)
        assert status == 0, output
        assert json.loads(output)["token"] == fingerprint


@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize("text", ["garbage", "not.a", "a.b.c.d"])
def test_a_string_that_is_no_jwt_says_so_and_exits_1(text: str, as_json: bool) -> None:
    """Neither a JWS nor a JWE: "this is not a JWT", exit 1, with no traceback."""
    status, output = _invoke(text, *(["--json"] if as_json else []))
    assert status == 1
    shown = json.loads(output)["error"] if as_json else output
    assert "this is not a JWT" in shown
    assert "Traceback" not in output


def test_no_token_on_an_empty_stdin_is_a_usage_error() -> None:
    """Nothing to read is exit 2 and says where a token goes."""
    status, output = _invoke(stdin="")
    assert status == 2
    assert "give it as an argument or on standard input" in output


def test_on_a_terminal_the_command_asks_for_the_token(m2m_token: str) -> None:
    """No argument and a terminal on stdin: a prompt (input hidden), not a silent wait."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([*CLI, "inspect"], stdin=follower, stdout=follower,
                               stderr=follower, close_fds=True)  # fmt: skip
    os.close(follower)
    try:
        seen = _read_until(leader, b"Paste the token")
        assert b"Paste the token (input hidden)" in seen
        os.write(leader, m2m_token.encode() + b"\n")
        seen += _read_until(leader, b"expiry")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
    assert b"M2M access token" in seen
    assert m2m_token.encode() not in seen  # the input was not echoed


def _read_until(fd: int, marker: bytes, timeout: float = 30) -> bytes:
    seen, deadline = b"", time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:  # the process ended and closed the terminal
                break
    return seen


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


# -- validating -----------------------------------------------------------------------------------


@pytest.mark.parametrize("as_json", [False, True])
def test_domain_fetches_discovery_and_keys_and_expects_its_issuer(
    plain: Sandbox, m2m_token: str, as_json: bool
) -> None:
    """--domain: valid is exit 0 with every check shown; another audience is exit 1."""
    domain = plain.base_url.removeprefix("http://").rstrip("/")
    flags = ["--json"] if as_json else []
    status, output = _invoke(m2m_token, "--domain", domain, "--audience", RS256_API, *flags)
    assert status == 0, output
    if as_json:
        report = json.loads(output)["validation"]
        assert (report["valid"], report["expectations"]["issuers"]) == (True, [plain.base_url])
    else:
        assert "validation  valid" in output
        assert re.search(r"ok\s+signature\s+RS256 signature verified", output)
    status, output = _invoke(m2m_token, "--domain", domain, "--audience", "https://other/", *flags)
    assert status == 1
    reason = json.loads(output)["validation"]["reason"] if as_json else output
    assert "aud_mismatch" in reason
    assert m2m_token not in output


def test_jwks_url_and_jwks_file(plain: Sandbox, m2m_token: str, tmp_path: Path) -> None:
    """--jwks URL (issuer: its origin) and --jwks FILE (issuer named) both validate."""
    url = f"{plain.base_url}.well-known/jwks.json"
    assert _invoke(m2m_token, "--jwks", url, "--audience", RS256_API)[0] == 0
    saved = tmp_path / "jwks.json"
    saved.write_text(requests.get(url, timeout=10).text)
    status, output = _invoke("--jwks", str(saved), "--issuer", plain.base_url, "--audience",
                             RS256_API, "--json", stdin=m2m_token)  # fmt: skip
    assert status == 0, output
    assert json.loads(output)["validation"]["valid"] is True


def test_profile_scope_and_leeway_reach_the_policy(plain: Sandbox, m2m_token: str) -> None:
    """An Auth0 token is not an RFC 9068 one; a scope it lacks fails; the leeway is used."""
    base = [m2m_token, "--jwks", f"{plain.base_url}.well-known/jwks.json", "--audience", RS256_API]
    status, output = _invoke(*base, "--profile", "rfc9068", "--json")
    assert (status, json.loads(output)["validation"]["reason"]) == (1, "typ_mismatch")
    status, output = _invoke(*base, "--scope", "delete:items", "--json")
    assert (status, json.loads(output)["validation"]["reason"]) == (1, "insufficient_scope")
    status, output = _invoke(*base, "--leeway", "5", "--json")
    assert (status, json.loads(output)["validation"]["expectations"]["leeway"]) == (0, 5.0)


def test_leeway_decides_a_token_that_expired_a_little_while_ago() -> None:
    """exp two minutes ago: invalid with the default 60 s, valid with --leeway 300."""
    clock = FrozenClock(time.time() - 86_400 - 120)
    with Sandbox(profile="plain", clock=clock) as sb:
        token = _token(sb)
        base = [token, "--jwks", f"{sb.base_url}.well-known/jwks.json", "--audience", RS256_API]
        status, output = _invoke(*base)
        assert status == 1
        assert "expired" in output
        assert _invoke(*base, "--leeway", "300")[0] == 0


def test_sandbox_validates_a_token_from_a_sandbox_of_the_same_seed() -> None:
    """`token --sandbox P --seed N --reveal | inspect --sandbox P --seed N`: same keys, valid."""
    ask = [*CLI, "token", "--sandbox", "full", "--seed", "5", "--hostnames", "--reveal"]
    token = subprocess.run(ask, capture_output=True, text=True, timeout=120, check=True).stdout
    check = [*CLI, "inspect", "--sandbox", "full", "--seed", "5", "--json"]
    result = subprocess.run(check, input=token, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)["validation"]
    assert report["expectations"]["audience"] == RS256_API  # the profile's default audience
    assert "https://dev-sandbox.us.auth0.com/" in report["expectations"]["issuers"]
    check[check.index("5")] = "6"
    other = subprocess.run(check, input=token, capture_output=True, text=True, timeout=120)
    assert other.returncode == 1  # another seed: other keys
    assert json.loads(other.stdout)["validation"]["valid"] is False


@pytest.mark.parametrize("as_json", [False, True])
def test_unreachable_keys_exit_1_and_say_why(m2m_token: str, as_json: bool) -> None:
    """No keys could be had: the token is not shown valid (exit 1), and the output says why."""
    domain = closed_port_url().removeprefix("http://").rstrip("/")
    flags = ["--json"] if as_json else []
    status, output = _invoke(m2m_token, "--domain", domain, "--audience", RS256_API, *flags)
    assert status == 1
    shown = json.loads(output)["validation"]["message"] if as_json else output
    assert "no keys" in shown


@pytest.mark.parametrize("as_json", [False, True])
@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--audience", "x"], "validating needs keys: give --domain D"),
        (["--domain", "x.auth0.com"], "validating needs --audience"),
        (["--jwks", "jwks.json", "--audience", "a"], "with --jwks FILE, name the issuer"),
        (["--domain", "x.auth0.com", "--audience", "a", "--alg", "none"],
         "Expectations.algorithms"),
        (["--jwks", "/nonexistent/jwks.json", "--issuer", "https://x/", "--audience", "a"],
         "cannot read it"),
        (["--profile", "nope"], "'nope' is not one of"),
    ],
)  # fmt: skip
def test_options_that_cannot_be_used_exit_2(
    m2m_token: str, arguments: list[str], said: str, as_json: bool
) -> None:
    """Incomplete or impossible options are a usage error that names what to give."""
    status, output = _invoke(m2m_token, *arguments, *(["--json"] if as_json else []))
    assert status == 2, output
    assert said in output


def test_help_names_the_exit_statuses() -> None:
    """`inspect --help` says what 0, 1 and 2 mean."""
    output = " ".join(CliRunner().invoke(main, ["inspect", "--help"]).output.split())
    assert "0 valid (or decoded" in output
    assert "1 invalid or not a JWT, 2 usage" in output


def test_the_readable_view_fits_80_columns(plain: Sandbox, m2m_token: str) -> None:
    """Claims, explanations, checks and the policy wrap within COLUMNS=80."""
    url = f"{plain.base_url}.well-known/jwks.json"
    result = CliRunner(env={"COLUMNS": "80"}).invoke(
        main, ["inspect", m2m_token, "--jwks", url, "--audience", "https://other.example/"]
    )
    assert result.exit_code == 1
    assert "FAIL" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
