"""Each emulation setting of the user flows switches what it says it switches (sandbox settings)."""

from __future__ import annotations

import requests

from tests.sandbox.conftest import FrozenSandbox
from tests.sandbox.flows import (
    ALICE,
    ALICE_PASSWORD,
    DEVICE_CODE,
    PASSWORD_REALM,
    RS256,
    USERINFO,
    claims,
    client_auth,
    code_login,
    post_token,
    query_of,
    row,
)

PS256 = "https://ps256.sandbox.example/"


def test_userinfo_audience_algs_can_include_ps256(frozen: FrozenSandbox) -> None:
    """Default: a PS256 API gets a single aud; with PS256 listed, the /userinfo audience too."""
    assert (
        claims(code_login(frozen, audience=PS256, scope="openid").json()["access_token"])["aud"]
        == PS256
    )
    frozen.tenant.emulation.userinfo_audience_algs = ["RS256", "PS256"]
    token = code_login(frozen, audience=PS256, scope="openid").json()["access_token"]
    assert claims(token)["aud"] == [PS256, USERINFO]


def test_password_realm_gty_and_refresh_token_gty(frozen: FrozenSandbox) -> None:
    """password_realm_gty names the claim; refresh_token_gty "" leaves it out after a refresh."""
    emulation = frozen.tenant.emulation
    emulation.password_realm_gty, emulation.refresh_token_gty = "password", ""
    form = {"grant_type": PASSWORD_REALM, "username": ALICE, "password": ALICE_PASSWORD,
            "realm": "Username-Password-Authentication", "audience": RS256,
            "scope": "read:items offline_access", **client_auth(frozen, "web")}  # fmt: skip
    body = post_token(frozen, **form).json()
    assert claims(body["access_token"])["gty"] == "password"
    refreshed = post_token(frozen, grant_type="refresh_token", refresh_token=body["refresh_token"],
                           **client_auth(frozen, "web")).json()  # fmt: skip
    assert "gty" not in claims(refreshed["access_token"])


def test_at_hash_from_token_endpoint(frozen: FrozenSandbox) -> None:
    """Off by default; on, token-endpoint ID tokens carry at_hash too."""
    frozen.tenant.emulation.at_hash_from_token_endpoint = True
    body = code_login(frozen, scope="openid").json()
    assert "at_hash" in claims(body["id_token"])


def test_authorization_code_lifetime(frozen: FrozenSandbox) -> None:
    """A shorter code lifetime: 10 s later the code is spent."""
    frozen.tenant.emulation.authorization_code_lifetime = 10
    web = frozen.application("web")
    code = query_of(frozen.login(ALICE, client="web"))["code"]
    frozen.clock.advance(10)
    response = post_token(frozen, grant_type="authorization_code", code=code,
                          redirect_uri=web.callbacks[0], **client_auth(frozen, "web"))  # fmt: skip
    assert row(response) == (403, "invalid_grant", "Invalid authorization code")


def test_device_pending_description_and_userinfo_invalid_description(frozen: FrozenSandbox) -> None:
    """The two wordings nobody captured, switched."""
    emulation = frozen.tenant.emulation
    emulation.device_pending_description = "The end-user authorization is pending"
    emulation.userinfo_invalid_token_description = "Bad token"
    cli = frozen.application("cli").client_id
    started = requests.post(f"{frozen.base_url}oauth/device/code", data={"client_id": cli},
                            timeout=10).json()  # fmt: skip
    poll = post_token(frozen, grant_type=DEVICE_CODE, device_code=started["device_code"],
                      client_id=cli)  # fmt: skip
    assert row(poll)[2] == "The end-user authorization is pending"
    userinfo = requests.get(f"{frozen.base_url}userinfo",
                            headers={"Authorization": "Bearer x"}, timeout=10)  # fmt: skip
    assert 'error_description="Bad token"' in userinfo.headers["WWW-Authenticate"]


def test_refresh_token_limit(frozen: FrozenSandbox) -> None:
    """A cap of 2: the third token revokes the first."""
    frozen.tenant.emulation.refresh_token_limit = 2
    tokens = [code_login(frozen, scope="offline_access").json()["refresh_token"] for _ in range(3)]
    spa = client_auth(frozen, "spa")
    first = post_token(frozen, grant_type="refresh_token", refresh_token=tokens[0], **spa)
    assert row(first) == (403, "invalid_grant", "Unknown or invalid refresh token.")
    assert post_token(frozen, grant_type="refresh_token", refresh_token=tokens[2],
                      **spa).status_code == 200  # fmt: skip


def test_catalogue_entries_can_be_replaced(frozen: FrozenSandbox) -> None:
    """errors["pkce_failed"] switches the inferred status of §2.9 row 13."""
    frozen.tenant.emulation.errors["pkce_failed"] = (400, "invalid_grant", "PKCE failed")
    code = query_of(frozen.login(ALICE, code_challenge="c" * 43))["code"]  # method plain
    response = post_token(
        frozen, grant_type="authorization_code", code=code, code_verifier="d" * 43,
        redirect_uri=frozen.application("spa").callbacks[0], **client_auth(frozen, "spa"),
    )  # fmt: skip
    assert row(response) == (400, "invalid_grant", "PKCE failed")
