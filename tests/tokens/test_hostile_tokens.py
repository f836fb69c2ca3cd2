"""Hostile tokens, property-based (issue 10): mutations of valid sandbox tokens.

Tokens come from a running sandbox (RS256 and PS256 APIs) with its published JWKS. Any changed
signed byte or character is rejected; nothing raises anything but the toolkit's own errors;
and the strict helper always raises the reason the report gives first, whether the key set
has read the token's header before or not (issue 9). Hypothesis runs a fixed number of
examples, derandomized and without an example database, so every run checks the same tokens.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auth0_explore.clock import FrozenClock
from auth0_explore.errors import TokenError
from auth0_explore.sandbox import Sandbox
from auth0_explore.tokens import (
    REASONS,
    RFC9068_ACCESS_TOKEN,
    Expectations,
    Inspection,
    KeySet,
    ValidationReport,
    decode_unverified,
    explain,
    inspect_token,
    validate,
    verify,
    verify_signature,
)
from tests.tokens.forge import API, CLIENT_ID, ISSUER, NOW, Forge, m2m_claims

FIXED = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Minted:
    """Valid sandbox tokens, the tenant's JWKS document and what they must be."""

    tokens: dict[str, str]  # alg -> token
    jwks: dict[str, Any]
    expectations: dict[str, Expectations]  # alg -> policy
    clock: FrozenClock


@pytest.fixture(scope="module")
def minted() -> Iterator[Minted]:
    """An RS256 and a PS256 client-credentials token from the sandbox, and its JWKS."""
    with Sandbox(profile="plain", seed=21) as sb:
        app = sb.application("m2m")
        secret = app.client_secret.reveal() if app.client_secret else ""
        tokens, expectations = {}, {}
        for alg, api in (("RS256", "custom-rs256"), ("PS256", "custom-ps256")):
            audience = sb.api(api).identifier
            response = requests.post(
                f"{sb.base_url}oauth/token",
                data={"grant_type": "client_credentials", "client_id": app.client_id,
                      "client_secret": secret, "audience": audience},
                timeout=10,
            )  # fmt: skip
            tokens[alg] = response.json()["access_token"]
            expectations[alg] = Expectations.for_api(sb.base_url, audience, algorithms=alg)
        jwks = requests.get(f"{sb.base_url}.well-known/jwks.json", timeout=10).json()
    issued = decode_unverified(tokens["RS256"])["iat"]
    return Minted(tokens, jwks, expectations, FrozenClock(issued + 5))


def test_the_sandbox_tokens_are_valid(minted: Minted) -> None:
    """The starting point: both tokens pass every check, PS256 with the RS256-published key."""
    keys = KeySet.from_jwks(minted.jwks)
    assert {key.algorithms for key in keys.keys} == {frozenset({"RS256"})}
    for alg, token in minted.tokens.items():
        report = validate(token, minted.expectations[alg], keys=keys, clock=minted.clock)
        assert report.valid, (alg, report.failures)
    ps256 = validate(
        minted.tokens["PS256"], minted.expectations["PS256"], keys=keys, clock=minted.clock
    )
    assert "published for RS256 and used for PS256" in ps256.check("key").explanation


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _rejected(minted: Minted, alg: str, token: object) -> str:
    """The reason both entry points give; fails the test if either accepts the token."""
    keys = KeySet.from_jwks(minted.jwks)
    report = validate(token, minted.expectations[alg], keys=keys, clock=minted.clock)
    assert not report.valid
    with pytest.raises(TokenError) as caught:
        verify(token, minted.expectations[alg], keys=keys, clock=minted.clock)
    assert caught.value.reason == report.reason
    assert report.reason in REASONS
    return report.reason


@FIXED
@given(
    alg=st.sampled_from(["RS256", "PS256"]),
    segment=st.integers(0, 2),
    position=st.integers(0, 10_000),
    flip=st.integers(1, 255),
)
def test_any_changed_signed_byte_is_rejected(
    minted: Minted, alg: str, segment: int, position: int, flip: int
) -> None:
    """Change one byte of the decoded header, payload or signature: the token is refused."""
    parts = minted.tokens[alg].split(".")
    data = bytearray(_unb64(parts[segment]))
    data[position % len(data)] ^= flip
    parts[segment] = _b64(bytes(data))
    _rejected(minted, alg, ".".join(parts))


@FIXED
@given(
    alg=st.sampled_from(["RS256", "PS256"]),
    position=st.integers(0, 10_000),
    replacement=st.characters(codec="utf-8") | st.sampled_from("-_.=+/ AQgw"),
)
def test_any_changed_character_is_rejected(
    minted: Minted, alg: str, position: int, replacement: str
) -> None:
    """Change one character anywhere (to anything, non-canonical base64 included): refused."""
    token = minted.tokens[alg]
    index = position % len(token)
    if token[index] == replacement:
        replacement = "A" if replacement != "A" else "B"
    _rejected(minted, alg, token[:index] + replacement + token[index + 1 :])


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@st.composite
def _edits(draw: st.DrawFn, token: str) -> object:
    """A token edited the way hostile input is: cut, spliced, repeated, re-typed."""
    kinds = ["insert", "delete", "truncate", "segments", "bytes", "junk", "last"]
    kind = draw(st.sampled_from(kinds))
    if kind == "last":  # another final character: often the same bytes, spelt non-canonically
        parts = token.split(".")
        index = draw(st.integers(0, len(parts) - 1))
        parts[index] = parts[index][:-1] + draw(st.sampled_from(_ALPHABET))
        return ".".join(parts)
    if kind == "insert":
        at = draw(st.integers(0, len(token)))
        return token[:at] + draw(st.text(min_size=1, max_size=8)) + token[at:]
    if kind == "delete":
        start = draw(st.integers(0, len(token) - 1))
        return token[:start] + token[start + draw(st.integers(1, 40)) :]
    if kind == "truncate":
        return token[: draw(st.integers(0, len(token) - 1))]
    if kind == "segments":
        parts = token.split(".")
        chosen = draw(st.lists(st.sampled_from([*parts, "", "e30", "W10"]), max_size=6))
        return ".".join(chosen)
    if kind == "bytes":
        data = bytearray(token.encode())
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    return draw(st.text(max_size=64) | st.binary(max_size=64) | st.none() | st.integers())


