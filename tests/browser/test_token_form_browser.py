"""The token form in a real browser: Voilà serves notebooks/00-quick-start, Chromium clicks it.

The notebook starts two sandboxes in its kernel (a default audience; none) and shows a form on
each. The first asks for the custom API and must show the claims table and the timeline; the
second logs in with the code flow and no audience and must explain Auth0's opaque token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "00-quick-start.ipynb"
API = "https://api.sandbox.example/"
WAIT = 30_000  # ms: Voilà runs the notebook (two sandboxes) before it shows anything


def _forms(page: Any, voila: str) -> Any:
    page.set_viewport_size({"width": 1200, "height": 1000})
    page.goto(voila)
    forms = page.locator(".a0x-panel")
    expect(forms).to_have_count(2, timeout=WAIT)
    return forms


def test_custom_api_shows_claims_and_timeline(page: Any, voila: str, screenshots: Path) -> None:
    """Choose the audience, Request: the claims table has it; the timeline tab draws the bar."""
    form = _forms(page, voila).nth(0)
    audience = form.get_by_label("audience")
    audience.fill(API)
    audience.press("Enter")
    form.get_by_role("button", name="Request token").click()
    claims = form.locator("table.a0x-claims")
    expect(claims).to_contain_text(API, timeout=WAIT)
    expect(claims).to_contain_text("client-credentials")
    expect(form.locator(".a0x-attempt")).to_contain_text("valid")
    form.screenshot(path=str(screenshots / "token-form-claims.png"))
    form.get_by_role("tab", name="timeline").click()
    timeline = form.locator("svg.a0x-timeline")
    expect(timeline).to_be_visible(timeout=WAIT)
    expect(timeline.locator("rect.a0x-bar")).to_have_count(1)
    form.screenshot(path=str(screenshots / "token-form-timeline.png"))


def test_no_audience_without_a_default_explains_the_opaque_token(
    page: Any, voila: str, screenshots: Path
) -> None:
    """Code flow, (no audience), on the tenant without a default: the opaque token, explained."""
    form = _forms(page, voila).nth(1)
    form.get_by_label("grant").select_option(label="authorization code + PKCE")
    audience = form.get_by_label("audience")
    audience.fill("(no audience)")
    audience.press("Enter")
    form.get_by_role("button", name="Request token").click()
    expect(form.locator("div.a0x-claims")).to_contain_text("opaque", timeout=WAIT)
    form.get_by_role("tab", name="explanation").click()
    explanation = form.locator("table.a0x-findings")
    expect(explanation).to_contain_text("only Auth0 can read", timeout=WAIT)
    expect(explanation).to_contain_text("no default audience")
    form.screenshot(path=str(screenshots / "token-form-opaque.png"))
