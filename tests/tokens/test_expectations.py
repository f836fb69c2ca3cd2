"""Expectations: the validation policy, checked once when built, readable in a notebook."""

from __future__ import annotations

import dataclasses
import json
import pickle
from typing import Any

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.tokens import (
    AUTH0_ACCESS_TOKEN,
    DEFAULT_LEEWAY,
    ID_TOKEN,
    MAX_TOKEN_SIZE,
    RFC9068_ACCESS_TOKEN,
    STRING_AUD_API,
    TOKEN_PROFILES,
    Expectations,
    issuers_for,
)
from tests.tokens.forge import API, CLIENT_ID, ISSUER


def test_the_defaults_are_an_auth0_access_token_with_the_profile_s_algorithms() -> None:
    """Only issuers and audience are needed; the rest is the Auth0 profile's."""
    e = Expectations(issuers=ISSUER, audience=API)
    assert e.issuers == (ISSUER,)
    assert e.profile is AUTH0_ACCESS_TOKEN
    assert e.algorithms == ("RS256",)
    assert (e.leeway, e.required_scopes, e.expected_azp, e.nonce) == (
        DEFAULT_LEEWAY,
        (),
        None,
        None,
    )
    assert e.max_size == MAX_TOKEN_SIZE


def test_for_api_names_the_issuer_of_each_domain() -> None:
    """A tenant's canonical and custom domains become `https://<domain>/` issuers, in order."""
    e = Expectations.for_api(["dev-x.us.auth0.com", "login.example.com"], API,
                             required_scopes="read:things write:things")  # fmt: skip
    assert e.issuers == ("https://dev-x.us.auth0.com/", "https://login.example.com/")
    assert e.required_scopes == ("read:things", "write:things")
    assert Expectations.for_api("https://dev-x.us.auth0.com", API).issuers == (
        "https://dev-x.us.auth0.com/",
    )
    assert issuers_for("127.0.0.1:8791") == ("http://127.0.0.1:8791/",)  # the sandbox


def test_for_id_token_expects_the_client_as_audience_and_the_nonce() -> None:
    """An ID token: aud = client id, the nonce sent to /authorize, the ID token profile."""
    e = Expectations.for_id_token("dev-x.us.auth0.com", CLIENT_ID, nonce="n-1")
    assert (e.audience, e.nonce, e.profile) == (CLIENT_ID, "n-1", ID_TOKEN)
    assert e.client == CLIENT_ID  # azp, when present, must name the client


def test_for_api_takes_the_api_s_dialect() -> None:
    """An RFC 9068 API (rfc9068_profile dialect: typ at+jwt, client_id and jti required)."""
    e = Expectations.for_api("dev-x.us.auth0.com", API, profile=RFC9068_ACCESS_TOKEN,
                             expected_azp=CLIENT_ID)  # fmt: skip
    assert e.profile is RFC9068_ACCESS_TOKEN
    assert e.expected_azp == CLIENT_ID


BAD: dict[str, tuple[dict[str, Any], str]] = {
    "no-issuer": ({"issuers": []}, "Expectations.issuers"),
    "empty-issuer": ({"issuers": [""]}, "Expectations.issuers"),
    "issuer-number": ({"issuers": 5}, "Expectations.issuers"),
    "issuer-nested": ({"issuers": [["x"]]}, "Expectations.issuers"),
    "issuers-bytes": ({"issuers": b"https://x/"}, "Expectations.issuers"),
    "empty-audience": ({"audience": ""}, "Expectations.audience"),
    "audience-number": ({"audience": 5}, "Expectations.audience"),
    "profile-by-name": ({"profile": "auth0_access_token"}, "Expectations.profile"),
    "no-algorithms": ({"algorithms": []}, "Expectations.algorithms"),
    "algorithm-unhashable": ({"algorithms": (["RS256"],)}, "Expectations.algorithms"),
    "algorithms-number": ({"algorithms": 5}, "Expectations.algorithms"),
    "algorithm-none": ({"algorithms": ["none"]}, "'none'"),
    "algorithm-None": ({"algorithms": "None"}, "'none'"),
    "algorithm-unknown": ({"algorithms": ["RS1"]}, "not supported"),
    "negative-leeway": ({"leeway": -1}, "Expectations.leeway"),
    "nan-leeway": ({"leeway": float("nan")}, "Expectations.leeway"),
    "leeway-list": ({"leeway": [1]}, "Expectations.leeway"),
    "leeway-bool": ({"leeway": True}, "Expectations.leeway"),
    "scope-number": ({"required_scopes": [5]}, "Expectations.required_scopes"),
    "scope-with-space": ({"required_scopes": ["a b"]}, "Expectations.required_scopes"),
    "empty-azp": ({"expected_azp": ""}, "Expectations.expected_azp"),
    "nonce-on-access-token": ({"nonce": "n"}, "Expectations.nonce"),
    "size-zero": ({"max_size": 0}, "Expectations.max_size"),
    "size-text": ({"max_size": "16k"}, "Expectations.max_size"),
}


