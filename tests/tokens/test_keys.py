"""KeySet: strict JWK parsing, lookups by kid, what the JWKS cache relies on."""

from __future__ import annotations

import contextlib
import json
import random
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.secrets import Secret
from auth0_explore.tokens import KeySet
from auth0_explore.tokens.jwk import has_roca_fingerprint


def reason(call: Any) -> str:
    with pytest.raises(TokenError) as caught:
        call()
    return caught.value.reason


def test_kids_and_membership_let_a_cache_decide_to_refetch(
    rsa_jwk: dict[str, Any], ec_jwk: dict[str, Any]
) -> None:
    """`kids` and `in` say which kids are present; a miss is an unknown_kid."""
    keys = KeySet.from_jwks({"keys": [rsa_jwk, ec_jwk]})
    assert keys.kids == {"rsa-1", "ec-1"}
    assert "rsa-1" in keys
    assert "next-key" not in keys
    assert 7 not in keys
    assert len(keys) == 2
    assert keys.find("rsa-1").algorithms == {"RS256"}
    assert reason(lambda: keys.find("next-key")) == "unknown_kid"


def test_json_text_is_accepted(rsa_jwk: dict[str, Any]) -> None:
    """The JWKS document may be given as its JSON text."""
    assert KeySet.from_jwks(json.dumps({"keys": [rsa_jwk]})).kids == {"rsa-1"}


@pytest.mark.parametrize(
    "document",
    ["not json", "[]", '{"keys": {}}', "{}", b"\xff", '{"keys": "x"}'],
    ids=["not-json", "array", "keys-object", "no-keys", "bytes-not-utf8", "keys-string"],
)
def test_a_document_that_is_not_a_jwks_is_malformed(document: str | bytes) -> None:
    """Anything but an object with a keys array is refused as malformed."""
    assert reason(lambda: KeySet.from_jwks(document)) == "malformed"


@pytest.mark.parametrize(
    ("changes", "reason_code"),
    [
        ({"kid": 5}, "malformed"),
        ({"kty": None}, "malformed"),
        ({"kty": "OKP"}, "malformed"),
        ({"n": "AQAB="}, "malformed"),
        ({"n": 12345}, "malformed"),
        ({"e": "AQ"}, "weak_key"),
        ({"e": "Ag"}, "weak_key"),
        ({"d": "AQAB"}, "malformed"),
        ({"use": "enc"}, "key_not_for_signing"),
        ({"alg": "HS256"}, "key_not_for_signing"),
    ],
    ids=[
        "integer-kid", "no-kty", "unsupported-kty", "padded-modulus", "numeric-modulus",
        "exponent-one", "even-exponent", "private-member", "use-enc", "hmac-alg-on-rsa",
    ],
)  # fmt: skip
def test_an_unusable_jwk_stays_in_the_set_with_its_problem(
    changes: dict[str, Any], reason_code: str, rsa_jwk: dict[str, Any]
) -> None:
    """A bad key does not break the set; it carries its reason, so lookups report it."""
    jwk = {k: v for k, v in {**rsa_jwk, **changes}.items() if v is not None}
    keys = KeySet.from_jwks({"keys": [jwk, {"kty": "RSA"}]})
    problems = [key.problem[0] for key in keys.keys if key.problem]
    assert problems[0] == reason_code
    if isinstance(jwk.get("kid"), str):
        assert reason(lambda: keys.find("rsa-1")) == reason_code


def test_duplicate_kids_are_ambiguous(rsa_jwk: dict[str, Any]) -> None:
    """Two keys with one kid cannot be told apart."""
    keys = KeySet.from_jwks({"keys": [rsa_jwk, rsa_jwk]})
    assert reason(lambda: keys.find("rsa-1")) == "ambiguous_kid"


def test_secret_keys_are_refused_from_a_published_jwks() -> None:
    """A published JWKS never holds an HMAC secret; it must be allowed explicitly."""
    jwk = {"kty": "oct", "kid": "h", "k": "A" * 43}
    assert reason(lambda: KeySet.from_jwks({"keys": [jwk]}).find("h")) == "key_not_for_signing"
    assert KeySet.from_jwks({"keys": [jwk]}, allow_symmetric=True).find("h").kty == "oct"


