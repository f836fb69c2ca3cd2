"""The documentation site builds with warnings as errors, and what it says is held to the code.

`mkdocs build --strict` fails on a broken link or anchor, a page missing from the navigation, a
docstring griffe cannot read or a notebook that does not convert, so none of these can rot.
The README is the front page: short, and its examples run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auth0_explore.cli import main
from auth0_explore.explore.timeline import TIMELINE_COLUMNS
from auth0_explore.snapshot.differences import COLUMNS as DIFF_COLUMNS

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once into a temporary folder (never into the work tree)."""
    out = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_the_site_builds_strict_with_every_section(site: Path) -> None:
    """Tutorials (the notebooks rendered), how-to guides, reference, explanation."""
    pages = [
        "index.html",
        "tutorials/index.html",
        "tutorials/notebooks/02-audiences.html",
        "howto/your-tenant.html",
        "howto/audit.html",
        "howto/ci.html",
        "howto/replay.html",
        "reference/cli.html",
        "reference/sandbox-settings.html",
        "reference/dataframes.html",
        "reference/api/tokens.html",
        "explanation/audiences-and-domains.html",
        "architecture.html",
    ]
    assert [p for p in pages if not (site / p).is_file()] == []
    notebook = (site / "tutorials/notebooks/02-audiences.html").read_text(encoding="utf-8")
    assert "run.reproduce" in notebook


def test_the_cli_reference_is_generated_from_click(site: Path) -> None:
    """Every command and every option of every command is on the CLI page, with its help."""
    page = (site / "reference/cli.html").read_text(encoding="utf-8")
    assert "Sentinel" not in page
    for name, command in main.commands.items():
        assert f"auth0-explore {name}" in page, name
        for option in command.params:
            for flag in getattr(option, "opts", []):
                if flag.startswith("--"):
                    assert flag in page, (name, flag)


def test_the_api_reference_is_generated_from_the_docstrings(site: Path) -> None:
    """The Python API pages carry the docstrings of the public names."""
    tokens = (site / "reference/api/tokens.html").read_text(encoding="utf-8")
    assert "What a token must be to be accepted: one frozen, checked value." in tokens
    client = (site / "reference/api/client.html").read_text(encoding="utf-8")
    assert "A connection to one Auth0 tenant (or the sandbox)" in client


def _table(page: str, name: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    start = text.index(f"<!-- {name}:start -->")
    end = text.index(f"<!-- {name}:end -->")
    return re.findall(r"^\| `([a-z_]+)` \|", text[start:end], flags=re.MULTILINE)


def test_the_schema_tables_are_the_code_s() -> None:
    """The timeline and diff tables of the DataFrame page list exactly the code's columns."""
    assert _table("reference/dataframes.md", "timeline") == list(TIMELINE_COLUMNS)
    assert _table("reference/dataframes.md", "diff") == list(DIFF_COLUMNS)


def test_the_readme_is_a_short_front_page_and_links_into_the_site() -> None:
    """What it is, the screenshot, the two commands, make lab, examples, links: under 120 lines,
    every link to a page that exists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 120
    for part in ("make demo", "make test", "make lab", "make docs", "docs/img/"):
        assert part in readme, part
    links = re.findall(r"\]\((docs/[^)#\s]+)", readme)
    assert len(links) >= 15
    assert [link for link in links if not (ROOT / link).is_file()] == []


def test_the_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each Python example of the README runs as written, on the sandbox."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert len(blocks) == 2
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README's own examples
    assert (tmp_path / "report" / "report.html").is_file()
