"""ClaimsView: one row per claim, every cell escaped, meanings from the glossary.

The rows are made from fixed row ends for registered claims (the form draws this table on every
click); these tests hold that path and the one for custom claims to the same markup.
"""

from __future__ import annotations

import base64
import html
import json
import re

from auth0_explore.clock import FrozenClock
from auth0_explore.tokens import inspect_token
from auth0_explore.tokens.glossary import describe_claim
from auth0_explore.widgets.views.inspection import ClaimsView
from tests.widgets.conftest import T0


def _segment(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _rows(claims: dict[str, object]) -> list[list[str]]:
    """The table's rows as lists of cell HTML, from a token with these claims (unsigned:
    the view shows what a token says, verified or not)."""
    token = f"{_segment({'alg': 'RS256', 'typ': 'JWT'})}.{_segment(claims)}.c2ln"
    markup = ClaimsView(inspect_token(token, clock=FrozenClock(T0)))._repr_html_()
    body = re.search(r"<tbody>(.*)</tbody>", markup)
    assert body is not None, markup
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body[1])]


def test_each_claim_is_a_row_of_name_value_readable_time_and_meaning() -> None:
    rows = _rows({"iss": "https://a.example/", "exp": int(T0) + 3600, "gty": "client-credentials"})
    assert [row[0] for row in rows] == ["<code>iss</code>", "<code>exp</code>", "<code>gty</code>"]
    assert all(len(row) == 4 for row in rows)
    iss, exp, gty = rows
    assert iss[1] == "https://a.example/"
    assert iss[2] == ""
    assert exp[1] == str(int(T0) + 3600)
    assert exp[2] == "2027-01-15 09:00:00 UTC · in 60 min"
    assert iss[3] == f"<span class='muted'>{html.escape(describe_claim('iss'))}</span>"
    assert gty[3] == f"<span class='muted'>{html.escape(describe_claim('gty'))}</span>"


def test_custom_claims_and_hostile_names_and_values_are_escaped() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    rows = _rows({"https://app.example/roles": ["a&b"], hostile: hostile, "sub": "x@clients"})
    namespaced, odd, sub = rows
    assert namespaced[0] == "<code>https://app.example/roles</code>"
    assert namespaced[1] == html.escape('["a&b"]')
    assert "namespaced by a URL" in namespaced[3]
    assert odd[0] == f"<code>{html.escape(hostile)}</code>"
    assert odd[1] == html.escape(hostile)
    assert "not registered" in odd[3]
    assert sub[1] == "x@clients"
    assert all("<img" not in cell for row in rows for cell in row)


def test_a_time_claim_reads_the_same_before_and_after_the_year_1000() -> None:
    """The readable time is `YYYY-MM-DD HH:MM:SS UTC` from year 1000 on, as strftime wrote it."""
    rows = _rows({"iat": 0, "nbf": -30_610_224_000, "exp": 253_402_300_799})
    iat, nbf, exp = (row[2].split(" UTC")[0] for row in rows)
    assert iat == "1970-01-01 00:00:00"
    assert nbf == "1000-01-01 00:00:00"
    assert exp == "9999-12-31 23:59:59"
