"""Fixtures for the batch tests: the token tests' keys and forge, the default expectations."""

from __future__ import annotations

import pytest

from auth0_explore.tokens import Expectations
from tests.tokens.conftest import (  # noqa: F401 - fixtures, found by pytest under their names
    attacker_key,
    ec_key,
    forge,
    keys,
    rsa_jwk,
    rsa_key,
)
from tests.tokens.forge import API, ISSUER


@pytest.fixture
def expect() -> Expectations:
    """An Auth0 access token for API from ISSUER."""
    return Expectations(issuers=ISSUER, audience=API)
