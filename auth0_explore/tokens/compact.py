"""Strict compact parsing and classification, before any key is involved.

The order matters for hostile input: the size gate runs before any base64 or JSON work, the
alphabet is checked by one C call, and JSON is parsed with duplicate members refused and nesting
bounded. Nothing here verifies anything (RFC 7515 §5.2 steps 1-5; RFC 8725 §3.11, §3.14).
"""

from __future__ import annotations

import binascii
import json
import re
from collections.abc import Callable
from typing import Any, Final, Literal, NamedTuple

from auth0_explore.errors import TokenError
from auth0_explore.secrets import fingerprint

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_TOKEN_SIZE",
    "ParsedToken",
    "TokenKind",
    "b64url_decode",
    "decode_unverified",
    "json_copy",
    "json_object",
    "jws_segments",
    "parse",
    "payload_claims",
]

#: tokens longer than this (characters, = bytes for valid tokens) are refused unread
MAX_TOKEN_SIZE: Final = 16 * 1024
#: deepest nesting of JSON objects and arrays accepted in a header or payload
MAX_JSON_DEPTH: Final = 16

TokenKind = Literal["jws", "auth0_opaque_jwe", "jwe", "opaque"]

# base64url -> standard alphabet; '+', '/' and '=' become '!' so strict a2b_base64 refuses them.
_TO_STD: Final = bytes.maketrans(b"-_+/=", b"+/!!!")
_PADDING: Final = (b"", b"", b"==", b"=")
_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE: Final = {c: i for i, c in enumerate(_ALPHABET)}
# the low bits a final character may not set, by segment length mod 4 (RFC 7515 Appendix C)
_UNUSED_BITS: Final = (0, 0, 0x0F, 0x03)
_a2b_base64: Final = binascii.a2b_base64  # one global lookup, not two, per call
# RFC 6750 §2.1 b64token: what a bearer token without dots may look like.
_B64TOKEN: Final = re.compile(r"[A-Za-z0-9._~+/-]+=*")
_SEGMENT_NAMES: Final = ("header", "payload", "signature", "fourth segment", "fifth segment")


class ParsedToken(NamedTuple):
    """A token split and decoded, not verified; immutable. `raw` never appears in repr.

    A named tuple rather than a dataclass because it is built on every validation and
    tuple construction is several times cheaper.

    Attributes:
        raw: the token itself (shown only as a fingerprint).
        kind: `jws` (3 segments), `auth0_opaque_jwe` (Auth0's /userinfo-only token, JWE with
            `alg` dir and `enc` A256GCM), `jwe` (any other 5-segment token) or `opaque` (no dots).
        header: the protected header (empty for opaque tokens).
        payload: the JWT claims, or None when the payload is not a JSON object (then
            `payload_problem` says why) or the token is not a JWS.
        payload_bytes: the decoded JWS payload, whatever it holds.
        signing_input: ASCII `header.payload`, the bytes the signature covers.
        signature: the decoded signature.
        payload_problem: (reason, message) when the JWS payload is not a JWT claims set.
    """

    raw: str
    kind: TokenKind
    header: dict[str, Any]
    payload: dict[str, Any] | None
    payload_bytes: bytes
    signing_input: bytes
    signature: bytes
    payload_problem: tuple[str, str] | None = None

    def __repr__(self) -> str:
        return f"ParsedToken(kind={self.kind!r}, token={fingerprint(self.raw)!r})"


def decode_unverified(token: object, *, max_size: int = MAX_TOKEN_SIZE) -> dict[str, Any]:
    """The claims of a JWT, checked for shape only. Never verifies the signature.

    Raises:
        TokenError: `too_large`, `malformed`, `duplicate_member` or `jwe_not_jws`.
    """
    parsed = parse(token, max_size=max_size)
    if parsed.kind != "jws":
        raise _not_a_jws(parsed.kind)
    if parsed.payload is None:
        reason, message = parsed.payload_problem or ("malformed", "the payload is not a JWT")
        raise TokenError(reason, message, check="payload")
    return parsed.payload


