"""`password` and password-realm grants (Auth0: §2.6, §2.9 rows 6, 16, 17, 19)."""

from __future__ import annotations

import pytest
import requests
from auth0.authentication import GetToken

from auth0_explore.sandbox import Sandbox
from tests.sandbox.flows import (
    ALICE,
    ALICE_PASSWORD,
    PASSWORD_REALM,
    RFC9068,
    RS256,
    claims,
    client_auth,
    code_login,
    post_token,
    row,
)

WRONG = (403, "invalid_grant", "Wrong email or password.")


def _password(sb: Sandbox, client: str = "web", **form: str) -> requests.Response:
    body = {"grant_type": "password", "username": ALICE, "password": ALICE_PASSWORD,
            **client_auth(sb, client), **form}  # fmt: skip
    return post_token(sb, **{k: v for k, v in body.items() if v is not None})


def test_password_grant_gives_gty_password_and_all_api_scopes(plain: Sandbox) -> None:
    """No scope: every scope of the API (implied trust); gty=password after scope."""
    response = _password(plain, audience=RS256)
    assert response.status_code == 200, response.text
    assert list(response.json()) == ["access_token", "scope", "expires_in", "token_type"]
    token = claims(response.json()["access_token"])
    assert token["scope"] == "read:items write:items delete:items"
    assert list(token) == ["iss", "sub", "aud", "iat", "exp", "azp", "scope", "gty"]
    assert token["gty"] == "password"


def test_password_realm_names_the_connection(plain: Sandbox) -> None:
    """realm = connection; gty per Emulation.password_realm_gty [inferred: password-realm]."""
    response = _password(plain, grant_type=PASSWORD_REALM, audience=RS256, scope="read:items",
                         realm="Username-Password-Authentication")  # fmt: skip
    assert response.status_code == 200, response.text
    assert claims(response.json()["access_token"])["gty"] == "password-realm"


def test_rbac_api_grants_requested_scopes_the_user_has(plain: Sandbox) -> None:
    """§3.4: scope = requested ∩ the user's permissions; permissions claim lists them all."""
    response = _password(plain, audience=RFC9068, scope="openid read:orders write:orders",
                         username="bob@example.com", password="bob-Sandbox-1")  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "openid read:orders"
    token = claims(response.json()["access_token"])
    assert token["permissions"] == ["read:orders"]
    assert token["aud"] == [RFC9068, "https://dev-sandbox.us.auth0.com/userinfo"]


@pytest.mark.parametrize(
    ("username", "password"),
    [(ALICE, "wrong"), ("nobody@example.com", ALICE_PASSWORD)],
    ids=["wrong-password", "unknown-user"],
)
def test_row_16_wrong_password_and_unknown_user_get_the_same_answer(
    plain: Sandbox, username: str, password: str
) -> None:
    """§2.9 row 16: 403 invalid_grant, Wrong email or password."""
    assert row(_password(plain, username=username, password=password)) == WRONG


def test_row_17_scope_the_api_does_not_define(plain: Sandbox) -> None:
    """§2.9 row 17: 400 invalid_scope."""
    response = _password(plain, audience=RS256, scope="read:items fly:planes")
    assert row(response) == (
        400, "invalid_scope", "User is not authorized to the audience for those scopes",
    )  # fmt: skip


@pytest.mark.parametrize("name", ["username", "password"], ids=["no-username", "no-password"])
def test_row_19_missing_credentials(plain: Sandbox, name: str) -> None:
    """§2.9 row 19: invalid_request, Missing required parameter: <name>."""
    response = _password(plain, **{name: ""})
    assert row(response) == (400, "invalid_request", f"Missing required parameter: {name}")


def test_row_6_grant_not_enabled_for_the_client(plain: Sandbox) -> None:
    """§2.9 row 6: the SPA lacks the password-realm grant."""
    response = _password(plain, client="spa", grant_type=PASSWORD_REALM)
    assert row(response) == (
        403, "unauthorized_client",
        f"Grant type '{PASSWORD_REALM}' not allowed for the client.",
    )  # fmt: skip
    assert response.json()["error_uri"] == "https://auth0.com/docs/clients/client-grant-types"


