"""ID tokens (Auth0: §4): claims and their order, lifetime, signing per client, SDK verification."""

from __future__ import annotations

import jwt
import pytest
from auth0.authentication.token_verifier import (
    AsymmetricSignatureVerifier,
    SymmetricSignatureVerifier,
    TokenVerifier,
)

from auth0_explore.sandbox import Sandbox
from tests.sandbox.flows import ALICE, BOB, claims, code_login, fragment_of


def test_code_flow_id_token_claim_order(plain: Sandbox) -> None:
    """Profile, email, iss, aud (client id), iat, exp (+36000), sub, sid, nonce."""
    body = code_login(plain, BOB, scope="openid profile email", nonce="abc").json()
    header = jwt.get_unverified_header(body["id_token"])
    assert list(header) == ["alg", "typ", "kid"]
    got = claims(body["id_token"])
    assert list(got) == [
        "nickname", "name", "picture", "updated_at", "email", "email_verified", "iss", "aud",
        "iat", "exp", "sub", "sid", "nonce",
    ]  # fmt: skip
    assert got["aud"] == plain.application("spa").client_id
    assert got["exp"] - got["iat"] == 36000
    assert got["nonce"] == "abc"
    assert "at_hash" not in got  # Emulation.at_hash_from_token_endpoint is off [inferred]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [("openid", []), ("openid email", ["email", "email_verified"])],
    ids=["openid-only", "email-only"],
)
def test_scopes_decide_the_profile_claims(plain: Sandbox, scope: str, expected: list[str]) -> None:
    """Only the claims the OIDC scopes release precede iss."""
    got = claims(code_login(plain, BOB, scope=scope).json()["id_token"])
    assert list(got)[: list(got).index("iss")] == expected


def test_client_jwt_configuration_sets_lifetime_and_hs256(frozen: Sandbox) -> None:
    """lifetime_in_seconds and alg HS256 (signed with the client secret, no kid)."""
    spa = frozen.application("spa")
    spa.jwt_configuration.lifetime_in_seconds, spa.jwt_configuration.alg = 600, "HS256"
    token = code_login(frozen, ALICE, scope="openid").json()["id_token"]
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    assert spa.client_secret is not None
    secret = spa.client_secret.reveal()
    got = jwt.decode(token, secret, algorithms=["HS256"], audience=spa.client_id,
                     options={"verify_exp": False, "verify_iat": False})  # fmt: skip
    assert got["exp"] - got["iat"] == 600
    verifier = TokenVerifier(SymmetricSignatureVerifier(secret), frozen.base_url, spa.client_id)
    verifier._clock = frozen.clock.now()
    assert verifier.verify(token)["sub"] == got["sub"]


def test_auth0_python_token_verifier_accepts_a_sandbox_id_token(full: Sandbox) -> None:
    """auth0-python TokenVerifier + AsymmetricSignatureVerifier(jwks_url) on the sandbox."""
    spa = full.application("spa")
    url = full.login(ALICE, response_type="id_token", nonce="n-1", max_age="300",
                     scope="openid profile email")  # fmt: skip
    token = fragment_of(url)["id_token"]
    verifier = TokenVerifier(
        signature_verifier=AsymmetricSignatureVerifier(f"{full.base_url}.well-known/jwks.json"),
        issuer=full.base_url,
        audience=spa.client_id,
    )
    payload = verifier.verify(token, nonce="n-1", max_age=300)
    assert payload["email"] == ALICE
    assert isinstance(payload["auth_time"], int)


def test_organization_claims_in_the_id_token(frozen: Sandbox) -> None:
    """org_id, and org_name when names are allowed in the Authentication API."""
    frozen.application("spa").organization_usage = "allow"
    frozen.tenant.settings.allow_organization_name_in_authentication_api = True
    url = frozen.login(ALICE, organization="acme", response_type="id_token", nonce="n",
                       scope="openid")  # fmt: skip
    got = claims(fragment_of(url)["id_token"])
    org = frozen.tenant.organization("acme")
    assert org is not None
    assert (got["org_id"], got["org_name"]) == (org.id, "acme")
    verifier = TokenVerifier(
        AsymmetricSignatureVerifier(f"{frozen.base_url}.well-known/jwks.json"),
        frozen.base_url, frozen.application("spa").client_id,
    )  # fmt: skip
    verifier._clock = frozen.clock.now()
    assert verifier.verify(fragment_of(url)["id_token"], nonce="n", organization="acme")
