"""Fault injection: the next N responses of a route fail as asked."""

from __future__ import annotations

import time

import pytest
import requests

from auth0_explore.errors import SandboxError
from auth0_explore.sandbox import Sandbox
from tests.sandbox.conftest import SEED, post_token

RS256 = "https://api.sandbox.example/"


def test_next_n_token_responses_fail_then_recover(frozen: Sandbox) -> None:
    """Two injected 503s with a Retry-After header, then a normal 200."""
    frozen.faults.inject("/oauth/token", count=2, status=503, headers={"Retry-After": "1"})
    first, second, third = (post_token(frozen, audience=RS256) for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [503, 503, 200]
    assert first.headers["Retry-After"] == "1"
    assert first.json()["error"] == "temporarily_unavailable"
    assert frozen.faults.pending == []


def test_fault_with_custom_body_and_delay_only(frozen: Sandbox) -> None:
    """A raw body is sent as given; a status-less fault only delays the real answer."""
    frozen.faults.inject("/.well-known/jwks.json", status=502, body=b"<html>bad gateway</html>",
                         headers={"Content-Type": "text/html"})  # fmt: skip
    bad = requests.get(f"{frozen.base_url}.well-known/jwks.json", timeout=10)
    assert (bad.status_code, bad.text) == (502, "<html>bad gateway</html>")
    frozen.faults.inject("/oauth/token", status=None, delay=0.3)
    started = time.monotonic()
    slow = post_token(frozen, audience=RS256)
    assert slow.status_code == 200
    assert time.monotonic() - started >= 0.3


def test_fault_arguments_are_checked() -> None:
    """A route must be a path and a count positive."""
    sb = Sandbox(profile="plain", seed=SEED)
    with pytest.raises(SandboxError, match="path"):
        sb.faults.inject("oauth/token")
    with pytest.raises(SandboxError, match="count"):
        sb.faults.inject("/oauth/token", count=0)
