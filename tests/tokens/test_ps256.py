"""PS256 with a key published for RS256 (issue 10): allowed when the caller names PS256, and only
within RSA; never across key types, never towards HMAC, never to another hash."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth0_explore.errors import TokenError
from auth0_explore.tokens import Expectations, KeySet, verify
from tests.tokens.forge import API, ISSUER, Forge

Check = Any


def test_a_ps256_token_verifies_with_an_rs256_published_key_when_ps256_is_allowed(
    forge: Forge, check: Check
) -> None:
    """Auth0 publishes its keys as RS256 and signs PS256 APIs' tokens with them."""
    report = check(forge.token(alg="PS256"), algorithms=["PS256"])
    assert report.valid, report.failures
    key = report.check("key")
    assert "published for RS256 and used for PS256" in key.explanation
    assert "allow-list names PS256" in key.explanation


def test_both_rsa_paddings_verify_when_both_are_allowed(forge: Forge, check: Check) -> None:
    """An API moving from RS256 to PS256 can accept both while its tokens change over."""
    for alg in ("RS256", "PS256"):
        assert check(forge.token(alg=alg), algorithms=["RS256", "PS256"]).valid


def test_without_ps256_in_the_allow_list_the_token_is_refused(forge: Forge, check: Check) -> None:
    """The caller must name PS256: the profile's default allow-list is RS256 only."""
    report = check(forge.token(alg="PS256"))
    assert report.reason == "alg_not_allowed"
    assert report.check("algorithm").status == "failed"


def test_a_bad_ps256_signature_is_still_refused(
    forge: Forge, check: Check, attacker_key: rsa.RSAPrivateKey
) -> None:
    """The relaxation is about which padding the key may verify, not about verifying less."""
    report = check(forge.token(alg="PS256", key=attacker_key), algorithms=["PS256"])
    assert report.reason == "bad_signature"


def test_another_hash_is_not_the_same_key_use(forge: Forge, check: Check) -> None:
    """A key published for RS256 verifies PS256, not PS384 or PS512."""
    for alg in ("PS384", "PS512"):
        report = check(forge.token(alg=alg), algorithms=[alg])
        assert report.reason == "alg_not_allowed", alg
        assert "verifies RS256 only" in report.check("key").explanation


def test_a_key_published_for_ps256_does_not_verify_rs256(
    forge: Forge, check: Check, rsa_jwk: dict[str, Any]
) -> None:
    """The exception runs one way: RSxxx-published keys may verify PSxxx, not the reverse."""
    keys = KeySet.from_jwks({"keys": [{**rsa_jwk, "alg": "PS256"}]})
    assert check(forge.token(alg="RS256"), keys=keys, algorithms=["RS256"]).reason == (
        "alg_not_allowed"
    )


@pytest.mark.parametrize("alg", ["HS256", "ES256"])
def test_never_across_key_types_nor_towards_hmac(
    alg: str, forge: Forge, check: Check, rsa_key: rsa.RSAPrivateKey
) -> None:
    """An RSA key never verifies HS256 (its public key as the secret) nor ES256."""
    public = rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = forge.token(alg=alg, key=public if alg == "HS256" else None)
    report = check(token, algorithms=[alg, "PS256"])
    assert report.reason == "alg_not_allowed"
    assert report.check("key").status == "failed"


def test_verify_agrees(forge: Forge, keys: KeySet, clock: Any) -> None:
    """The strict helper accepts and refuses exactly the same."""
    allowed = Expectations(issuers=ISSUER, audience=API, algorithms="PS256")
    assert verify(forge.token(alg="PS256"), allowed, keys=keys, clock=clock)["aud"] == API
    with pytest.raises(TokenError) as caught:
        verify(forge.token(alg="PS384"), allowed, keys=keys, clock=clock)
    assert caught.value.reason == "alg_not_allowed"
