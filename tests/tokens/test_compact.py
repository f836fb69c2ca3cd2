"""Strict compact parsing and classification (token-validation §2 "Strict parsing", JWE, size)."""

from __future__ import annotations

import os

import pytest

from auth0_explore.errors import TokenError
from auth0_explore.tokens import MAX_TOKEN_SIZE, decode_unverified, parse
from auth0_explore.tokens.compact import MAX_JSON_DEPTH, b64url_decode
from tests.tokens.forge import Forge, auth0_opaque_token, b64, m2m_claims

HEADER = b64({"alg": "RS256", "typ": "JWT", "kid": "rsa-1"})
PAYLOAD = b64(m2m_claims())
SIGNATURE = b64(os.urandom(256))


def reason_of(token: object) -> str:
    with pytest.raises(TokenError) as caught:
        decode_unverified(token)
    return caught.value.reason


def test_a_signed_token_parses_into_header_claims_and_signing_input(forge: Forge) -> None:
    """A JWS splits into header, claims, signature and the exact bytes the signature covers."""
    token = forge.token()
    parsed = parse(token)
    assert parsed.kind == "jws"
    assert parsed.header == {"alg": "RS256", "typ": "JWT", "kid": "rsa-1"}
    assert parsed.payload == m2m_claims()
    assert parsed.signing_input == token.rsplit(".", 1)[0].encode()
    assert len(parsed.signature) == 256
    assert decode_unverified(token) == m2m_claims()


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (b64('{"alg":"RS256","alg":"none"}') + f".{PAYLOAD}.{SIGNATURE}", "duplicate_member"),
        (f"{HEADER}." + b64('{"sub":"a","sub":"b"}') + f".{SIGNATURE}", "duplicate_member"),
        (f"{HEADER}." + b64('{"x":{"a":1,"a":2}}') + f".{SIGNATURE}", "duplicate_member"),
        (f"{HEADER}=.{PAYLOAD}.{SIGNATURE}", "malformed"),
        (f"{HEADER}.{PAYLOAD}==.{SIGNATURE}", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE}=", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE[:-2]}+A", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE[:-2]}/A", "malformed"),
        (f"{HEADER}.{PAYLOAD[:10]} {PAYLOAD[10:]}.{SIGNATURE}", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE}\n", "malformed"),
        (f"\t{HEADER}.{PAYLOAD}.{SIGNATURE}", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE[:-1]}!", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE}é", "malformed"),
        (f"{HEADER}.{PAYLOAD}", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE}.", "malformed"),
        (f"{HEADER}.{PAYLOAD}.{SIGNATURE}.x.y.z", "malformed"),
        ('{"payload":"e30","signatures":[{"protected":"e30","signature":"AA"}]}', "malformed"),
        (b64("[1,2]") + f".{PAYLOAD}.{SIGNATURE}", "malformed"),
        (b64('"RS256"') + f".{PAYLOAD}.{SIGNATURE}", "malformed"),
        (b64(b'{"alg":"RS256","x":"\xff\xfe"}') + f".{PAYLOAD}.{SIGNATURE}", "malformed"),
        (b64('{"alg":"RS256"} trailing') + f".{PAYLOAD}.{SIGNATURE}", "malformed"),
        (b64('{"alg":"RS256","n":NaN}') + f".{PAYLOAD}.{SIGNATURE}", "malformed"),
        (f"{HEADER}." + b64("[1,2,3]") + f".{SIGNATURE}", "malformed"),
        (f"{HEADER}." + b64(b"\xc3\x28") + f".{SIGNATURE}", "malformed"),
        (f"{HEADER}." + b64('{"exp":Infinity}') + f".{SIGNATURE}", "malformed"),
        (f"{HEADER}." + b64('{"exp":1' + "0" * 5000 + "}") + f".{SIGNATURE}", "malformed"),
        ("", "malformed"),
        (".", "malformed"),
        ("..", "malformed"),
    ],
    ids=[
        "duplicate-in-header", "duplicate-in-payload", "duplicate-nested", "padding-header",
        "padding-payload", "padding-signature", "plus", "slash", "space", "newline", "tab",
        "bang", "non-ascii", "two-segments", "four-segments", "six-segments",
        "json-serialization", "header-array", "header-string", "header-not-utf8",
        "header-trailing-garbage", "header-nan", "payload-array", "payload-not-utf8",
        "payload-infinity", "payload-huge-integer", "empty", "one-dot", "two-dots",
    ],
)  # fmt: skip
def test_anything_not_strict_is_refused_with_a_reason(token: str, reason: str) -> None:
    """Each departure from strict compact JWS is refused with a stable reason, never a crash."""
    assert reason_of(token) == reason


@pytest.mark.parametrize(
    ("segment", "canonical"),
    [("QQ", True), ("QR", False), ("QUE", True), ("QUF", False), ("QUFB", True)],
    ids=["1-byte", "1-byte-low-bits-set", "2-bytes", "2-bytes-low-bits-set", "3-bytes"],
)
def test_base64url_must_be_canonical(segment: str, canonical: bool) -> None:
    """A final character with unused low bits set is a second spelling of the same bytes."""
    if canonical:
        assert b64url_decode(segment)
    else:
        with pytest.raises(TokenError, match="non-canonical"):
            b64url_decode(segment)


def test_impossible_base64_length_is_malformed() -> None:
    """Five characters can never be base64url."""
    with pytest.raises(TokenError, match="length"):
        b64url_decode("AAAAA")


