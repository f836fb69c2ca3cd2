"""/.well-known/openid-configuration per domain."""

from __future__ import annotations

import requests

from auth0_explore.sandbox import Sandbox


def test_discovery_uses_the_request_issuer_for_every_url(full: Sandbox) -> None:
    """Loopback and host-name requests each see their own issuer in every URL (§8.1)."""
    custom = full.domains[1].base_url
    loop = requests.get(f"{custom}.well-known/openid-configuration", timeout=10).json()
    assert loop["issuer"] == custom
    assert loop["jwks_uri"] == f"{custom}.well-known/jwks.json"
    named = requests.get(
        f"{custom}.well-known/openid-configuration",
        headers={"Host": "login.example.com"},
        timeout=10,
    ).json()
    assert named["issuer"] == "https://login.example.com/"
    assert named["token_endpoint"] == "https://login.example.com/oauth/token"
    assert list(named)[:3] == ["issuer", "authorization_endpoint", "token_endpoint"]
    assert named["token_endpoint_auth_signing_alg_values_supported"] == ["RS256", "RS384", "PS256"]


def test_rfc8414_metadata_path_serves_the_same_document_unless_switched_off(
    frozen: Sandbox,
) -> None:
    """/.well-known/oauth-authorization-server mirrors discovery; the setting turns it off."""
    base = frozen.base_url
    same = requests.get(f"{base}.well-known/oauth-authorization-server", timeout=10)
    oidc = requests.get(f"{base}.well-known/openid-configuration", timeout=10)
    assert same.json() == oidc.json()
    frozen.tenant.emulation.serve_oauth_authorization_server = False
    gone = requests.get(f"{base}.well-known/oauth-authorization-server", timeout=10)
    assert gone.status_code == 404