def parse(token: object, *, max_size: int = MAX_TOKEN_SIZE) -> ParsedToken:
    """Split, decode and classify a compact token; raise `TokenError` on anything not strict.

    A JWS payload that is not a JSON object is kept as bytes (`payload` is None), because a
    JWS may sign any bytes; validating it as a JWT fails later, after the signature.
    """
    if isinstance(token, bytes | bytearray):
        if len(token) > max_size:
            raise _too_large(len(token), max_size)
        if not token.isascii():
            raise _malformed("the token has bytes outside ASCII; base64url is ASCII only")
        token = token.decode("ascii")
    if not isinstance(token, str):
        raise _malformed(f"a token is a string, not {type(token).__name__}")
    if len(token) > max_size:
        raise _too_large(len(token), max_size)
    if not token:
        raise _malformed("the token is empty")
    if not token.isascii():
        raise _malformed("the token has characters outside ASCII; base64url is ASCII only")
    if token[0] in "{[":
        raise _malformed("JSON serialization is not accepted; tokens use the compact form")
    parts = token.split(".")
    count = len(parts)
    if count == 3:
        return _parse_jws(token, parts)
    if count == 5:
        return _parse_jwe(token, parts)
    if count == 1:
        _check_opaque(token)
        return ParsedToken(token, "opaque", {}, None, b"", b"", b"")
    raise _malformed(
        f"a compact token has 3 segments (JWS) or 5 (JWE); this one has {count}",
        check="structure",
    )


def json_copy(value: dict[str, Any]) -> dict[str, Any]:
    """A copy of a decoded JSON object whose nested objects and arrays are copied too."""
    out = value.copy()
    for name, member in out.items():
        if type(member) is dict or type(member) is list:
            out[name] = _copy_member(member)
    return out


def _copy_member(value: Any) -> Any:
    if type(value) is dict:
        return {name: _copy_member(member) for name, member in value.items()}
    if type(value) is list:
        return [_copy_member(member) for member in value]
    return value


def b64url_decode(segment: str, what: str = "segment") -> bytes:
    """Decode unpadded base64url strictly: its alphabet only, canonical final character.

    RFC 7515 §2 and Appendix C: no padding, no whitespace, no '+' or '/'. A final character
    whose unused low bits are set would decode to the same bytes as another string; refused so
    one token has one spelling.
    """
    rest = len(segment) & 3
    if rest == 1:
        raise _malformed(f"the {what} has an impossible base64url length ({len(segment)})")
    try:
        data = binascii.a2b_base64(
            segment.encode("ascii").translate(_TO_STD) + _PADDING[rest], strict_mode=True
        )
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise _malformed(
            f"the {what} is not base64url (only A-Z a-z 0-9 - _, no padding or spaces)"
        ) from None
    if rest and _VALUE[segment[-1]] & _UNUSED_BITS[rest]:
        raise _malformed(f"the {what} ends in a non-canonical base64url character")
    return data


def jws_segments(token: str, first: int) -> tuple[bytes, bytes, bytes] | None:
    """(signing input, payload, signature) of an ASCII JWS whose first '.' is at `first`, or None.

    The same strictness as `b64url_decode` on each segment, with one encode and one
    alphabet translation for the whole token instead of one per segment ('.' is outside
    the alphabet, so a slice that took one would fail the strict decode). The dots are
    found, not split on: nothing is copied that is not decoded. None means "not strict" or
    "not three segments": `parse` names the problem.
    """
    second = token.find(".", first + 1)
    if first < 0 or second < 0 or token.find(".", second + 1) >= 0:
        return None
    payload_rest = (second - first - 1) & 3
    signature_rest = (len(token) - second - 1) & 3
    if payload_rest == 1 or signature_rest == 1:
        return None
    ascii_token = token.encode("ascii")
    std = ascii_token.translate(_TO_STD)
    try:
        payload = _a2b_base64(std[first + 1 : second] + _PADDING[payload_rest], strict_mode=True)
        signature = _a2b_base64(std[second + 1 :] + _PADDING[signature_rest], strict_mode=True)
    except (binascii.Error, ValueError):
        return None
    if payload_rest and _VALUE[token[second - 1]] & _UNUSED_BITS[payload_rest]:
        return None
    if signature_rest and _VALUE[token[-1]] & _UNUSED_BITS[signature_rest]:
        return None
    return ascii_token[:second], payload, signature


def _parse_jws(token: str, parts: list[str], header: dict[str, Any] | None = None) -> ParsedToken:
    header_b64, payload_b64, signature_b64 = parts
    if header is None:
        header = json_object(b64url_decode(header_b64, "header"), "header")
    payload_bytes = b64url_decode(payload_b64, "payload")
    signature = b64url_decode(signature_b64, "signature")
    payload: dict[str, Any] | None = None
    problem: tuple[str, str] | None = None
    try:
        payload = json_object(payload_bytes, "payload")
    except TokenError as error:
        problem = (error.reason, error.message)
    signing_input = token[: len(header_b64) + 1 + len(payload_b64)].encode("ascii")
    return ParsedToken(
        token, "jws", header, payload, payload_bytes, signing_input, signature, problem
    )


