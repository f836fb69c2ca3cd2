"""POST /oauth/revoke and GET /v2/logout (Auth0: §8.4, §8.6, §2.5)."""

from __future__ import annotations

import html

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.flows import client_auth, code_login, post_token, query_of


def _revoke(sb: Sandbox, client: str = "web", **form: str) -> requests.Response:
    data = {**client_auth(sb, client), **form}
    return requests.post(f"{sb.base_url}oauth/revoke", data=data, timeout=10)


def _refresh_token(sb: Sandbox, client: str = "web") -> str:
    body = code_login(sb, client=client, scope="openid offline_access").json()
    token: str = body["refresh_token"]
    return token


def _refresh(sb: Sandbox, token: str, client: str = "web") -> int:
    response = post_token(sb, grant_type="refresh_token", refresh_token=token,
                          **client_auth(sb, client))  # fmt: skip
    return response.status_code


def test_revoke_answers_200_with_an_empty_body_and_the_token_stops_working(
    plain: Sandbox,
) -> None:
    """§8.4: 200, empty body; the refresh token is then refused."""
    token = _refresh_token(plain)
    response = _revoke(plain, token=token)
    assert (response.status_code, response.content) == (200, b"")
    assert _refresh(plain, token) == 403


def test_revoke_is_200_for_unknown_tokens_too(plain: Sandbox) -> None:
    """§8.4: unknown or already revoked tokens get the same empty 200."""
    assert (_revoke(plain, token="v1.Mnope").status_code, _revoke(plain, token="x").content) == (
        200, b"",
    )  # fmt: skip


def test_revoking_a_rotating_token_revokes_its_family(plain: Sandbox) -> None:
    """A SPA's rotated descendant dies with the token it came from."""
    first = _refresh_token(plain, "spa")
    second = post_token(plain, grant_type="refresh_token", refresh_token=first,
                        **client_auth(plain, "spa")).json()["refresh_token"]  # fmt: skip
    assert _revoke(plain, "spa", token=first).status_code == 200
    assert _refresh(plain, second, "spa") == 403


def test_revoke_refresh_token_grant_flag_revokes_every_token_of_the_grant(
    frozen: Sandbox,
) -> None:
    """flags.revoke_refresh_token_grant: all tokens of the same user, client and API go."""
    frozen.tenant.settings.revoke_refresh_token_grant = True
    one, two = _refresh_token(frozen), _refresh_token(frozen)
    assert _revoke(frozen, token=one).status_code == 200
    assert _refresh(frozen, two) == 403


@pytest.mark.parametrize(
    ("form", "expected"),
    [({"token": ""}, (400, "invalid_request", "Missing required parameter: token")),
     ({"token": "x", "client_secret": "wrong"},
      (401, "invalid_client", "Client authentication failed"))],
    ids=["missing-token", "wrong-secret"],
)  # fmt: skip
def test_revoke_errors(
    plain: Sandbox, form: dict[str, str], expected: tuple[int, str, str]
) -> None:
    """§8.4: 400 invalid_request for a missing token, 401 invalid_client for bad credentials."""
    response = _revoke(plain, **form)
    body = response.json()
    assert (response.status_code, body["error"], body["error_description"]) == expected


def test_logout_redirects_to_an_allowed_return_to_and_ends_the_session(plain: Sandbox) -> None:
    """§8.6: returnTo in the client's list (path exact, host any case); session gone."""
    spa = plain.application("spa")
    with requests.Session() as browser:
        login = browser.post(
            f"{plain.base_url}u/login",
            data={"client_id": spa.client_id, "response_type": "code",
                  "redirect_uri": spa.callbacks[0], "username": "bob@example.com",
                  "password": "bob-Sandbox-1"},
            allow_redirects=False, timeout=10,
        )  # fmt: skip
        assert login.status_code == 302
        out = browser.get(
            f"{plain.base_url}v2/logout",
            params={"client_id": spa.client_id, "returnTo": "http://LOCALHOST:5173/?bye=1"},
            allow_redirects=False, timeout=10,
        )  # fmt: skip
        assert out.status_code == 302
        assert out.headers["Location"].lower() == "http://localhost:5173/?bye=1"
        again = browser.get(
            f"{plain.base_url}authorize",
            params={"client_id": spa.client_id, "response_type": "code",
                    "redirect_uri": spa.callbacks[0], "prompt": "none"},
            allow_redirects=False, timeout=10,
        )  # fmt: skip
        assert query_of(again.headers["Location"])["error"] == "login_required"


def _get_logout(sb: Sandbox, path: str, params: dict[str, str]) -> requests.Response:
    """GET a logout route; a "client" entry becomes that application's client_id."""
    query = {k: v for k, v in params.items() if k != "client"}
    if "client" in params:
        query["client_id"] = sb.application(params["client"]).client_id
    return requests.get(f"{sb.base_url}{path}", params=query, allow_redirects=False, timeout=10)


@pytest.mark.parametrize(
    ("params", "status", "location"),
    [({"client": "spa"}, 302, "http://localhost:5173/"),
     ({"returnTo": "http://localhost:3000/"}, 302, "http://localhost:3000/"),
     ({"client": "spa", "returnTo": "http://localhost:5173/Other"}, 400, None),
     ({"returnTo": "https://evil.example/"}, 400, None)],
    ids=["client-default-first-url", "tenant-list", "path-is-case-sensitive", "not-allowed"],
)  # fmt: skip
def test_logout_return_to_rules(
    plain: Sandbox, params: dict[str, str], status: int, location: str | None
) -> None:
    """§8.6: client list with client_id, tenant list without; a refused URL is an error page."""
    response = _get_logout(plain, "v2/logout", params)
    assert response.status_code == status
    assert response.headers.get("Location") == location
    if status == 400:
        text = html.unescape(response.text)
        assert 'is not defined as a valid URL in "Allowed Logout URLs"' in text


def test_oidc_logout_with_an_id_token_hint_goes_back_with_state(plain: Sandbox) -> None:
    """§8.6 /oidc/logout: the hint names the client; post_logout_redirect_uri checked; state."""
    id_token = code_login(plain, scope="openid").json()["id_token"]
    response = requests.get(
        f"{plain.base_url}oidc/logout",
        params={"id_token_hint": id_token, "post_logout_redirect_uri": "http://localhost:5173/",
                "state": "bye 1"},
        allow_redirects=False, timeout=10,
    )  # fmt: skip
    assert (response.status_code, response.headers["Location"]) == (
        302, "http://localhost:5173/?state=bye%201",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("params", "text"),
    [({"id_token_hint": "not-a-jwt"}, "not a valid ID token"),
     ({"post_logout_redirect_uri": "http://localhost:5173/"}, "needs client_id or id_token_hint"),
     ({"client": "spa", "post_logout_redirect_uri": "https://evil.example/"},
      "is not defined as a valid URL")],
    ids=["bad-hint", "no-client", "not-allowed"],
)  # fmt: skip
def test_oidc_logout_refusals_show_an_error_page(
    plain: Sandbox, params: dict[str, str], text: str
) -> None:
    """Refused requests get a 400 page and no redirect [inferred wordings]."""
    response = _get_logout(plain, "oidc/logout", params)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert text in html.unescape(response.text)
