"""private_key_jwt client authentication against the sandbox (Auth0: private key JWT)."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth0_explore.client import Tenant
from auth0_explore.client.auth import client_assertion
from auth0_explore.config import Credentials, TenantConnection
from auth0_explore.errors import OAuthError
from auth0_explore.sandbox import Sandbox
from auth0_explore.secrets import MASK, Secret
from tests.client.conftest import RS256_API, T0

CUSTOM = "login.example.com"


def _pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.mark.parametrize("hostnames", [False, True], ids=["loopback", "hostnames"])
@pytest.mark.parametrize("domain", [None, CUSTOM], ids=["canonical", "custom-domain"])
def test_a_key_client_gets_tokens_with_signed_assertions(
    full_sandbox: Sandbox, hostnames: bool, domain: str | None
) -> None:
    """The m2m-jwt app signs an assertion per request (fresh jti); the record masks it."""
    with Tenant.from_sandbox(
        full_sandbox, application="m2m-jwt", hostnames=hostnames, domain=domain
    ) as tenant:
        assert tenant.connection.credentials is not None
        assert tenant.connection.credentials.auth_method == "private_key_jwt"
        first = tenant.client_credentials(RS256_API, cache=False)
        second = tenant.client_credentials(RS256_API, cache=False)  # a reused jti would fail
    for result in (first, second):
        assert result.request.auth_method == "private_key_jwt"
        assert result.request.params["client_assertion"] == MASK
        assert "client_secret" not in result.request.params
        assert result.validation.valid


def test_an_assertion_signed_with_another_key_is_a_401_tried_once(full_sandbox: Sandbox) -> None:
    """A key the application never registered: 401, one attempt."""
    client_id = full_sandbox.application("m2m-jwt").client_id
    stranger = _pem(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    connection = TenantConnection.from_values(
        full_sandbox.base_url, client_id, signing_key=stranger
    )
    with Tenant(connection, clock=full_sandbox.clock) as tenant, pytest.raises(OAuthError) as info:
        tenant.client_credentials(RS256_API)
    assert (info.value.status, info.value.attempts) == (401, 1)


def test_the_assertion_carries_auth0s_claims() -> None:
    """iss = sub = client id, aud = the tenant's base URL, one-minute lifetime, kid, fresh jti."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def make() -> str:
        return client_assertion(
            "cid", Secret(_pem(key)), audience="https://t.example/", now=T0, kid="k1"
        )

    token, again = make(), make()
    claims = jwt.decode(
        token, key.public_key(), algorithms=["RS256"], audience="https://t.example/",
        options={"verify_exp": False, "verify_iat": False},
    )  # fmt: skip
    assert (claims["iss"], claims["sub"], claims["aud"]) == ("cid", "cid", "https://t.example/")
    assert claims["exp"] - claims["iat"] == 60
    assert jwt.get_unverified_header(token)["kid"] == "k1"
    assert jwt.decode(again, options={"verify_signature": False})["jti"] != claims["jti"]


def test_credentials_with_a_key_default_to_private_key_jwt_and_hide_it() -> None:
    """A key and no secret means private_key_jwt; the key shows only as the mask."""
    key = "-----BEGIN PRIVATE KEY-----secret-----"
    creds = Credentials("cid", signing_key=key)  # type: ignore[arg-type]  # a str is wrapped at run time
    assert creds.auth_method == "private_key_jwt"
    assert "secret-----" not in repr(creds)
    assert Credentials("cid", Secret("s")).auth_method == "client_secret_post"
