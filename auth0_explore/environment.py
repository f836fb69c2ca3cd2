"""Where the `AUTH0_*` settings come from: the process environment, or a `.env` file.

A `.env` file is looked for in the current folder (a notebook's kernel runs in the notebook's
folder) and then in each parent, so one file at the project's root serves every notebook below
it. `EnvSource` keeps what was found and where, so a notebook can say which tenant it runs on
and why, instead of silently falling back to the sandbox. The file is read, never loaded into
`os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from auth0_explore.errors import ConfigError

__all__ = ["EnvSource", "find_dotenv_file"]

_ENV_DOMAIN = "AUTH0_DOMAIN"
_ENV_PREFIX = "AUTH0_"
_DOTENV = ".env"


def find_dotenv_file(start: str | Path | None = None) -> Path | None:
    """The `.env` file in `start` (default: the current folder) or its nearest parent, or None.

    A notebook's kernel runs in the notebook's folder, so a `.env` at the project's root serves
    every notebook below it (python-dotenv's own search starts from the calling module instead).
    """
    folder = Path(start).resolve() if start is not None else Path.cwd()
    for candidate in (folder, *folder.parents):
        path = candidate / _DOTENV
        if path.is_file():
            return path
    return None


@dataclass(frozen=True, slots=True)
class EnvSource:
    """The `AUTH0_*` settings and where each came from: the process environment or a `.env` file.

    `EnvSource.find()` is what `config.TenantConnection.from_env` reads; notebooks use it to say
    which tenant they run on and why (`describe()`).

    Attributes:
        values: every `AUTH0_*` setting found, the environment's winning over the file's.
        dotenv: the `.env` file that was read, or None.
        searched_from: the folder the `.env` search started in (None when no search was made).
        from_environment: the names set in the process environment.
    """

    values: Mapping[str, str] = field(repr=False)
    dotenv: Path | None = None
    searched_from: Path | None = None
    from_environment: frozenset[str] = frozenset()

    @classmethod
    def find(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        dotenv: str | Path | None = _DOTENV,
        start: str | Path | None = None,
    ) -> EnvSource:
        """The settings of `environ` (default: `os.environ`) over those of a `.env` file.

        Args:
            environ: the process environment to read (tests pass their own).
            dotenv: `".env"` searches `start` and its parents; another path is read as given
                (it must exist); None reads no file.
            start: where the search for `.env` begins (default: the current folder).
        """
        searched_from, path = None, None
        if dotenv is not None and str(dotenv) == _DOTENV:
            searched_from = Path(start).resolve() if start is not None else Path.cwd()
            path = find_dotenv_file(searched_from)
        elif dotenv is not None:
            path = Path(dotenv)
            if not path.is_file():
                raise ConfigError(f"the .env file {str(dotenv)!r} does not exist")
        values = _read_dotenv(path) if path is not None else {}
        environment = {
            k: v for k, v in (os.environ if environ is None else environ).items()
            if k.startswith(_ENV_PREFIX)
        }  # fmt: skip
        values.update(environment)
        return cls(values, path, searched_from, frozenset(environment))

    @property
    def domain(self) -> str | None:
        """`AUTH0_DOMAIN`, or None when it is set nowhere (then the sandbox is the tenant)."""
        return self.values.get(_ENV_DOMAIN, "").strip() or None

    def origin(self, name: str) -> str | None:
        """Where the setting `name` came from ("the environment" or the file), None if unset."""
        if not self.values.get(name, "").strip():
            return None
        return "the environment" if name in self.from_environment else str(self.dotenv)

    def describe(self) -> str:
        """One sentence: the domain and where it came from, or everywhere it was looked for."""
        if self.domain is not None:
            return f"{_ENV_DOMAIN}={self.domain} from {self.origin(_ENV_DOMAIN)}"
        if self.dotenv is not None:
            where = f"nor in {self.dotenv}"
        elif self.searched_from is not None:
            where = f"and there is no .env in {self.searched_from} or any folder above it"
        else:
            where = "and no .env file was read"
        return f"{_ENV_DOMAIN} is not set: not in the environment, {where}"

    def __repr__(self) -> str:
        return f"EnvSource(domain={self.domain!r}, dotenv={self.dotenv!r})"


def _read_dotenv(path: Path) -> dict[str, str]:
    from dotenv import dotenv_values  # imported here: only the edge reads files

    return {
        k: v for k, v in dotenv_values(path).items() if v is not None and k.startswith(_ENV_PREFIX)
    }
