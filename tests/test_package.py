"""The package's public surface and its layering."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

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


@pytest.mark.parametrize(
    ("old", "home"),
    [
        ("inspect", "auth0_explore.tokens.inspect_token"),
        ("KeySet", "auth0_explore.tokens.KeySet"),
        ("SystemClock", "auth0_explore.clock.SystemClock"),
        ("verify_many", "auth0_explore.batch.verify_many"),
    ],
    ids=["inspect", "KeySet", "SystemClock", "verify_many"],
)
def test_names_that_left_the_root_still_work_for_one_release(old: str, home: str) -> None:
    """A name the README imported from the root before warns, naming its new home, and works."""
    module, _, attribute = home.rpartition(".")
    with pytest.warns(DeprecationWarning, match=f"auth0_explore.{old} is now {home}"):
        value = getattr(auth0_explore, old)
    assert value is getattr(importlib.import_module(module), attribute)
    assert old not in auth0_explore.__all__


def test_the_root_is_the_small_api_a_notebook_starts_from() -> None:
    """About fifteen names: the sandbox, the tenant connection, inspect/validate and the policy,
    run/scenarios/compare/timeline, and the errors; everything else stays in its subpackage."""
    assert auth0_explore.__all__ == [
        "Auth0ExploreError",
        "ConfigError",
        "Expectations",
        "FrozenClock",
        "OAuthError",
        "Run",
        "Sandbox",
        "Scenario",
        "Target",
        "Tenant",
        "TokenError",
        "TransportError",
        "compare",
        "inspect_token",
        "plot_timeline",
        "validate",
        "verify",
    ]


def test_public_names_are_read_from_the_type_checking_block(tmp_path: Path) -> None:
    """`public_names` serves exactly the `X as X` lines of a package's TYPE_CHECKING block."""
    package = tmp_path / "lazy_probe"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from auth0_explore.lazy import public_names\n"
        "if TYPE_CHECKING:\n"
        "    from json import dumps as dumps\n"
        "    from json import loads\n"  # not `as loads`: not re-exported
        "__all__, __getattr__, __dir__ = public_names(__name__, moved={'old': 'json.loads'})\n",
        encoding="utf-8",
    )
    sys.path.insert(0, str(tmp_path))
    try:
        probe = importlib.import_module("lazy_probe")
        assert probe.__all__ == ["dumps"]
        assert probe.dumps is json.dumps
        assert "dumps" in dir(probe)
        with pytest.raises(AttributeError, match="no attribute 'loads'"):
            _ = probe.loads
        with pytest.warns(DeprecationWarning, match="lazy_probe.old is now json.loads"):
            assert probe.old is json.loads
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("lazy_probe", None)


def _packages() -> list[Path]:
    root = Path(auth0_explore.__file__).parent
    return [root, *sorted(p.parent for p in root.rglob("*/__init__.py"))]


@pytest.mark.parametrize("package", _packages(), ids=lambda p: p.name)
def test_no_public_name_is_also_a_submodule(package: Path) -> None:
    """`from pkg import name` must not change meaning once `pkg.name` the module is imported:
    importing a submodule sets it as the package's attribute and hides a function of that name
    (it happened to `snapshot.diff`)."""
    dotted = ".".join(package.relative_to(Path(auth0_explore.__file__).parent.parent).parts)
    module = importlib.import_module(dotted)
    children = {p.stem for p in package.glob("*.py")}
    children |= {p.parent.name for p in package.glob("*/__init__.py")}
    assert not set(getattr(module, "__all__", ())) & children


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


def test_the_readme_links_nothing_outside_the_repository() -> None:
    """Every relative link of the README names a file of the project (no `../shared/...`)."""
    import re

    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme
    targets = re.findall(r"\]\((?!https?://|#)([^)#\s]+)", readme)
    assert targets, "the README links its own docs"
    assert [t for t in targets if not (root / t).exists()] == []