def _parse_jwe(token: str, parts: list[str]) -> ParsedToken:
    header = json_object(b64url_decode(parts[0], "header"), "header")
    for index in range(1, 5):
        b64url_decode(parts[index], _SEGMENT_NAMES[index])
    is_auth0 = header.get("alg") == "dir" and header.get("enc") == "A256GCM" and parts[1] == ""
    kind: TokenKind = "auth0_opaque_jwe" if is_auth0 else "jwe"
    return ParsedToken(token, kind, header, None, b"", b"", b"")


def _check_opaque(token: str) -> None:
    if not _B64TOKEN.fullmatch(token):
        raise _malformed("a token without dots must be an RFC 6750 b64token (opaque)")


class _DuplicateMemberError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise _DuplicateMemberError(name)
            seen.add(name)
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object_without_duplicates, parse_constant=_refuse_constant
)
_SCAN: Final[Callable[[str, int], tuple[Any, int]]] = _DECODER.scan_once  # type: ignore[attr-defined]  # set in JSONDecoder.__init__, absent from typeshed


def json_object(data: bytes, what: str) -> dict[str, Any]:
    """Strict JSON object from UTF-8 bytes: no duplicate members, bounded depth."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed(f"the {what} is not UTF-8", check=what) from None
    # Counting brackets is one C call; only text that could be too deep is scanned properly.
    if text.count("{") + text.count("[") > MAX_JSON_DEPTH and _too_deep(text):
        raise _malformed(f"the {what} nests JSON deeper than {MAX_JSON_DEPTH}", check=what)
    try:
        # decode() is scan_once plus whitespace handling; call scan_once directly and let
        # decode() handle only what it did not consume whole (whitespace, or an error).
        try:
            value, end = _SCAN(text, 0)
        except StopIteration:
            end = -1
        if end != len(text):
            value = _DECODER.decode(text)
    except _DuplicateMemberError as error:
        raise TokenError(
            "duplicate_member",
            f"the {what} repeats the member {error.name[:40]!r}",
            check=what,
            claim=error.name[:40],
        ) from None
    except (ValueError, RecursionError):
        raise _malformed(f"the {what} is not valid JSON", check=what) from None
    if not isinstance(value, dict):
        raise _malformed(f"the {what} is JSON {type(value).__name__}, not an object", check=what)
    return value


def payload_claims(payload: bytes) -> dict[str, Any]:
    """The claims of a JWS payload: a strict JSON object (RFC 7519 §7.2 step 10).

    The common case is read here with the same strict decoder as `json_object` and no
    message built; anything unusual (not UTF-8, surrounding whitespace, many brackets, any
    error) goes through `json_object`, which names the problem.

    Raises:
        TokenError: `malformed` or `duplicate_member`, with check `payload`.
    """
    try:
        text = payload.decode("utf-8")
        # No "{" after the first character and no "[" at all: one level deep at most (two
        # memchr calls, as an M2M token's claims are); else count brackets as `json_object` does.
        nested = text.find("{", 1) >= 0 or "[" in text
        if not nested or text.count("{") + text.count("[") <= MAX_JSON_DEPTH:
            value, end = _SCAN(text, 0)
            if end == len(text) and type(value) is dict:
                return value
    except (StopIteration, ValueError, RecursionError):  # not UTF-8 and duplicates are too
        return json_object(payload, "payload")
    return json_object(payload, "payload")


def _too_deep(text: str) -> bool:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif char in "}]":
            depth -= 1
    return False


def _not_a_jws(kind: str) -> TokenError:
    if kind == "auth0_opaque_jwe":
        return TokenError(
            "jwe_not_jws",
            "this is Auth0's opaque /userinfo token (JWE, alg dir, enc A256GCM): only Auth0 "
            "can read it; ask for a token with an audience to get a JWT",
            check="structure",
        )
    if kind == "jwe":
        return TokenError(
            "jwe_not_jws", "the token is encrypted (JWE); decrypt it first", check="structure"
        )
    return TokenError(
        "malformed", "an opaque token has no readable content; it is not a JWT", check="structure"
    )


def _malformed(message: str, *, check: str = "structure") -> TokenError:
    return TokenError("malformed", message, check=check)


def _too_large(size: int, limit: int) -> TokenError:
    return TokenError(
        "too_large",
        f"the token is {size} characters, over the limit of {limit}; refused unread",
        check="size",
    )
