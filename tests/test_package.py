"""The package's public surface and its layering."""

from __future__ import annotations

import subprocess
import sys

import pytest

import auth0_explore


def test_all_is_sorted_unique_and_importable() -> None:
    """`__all__` is sorted, has no duplicates, and every name in it resolves."""
    names = auth0_explore.__all__
    assert names == sorted(set(names))
    for name in names:
        assert getattr(auth0_explore, name) is not None


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A misspelt name fails like any module attribute, naming what was asked."""
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = auth0_explore.no_such_name  # type: ignore[attr-defined]


def test_the_old_inspect_name_still_works_and_says_what_replaced_it() -> None:
    """`auth0_explore.inspect` (used by the README before) warns and gives `inspect_token`."""
    with pytest.warns(DeprecationWarning, match="use auth0_explore.inspect_token"):
        old = auth0_explore.inspect  # type: ignore[attr-defined]  # deprecated: hidden from mypy
    assert old is auth0_explore.inspect_token
    assert "inspect" not in auth0_explore.__all__
    assert "Expectations" in auth0_explore.__all__


HEAVY = ("requests", "pandas", "matplotlib", "ipywidgets", "werkzeug")


def _imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return {name.split(".")[0] for name in out.split()}


@pytest.mark.parametrize(
    "statement",
    [
        "import auth0_explore",
        "import auth0_explore.errors, auth0_explore.clock",
        "import auth0_explore.tokens",
        "import auth0_explore; auth0_explore.validate, auth0_explore.inspect_token",
    ],
    ids=["package", "base-modules", "tokens-core", "tokens-via-package"],
)
def test_light_imports_pull_in_no_heavy_library(statement: str) -> None:
    """Importing the package or its base modules loads no HTTP, DataFrame or widget library."""
    assert not _imported_after(statement) & set(HEAVY)


def test_python_dash_m_runs_the_command_line() -> None:
    """`python -m auth0_explore` is the `auth0-explore` command (help and version)."""
    out = subprocess.run(
        [sys.executable, "-m", "auth0_explore", "--version"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert out.strip() == f"auth0-explore, version {auth0_explore.__version__}"


def test_packaging_metadata_uses_an_spdx_licence() -> None:
    """The licence is an SPDX string with its file, so installs print no deprecation warning."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert all((root / name).is_file() for name in project["license-files"])
