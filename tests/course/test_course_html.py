"""`make course-html` renders lessons to static pages with their outputs, and no secret."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.course.conftest import LiveTenant
from tests.course.test_notebooks import ROOT, TOKEN_LIKE
from tests.widgets.conftest import text


def test_the_make_target_renders_a_lesson_readable_without_jupyter(
    live_tenant: LiveTenant, tmp_path: Path
) -> None:
    """The quick start, run in live mode (a project whose root .env names the separate
    sandbox): the page has the outputs — which tenant, the form's still picture, the token
    response, the exercise's verdict —, an index, no remote script, no secret, no token."""
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    notebook = shutil.copy(ROOT / "notebooks" / "00-quick-start.ipynb", project / "notebooks")
    live_tenant.write_dotenv(project)
    out = tmp_path / "html"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("AUTH0_")}
    done = subprocess.run(
        ["make", "--no-print-directory", "course-html", f"COURSE_NOTEBOOKS={notebook}",
         f"COURSE_HTML={out}"],
        cwd=ROOT, env={**environ, "JUPYTER_PLATFORM_DIRS": "1"}, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    page = (out / "00-quick-start.html").read_text()
    shown = text(page)
    assert "Running on your tenant dev-sandbox.us.auth0.com" in shown
    assert "A still picture of an interactive widget" in shown  # the form, without widget JS
    assert "Token response" in shown
    assert "… No answer yet — the token's lifetime in hours" in shown
    assert "Skipped on your tenant: a second tenant" in shown
    assert live_tenant.client_secret not in page
    assert not TOKEN_LIKE.search(page)
    assert not re.search(r"<script[^>]+src=\"https?:", page)
    index = text((out / "index.html").read_text())
    assert "0 · Quick start: your first token in one click (about 10 minutes)" in index


def test_a_page_holding_a_secret_or_a_token_is_refused(tmp_path: Path) -> None:
    """The last guard: the script will not write a page showing the secret or a token."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "course_html", ROOT / "scripts" / "course_html.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / ".env").write_text("AUTH0_CLIENT_SECRET=page-secret-canary\n")
    notebook = tmp_path / "lesson.ipynb"
    with pytest.raises(SystemExit, match="AUTH0_CLIENT_SECRET"):
        module._refuse_secrets("<p>page-secret-canary</p>", notebook)
    with pytest.raises(SystemExit, match="a token"):
        module._refuse_secrets("<p>eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig</p>", notebook)
    module._refuse_secrets("<p>sha256:1a2b3c (772 chars)</p>", notebook)  # fingerprints pass
