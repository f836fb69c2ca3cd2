"""repr and HTML of every result object: cheap, escaped, and never the raw token."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.tokens import RequestContext, ValidationReport, explain, inspect_token, parse
from tests.tokens.forge import NOW, Forge, auth0_opaque_token, m2m_claims

Check = Callable[..., ValidationReport]
CLOCK = FrozenClock(NOW + 60)


def _tokens(forge: Forge) -> dict[str, str]:
    return {
        "valid": forge.token(),
        "bad-signature": forge.token(signature=b"x" * 256),
        "expired": forge.token(m2m_claims(exp=NOW - 10_000)),
        "script-claim": forge.token(m2m_claims(sub="<script>1</script>", iss="<script>2</script>")),
        "opaque-jwe": auth0_opaque_token(),
        "opaque": "0123456789abcdef0123456789abcdef",
        "junk": "<b>not a token</b>",
    }


NAMES = ["valid", "bad-signature", "expired", "script-claim", "opaque-jwe", "opaque", "junk"]


@pytest.mark.parametrize("name", NAMES)
def test_the_raw_token_never_appears(name: str, forge: Forge, check: Check) -> None:
    """No repr or HTML of a report, inspection, explanation or parse shows the token."""
    token = _tokens(forge)[name]
    objects: list[object] = [
        check(token),
        inspect_token(token, clock=CLOCK),
        explain(token, clock=CLOCK, context=RequestContext(audience=None, default_audience="")),
    ]
    if name not in ("junk",):
        objects.append(parse(token))
    secrets = [token] + [segment for segment in token.split(".") if len(segment) > 8]
    for obj in objects:
        texts = [repr(obj), str(obj)]
        html_repr = getattr(obj, "_repr_html_", None)
        if html_repr is not None:
            texts.append(html_repr())
        for text in texts:
            for secret in secrets:
                assert secret not in text, (type(obj).__name__, secret[:12])


def test_html_is_escaped(forge: Forge, check: Check) -> None:
    """A claim holding markup is shown as text, never as markup."""
    token = _tokens(forge)["script-claim"]
    for obj in (check(token), inspect_token(token, clock=CLOCK)):
        html_text = obj._repr_html_()
        assert "<script>" not in html_text
        assert "&lt;script&gt;" in html_text


def test_reprs_are_short_and_say_the_verdict(forge: Forge, check: Check) -> None:
    """repr gives the verdict and the fingerprint in one short line."""
    report = check(_tokens(forge)["expired"])
    assert repr(report).startswith("ValidationReport(invalid: expired")
    assert len(repr(report)) < 200
    assert "M2M access token" in repr(inspect_token(_tokens(forge)["valid"], clock=CLOCK))
    assert "findings" in repr(explain(_tokens(forge)["valid"], clock=CLOCK))


def test_long_values_are_shortened_in_html(forge: Forge) -> None:
    """A huge claim cannot flood a notebook cell."""
    token = forge.token(m2m_claims(sub="x" * 5000))
    assert "x" * 200 not in inspect_token(token, clock=CLOCK)._repr_html_()


@pytest.mark.parametrize("name", NAMES)
def test_as_dict_is_json_and_never_the_token(name: str, forge: Forge, check: Check) -> None:
    """as_dict() of every result serialises to JSON (for --json) without the raw token."""
    token = _tokens(forge)[name]
    for obj in (check(token), inspect_token(token, clock=CLOCK), explain(token, clock=CLOCK)):
        text = json.dumps(obj.as_dict())
        assert token not in text
        assert json.loads(text)["token"].startswith("sha256:")
