"""The sandbox lifecycle, its domains and the domain/issuer rule."""

from __future__ import annotations

import socket

import jwt
import pytest
import requests

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import SEED, post_token

RS256 = "https://api.sandbox.example/"


def _iss(response: requests.Response) -> str:
    token = response.json()["access_token"]
    iss: str = jwt.decode(token, options={"verify_signature": False})["iss"]
    return iss


def test_every_domain_gets_its_own_loopback_port(full: Sandbox) -> None:
    """Canonical first, then the custom domain, each on a distinct 127.0.0.1 port."""
    names = [d.name for d in full.domains]
    assert names == ["dev-sandbox.us.auth0.com", "login.example.com"]
    assert [d.canonical for d in full.domains] == [True, False]
    assert full.base_url == full.domains[0].base_url
    assert len({d.base_url for d in full.domains}) == 2
    assert all(d.base_url.startswith("http://127.0.0.1:") for d in full.domains)


def test_loopback_issuer_is_the_base_url_used(full: Sandbox) -> None:
    """A plain loopback request gets `iss` = its own base URL with the trailing slash."""
    for domain in full.domains:
        assert _iss(post_token(full, base=domain.base_url, audience=RS256)) == domain.base_url


@pytest.mark.parametrize(
    "name", ["dev-sandbox.us.auth0.com", "login.example.com"], ids=["canonical", "custom"]
)
def test_host_name_issuer_is_https_name(full: Sandbox, name: str) -> None:
    """A Host naming a tenant domain gets `iss` = https://<name>/ on any port."""
    response = requests.post(
        f"{full.base_url}oauth/token",
        data={**_creds(full), "audience": RS256},
        headers={"Host": name},
        timeout=10,
    )
    assert _iss(response) == f"https://{name}/"


def _creds(sb: Sandbox) -> dict[str, str]:
    app = sb.application("m2m")
    assert app.client_secret is not None
    return {
        "grant_type": "client_credentials",
        "client_id": app.client_id,
        "client_secret": app.client_secret.reveal(),
    }


def test_stop_closes_the_ports_and_start_twice_is_refused() -> None:
    """After stop() nothing listens; a running sandbox refuses a second start()."""
    sb = Sandbox(profile="plain", seed=SEED).start()
    try:
        with pytest.raises(SandboxError, match="already running"):
            sb.start()
        port = int(sb.base_url.rsplit(":", 1)[1].strip("/"))
    finally:
        sb.stop()
    sb.stop()  # twice is fine
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    with pytest.raises(SandboxError, match="not running"):
        _ = sb.base_url


def test_fixed_port_in_use_is_a_clear_sandbox_error(plain: Sandbox) -> None:
    """Asking for a port someone else holds raises SandboxError naming it."""
    port = int(plain.base_url.rsplit(":", 1)[1].strip("/"))
    with pytest.raises(SandboxError, match=f"127.0.0.1:{port}"):
        Sandbox(profile="plain", port=port, seed=SEED).start()


def test_unknown_profile_names_the_known_ones() -> None:
    """A typo in a profile name lists the real profiles."""
    with pytest.raises(SandboxError, match="plain, default-audience, custom-domain, full"):
        Sandbox(profile="ful")


def test_notebook_view_masks_secrets_and_escapes(plain: Sandbox) -> None:
    """The HTML repr lists domains, apps and APIs, never a client secret."""
    html = plain._repr_html_()
    secret = plain.application("m2m").client_secret
    assert secret is not None
    assert secret.reveal() not in html
    assert plain.application("m2m").client_id in html
    assert plain.base_url in html
    assert "********" in html
    assert "running" in html


def test_fixed_port_puts_custom_domains_on_the_following_ports() -> None:
    """port=N: canonical on N, the custom domain on N+1."""
    for _ in range(5):  # find two consecutive free ports; another process may take one meanwhile
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        try:
            sb = Sandbox(profile="custom-domain", port=port, seed=SEED).start()
        except SandboxError:
            continue
        try:
            assert [d.base_url for d in sb.domains] == [
                f"http://127.0.0.1:{port}/",
                f"http://127.0.0.1:{port + 1}/",
            ]
        finally:
            sb.stop()
        return
    pytest.fail("no two consecutive free ports in five tries")


def test_restart_on_the_same_fixed_port_right_after_traffic() -> None:
    """Stop, then start again on the same fixed port: the port is free again at once."""
    sb = Sandbox(profile="plain", seed=SEED).start()
    port = int(sb.base_url.rsplit(":", 1)[1].strip("/"))
    post_token(sb, audience=RS256)
    sb.stop()
    again = Sandbox(profile="plain", port=port, seed=SEED).start()
    try:
        assert post_token(again, audience=RS256).status_code == 200
    finally:
        again.stop()