def test_a_set_may_not_mix_secret_and_public_keys(rsa_jwk: dict[str, Any]) -> None:
    """Mixing families invites algorithm confusion: refused."""
    jwks = {"keys": [rsa_jwk, {"kty": "oct", "kid": "h", "k": "A" * 43}]}
    assert reason(lambda: KeySet.from_jwks(jwks, allow_symmetric=True)) == "malformed"


def test_ordinary_keys_do_not_have_the_roca_fingerprint(
    rsa_key: rsa.RSAPrivateKey, attacker_key: rsa.RSAPrivateKey
) -> None:
    """Freshly generated keys are not flagged (Wycheproof's ROCA key is, in test_wycheproof)."""
    for key in (rsa_key, attacker_key):
        assert not has_roca_fingerprint(key.public_key().public_numbers().n)


def test_from_secret_accepts_text_bytes_and_secret() -> None:
    """An HMAC secret may be text, bytes or a masked Secret; repr never shows it."""
    value = "x" * 40
    for secret in (value, value.encode(), Secret(value)):
        keys = KeySet.from_secret(secret, alg="HS256", kid="api")
        assert keys.find("api").algorithms == {"HS256"}
        assert value not in repr(keys) + repr(keys.keys)
    assert reason(lambda: KeySet.from_secret(value, alg="RS256")) == "alg_not_allowed"
    assert reason(lambda: KeySet.from_secret("x" * 40, alg="HS512")) == "weak_key"
    for wrong in (None, 5, ["x" * 40]):
        with pytest.raises(ConfigError):
            KeySet.from_secret(wrong)  # type: ignore[arg-type]


def test_an_empty_set_has_no_key() -> None:
    """With no usable key, a token without kid finds nothing."""
    assert reason(lambda: KeySet([]).find(None)) == "unknown_kid"


def test_repr_is_short(rsa_key: rsa.RSAPrivateKey) -> None:
    """repr lists kids, not key material."""
    jwk = RSAAlgorithm.to_jwk(rsa_key.public_key(), as_dict=True)
    keys = KeySet.from_jwks({"keys": [{**jwk, "kid": f"k{i}"} for i in range(8)]})
    text = repr(keys)
    assert text.startswith("KeySet(8 keys")
    assert jwk["n"][:20] not in text


def test_hostile_jwks_documents_give_a_key_set_or_a_token_error(rsa_jwk: dict[str, Any]) -> None:
    """Whatever a JWKS endpoint returns, from_jwks builds a set or raises TokenError."""
    rng = random.Random(11)  # noqa: S311 - reproducible test data
    values: list[Any] = [
        None, True, 0, -1, 2**80, 1.5, "", "AQAB", "A", "AA=", "+/", "é", [], {}, ["verify"],
        {"a": 1}, "x" * 500, rsa_jwk["n"], "P-256", "P-384", "P-521", "secp256k1",
        "RSA", "EC", "oct", "OKP", "sig", "enc", "RS256", "ES256", "HS256", "none",
    ]  # fmt: skip
    members = ["kty", "kid", "use", "key_ops", "alg", "n", "e", "crv", "x", "y", "k", "d", "x5c"]
    for _ in range(1500):
        jwk = dict(rsa_jwk) if rng.random() < 0.5 else {}
        for name in rng.sample(members, k=rng.randint(1, 6)):
            jwk[name] = rng.choice(values)
        document: Any = {"keys": [jwk, rng.choice(values)]} if rng.random() < 0.9 else jwk
        try:
            keys = KeySet.from_jwks(document, allow_symmetric=rng.random() < 0.5)
        except TokenError:
            continue
        for kid in (None, jwk.get("kid"), "rsa-1"):
            with contextlib.suppress(TokenError):
                keys.find(kid)
        repr(keys)


def test_no_kid_needs_a_single_key_even_when_the_others_are_refused(
    rsa_jwk: dict[str, Any],
) -> None:
    """Issue 10 finding 5: one usable key beside a weak one is no licence to skip `kid`.

    A key set with more than one key, usable or not, needs a `kid` match; the reason says so.
    """
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 - on purpose
    weak_jwk = RSAAlgorithm.to_jwk(weak.public_key(), as_dict=True) | {"kid": "weak"}
    keys = KeySet.from_jwks({"keys": [rsa_jwk, weak_jwk]})
    with pytest.raises(TokenError) as caught:
        keys.find(None)
    assert caught.value.reason == "ambiguous_kid"
    assert "2 keys" in caught.value.message
    assert "kid" in caught.value.message
