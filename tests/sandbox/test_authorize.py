"""GET /authorize and the login form over HTTP (Auth0: §8.5, §4, §5).

Errors go back by redirect once client and callback are valid; otherwise an error page. Scripts
log in without a browser by posting the /authorize parameters with the user's credentials to
POST /u/login; the `auth0` session cookie then lets /authorize answer at once (prompt=none).
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from auth0_explore.sandbox.minting.id_tokens import half_hash
from tests.sandbox.conftest import FrozenSandbox
from tests.sandbox.flows import (
    ALICE,
    ALICE_PASSWORD,
    RS256,
    USERINFO,
    claims,
    fragment_of,
    pkce,
    post_token,
    query_of,
)


@pytest.fixture
def sb(frozen_module: FrozenSandbox) -> FrozenSandbox:
    """This module's plain sandbox on a frozen clock."""
    return frozen_module


def _params(sb: Sandbox, client: str = "spa", **extra: str) -> dict[str, str]:
    app = sb.application(client)
    return {"client_id": app.client_id, "response_type": "code",
            "redirect_uri": app.callbacks[0], **extra}  # fmt: skip


def _authorize(sb: Sandbox, session: Any = requests, **params: str) -> requests.Response:
    response: requests.Response = session.get(
        f"{sb.base_url}authorize", params=params, allow_redirects=False, timeout=10
    )
    return response


def _login(sb: Sandbox, session: Any = requests, password: str = ALICE_PASSWORD,
           **params: str) -> requests.Response:  # fmt: skip
    form = {**params, "username": ALICE, "password": password}
    response: requests.Response = session.post(
        f"{sb.base_url}u/login", data=form, allow_redirects=False, timeout=10
    )
    return response