def test_third_party_clients_cannot_use_the_password_grant(frozen: Sandbox) -> None:
    """§2.6: first-party only."""
    frozen.application("web").is_first_party = False
    assert row(_password(frozen))[:2] == (403, "unauthorized_client")


def test_password_without_default_directory_fails(frozen: Sandbox) -> None:
    """§2.6: `password` needs the tenant's default_directory [inferred wording]."""
    frozen.tenant.settings.default_directory = ""
    assert row(_password(frozen)) == (
        500, "server_error", "Authorization server not configured with default connection.",
    )  # fmt: skip


def test_unknown_realm(plain: Sandbox) -> None:
    """password-realm with a connection the tenant does not have [inferred wording]."""
    response = _password(plain, grant_type=PASSWORD_REALM, realm="nope")
    assert row(response) == (400, "invalid_request", "Unknown connection: nope")


def test_auth0_python_password_realm_helper_logs_in(plain: Sandbox) -> None:
    """auth0-python's GetToken.login (password-realm) against the sandbox over plain http."""
    web = plain.application("web")
    assert web.client_secret is not None
    domain = plain.base_url.removeprefix("http://").rstrip("/")
    get_token = GetToken(domain, web.client_id, client_secret=web.client_secret.reveal(),
                         protocol="http")  # fmt: skip
    result = get_token.login(
        username=ALICE, password=ALICE_PASSWORD, realm="Username-Password-Authentication",
        audience=RS256, scope="openid read:items",
    )  # fmt: skip
    assert result["token_type"] == "Bearer"
    assert claims(result["access_token"])["scope"] == "openid read:items"
    assert claims(result["id_token"])["aud"] == web.client_id


def test_row_18_user_with_mfa_gets_mfa_required(frozen: Sandbox) -> None:
    """§2.9 row 18: 403 mfa_required with mfa_token (Fe26.2*…) and mfa_requirements."""
    user = frozen.tenant.user(ALICE)
    assert user is not None
    user.mfa_factors = ["otp"]
    response = _password(frozen)
    assert row(response) == (403, "mfa_required", "Multifactor authentication required")
    body = response.json()
    assert list(body) == ["error", "error_description", "mfa_token", "mfa_requirements"]
    assert body["mfa_token"].startswith("Fe26.2*")
    assert body["mfa_requirements"] == {"challenge": [{"type": "otp"}]}


def test_third_party_clients_get_no_id_token(frozen: Sandbox) -> None:
    """§4: third-party applications do not receive ID tokens (code flow, openid asked)."""
    frozen.application("spa").is_first_party = False
    body = code_login(frozen, ALICE, scope="openid profile").json()
    assert "id_token" not in body
    assert body["scope"] == "openid profile"


def test_sandbox_description_lists_users_to_log_in_with(frozen: Sandbox) -> None:
    """The JSON line of `auth0-explore sandbox` carries users: email, password, connection."""
    users = frozen.description()["users"]
    assert {"email": ALICE, "password": ALICE_PASSWORD,
            "connection": "Username-Password-Authentication"} in users  # fmt: skip


def test_brute_force_protection_blocks_after_consecutive_failures(frozen: Sandbox) -> None:
    """§2.6: at the threshold, 429 too_many_attempts even with the right password; unblock."""
    frozen.tenant.emulation.brute_force_threshold = 3
    for _ in range(3):
        assert row(_password(frozen, password="wrong")) == WRONG
    blocked = (
        429, "too_many_attempts",
        "Your account has been blocked after multiple consecutive login attempts. We've sent "
        "you an email with instructions on how to unblock it.",
    )  # fmt: skip
    assert row(_password(frozen)) == blocked
    frozen.unblock(ALICE)
    assert _password(frozen).status_code == 200


def test_a_successful_login_resets_the_failure_count(frozen: Sandbox) -> None:
    """Failures must be consecutive."""
    frozen.tenant.emulation.brute_force_threshold = 2
    assert row(_password(frozen, password="wrong")) == WRONG
    assert _password(frozen).status_code == 200
    assert row(_password(frozen, password="wrong")) == WRONG
    assert _password(frozen).status_code == 200
