"""Result objects: cheap safe reprs, escaped HTML, JSON-ready dicts, tokens only on request."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from requests.structures import CaseInsensitiveDict

from auth0_explore.client.limits import QuotaBucket, Quotas, RateLimit
from auth0_explore.client.results import RequestRecord
from auth0_explore.errors import ConfigError
from tests.client.helpers import TOKEN_CANARY, token_result

T0 = 1_800_000_000.0


def test_html_escapes_every_value_and_shows_the_fingerprint_only() -> None:
    """A hostile scope or header cannot inject markup; the token shows as its fingerprint."""
    result = replace(
        token_result(T0),
        scope="<script>alert(1)</script>",
        request=RequestRecord("POST", "http://x/oauth/token", {"audience": "<b>"}, "none"),
        rate_limit=RateLimit(30, 29, int(T0) + 1),
        quotas=Quotas((QuotaBucket("per_hour", 10, 7, 3540),)),
    )
    html = result._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;" in html
    assert result.access_token_fingerprint in html
    assert TOKEN_CANARY not in html
    assert "per_hour: 7/10 left" in html


def test_to_dict_is_json_ready_and_reveals_only_when_asked() -> None:
    """to_dict() has fingerprints and ISO times; reveal=True adds the raw token."""
    result = token_result(T0)
    data = result.to_dict()
    json.dumps(data)
    assert data["access_token"] == result.access_token_fingerprint
    assert data["expires_at"] == "2027-01-16T08:00:00+00:00"
    assert TOKEN_CANARY not in json.dumps(data)
    assert result.to_dict(reveal=True)["access_token"] == TOKEN_CANARY


def test_reveal_names_the_token_and_bearer_builds_the_header() -> None:
    """reveal() returns the access token; asking for one not issued says how to get one."""
    result = token_result(T0)
    assert result.reveal() == TOKEN_CANARY
    assert result.bearer() == {"Authorization": f"Bearer {TOKEN_CANARY}"}
    assert result.expires_at == T0 + 86400
    assert not result.has_refresh_token
    with pytest.raises(ConfigError, match=r"no refresh_token was issued.*offline_access"):
        result.reveal("refresh_token")
    with pytest.raises(ConfigError, match=r"no id_token was issued.*openid"):
        result.reveal("id_token")


def test_repr_is_one_cheap_line_without_the_token() -> None:
    """repr names the grant, status, fingerprint, lifetime and attempts."""
    text = repr(replace(token_result(T0), from_cache=True))
    assert text.startswith("TokenResult(client_credentials, status=200, access_token='sha256:")
    assert text.endswith("attempts=1, from_cache=True)")
    assert TOKEN_CANARY not in text
    assert "\n" not in text


def test_results_are_frozen_and_headers_keep_their_case_insensitivity() -> None:
    """A result cannot be changed after the fact; header lookups ignore case."""
    result = token_result(T0)
    with pytest.raises(AttributeError):
        result.status = 500  # type: ignore[misc]  # assigning a frozen field is the point
    assert isinstance(result.headers, CaseInsensitiveDict)
    assert result.headers["cache-control"] == "no-store"
