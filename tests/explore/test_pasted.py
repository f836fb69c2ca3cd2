"""Pasted tokens: what is pasted is cleaned, problems are results with a reason."""

from __future__ import annotations

import pytest

from auth0_explore.explore.pasted import check_pasted, token_text
from auth0_explore.sandbox import Sandbox
from auth0_explore.secrets import Secret
from tests.explore.conftest import RS256_API


@pytest.mark.parametrize(
    "pasted",
    ["abc.def.ghi", "Bearer abc.def.ghi", "  bearer   abc.def.ghi\n", "'abc.def.ghi'"],
    ids=["bare", "bearer", "spaces-and-case", "quoted"],
)
def test_token_text_drops_what_surrounds_a_token(pasted: str) -> None:
    """A Bearer prefix, quotes and whitespace are not part of the token."""
    assert token_text(Secret(pasted)) == "abc.def.ghi"


def test_an_unknown_profile_and_a_missing_audience_are_reasons(plain_sandbox: Sandbox) -> None:
    """No report without a profile or an audience to check; each says what to do."""
    token = Secret("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")  # a JWS: {"alg":"RS256"}, {}, "sig"
    unknown = check_pasted(
        token, keys_from="sandbox", sandbox=plain_sandbox, profile="nope", audience=RS256_API
    )
    assert unknown.report is None
    assert "unknown profile 'nope'" in unknown.problem
    missing = check_pasted(token, keys_from="sandbox", sandbox=plain_sandbox)
    assert "Type the audience" in missing.problem