def test_authorize_shows_a_login_form_that_posts_every_parameter_back(sb: Sandbox) -> None:
    """Without a session: 200 HTML with a form to /u/login carrying the /authorize parameters."""
    response = _authorize(sb, **_params(sb, state="st-1", nonce="n-1"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert 'action="/u/login"' in response.text
    assert 'name="state" value="st-1"' in response.text
    assert 'name="password"' in response.text


def test_posting_the_login_form_redirects_with_a_code_and_sets_a_session(sb: Sandbox) -> None:
    """The HTTP way for scripts: POST /u/login -> 302 to the callback with code and state."""
    with requests.Session() as browser:
        response = _login(sb, browser, **_params(sb, state="abc"))
        assert response.status_code == 302
        location = response.headers["Location"]
        assert location.startswith("http://localhost:5173/callback?code=")
        assert query_of(location)["state"] == "abc"
        assert browser.cookies.get("auth0")


def test_wrong_password_shows_the_form_again_with_auth0s_message(sb: Sandbox) -> None:
    """Wrong email or password: 403 and the page says so; no redirect, no session."""
    response = _login(sb, password="nope", **_params(sb))
    assert response.status_code == 403
    assert "Wrong email or password." in response.text
    assert "Set-Cookie" not in response.headers


def test_prompt_none_without_session_is_login_required(sb: Sandbox) -> None:
    """§8.5: error=login_required&error_description=Login required, with state."""
    response = _authorize(sb, **_params(sb, prompt="none", state="s"))
    assert response.status_code == 302
    assert query_of(response.headers["Location"]) == {
        "error": "login_required", "error_description": "Login required", "state": "s",
    }  # fmt: skip


def test_session_renews_tokens_silently_with_prompt_none(sb: Sandbox) -> None:
    """Renewal by logging in again: with the session cookie, prompt=none returns a new code."""
    with requests.Session() as browser:
        assert _login(sb, browser, **_params(sb)).status_code == 302
        response = _authorize(sb, browser, **_params(sb, prompt="none"))
        assert response.status_code == 302
        assert "code" in query_of(response.headers["Location"])


def test_max_age_adds_auth_time_and_forces_login_when_exceeded(sb: FrozenSandbox) -> None:
    """§4: auth_time only when max_age was asked; an older session needs a new login."""
    with requests.Session() as browser:
        params = _params(sb, response_type="id_token", nonce="n", scope="openid",
                         response_mode="fragment")  # fmt: skip
        login = _login(sb, browser, **params)
        first = claims(fragment_of(login.headers["Location"])["id_token"])
        assert "auth_time" not in first
        logged_in_at = int(sb.clock.now())
        sb.clock.advance(30)
        fresh = _authorize(sb, browser, **{**params, "max_age": "60", "prompt": "none"})
        second = claims(fragment_of(fresh.headers["Location"])["id_token"])
        assert second["auth_time"] == logged_in_at
        sb.clock.advance(60)
        stale = _authorize(sb, browser, **{**params, "max_age": "60", "prompt": "none"})
        assert fragment_of(stale.headers["Location"])["error"] == "login_required"


def test_implicit_flow_returns_tokens_in_the_fragment(sb: Sandbox) -> None:
    """response_type=id_token token: web lifetime 7200 s, at_hash and nonce in the ID token."""
    params = _params(sb, response_type="id_token token", nonce="n-9", audience=RS256,
                     scope="openid read:items", state="q")  # fmt: skip
    values = fragment_of(_login(sb, **params).headers["Location"])
    assert list(values) == [
        "access_token", "scope", "expires_in", "token_type", "id_token", "state",
    ]  # fmt: skip
    assert (values["expires_in"], values["token_type"]) == ("7200", "Bearer")
    token = claims(values["access_token"])
    assert token["aud"] == [RS256, USERINFO]
    assert token["exp"] - token["iat"] == 7200  # token_lifetime_for_web
    identity = claims(values["id_token"])
    assert identity["nonce"] == "n-9"
    assert "at_hash" in identity


def test_implicit_opaque_token_lives_7200_seconds(sb: Sandbox) -> None:
    """§3.1: the opaque /userinfo token from /authorize lives 7200 s."""
    params = _params(sb, response_type="token", scope="openid")
    values = fragment_of(_login(sb, **params).headers["Location"])
    assert values["expires_in"] == "7200"
    assert values["access_token"].count(".") == 4


def test_form_post_answers_with_a_self_submitting_form(sb: Sandbox) -> None:
    """response_mode=form_post: 200 HTML posting code and state to the callback."""
    response = _login(sb, **_params(sb, response_mode="form_post", state="fp"))
    assert response.status_code == 200
    assert 'action="http://localhost:5173/callback"' in response.text
    assert 'name="code"' in response.text
    assert 'name="state" value="fp"' in response.text


ERROR_PAGES = [
    ({"redirect_uri": "http://localhost:9999/cb"}, "Callback URL mismatch."),
    ({"client_id": "nope"}, "Unknown client: nope"),
    ({"client_id": ""}, "Missing required parameter: client_id"),
]


@pytest.mark.parametrize(("change", "text"), ERROR_PAGES,
                         ids=["callback-not-allowed", "unknown-client", "no-client"])  # fmt: skip
def test_errors_without_a_valid_callback_show_a_page(
    sb: Sandbox, change: dict[str, str], text: str
) -> None:
    """§8.5: no redirect at all, an error page (400)."""
    response = _authorize(sb, **{**_params(sb), **change})
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert text in response.text


def test_callback_mismatch_page_has_auth0s_sentences(sb: Sandbox) -> None:
    """§8.5 seen: the three sentences, and the tenant-log description naming the URL."""
    response = _authorize(sb, **{**_params(sb), "redirect_uri": "http://localhost:5174/callback"})
    text = html.unescape(response.text)
    for sentence in (
        "Callback URL mismatch.",
        "The provided redirect_uri is not in the list of allowed callback URLs.",
        "Please go to the Application Settings page and make sure you are sending a valid "
        "callback url from your application.",
        "http://localhost:5174/callback is not in the list of allowed callback URLs",
    ):
        assert sentence in text


REDIRECT_ERRORS = [
    ({"response_type": "token"}, "web", "unauthorized_client",
     "Grant type 'implicit' not allowed for the client."),
    ({"response_type": ""}, "spa", "invalid_request", "Missing required parameter: response_type"),
    ({"response_type": "code banana"}, "spa", "unsupported_response_type",
     "Unsupported response type: code banana"),
    ({"response_type": "id_token"}, "spa", "invalid_request",
     "nonce is required when the response type includes id_token"),
    ({"code_challenge": "x" * 43, "code_challenge_method": "S512"}, "spa", "invalid_request",
     "Unsupported code_challenge_method: S512. Use S256 or plain"),
    ({"audience": "https://nope.example/"}, "spa", "access_denied",
     "Service not found: https://nope.example/"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "client", "error", "description"), REDIRECT_ERRORS,
    ids=["implicit-not-allowed", "no-response-type", "bad-response-type", "no-nonce",
         "bad-challenge-method", "unknown-audience"],
)  # fmt: skip
def test_errors_with_a_valid_callback_come_back_by_redirect(
    sb: Sandbox, change: dict[str, str], client: str, error: str, description: str
) -> None:
    """§8.5: 302 to the callback with error, error_description and state."""
    response = _authorize(sb, **{**_params(sb, client, state="k"), **change})
    assert response.status_code == 302
    got = query_of(response.headers["Location"]) or fragment_of(response.headers["Location"])
    assert got == {"error": error, "error_description": description, "state": "k"}


def test_organization_login_adds_org_claims_and_checks_membership(frozen: Sandbox) -> None:
    """§8.5 / §4: org_id in the ID token; a non-member is refused; a required org is asked."""
    frozen.application("spa").organization_usage = "allow"
    org = frozen.tenant.organization("acme")
    assert org is not None
    url = frozen.login(ALICE, organization=org.id, scope="openid", response_type="id_token",
                       nonce="n")  # fmt: skip
    assert claims(fragment_of(url)["id_token"])["org_id"] == org.id
    refused = fragment_of(frozen.login("bob@example.com", organization=org.id,
                                       response_type="id_token", nonce="n"))  # fmt: skip
    bob = frozen.tenant.user("bob@example.com")
    assert bob is not None
    assert refused["error"] == "access_denied"
    assert (
        refused["error_description"]
        == f"user {bob.user_id} is not part of the {org.id} organization"
    )
    by_name = query_of(frozen.login(ALICE, organization="acme"))
    assert by_name["error_description"] == (
        "authorization request parameter organization must be an organization id"
    )
    frozen.application("spa").organization_usage = "require"
    required = query_of(frozen.login(ALICE))
    assert required == {
        "error": "invalid_request",
        "error_description": "parameter organization is required for this client",
    }


def test_hybrid_flow_gives_code_and_id_token_with_c_hash(sb: Sandbox) -> None:
    """response_type=code id_token: fragment with code and an ID token carrying c_hash."""
    verifier, challenge = pkce()
    params = _params(sb, response_type="code id_token", nonce="h", scope="openid",
                     code_challenge=challenge, code_challenge_method="S256")  # fmt: skip
    values = fragment_of(_login(sb, **params).headers["Location"])
    identity = claims(values["id_token"])
    assert identity["c_hash"] == half_hash(values["code"])
    assert "at_hash" not in identity
    spa = sb.application("spa")
    exchange = post_token(sb, grant_type="authorization_code", client_id=spa.client_id,
                          code=values["code"], code_verifier=verifier,
                          redirect_uri=spa.callbacks[0])  # fmt: skip
    assert exchange.status_code == 200
    assert claims(exchange.json()["id_token"])["nonce"] == "h"


def test_login_hint_prefills_the_email(sb: Sandbox) -> None:
    """login_hint shows in the login form's email field."""
    response = _authorize(sb, **_params(sb, login_hint="bob@example.com"))
    assert 'value="bob@example.com"' in response.text


def test_login_from_url_is_a_scripted_user_agent(sb: Sandbox) -> None:
    """sb.login_from_url takes a whole /authorize URL and returns the callback URL."""
    url = f"{sb.base_url}authorize?" + urlencode(_params(sb, state="u1", scope="openid"))
    callback = sb.login_from_url(url, ALICE)
    assert callback.startswith("http://localhost:5173/callback?code=")
    assert query_of(callback)["state"] == "u1"


def test_posting_only_credentials_to_u_login_with_the_authorize_query(sb: Sandbox) -> None:
    """POST /u/login?<authorize query> with username and password in the body."""
    query = urlencode(_params(sb, state="u2"))
    response = requests.post(
        f"{sb.base_url}u/login?{query}", data={"username": ALICE, "password": ALICE_PASSWORD},
        allow_redirects=False, timeout=10,
    )  # fmt: skip
    assert response.status_code == 302
    assert query_of(response.headers["Location"])["state"] == "u2"


def test_prompt_login_shows_the_login_page_despite_a_session(sb: Sandbox) -> None:
    """prompt=login: a live session does not skip the login page."""
    with requests.Session() as browser:
        assert _login(sb, browser, **_params(sb)).status_code == 302
        response = _authorize(sb, browser, **_params(sb, prompt="login"))
        assert response.status_code == 200
        assert 'action="/u/login"' in response.text


def test_blocked_user_comes_back_with_unauthorized(frozen: Sandbox) -> None:
    """A blocked user: error=unauthorized, user is blocked (legacy docs wording)."""
    user = frozen.tenant.user(ALICE)
    assert user is not None
    user.blocked = True
    assert query_of(frozen.login(ALICE)) == {
        "error": "unauthorized", "error_description": "user is blocked",
    }  # fmt: skip


def test_third_party_code_flow_requires_pkce(frozen: Sandbox) -> None:
    """§2.4: PKCE is mandatory for third-party applications [inferred wording]."""
    frozen.application("spa").is_first_party = False
    assert query_of(frozen.login(ALICE, state="t")) == {
        "error": "invalid_request",
        "error_description": "code_challenge is required for third-party applications",
        "state": "t",
    }
    _, challenge = pkce()
    assert "code" in query_of(frozen.login(ALICE, code_challenge=challenge,
                                           code_challenge_method="S256"))  # fmt: skip