def test_a_jws_with_a_non_json_payload_keeps_its_bytes() -> None:
    """A JWS may sign any bytes; parsing keeps them and says why it is not a JWT."""
    parsed = parse(f"{HEADER}.{b64('foo')}.{SIGNATURE}")
    assert parsed.payload is None
    assert parsed.payload_bytes == b"foo"
    assert parsed.payload_problem is not None
    assert parsed.payload_problem[0] == "malformed"


def test_auth0_opaque_token_is_classified_and_never_decoded() -> None:
    """Auth0's /userinfo token is a JWE (dir, A256GCM): classified, and only Auth0 can read it."""
    token = auth0_opaque_token("https://login.example.com/")
    parsed = parse(token)
    assert parsed.kind == "auth0_opaque_jwe"
    assert parsed.header["iss"] == "https://login.example.com/"
    with pytest.raises(TokenError, match="only Auth0 can read it") as caught:
        decode_unverified(token)
    assert caught.value.reason == "jwe_not_jws"


def test_other_jwe_is_classified_as_jwe() -> None:
    """A JWE with a wrapped key (Auth0 API token encryption) is a JWE, not Auth0's opaque token."""
    header = b64({"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": "enc-1"})
    token = (
        f"{header}.{b64(os.urandom(256))}.{b64(os.urandom(12))}.{b64(b'x' * 40)}.{b64(b't' * 16)}"
    )
    assert parse(token).kind == "jwe"
    assert reason_of(token) == "jwe_not_jws"


@pytest.mark.parametrize(
    "token",
    ["0123456789abcdefABCDEF0123456789", "mF_9.B5f-4.1JqM"[:4] + "tbC~x+/y=="],
    ids=["auth0-legacy-32-chars", "b64token-charset"],
)
def test_a_string_without_dots_is_an_opaque_token(token: str) -> None:
    """A bearer token without dots is opaque: nothing to decode locally."""
    assert parse(token).kind == "opaque"
    assert reason_of(token) == "malformed"


def test_oversize_token_is_refused_before_any_decoding() -> None:
    """Over the size gate the reason is too_large even though the text is not base64 at all."""
    junk = "!" * (MAX_TOKEN_SIZE + 1)
    assert reason_of(junk) == "too_large"
    assert reason_of(junk.encode()) == "too_large"
    with pytest.raises(TokenError) as caught:
        parse("a.b.c" * 10, max_size=20)
    assert caught.value.reason == "too_large"


def test_deep_nesting_is_refused() -> None:
    """JSON nested deeper than the bound is refused without recursion."""
    deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    token = f"{HEADER}." + b64('{"x":' + deep + "}") + f".{SIGNATURE}"
    assert reason_of(token) == "malformed"
    very_deep = "[" * 4000 + "]" * 4000  # far past the recursion limit, inside the size gate
    assert reason_of(f"{HEADER}.{b64(very_deep)}.{SIGNATURE}") == "malformed"


@pytest.mark.parametrize(
    "text", [' {"a": 1}', '{"a": 1} ', '\n{\t"a" : 1 }\r\n'], ids=["leading", "trailing", "inside"]
)
def test_json_whitespace_is_allowed(text: str) -> None:
    """Whitespace around JSON values is JSON (RFC 8259 §2), so it is accepted."""
    assert decode_unverified(f"{HEADER}.{b64(text)}.{SIGNATURE}") == {"a": 1}


def test_nesting_within_the_bound_and_brackets_inside_strings_are_fine() -> None:
    """Brackets inside strings do not count as nesting."""
    claims = {"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[", "b": [[[1]]], "c": {"d": {"e": {}}}}
    assert decode_unverified(f"{HEADER}.{b64(claims)}.{SIGNATURE}") == claims


@pytest.mark.parametrize(
    "token", [None, 42, ["a.b.c"], b"\xff.a.b"], ids=["none", "int", "list", "non-ascii-bytes"]
)
def test_non_string_input_is_malformed(token: object) -> None:
    """Anything but text or ASCII bytes is malformed, not a TypeError."""
    assert reason_of(token) == "malformed"


def test_bytes_tokens_are_accepted(forge: Forge) -> None:
    """ASCII bytes work like text."""
    assert decode_unverified(forge.token().encode()) == m2m_claims()


def test_parsed_token_repr_shows_a_fingerprint_not_the_token(forge: Forge) -> None:
    """repr(ParsedToken) names the kind and a fingerprint only."""
    token = forge.token()
    text = repr(parse(token))
    assert "sha256:" in text
    assert token not in text
    assert token.split(".")[1] not in text


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("[" * 15 + "]" * 15, False),
        ('[{"a":' * 7 + "1" + "}]" * 7, False),
        ("[" * 16 + "]" * 16, True),
        ('[{"a":' * 8 + "1" + "}]" * 8, True),
        ('["\\"[[[[[[[[[[[[[[[[[[[[[[[[["]', False),
    ],
    ids=[
        "depth-16",
        "mixed-depth-15",
        "depth-17",
        "mixed-depth-17",
        "brackets-after-escaped-quote",
    ],
)
def test_depth_counts_objects_and_arrays_but_not_strings(value: str, refused: bool) -> None:
    """The payload object plus 16 levels is the limit, whatever the bracket kinds."""
    token = f"{HEADER}." + b64('{"v":' + value + "}") + f".{SIGNATURE}"
    if refused:
        assert reason_of(token) == "malformed"
    else:
        assert decode_unverified(token)["v"] is not None
