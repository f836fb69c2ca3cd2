"""Hostile input: thousands of mutated and random tokens, and only toolkit results come back.

`validate`, `inspect_token` and `explain` return a result for anything; `decode_unverified` and
`verify` raise `TokenError` and nothing else. Seeds are fixed so a failure reproduces.
"""

from __future__ import annotations

import contextlib
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.errors import TokenError
from auth0_explore.tokens import (
    AUTH0_ACCESS_TOKEN,
    ID_TOKEN,
    RFC9068_ACCESS_TOKEN,
    STRING_AUD_API,
    Expectations,
    KeySet,
    decode_unverified,
    explain,
    inspect_token,
    validate,
    verify,
)
from tests.tokens.forge import API, CLIENT_ID, ISSUER, NOW, Forge, b64, m2m_claims

SECRET = b"k" * 32
KEYS = KeySet.from_secret(SECRET)
CLOCK = FrozenClock(NOW + 10)
ALPHABET = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \n\x00é\ud800{}[]\"'"
)


def _hostile_value(rng: random.Random, depth: int = 0) -> Any:
    choices: list[Any] = [
        None, True, False, 0, -1, 2**63, -(2**63), 10**300, 1e308, -1e308, 0.5, 1e-300,
        "", "x" * rng.randint(0, 200), "\ud800", "1700000000", "NaN", [], {},
        [ISSUER, 7], [API], ISSUER, API, NOW, NOW + 10**9,
    ]  # fmt: skip
    if depth < 3 and rng.random() < 0.2:
        return [_hostile_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 3 and rng.random() < 0.1:
        return {str(rng.random()): _hostile_value(rng, depth + 1)}
    return rng.choice(choices)


def _mutated_claims(rng: random.Random) -> dict[str, Any]:
    claims = m2m_claims()
    for name in rng.sample(
        [*claims, "nbf", "nonce", "client_id", "jti", "org_id"], k=rng.randint(1, 4)
    ):
        claims[name] = _hostile_value(rng)
    return claims


def _tokens(forge: Forge, seed: int) -> Iterator[object]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    valid = forge.token(alg="HS256", key=SECRET)
    for _ in range(250):  # character flips, insertions and deletions of a valid token
        chars = list(valid)
        for _ in range(rng.randint(1, 4)):
            position = rng.randrange(len(chars))
            action = rng.random()
            if action < 0.6:
                chars[position] = rng.choice(ALPHABET)
            elif action < 0.8:
                chars.insert(position, rng.choice(ALPHABET))
            else:
                del chars[position]
        yield "".join(chars)
    for _ in range(80):  # random bytes and text
        data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 120)))
        yield data
        yield data.decode("latin-1")
        yield ".".join(
            b64(bytes(rng.getrandbits(8) for _ in range(9))) for _ in range(rng.randint(1, 6))
        )
    for _ in range(250):  # well-signed tokens whose claims are hostile
        yield forge.token(_mutated_claims(rng), alg="HS256", key=SECRET, kid=None)
    for _ in range(60):  # hostile headers, signed
        header = {"alg": rng.choice(["HS256", "none", "RS256", 7, None, ["HS256"]])}
        header.update({rng.choice(["kid", "typ", "crit", "b64", "jwk"]): _hostile_value(rng)})
        yield forge.token(
            alg="HS256",
            key=SECRET,
            kid=None,
            typ=None,
            raw_header=b64(json.dumps(header, default=str)),
        )
    yield forge.token(raw_payload=b64("[" * 3000 + "]" * 3000), alg="HS256", key=SECRET)
    yield forge.token(raw_payload=b64('{"exp": 1' + "0" * 4400 + "}"), alg="HS256", key=SECRET)
    yield "A" * 17_000
    yield "." * 5000