@pytest.mark.parametrize(("changes", "named"), BAD.values(), ids=BAD.keys())
def test_a_bad_field_is_a_configuration_error_that_names_it(
    changes: dict[str, Any], named: str
) -> None:
    """Checked once, when built: the error names the field and what to give instead."""
    with pytest.raises(ConfigError, match=named):
        Expectations(**{"issuers": ISSUER, "audience": API, **changes})


@pytest.mark.parametrize("domains", ["", [], ["dev-x.auth0.com/path"], [5]], ids=str)
def test_a_bad_domain_is_a_configuration_error(domains: Any) -> None:
    """Domains are host names (or base URLs without a path)."""
    with pytest.raises(ConfigError, match="Expectations domains"):
        Expectations.for_api(domains, API)


def test_frozen_and_checked_again_when_changed() -> None:
    """A value cannot be changed in place; `dataclasses.replace` builds a checked copy."""
    e = Expectations(issuers=ISSUER, audience=API)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.leeway = 5  # type: ignore[misc]  # the mistake under test
    assert dataclasses.replace(e, leeway=5).leeway == 5.0
    with pytest.raises(ConfigError, match=r"Expectations\.leeway"):
        dataclasses.replace(e, leeway=-5)
    assert dataclasses.replace(e, profile=STRING_AUD_API).algorithms == ("RS256",)


def test_equal_values_compare_equal_hash_alike_and_pickle() -> None:
    """A value object: equal when its fields are, usable as a key, sent to worker processes."""
    a = Expectations(issuers=[ISSUER, ISSUER], audience=API, algorithms=["RS256", "RS256"])
    b = Expectations(issuers=ISSUER, audience=API)
    assert a == b
    assert hash(a) == hash(b)
    assert pickle.loads(pickle.dumps(a)) == a
    assert pickle.loads(pickle.dumps(a)).allowed == frozenset({"RS256"})


def test_the_profiles_are_named() -> None:
    """TOKEN_PROFILES maps the names reports show to the profiles."""
    assert TOKEN_PROFILES["id_token"] is ID_TOKEN
    assert {p.name for p in TOKEN_PROFILES.values()} == set(TOKEN_PROFILES)


def test_repr_is_one_short_line_and_html_a_table() -> None:
    """The policy reads well in a notebook: a short repr, an escaped HTML table, JSON."""
    e = Expectations(issuers=ISSUER, audience="<b>api</b>", required_scopes="read:things",
                     expected_azp=CLIENT_ID)  # fmt: skip
    text = repr(e)
    assert text.startswith("Expectations(auth0_access_token, audience='<b>api</b>'")
    assert "scopes='read:things'" in text
    assert "\n" not in text
    assert len(text) < 250
    html = e._repr_html_()
    assert "<b>api</b>" not in html
    assert "&lt;b&gt;api&lt;/b&gt;" in html
    assert "RS256" in html
    assert json.loads(json.dumps(e.as_dict()))["issuers"] == [ISSUER]


def test_a_report_shows_the_policy_it_was_checked_against(check: Any) -> None:
    """`ValidationReport.expectations` is the policy; its HTML and dict include it."""
    report = check("not-a-token", expected_azp=CLIENT_ID)
    assert report.expectations.expected_azp == CLIENT_ID
    assert "checked against" in report._repr_html_()
    assert report.as_dict()["expectations"]["expected_azp"] == CLIENT_ID
