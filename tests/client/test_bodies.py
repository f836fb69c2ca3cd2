"""The bounded JSON decoder every response body goes through (no network)."""

from __future__ import annotations

import json

import pytest

from auth0_explore.client.bodies import MAX_JSON_DEPTH, decode_json


def nest(depth: int, open_: str = "[", close: str = "]") -> str:
    return open_ * depth + close * depth


@pytest.mark.parametrize(
    "text",
    [
        '{"access_token": "a", "expires_in": 86400}',
        nest(MAX_JSON_DEPTH),
        '{"a":' * (MAX_JSON_DEPTH - 1) + "[]" + "}" * (MAX_JSON_DEPTH - 1),
        json.dumps({"s": "[" * 1000 + "{" * 1000}),
        json.dumps({"s": '\\"[[[[' * 200}),
        json.dumps({"s": "\\" * 7 + "[" * 100}),
        json.dumps([[1, 2]] * 500),
    ],
    ids=[
        "token-response",
        "exactly-the-limit",
        "objects-at-the-limit",
        "brackets-inside-a-string",
        "escaped-quotes-before-brackets",
        "escaped-backslashes-before-brackets",
        "many-shallow-arrays",
    ],
)
def test_json_within_the_depth_limit_decodes_as_the_standard_library_does(text: str) -> None:
    """Whatever nests at most MAX_JSON_DEPTH levels (strings aside) decodes unchanged."""
    assert decode_json(text.encode()) == json.loads(text)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * 100_000, "nests JSON deeper than 32 levels"),
        (nest(MAX_JSON_DEPTH + 1).encode(), "nests JSON deeper than 32 levels"),
        (nest(50_000, '{"a":', "}").encode(), "nests JSON deeper than 32 levels"),
        (b"[" * 20 + b"]" * 40, "is not JSON"),
        (b"]" * 100, "is not JSON"),
        (b'{"access_token": "ab', "is not JSON"),
        (b"<html><body>502 Bad Gateway</body></html>", "is not JSON"),
        (b'{"a": NaN}'.replace(b"NaN", b"\xff"), "is not UTF-8"),
        (b"", "is not JSON"),
    ],
    ids=[
        "hundred-thousand-open-brackets",
        "one-past-the-limit",
        "deep-objects",
        "unbalanced-shallow",
        "closing-only",
        "truncated",
        "html-page",
        "not-utf8",
        "empty",
    ],
)
def test_bodies_that_are_not_usable_json_raise_a_short_reason(body: bytes, reason: str) -> None:
    """Too deep, unbalanced, truncated, HTML, bad UTF-8: ValueError, never RecursionError."""
    with pytest.raises(ValueError, match=f"^{reason}$"):
        decode_json(body)
