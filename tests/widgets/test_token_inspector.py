"""TokenInspector, driven headless: paste, choose keys and expectations, read the verdict."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.client.tenant import Tenant
from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import TokenInspector
from tests.widgets.conftest import CANONICAL, RS256_API, all_widget_state, text


@pytest.fixture
def token(plain_sandbox: Sandbox) -> str:
    """An M2M token for the RS256 API, host-name form (iss https://dev-sandbox.us.auth0.com/)."""
    with Tenant.from_sandbox(plain_sandbox, hostnames=True) as tenant:
        return tenant.client_credentials(RS256_API, cache=False).reveal()


@pytest.fixture
def inspector(plain_sandbox: Sandbox) -> Iterator[TokenInspector]:
    """An inspector that knows the plain sandbox."""
    inspector = TokenInspector(plain_sandbox)
    yield inspector
    inspector.close()


def test_a_pasted_bearer_token_is_valid_with_the_sandbox_keys(
    inspector: TokenInspector, token: str
) -> None:
    """The field empties at once; claims, validation and explanation appear; no full token in
    any widget state."""
    assert inspector.keys_from.value == "sandbox"
    inspector.token.value = f"Bearer {token}"
    inspector.audience.value = RS256_API
    inspector.inspect.click()
    assert inspector.token.value == ""
    result = inspector.result
    assert result is not None
    assert result.report is not None
    assert result.report.valid
    assert "M2M access token" in text(inspector.status.value)
    assert "✓ valid" in text(inspector.status.value)
    assert RS256_API in text(inspector.panes["claims"].value)
    assert "m2m-gty" in text(inspector.panes["explanation"].value)
    assert token not in all_widget_state()


def test_wrong_audience_and_issuer_are_failed_checks(inspector: TokenInspector, token: str) -> None:
    """What is expected comes from the fields, never from the token; re-inspect keeps it."""
    inspector.token.value = token
    inspector.audience.value = "https://other.example/"
    inspector.inspect.click()
    assert inspector.result is not None
    assert inspector.result.report is not None
    assert inspector.result.report.reason == "aud_mismatch"
    inspector.audience.value = RS256_API
    inspector.issuer.value = "https://someone-else.example/"
    inspector.inspect.click()  # the token was kept in Python
    assert inspector.result.report is not None
    assert inspector.result.report.reason == "iss_mismatch"
    assert "iss_mismatch" in text(inspector.panes["validation"].value)


def test_keys_from_a_domain_and_from_a_jwks_url() -> None:
    """A loopback token checked with keys fetched from the domain, then from the JWKS URL (on
    the system clock, as for a live tenant)."""
    with Sandbox(profile="plain") as plain_sandbox:
        _check_with_fetched_keys(plain_sandbox)


def _check_with_fetched_keys(plain_sandbox: Sandbox) -> None:
    with Tenant.from_sandbox(plain_sandbox) as tenant:
        loopback = tenant.client_credentials(RS256_API, cache=False).reveal()
    inspector = TokenInspector()
    assert [key for _, key in inspector.keys_from.options] == ["domain", "jwks_url"]
    inspector.token.value = loopback
    inspector.where.value = plain_sandbox.base_url
    inspector.audience.value = RS256_API
    inspector.inspect.click()
    assert inspector.result is not None
    assert inspector.result.report is not None
    assert inspector.result.report.valid
    inspector.keys_from.value = "jwks_url"
    inspector.where.value = plain_sandbox.base_url + ".well-known/jwks.json"
    inspector.inspect.click()
    assert inspector.result.report is not None
    assert inspector.result.report.valid
    assert inspector.result.keys_url.endswith("/.well-known/jwks.json")
    inspector.close()


def test_unreachable_keys_and_junk_say_why(inspector: TokenInspector, token: str) -> None:
    """No JWKS to be had: the decoded token still shows, with the reason; junk is named."""
    inspector.keys_from.value = "domain"
    inspector.where.value = "127.0.0.1:9"  # nothing listens on the discard port
    inspector.token.value = token
    inspector.audience.value = RS256_API
    inspector.inspect.click()
    assert inspector.result is not None
    assert inspector.result.report is None
    assert "No keys" in text(inspector.status.value)
    assert CANONICAL in text(inspector.panes["claims"].value)
    inspector.token.value = "not.a.token"
    inspector.inspect.click()
    assert inspector.result.inspection.kind == "malformed"
    assert "Not validated" in text(inspector.status.value)


def test_nothing_pasted_is_an_error_shown_in_the_widget(inspector: TokenInspector) -> None:
    """Inspect with an empty field: the status says what to do."""
    inspector.inspect.click()
    assert "paste a token" in text(inspector.status.value)
