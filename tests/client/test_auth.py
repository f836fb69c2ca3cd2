"""Grant parameters, PKCE and the /authorize round trip, as data."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from auth0_explore.client.auth import (
    authorization_code_params,
    build_authorization_request,
    client_credentials_params,
    code_from_redirect,
    form_with_client,
    pkce_challenge,
)
from auth0_explore.client.results import mask_params
from auth0_explore.errors import ConfigError, OAuthError
from auth0_explore.secrets import MASK, Secret

CANARY = "canary-secret-0123456789abcdef"


def test_pkce_challenge_matches_rfc_7636_appendix_b() -> None:
    """The S256 challenge of the RFC's example verifier is the RFC's example challenge."""
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"audience": None}, {"grant_type": "client_credentials"}),
        (
            {"audience": "https://api/", "scope": "read:a", "organization": "org_1"},
            {
                "grant_type": "client_credentials",
                "audience": "https://api/",
                "scope": "read:a",
                "organization": "org_1",
            },
        ),
        (
            {"audience": None, "resource": "https://api/"},
            {"grant_type": "client_credentials", "resource": "https://api/"},
        ),
    ],
    ids=["no-audience", "every-parameter", "resource"],
)
def test_client_credentials_sends_only_the_parameters_given(
    kwargs: dict[str, str | None], expected: dict[str, str]
) -> None:
    """An omitted audience is omitted (default-audience case), not sent empty."""
    assert client_credentials_params(**kwargs) == expected


def test_client_authentication_in_body_basic_or_none() -> None:
    """post puts id and secret in the body; basic sends them as a pair; none sends only the id."""
    params = {"grant_type": "client_credentials"}
    secret = Secret(CANARY)
    assert form_with_client(params, "cid", secret, "client_secret_post") == (
        {"grant_type": "client_credentials", "client_id": "cid", "client_secret": CANARY},
        None,
    )
    assert form_with_client(params, "cid", secret, "client_secret_basic") == (
        params,
        ("cid", CANARY),
    )
    assert form_with_client(params, "cid", None, "none") == ({**params, "client_id": "cid"}, None)
    with pytest.raises(ConfigError, match="AUTH0_CLIENT_SECRET"):
        form_with_client(params, "cid", None, "client_secret_post")


def test_masked_params_hide_secrets_and_fingerprint_tokens() -> None:
    """Secrets show as the mask, codes and tokens as fingerprints, the rest as sent."""
    shown = mask_params(
        {"client_secret": CANARY, "password": CANARY, "refresh_token": "v1.Mabc", "audience": "a"}
    )
    assert shown["client_secret"] == shown["password"] == MASK
    assert shown["refresh_token"].startswith("sha256:")
    assert shown["audience"] == "a"


def test_authorization_url_carries_pkce_state_nonce_and_audience() -> None:
    """The /authorize URL has S256 PKCE, state, nonce, and the audience and organization given."""
    request = build_authorization_request(
        "https://dev-x.us.auth0.com/",
        "cid",
        "http://localhost:3000/callback",
        audience="https://api/",
        organization="org_1",
    )
    url = urlsplit(request.url)
    assert (url.scheme, url.netloc, url.path) == ("https", "dev-x.us.auth0.com", "/authorize")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["response_type"] == "code"
    assert query["code_challenge"] == pkce_challenge(request.code_verifier.reveal())
    assert query["code_challenge_method"] == "S256"
    assert (query["state"], query["nonce"]) == (request.state, request.nonce)
    assert (query["audience"], query["organization"]) == ("https://api/", "org_1")
    assert request.code_verifier.reveal() not in repr(request)
    assert 43 <= len(request.code_verifier.reveal()) <= 128


def test_pasted_redirect_gives_the_code_and_the_exchange_sends_the_verifier() -> None:
    """The code comes out of the pasted URL; the exchange carries redirect_uri and verifier."""
    request = build_authorization_request("https://t/", "cid", "http://localhost:3000/cb")
    code = code_from_redirect(
        request, f"http://localhost:3000/cb?code=abc123&state={request.state}"
    )
    assert code == "abc123"
    assert authorization_code_params(request, code) == {
        "grant_type": "authorization_code",
        "code": "abc123",
        "redirect_uri": "http://localhost:3000/cb",
        "code_verifier": request.code_verifier.reveal(),
    }


@pytest.mark.parametrize(
    ("suffix", "error", "match"),
    [
        ("?code=abc&state=WRONG", ConfigError, "state does not match"),
        ("?state=STATE", ConfigError, "no code"),
        (
            "?error=access_denied&error_description=Service%20not%20found%3A%20x&state=STATE",
            OAuthError,
            "Service not found: x",
        ),
    ],
    ids=["state-mismatch", "no-code", "error-by-redirect"],
)
def test_bad_redirects_are_refused_with_what_to_do(suffix: str, error: type, match: str) -> None:
    """A wrong state, a missing code and an error delivered by redirect each raise clearly."""
    request = build_authorization_request("https://t/", "cid", "http://localhost:3000/cb")
    with pytest.raises(error, match=match):
        code_from_redirect(
            request, "http://localhost:3000/cb" + suffix.replace("STATE", request.state)
        )


def test_a_url_for_another_redirect_uri_is_refused() -> None:
    """Pasting some other page's URL is caught before any exchange."""
    request = build_authorization_request("https://t/", "cid", "http://localhost:3000/cb")
    with pytest.raises(ConfigError, match="redirect URI"):
        code_from_redirect(request, f"https://evil.example/cb?code=x&state={request.state}")
