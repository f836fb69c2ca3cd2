"""Secrets never show."""

from __future__ import annotations

import copy
import logging
import pickle

import pytest

from auth0_explore.secrets import MASK, Secret, fingerprint

CANARY = "canary-secret-0123456789abcdef"


def test_secret_shows_only_a_mask_everywhere(caplog: pytest.LogCaptureFixture) -> None:
    """repr, str, format, f-strings, HTML and logging all show the mask, never the value."""
    secret = Secret(CANARY)
    caplog.set_level(logging.DEBUG)
    logging.getLogger("t").debug("secret is %s / %r", secret, secret)
    shown = [repr(secret), str(secret), f"{secret}", f"{secret!r}", secret._repr_html_()]
    shown.append(caplog.text)
    assert all(CANARY not in text for text in shown)
    assert all(MASK in text for text in shown)
    assert secret.reveal() == CANARY


def test_secret_cannot_be_pickled_but_copies_safely() -> None:
    """Pickling would write the value out; copying returns the same immutable object."""
    secret = Secret(CANARY)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(secret)
    assert copy.deepcopy(secret) is secret
    assert Secret(secret) == secret


def test_fingerprint_is_short_stable_and_hides_the_token() -> None:
    """The same token always gets the same fingerprint, which does not contain it."""
    token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
    assert fingerprint(token) == fingerprint(token)
    assert fingerprint(token) != fingerprint(token + "x")
    assert token not in fingerprint(token)
    assert fingerprint(token).endswith(f"({len(token)} chars)")
