"""A notebook-style session: log in with PKCE without a browser, call /userinfo, refresh.

The issue's acceptance script: the opaque /userinfo token works until the clock passes its
expiry, then the refresh token gets fresh tokens that work again.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from auth0_explore.client import Tenant
from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import FROZEN_AT, SEED


def test_pkce_login_userinfo_expiry_and_refresh_without_a_browser() -> None:
    """Every step a notebook would take, over HTTP, on a frozen clock."""
    clock = FrozenClock(1_800_000_000)
    with Sandbox(profile="plain", clock=clock) as sb, requests.Session() as http:
        spa = sb.application("spa")
        verifier = secrets.token_urlsafe(64)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        callback = sb.login(
            "alice@example.com", client="spa", scope="openid profile email offline_access",
            code_challenge=challenge.rstrip(b"=").decode(), code_challenge_method="S256",
            state="nb-1",
        )  # fmt: skip
        code = parse_qs(urlsplit(callback).query)["code"][0]
        tokens = http.post(f"{sb.base_url}oauth/token", data={
            "grant_type": "authorization_code", "client_id": spa.client_id, "code": code,
            "code_verifier": verifier, "redirect_uri": spa.callbacks[0],
        }, timeout=10).json()  # fmt: skip
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        profile = http.get(f"{sb.base_url}userinfo", headers=bearer, timeout=10)
        assert profile.json()["email"] == "alice@example.com"

        clock.advance(tokens["expires_in"])
        expired = http.get(f"{sb.base_url}userinfo", headers=bearer, timeout=10)
        assert expired.status_code == 401
        assert "The token has expired" in expired.headers["WWW-Authenticate"]

        renewed = http.post(f"{sb.base_url}oauth/token", data={
            "grant_type": "refresh_token", "client_id": spa.client_id,
            "refresh_token": tokens["refresh_token"],
        }, timeout=10).json()  # fmt: skip
        bearer = {"Authorization": f"Bearer {renewed['access_token']}"}
        again = http.get(f"{sb.base_url}userinfo", headers=bearer, timeout=10)
        assert again.status_code == 200
        assert again.json()["sub"] == profile.json()["sub"]
        assert renewed["refresh_token"] != tokens["refresh_token"]  # the SPA rotates


@pytest.mark.parametrize("hostnames", [False, True], ids=["loopback", "hostnames"])
def test_toolkit_client_logs_in_with_the_sandbox_as_user_agent(hostnames: bool) -> None:
    """auth0_explore.client's code flow with sb.login_from_url, then /userinfo and a refresh."""
    with Sandbox(profile="plain", clock=FrozenClock(1_800_000_000)) as sb:
        tenant = Tenant.from_sandbox(sb, application="web", hostnames=hostnames)
        tokens = tenant.login(
            lambda url: sb.login_from_url(url, "alice@example.com"),
            redirect_uri="http://localhost:3000/callback",
            scope="openid profile offline_access",
            audience="https://api.sandbox.example/",
        )
        assert tokens.status == 200
        assert tokens.has_refresh_token
        assert tenant.userinfo(tokens).status == 200
        assert tenant.refresh(tokens).status == 200
        tenant.close()


def test_seeded_sandboxes_log_in_identically() -> None:
    """seed + frozen clock + host name: same code, access, ID and refresh tokens every run."""

    def run() -> tuple[str, dict[str, str]]:
        with Sandbox(profile="plain", clock=FrozenClock(FROZEN_AT), seed=SEED) as sb:
            web = sb.application("web")
            url = sb.login("alice@example.com", client="web", scope="openid offline_access",
                           nonce="n")  # fmt: skip
            assert web.client_secret is not None
            body = requests.post(
                f"{sb.base_url}oauth/token",
                data={"grant_type": "authorization_code", "client_id": web.client_id,
                      "client_secret": web.client_secret.reveal(),
                      "code": parse_qs(urlsplit(url).query)["code"][0],
                      "redirect_uri": web.callbacks[0]},
                headers={"Host": "dev-sandbox.us.auth0.com"}, timeout=10,
            ).json()  # fmt: skip
            return url, body

    assert run() == run()
