"""TLS mode: a CA made at start; requests, httpx, the toolkit's client and auth0-python's
ManagementClient work with it trusted, and nothing of it outlives the sandbox."""

from __future__ import annotations

import json
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests
from auth0.management import ManagementClient

from auth0_explore.client import Tenant
from auth0_explore.sandbox import Sandbox
from tests.sandbox.management.conftest import management_token


@pytest.fixture(scope="module")
def tls() -> Iterator[Sandbox]:
    with Sandbox(profile="full", tls=True) as sandbox:
        yield sandbox


def test_every_domain_is_served_over_https_with_the_ca(tls: Sandbox) -> None:
    """Both domains answer https with a certificate the CA signed; without the CA it fails."""
    assert tls.ca_path is not None
    assert all(d.base_url.startswith("https://127.0.0.1:") for d in tls.domains)
    for domain in tls.domains:
        document = requests.get(
            f"{domain.base_url}.well-known/openid-configuration",
            headers={"Host": domain.name},
            verify=str(tls.ca_path),
            timeout=10,
        ).json()
        assert document["issuer"] == f"https://{domain.name}/"
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(tls.base_url, verify=True, timeout=10)


def test_a_plain_loopback_request_gets_an_https_issuer(tls: Sandbox) -> None:
    """In TLS mode the loopback form's issuer is https://127.0.0.1:<port>/."""
    ctx = ssl.create_default_context(cafile=str(tls.ca_path))
    with httpx.Client(verify=ctx) as client:
        document = client.get(f"{tls.base_url}.well-known/openid-configuration").json()
    assert document["issuer"] == tls.base_url


def test_the_toolkit_client_trusts_the_ca_by_itself(tls: Sandbox) -> None:
    """Tenant.from_sandbox passes the CA to its session: tokens and the Management API work."""
    with Tenant.from_sandbox(tls, hostnames=True) as tenant:
        assert tenant.connection.ca_bundle == str(tls.ca_path)
        result = tenant.client_credentials("https://api.sandbox.example/")
        assert result.validation.valid
    with Tenant.from_sandbox(tls, application="api-explorer") as explorer:
        assert [a.name for a in explorer.management.applications()][:2] == ["m2m", "m2m-quota"]


def test_auth0_pythons_management_client_lists_clients_apis_grants_and_keys(tls: Sandbox) -> None:
    """The official SDK (httpx, https only) reads the sandbox with the CA trusted."""
    domain = tls.base_url.removeprefix("https://").rstrip("/")
    token = management_token(tls, base=tls.base_url)
    ctx = ssl.create_default_context(cafile=str(tls.ca_path))
    with httpx.Client(verify=ctx) as http:
        sdk = ManagementClient(domain=domain, token=token, httpx_client=http)
        clients = [c.name for c in sdk.clients.list(per_page=3)]
        apis = [a.identifier for a in sdk.resource_servers.list()]
        grants = [g.id for g in sdk.client_grants.list(take=4)]
        keys = sdk.keys.signing.list()
    assert clients == [a.name for a in tls.tenant.applications]
    assert set(apis) == {a.identifier for a in tls.tenant.apis}
    assert grants == [g.id for g in tls.tenant.client_grants]
    assert [k.kid for k in keys] == [k.kid for k in tls.keys.keys]


def test_the_ca_files_are_removed_when_the_sandbox_stops() -> None:
    """Nothing outlives its owner: the CA's folder goes with stop()."""
    with Sandbox(profile="plain", tls=True) as sandbox:
        path = sandbox.ca_path
        assert path is not None
        assert path.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert not path.exists()
    assert sandbox.ca_path is None


def test_the_command_line_prints_the_ca_path() -> None:
    """`auth0-explore sandbox --tls` puts ca_path in its JSON line; Ctrl-C ends it cleanly."""
    command = [sys.executable, "-m", "auth0_explore", "sandbox", "--profile", "plain", "--tls"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = json.loads(process.stdout.readline())
            ca = Path(line["ca_path"])
            base = line["domains"][0]["base_url"]
            assert base.startswith("https://")
            response = requests.get(f"{base}.well-known/jwks.json", verify=str(ca), timeout=10)
            assert response.status_code == 200
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=20)
    assert code == 0
    assert not ca.exists()