@pytest.mark.parametrize("seed", [1, 2])
def test_no_raw_exception_escapes(seed: int, forge: Forge) -> None:
    """Every public entry point returns a toolkit result or raises TokenError, for any input."""
    claims_checked = 0
    policies = [
        Expectations(issuers=ISSUER, audience=API, profile=profile, algorithms="HS256",
                     expected_azp="c", nonce="n" if profile is ID_TOKEN else None)
        for profile in (AUTH0_ACCESS_TOKEN, ID_TOKEN, RFC9068_ACCESS_TOKEN)
    ]  # fmt: skip
    strict = Expectations(issuers=ISSUER, audience=API, algorithms="HS256")
    for index, token in enumerate(_tokens(forge, seed)):
        render = index % 4 == 0  # HTML for a sample keeps the test quick under coverage
        for expectations in policies:
            report = validate(token, expectations, keys=KEYS, clock=CLOCK)
            assert report.valid in (True, False)
            claims_checked += report.check("issuer").status != "not run"
            repr(report)
            if render:
                report._repr_html_()
                report.to_records()
        inspection = inspect_token(token, clock=CLOCK)
        repr(inspection)
        explanation = explain(inspection, clock=CLOCK)
        if render:
            inspection._repr_html_()
            explanation._repr_html_()
        with contextlib.suppress(TokenError):
            decode_unverified(token)
        with contextlib.suppress(TokenError):
            verify(token, strict, keys=KEYS, clock=CLOCK)
    assert claims_checked > 450  # the hostile claims really reached the claim checks


def _boundary_tokens(forge: Forge, alg: str = "HS256") -> Iterator[str]:
    """Tokens near every edge of the claim checks: times at the leeway, aud shapes, typ, azp."""
    now = CLOCK.now()
    values: dict[str, list[Any]] = {  # the first value of each list is a valid one
        "exp": [now + 3600, now - 61, now - 60, now - 59, now, now + 0.5, None, 2**60],
        "iat": [now, now + 59, now + 60, now + 61, now + 60.5, None, -(2**60)],
        "nbf": [None, now + 59, now + 60, now + 61, 0],
        "aud": [API, [API], [API, "x"], ["x"], "x", CLIENT_ID, None],
        "iss": [ISSUER, ISSUER.rstrip("/"), None],
        "azp": [CLIENT_ID, "other", None, 5],
        "client_id": [CLIENT_ID, None, "other"],
        "jti": ["j1", None],
        "scope": ["read:things", "read:things write:things", "", None, ["read:things"]],
        "nonce": [None, "n"],
        "sub": ["x", None],
    }
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    for _ in range(500):
        claims = m2m_claims(**{
            name: choices[0] if rng.random() < 0.9 else rng.choice(choices)
            for name, choices in values.items()
        })  # fmt: skip
        typ = rng.choice(["JWT", "jwt", None, "at+jwt", "Application/AT+JWT", "JOSE"])
        if alg == "HS256":
            yield forge.token(claims, alg="HS256", key=SECRET, kid=None, typ=typ)
            continue
        kid = rng.choice(["rsa-1", "rsa-1", "rsa-1", None, "other"])
        token = forge.token(claims, alg="RS256", kid=kid, typ=typ)
        mangle = rng.random()
        if mangle < 0.05:  # another payload under the same signature
            header, _, signature = token.split(".")
            token = f"{header}.{b64(m2m_claims(scope='admin'))}.{signature}"
        elif mangle < 0.08:  # a shortened signature
            token = token[:-4]
        yield token


@pytest.fixture(scope="module")
def rsa_corpus(forge: Forge) -> list[str]:
    """RS256 tokens near every edge, signed once for all the agreement runs."""
    return list(_boundary_tokens(forge, "RS256"))


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"required_scopes": ["read:things"], "expected_azp": CLIENT_ID},
        {"leeway": 0},
        {"profile": RFC9068_ACCESS_TOKEN, "expected_azp": CLIENT_ID},
        {"profile": STRING_AUD_API},
    ],
    ids=["defaults", "scopes-and-client", "no-leeway", "rfc9068", "string-aud"],
)
@pytest.mark.parametrize("signer", ["HS256", "RS256"])
def test_verify_and_validate_always_agree(
    signer: str, options: dict[str, Any], forge: Forge, keys: KeySet, rsa_corpus: list[str]
) -> None:
    """The strict helper raises exactly the reason the full report gives first."""
    agreed = 0
    if signer == "HS256":
        hostile = list(_tokens(forge, 3)) if not options else []  # once is enough for junk
        corpus, key_set = [*hostile, *_boundary_tokens(forge)], KEYS
    else:
        corpus, key_set = rsa_corpus, keys
    expectations = Expectations(issuers=ISSUER, audience=API, algorithms=signer, **options)
    for token in corpus:
        report = validate(token, expectations, keys=key_set, clock=CLOCK)
        try:
            verify(token, expectations, keys=key_set, clock=CLOCK)
        except TokenError as error:
            outcome = error.reason
        else:
            outcome = ""
        assert outcome == report.reason, (outcome, report.failures)
        agreed += report.valid
    assert agreed > 10  # some hostile-claim tokens are still valid: both paths accepted them
