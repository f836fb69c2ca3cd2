"""A lesson runs on the sandbox, or on the tenant AUTH0_* name, and says which and why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.course import LIVE, NO_AUDIENCE, start
from auth0_explore.errors import ConfigError
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import live_environ
from tests.widgets.conftest import text


@pytest.fixture(scope="module")
def full_sandbox() -> Iterator[Sandbox]:
    """A `full` sandbox that lessons reach as a live tenant, through AUTH0_* only."""
    with Sandbox(profile="full") as sb:
        yield sb


def test_without_auth0_domain_the_lesson_starts_one_sandbox_per_profile(tmp_path: Path) -> None:
    """Each profile is a configuration; the display says it is the sandbox and why (where the
    .env was looked for); `sandbox_only` lets the cell run."""
    lesson = start("plain", "default-audience", frozen=True, environ={}, folder=tmp_path)
    try:
        assert not lesson.live
        assert [t.label for t in lesson.targets] == ["plain", "default-audience"]
        assert isinstance(lesson.clock, FrozenClock)
        sandbox = lesson.sandbox
        assert sandbox is not None
        assert lesson.custom_api == "https://api.sandbox.example/"
        shown = text(lesson._repr_html_())
        assert shown.startswith("Running on the sandbox (plain, default-audience)")
        assert "AUTH0_DOMAIN is not set" in shown
        assert lesson.sandbox_only("moving the clock")
        assert lesson.configuration("plain") is lesson.target
        with pytest.raises(ConfigError, match="no configuration 'live'"):
            lesson.configuration(LIVE)
        refused = lesson.request(audience=NO_AUDIENCE)
        assert refused.error_description == "Non-global clients are not allowed access to APIv1"
    finally:
        lesson.close()
    assert not sandbox.running


def test_auth0_domain_in_a_parent_dotenv_makes_the_lesson_live(
    full_sandbox: Sandbox, tmp_path: Path
) -> None:
    """A `.env` one folder up is found; the lesson is one `live` configuration that learns the
    tenant's canonical domain (its signing certificate) and its default audience (one token
    request), and says where each setting came from, the secret masked."""
    environ = live_environ(full_sandbox)
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in environ.items()))
    (tmp_path / "notebooks").mkdir()
    lesson = start("plain", environ={}, folder=tmp_path / "notebooks")
    try:
        assert lesson.live
        assert lesson.sandboxes == ()
        assert [t.label for t in lesson.targets] == [LIVE]
        assert lesson.target.base_url == full_sandbox.base_url
        assert lesson.target.canonical_domain == "dev-sandbox.us.auth0.com"
        assert lesson.target.management_api == "https://dev-sandbox.us.auth0.com/api/v2/"
        assert lesson.target.default_audience == "https://api.sandbox.example/"
        assert lesson.custom_api == "https://api.sandbox.example/"
        shown = text(lesson._repr_html_())
        assert shown.startswith("Running on your tenant dev-sandbox.us.auth0.com")
        assert f"from {tmp_path / '.env'}" in shown
        assert environ["AUTH0_CLIENT_SECRET"] not in shown + repr(lesson)
        user = lesson.request(grant="authorization_code")
        assert "on a live tenant a person logs in" in (user.error_description or "")
    finally:
        lesson.close()


def test_on_a_live_tenant_sandbox_only_cells_say_why_they_are_skipped(
    full_sandbox: Sandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sandbox_only` is False and shows a note naming what needs the sandbox."""
    lesson = start(environ=live_environ(full_sandbox), folder=tmp_path)
    try:
        assert lesson.sandbox_only("moving the clock") is False
    finally:
        lesson.close()
    assert "Skipped on your tenant: moving the clock needs the sandbox." in capsys.readouterr().out


def test_auth0_audience_wins_and_without_any_api_the_management_api_is_used(
    tmp_path: Path,
) -> None:
    """AUTH0_AUDIENCE names the lesson's API; a tenant without one and without a default
    audience falls back to the Management API, and the display says to set AUTH0_AUDIENCE."""
    with Sandbox(profile="plain") as plain:
        named = start(environ=live_environ(plain, "https://ps256.sandbox.example/"),
                      folder=tmp_path)  # fmt: skip
        fallback = start(environ=live_environ(plain), folder=tmp_path)
        try:
            assert named.custom_api == "https://ps256.sandbox.example/"
            assert "AUTH0_AUDIENCE from the environment" in text(named._repr_html_())
            assert fallback.target.default_audience == ""
            assert fallback.custom_api == "https://dev-sandbox.us.auth0.com/api/v2/"
            assert "set it to your API" in text(fallback._repr_html_())
        finally:
            named.close()
            fallback.close()


def test_a_custom_domain_from_the_environment_is_asked_through_too(tmp_path: Path) -> None:
    """AUTH0_CUSTOM_DOMAIN adds the tenant's custom domain (here the sandbox's second port)."""
    with Sandbox(profile="custom-domain") as sb:
        custom = sb.domains[1].base_url.split("://", 1)[1].rstrip("/")
        lesson = start(environ={**live_environ(sb), "AUTH0_CUSTOM_DOMAIN": custom}, folder=tmp_path)
        try:
            assert lesson.target.domains == (sb.base_url.split("://")[1].rstrip("/"), custom)
            token = lesson.request(domain=custom)
            assert token.inspection is not None
            assert token.inspection.claims is not None
            assert token.inspection.claims["iss"] == sb.domains[1].base_url
        finally:
            lesson.close()


def test_wrong_credentials_stop_the_lesson_with_what_to_check(
    full_sandbox: Sandbox, tmp_path: Path
) -> None:
    """A refused application is a ConfigError naming the variables to check, secret unshown."""
    environ = {**live_environ(full_sandbox), "AUTH0_CLIENT_SECRET": "wrong-secret-canary"}
    with pytest.raises(
        ConfigError, match="check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET"
    ) as caught:
        start(environ=environ, folder=tmp_path)
    assert "wrong-secret-canary" not in str(caught.value)