@FIXED
@given(data=st.data(), alg=st.sampled_from(["RS256", "PS256"]))
def test_nothing_but_the_toolkit_s_own_errors_escape(
    minted: Minted, data: st.DataObject, alg: str
) -> None:
    """Whatever the edit: results from the report paths, `TokenError` from the strict ones."""
    token = data.draw(_edits(minted.tokens[alg]))
    keys = KeySet.from_jwks(minted.jwks)
    expectations, clock = minted.expectations[alg], minted.clock
    report = validate(token, expectations, keys=keys, clock=clock)
    assert isinstance(report, ValidationReport)
    json.dumps(report.as_dict())
    report._repr_html_()
    inspection = inspect_token(token, clock=clock)
    assert isinstance(inspection, Inspection)
    explain(inspection, clock=clock)._repr_html_()
    for strict in (
        lambda: verify(token, expectations, keys=keys, clock=clock),
        lambda: decode_unverified(token),
        lambda: verify_signature(token, keys=keys, algorithms=[alg]),
    ):
        with contextlib.suppress(TokenError):
            strict()


@FIXED
@given(data=st.data(), alg=st.sampled_from(["RS256", "PS256"]))
def test_the_strict_helper_and_the_report_agree_with_and_without_a_plan(
    minted: Minted, data: st.DataObject, alg: str
) -> None:
    """Same verdict and reason from `verify` and `validate`, whether or not the key set has
    planned this header already (the first token of a header is read by the full parser)."""
    token = data.draw(_edits(minted.tokens[alg]) | st.just(minted.tokens[alg]))
    _agree(token, minted.tokens[alg], minted.expectations[alg], minted.jwks, minted.clock)


def _agree(
    token: object, known: str, expectations: Expectations, jwks: dict[str, Any], clock: Any
) -> None:
    """validate and verify agree on `token`, with key sets that have or have not seen `known`."""
    outcomes = []
    for warm in (True, False):
        key_sets = [KeySet.from_jwks(jwks), KeySet.from_jwks(jwks)]
        if warm:  # each set has planned the known header: its tokens take the fast read
            for keys in key_sets:
                validate(known, expectations, keys=keys, clock=clock)
        report = validate(token, expectations, keys=key_sets[0], clock=clock)
        try:
            verify(token, expectations, keys=key_sets[1], clock=clock)
        except TokenError as error:
            strict = error.reason
        else:
            strict = ""
        assert strict == report.reason, (strict, report.failures)
        outcomes.append((report.valid, report.reason, report.rows))
    assert outcomes[0] == outcomes[1]


_VALUES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
_CLAIM_VALUES = (
    _VALUES
    | st.lists(_VALUES, max_size=3)
    | st.dictionaries(st.text(max_size=5), _VALUES, max_size=2)
)


@FIXED
@given(
    changes=st.dictionaries(
        st.sampled_from(["iss", "sub", "aud", "iat", "exp", "nbf", "azp", "scope", "gty",
                         "nonce", "client_id", "jti"]),
        _CLAIM_VALUES | st.sampled_from([ISSUER, API, CLIENT_ID, NOW, NOW + 3600, NOW - 3600,
                                         [API], "read:things"]),
        max_size=4,
    ),
    typ=st.sampled_from(["JWT", "jwt", "at+jwt", None, "JOSE"]),
    policy=st.sampled_from(["default", "scopes-and-client", "rfc9068", "no-leeway"]),
)  # fmt: skip
def test_re_signed_tokens_with_hostile_claims_get_one_verdict(
    forge: Forge, rsa_jwk: dict[str, Any], changes: dict[str, Any], typ: str | None, policy: str
) -> None:
    """Well-signed tokens whose claims are mutated reach every claim check: the strict helper
    and the report still give the same verdict and reason."""
    expectations = {
        "default": Expectations(issuers=ISSUER, audience=API),
        "scopes-and-client": Expectations(
            issuers=ISSUER, audience=API, required_scopes="read:things", expected_azp=CLIENT_ID
        ),
        "rfc9068": Expectations(issuers=ISSUER, audience=API, profile=RFC9068_ACCESS_TOKEN),
        "no-leeway": Expectations(issuers=ISSUER, audience=API, leeway=0),
    }[policy]
    known = forge.token(typ=typ)
    token = forge.token(m2m_claims() | changes, typ=typ)
    _agree(token, known, expectations, {"keys": [rsa_jwk]}, FrozenClock(NOW + 10))
