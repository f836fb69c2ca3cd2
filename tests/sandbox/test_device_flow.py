"""The device flow: /oauth/device/code, polling, approval without a browser (Auth0: §2.7)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import FrozenSandbox
from tests.sandbox.flows import (
    ALICE,
    ALICE_PASSWORD,
    DEVICE_CODE,
    RS256,
    claims,
    post_token,
    row,
)

PENDING = (403, "authorization_pending", "User has yet to authorize device code.")
SLOW_DOWN = (429, "slow_down", "You are polling faster than allowed. Try again in 10 seconds.")


def _start(sb: Sandbox, **form: str) -> dict[str, Any]:
    data = {"client_id": sb.application("cli").client_id, **form}
    response = requests.post(f"{sb.base_url}oauth/device/code", data=data, timeout=10)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _poll(sb: Sandbox, device_code: str) -> requests.Response:
    return post_token(sb, grant_type=DEVICE_CODE, device_code=device_code,
                      client_id=sb.application("cli").client_id)  # fmt: skip


def test_device_code_response_has_auth0s_fields(frozen: FrozenSandbox) -> None:
    """device_code, user_code (base20, ****-****), verification URIs, 900 s, interval 5."""
    body = _start(frozen, scope="openid")
    assert list(body) == [
        "device_code", "user_code", "verification_uri", "verification_uri_complete",
        "expires_in", "interval",
    ]  # fmt: skip
    assert re.fullmatch(r"[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}", body["user_code"])
    assert body["verification_uri"] == f"{frozen.base_url}activate"
    assert body["verification_uri_complete"] == (
        f"{frozen.base_url}activate?user_code={body['user_code']}"
    )
    assert (body["expires_in"], body["interval"]) == (900, 5)


def test_polling_sequence_pending_slow_down_then_tokens(frozen: FrozenSandbox) -> None:
    """pending -> too fast: slow_down (interval 10) -> approved -> tokens -> code spent."""
    body = _start(frozen, scope="openid profile email offline_access")
    code = body["device_code"]
    assert row(_poll(frozen, code)) == PENDING
    too_fast = _poll(frozen, code)
    assert row(too_fast) == SLOW_DOWN
    assert too_fast.json()["interval"] == 10
    frozen.clock.advance(5)
    assert row(_poll(frozen, code)) == PENDING
    frozen.approve_device(body["user_code"], ALICE)
    frozen.clock.advance(5)
    tokens = _poll(frozen, code)
    assert tokens.status_code == 200
    assert list(tokens.json()) == [
        "access_token", "refresh_token", "id_token", "scope", "expires_in", "token_type",
    ]  # fmt: skip
    assert tokens.json()["scope"] == "openid profile email offline_access"
    assert tokens.json()["access_token"].count(".") == 4  # opaque: no audience
    identity = claims(tokens.json()["id_token"])
    assert list(identity) == [  # §4 order of a real device-flow ID token; no sid, no nonce
        "given_name", "family_name", "nickname", "name", "picture", "updated_at", "email",
        "email_verified", "iss", "aud", "iat", "exp", "sub",
    ]  # fmt: skip
    frozen.clock.advance(5)
    assert row(_poll(frozen, code))[:2] == (403, "invalid_grant")


def test_expired_code_says_expired_token_once_then_invalid_grant(frozen: FrozenSandbox) -> None:
    """§2.7: expired_token exactly once."""
    code = _start(frozen)["device_code"]
    frozen.clock.advance(900)
    assert row(_poll(frozen, code)) == (403, "expired_token", "The device code has expired")
    frozen.clock.advance(5)
    assert row(_poll(frozen, code)) == (403, "invalid_grant", "Invalid or expired device code.")


def test_denied_code_gets_access_denied(frozen: FrozenSandbox) -> None:
    """§2.7: 403 access_denied after the user cancels."""
    body = _start(frozen)
    frozen.deny_device(body["user_code"])
    assert row(_poll(frozen, body["device_code"]))[:2] == (403, "access_denied")


def test_activation_form_approves_over_http(frozen: FrozenSandbox) -> None:
    """GET /activate shows the form; POST with user_code, username, password approves."""
    body = _start(frozen, audience=RS256, scope="read:items offline_access")
    page = requests.get(body["verification_uri_complete"], timeout=10)
    assert page.status_code == 200
    assert f'value="{body["user_code"]}"' in page.text
    form = {"user_code": body["user_code"].lower(), "username": ALICE,
            "password": ALICE_PASSWORD, "action": "approve"}  # fmt: skip
    done = requests.post(f"{frozen.base_url}activate", data=form, timeout=10)
    assert done.status_code == 200
    assert "all set" in done.text
    tokens = _poll(frozen, body["device_code"])
    assert tokens.status_code == 200
    assert claims(tokens.json()["access_token"])["aud"] == RS256
    assert "refresh_token" in tokens.json()


def test_activation_with_a_wrong_password_does_not_approve(frozen: FrozenSandbox) -> None:
    """A wrong password re-shows the form; the device keeps waiting."""
    body = _start(frozen)
    form = {"user_code": body["user_code"], "username": ALICE, "password": "no"}
    page = requests.post(f"{frozen.base_url}activate", data=form, timeout=10)
    assert page.status_code == 403
    assert "Wrong email or password." in page.text
    assert row(_poll(frozen, body["device_code"])) == PENDING


def test_client_without_the_device_grant_is_refused(frozen: FrozenSandbox) -> None:
    """§2.9 row 6 wording at /oauth/device/code [inferred]."""
    data = {"client_id": frozen.application("spa").client_id}
    response = requests.post(f"{frozen.base_url}oauth/device/code", data=data, timeout=10)
    assert row(response) == (
        403, "unauthorized_client", f"Grant type '{DEVICE_CODE}' not allowed for the client.",
    )  # fmt: skip


def test_approving_an_unknown_user_code_is_a_sandbox_error(frozen: FrozenSandbox) -> None:
    """sb.approve_device names what is wrong."""
    with pytest.raises(SandboxError, match="no pending device authorization"):
        frozen.approve_device("BCDF-GHJK", ALICE)


def test_row_19_poll_without_device_code(frozen: FrozenSandbox) -> None:
    """§2.9 row 19: invalid_request, Missing required parameter: device_code."""
    response = post_token(frozen, grant_type=DEVICE_CODE,
                          client_id=frozen.application("cli").client_id)  # fmt: skip
    assert row(response) == (400, "invalid_request", "Missing required parameter: device_code")
