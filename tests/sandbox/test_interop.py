"""Independent clients against the sandbox: curl, auth0-python, three JOSE verifiers."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from typing import Any

import jwt
import pytest
import requests
from auth0.authentication import GetToken
from auth0.authentication.exceptions import Auth0Error
from joserfc import jwt as joserfc_jwt
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import KeySet
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jwt as jwcrypto_jwt
from jwcrypto.jwt import JWTMissingKey

from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import post_token

RS256 = "https://api.sandbox.example/"


def test_auth0_docs_curl_request(full: Sandbox) -> None:
    """The Auth0 docs' own curl command, run with the real curl binary, gets a token."""
    app = full.application("m2m")
    assert app.client_secret is not None
    command = [
        "curl", "--silent", "--show-error", "--request", "POST",
        "--url", f"{full.base_url}oauth/token",
        "--header", "content-type: application/x-www-form-urlencoded",
        "--data", "grant_type=client_credentials",
        "--data", f"client_id={app.client_id}",
        "--data", f"client_secret={app.client_secret.reveal()}",
        "--data", f"audience={RS256}",
    ]  # fmt: skip
    out = subprocess.run(command, check=True, capture_output=True, text=True, timeout=30).stdout
    body = json.loads(out)
    assert list(body) == ["access_token", "expires_in", "scope", "token_type"]
    assert (body["token_type"], body["expires_in"]) == ("Bearer", 86400)
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["aud"] == RS256


def _domain_of(sb: Sandbox) -> str:
    return sb.base_url.removeprefix("http://").rstrip("/")


def test_auth0_python_get_token_client_credentials(full: Sandbox) -> None:
    """auth0-python's GetToken.client_credentials works with protocol="http"."""
    app = full.application("m2m")
    assert app.client_secret is not None
    client = GetToken(
        _domain_of(full), app.client_id, client_secret=app.client_secret.reveal(), protocol="http"
    )
    body = client.client_credentials(RS256)
    assert body["token_type"] == "Bearer"
    assert jwt.decode(body["access_token"], options={"verify_signature": False})["aud"] == RS256


def test_auth0_python_sees_auth0s_error(full: Sandbox) -> None:
    """auth0-python turns the sandbox's 403 into Auth0Error with Auth0's code and message."""
    app = full.application("m2m")
    assert app.client_secret is not None
    client = GetToken(
        _domain_of(full), app.client_id, client_secret=app.client_secret.reveal(), protocol="http"
    )
    with pytest.raises(Auth0Error) as caught:
        client.client_credentials("https://sample.api.com")
    assert caught.value.status_code == 403
    assert caught.value.error_code == "access_denied"
    assert caught.value.message == "Service not enabled within domain: https://sample.api.com"


def _pyjwt(jwks: dict[str, Any], token: str, issuer: str) -> dict[str, Any]:
    key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token)["kid"]]
    claims: dict[str, Any] = jwt.decode(
        token, key.key, algorithms=["RS256"], audience=RS256, issuer=issuer
    )
    return claims


def _joserfc(jwks: dict[str, Any], token: str, issuer: str) -> dict[str, Any]:
    decoded = joserfc_jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["RS256"])
    joserfc_jwt.JWTClaimsRegistry(iss={"essential": True, "value": issuer}).validate(decoded.claims)
    return dict(decoded.claims)


def _jwcrypto(jwks: dict[str, Any], token: str, issuer: str) -> dict[str, Any]:
    keys = jwcrypto_jwk.JWKSet.from_json(json.dumps(jwks))
    checked = jwcrypto_jwt.JWT(
        jwt=token, key=keys, algs=["RS256"], check_claims={"iss": issuer, "aud": RS256}
    )
    claims: dict[str, Any] = json.loads(checked.claims)
    return claims


Verifier = Callable[[dict[str, Any], str, str], dict[str, Any]]
VERIFIERS: list[tuple[Verifier, type[Exception]]] = [
    (_pyjwt, KeyError),
    (_joserfc, InvalidKeyIdError),
    (_jwcrypto, JWTMissingKey),
]


@pytest.mark.parametrize(("verify", "no_key"), VERIFIERS, ids=["pyjwt", "joserfc", "jwcrypto"])
def test_tokens_verify_against_published_jwks_across_rotation(
    fresh: Sandbox, verify: Verifier, no_key: type[Exception]
) -> None:
    """Tokens from before and after a rotation verify; after revocation the old one does not."""
    before = post_token(fresh, audience=RS256).json()["access_token"]
    jwks = requests.get(f"{fresh.base_url}.well-known/jwks.json", timeout=10).json()
    assert verify(jwks, before, fresh.base_url)["aud"] == RS256
    fresh.rotate_keys()
    after = post_token(fresh, audience=RS256).json()["access_token"]
    jwks = requests.get(f"{fresh.base_url}.well-known/jwks.json", timeout=10).json()
    for token in (before, after):
        assert verify(jwks, token, fresh.base_url)["iss"] == fresh.base_url
    fresh.revoke_previous_key()
    jwks = requests.get(f"{fresh.base_url}.well-known/jwks.json", timeout=10).json()
    assert verify(jwks, after, fresh.base_url)["aud"] == RS256
    with pytest.raises(no_key):
        verify(jwks, before, fresh.base_url)


def test_ps256_tokens_need_a_jwks_without_alg_for_joserfc(frozen: Sandbox) -> None:
    """PS256 tokens share the tenant keys whose JWK says alg RS256: joserfc skips such a key
    (no key for the kid) until remove_alg_from_jwks drops `alg`; PyJWT verifies either way."""
    token = post_token(frozen, audience="https://ps256.sandbox.example/").json()["access_token"]
    url = f"{frozen.base_url}.well-known/jwks.json"
    with pytest.raises(InvalidKeyIdError):
        joserfc_jwt.decode(token, KeySet.import_key_set(requests.get(url, timeout=10).json()),
                           algorithms=["PS256"])  # fmt: skip
    frozen.tenant.settings.remove_alg_from_jwks = True
    jwks = requests.get(url, timeout=10).json()
    decoded = joserfc_jwt.decode(token, KeySet.import_key_set(jwks), algorithms=["PS256"])
    assert decoded.claims["aud"] == "https://ps256.sandbox.example/"
    key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token)["kid"]]
    frozen_time = {"verify_exp": False, "verify_iat": False, "verify_aud": False}
    claims = jwt.decode(token, key.key, algorithms=["PS256"], options=frozen_time)
    assert claims["iss"] == frozen.base_url
