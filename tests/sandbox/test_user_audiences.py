"""The three audience outcomes of a user login (Auth0: §3.1, §3.4, §6, §7), over every domain.

No audience and no default audience: the opaque JWE /userinfo token. A default audience applies
when none is sent. An RS256 API with `openid` gives `aud` = [API, canonical /userinfo]; without
`openid`, or for an HS256 API, a single audience. /userinfo and the Management API audiences
always name the canonical domain.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from auth0_explore.sandbox import Sandbox
from tests.sandbox.flows import (
    CANONICAL,
    CUSTOM,
    HS256,
    RS256,
    USERINFO,
    claims,
    code_login,
    jwe_header,
    pkce,
    query_of,
)

PROFILES = ("plain", "default-audience", "custom-domain", "full")


@pytest.fixture(scope="module")
def sandboxes() -> Iterator[dict[str, Sandbox]]:
    """One running sandbox per profile."""
    started = {name: Sandbox(profile=name).start() for name in PROFILES}
    try:
        yield started
    finally:
        for sb in started.values():
            sb.stop()


CASES = [
    # profile, domain, audience, scope, expected aud (None = opaque token)
    ("plain", CANONICAL, None, "openid profile", None),
    ("custom-domain", CUSTOM, None, "openid profile", None),
    ("default-audience", CANONICAL, None, "openid profile", [RS256, USERINFO]),
    ("full", CUSTOM, None, "openid profile", [RS256, USERINFO]),
    ("default-audience", CANONICAL, None, "read:items", RS256),
    ("plain", CANONICAL, RS256, "openid read:items", [RS256, USERINFO]),
    ("custom-domain", CUSTOM, RS256, "openid read:items", [RS256, USERINFO]),
    ("plain", CANONICAL, RS256, "read:items", RS256),
    ("full", CUSTOM, RS256, "read:items", RS256),
    ("plain", CANONICAL, HS256, "openid read:reports", HS256),
    ("full", CUSTOM, HS256, "openid read:reports", HS256),
    ("plain", CANONICAL, USERINFO, "openid", None),
    ("plain", CANONICAL, f"https://{CANONICAL}/api/v2/", "openid",
     [f"https://{CANONICAL}/api/v2/", USERINFO]),
    ("full", CUSTOM, f"https://{CANONICAL}/api/v2/", "openid",
     [f"https://{CANONICAL}/api/v2/", USERINFO]),
]  # fmt: skip
IDS = [
    "no-audience-opaque", "no-audience-opaque-custom-domain", "default-audience-openid-array",
    "default-audience-custom-domain-array", "default-audience-no-openid-single",
    "rs256-openid-array", "rs256-openid-array-custom-domain", "rs256-no-openid-single",
    "rs256-custom-domain-single", "hs256-openid-single", "hs256-custom-domain-single",
    "userinfo-audience-opaque", "management-api-openid-array",
    "management-api-via-custom-domain-array",
]  # fmt: skip


@pytest.mark.parametrize(("profile", "domain", "audience", "scope", "expected"), CASES, ids=IDS)
def test_login_gives_the_audience_auth0_gives(
    sandboxes: dict[str, Sandbox],
    profile: str,
    domain: str,
    audience: str | None,
    scope: str,
    expected: str | list[str] | None,
) -> None:
    """The access token's shape and `aud` per request, profile and domain; iss = domain used."""
    sb = sandboxes[profile]
    base = sb.domain(domain).base_url
    extra = {"audience": audience} if audience else {}
    response = code_login(sb, base=base, scope=scope, **extra)
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    if expected is None:
        header = jwe_header(token)
        assert header == {"alg": "dir", "enc": "A256GCM", "iss": base}
        assert list(header) == ["alg", "enc", "iss"]
        segments = token.split(".")
        assert len(segments) == 5
        assert segments[1] == ""  # no encrypted key with direct encryption
        assert (len(segments[2]), len(segments[4])) == (16, 22)  # 12-byte IV, 16-byte tag
        assert response.json()["expires_in"] == 86400
    else:
        got = claims(token)
        assert got["aud"] == expected
        assert got["iss"] == base


def test_opaque_header_names_the_custom_domain_when_the_host_does(
    sandboxes: dict[str, Sandbox],
) -> None:
    """Host: login.example.com gives iss https://login.example.com/ in the JWE header (§7)."""
    sb = sandboxes["custom-domain"]
    verifier, challenge = pkce()
    url = sb.login("alice@example.com", domain=CUSTOM, code_challenge=challenge,
                   code_challenge_method="S256", scope="openid")  # fmt: skip
    app = sb.application("spa")
    response = requests.post(
        f"{sb.domain(CUSTOM).base_url}oauth/token",
        data={"grant_type": "authorization_code", "client_id": app.client_id,
              "code": query_of(url)["code"], "code_verifier": verifier,
              "redirect_uri": app.callbacks[0]},
        headers={"Host": CUSTOM},
        timeout=10,
    )  # fmt: skip
    assert response.status_code == 200, response.text
    assert jwe_header(response.json()["access_token"])["iss"] == f"https://{CUSTOM}/"
    assert claims(response.json()["id_token"])["iss"] == f"https://{CUSTOM}/"


@pytest.mark.parametrize(
    "audience",
    [f"https://{CUSTOM}/userinfo", f"https://{CUSTOM}/api/v2/", "https://unknown.example/",
     RS256.rstrip("/")],
    ids=["userinfo-on-custom-domain", "management-api-on-custom-domain", "unknown-api",
         "trailing-slash-missing"],
)  # fmt: skip
def test_authorize_redirects_service_not_found(
    sandboxes: dict[str, Sandbox], audience: str
) -> None:
    """§8.5: an unknown audience comes back to the callback as access_denied, Service not found."""
    url = sandboxes["full"].login("alice@example.com", audience=audience, state="xyz")
    assert query_of(url) == {
        "error": "access_denied",
        "error_description": f"Service not found: {audience}",
        "state": "xyz",
    }
    assert "Service%20not%20found%3A%20" in url


def test_resource_is_the_audience_fallback_under_the_compatibility_profile(
    sandboxes: dict[str, Sandbox],
) -> None:
    """§6: `resource` stands for `audience` (resource_parameter_profile = compatibility)."""
    response = code_login(sandboxes["plain"], resource=RS256, scope="openid read:items")
    assert claims(response.json()["access_token"])["aud"] == [RS256, USERINFO]
