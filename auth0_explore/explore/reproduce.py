"""Reproduce any row elsewhere: the same request as a `curl` command and an auth0-python call.

A reproduction goes to a `Destination`: where the request was really sent and where its client
secret comes from. A sandbox row goes to the sandbox's loopback URL with the sandbox
application's own secret, masked unless `reveal=True`; a live row goes to the tenant's domain
with the secret read from the variable it came from (`$AUTH0_CLIENT_SECRET`). With no
destination the command names a placeholder, `CLIENT_SECRET`, so it never sends a secret of
yours to a host you did not configure (a sandbox row's domain looks like a real tenant's).
`Run.reproduce(row)` and `Workbench.reproduce(attempt)` know the destination of their rows.
"""

from __future__ import annotations

import html
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

import pandas as pd

from auth0_explore.errors import ConfigError
from auth0_explore.explore.attempts import AttemptResult
from auth0_explore.secrets import MASK, Secret
from auth0_explore.text import terminal_width, wrap

__all__ = [
    "PLACEHOLDER",
    "SECRET_ENV",
    "Destination",
    "Reproduction",
    "auth0_python_call",
    "curl_command",
    "reproduce",
]

SECRET_ENV: Final = "AUTH0_CLIENT_SECRET"  # noqa: S105 - a variable's name, not its value
#: what a reproduction says where the reader must put the secret
PLACEHOLDER: Final = "CLIENT_SECRET"

Row = Mapping[str, Any] | pd.Series | AttemptResult


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a reproduced request goes, and where its client secret comes from.

    Attributes:
        base_url: the URL the request is posted to (a sandbox domain: its loopback URL).
        secret: a sandbox application's own secret: masked unless the caller reveals it.
        secret_env: for a live tenant, the variable the secret was read from.
        note: one line for people: whose tenant this is and how the secret gets in.
    """

    base_url: str
    secret: Secret | None = None
    secret_env: str | None = None
    note: str = ""

    def curl_secret(self, reveal: bool) -> str:
        """The `--data-urlencode` argument carrying the secret."""
        if self.secret is not None:
            return shlex.quote(f"client_secret={self.secret.reveal() if reveal else MASK}")
        if self.secret_env:
            return f'"client_secret=${self.secret_env}"'
        return shlex.quote(f"client_secret={PLACEHOLDER}")

    def python_secret(self, reveal: bool) -> str:
        """The Python expression giving the secret."""
        if self.secret is not None:
            return repr(self.secret.reveal() if reveal else MASK)
        if self.secret_env:
            return f"os.environ[{self.secret_env!r}]"
        return repr(PLACEHOLDER)


@dataclass(frozen=True, slots=True)
class Reproduction:
    """The same request two ways, and a note on where it goes and how its secret gets in."""

    curl: str
    python: str
    note: str = ""

    def __str__(self) -> str:
        note = "\n".join(wrap(self.note, terminal_width(), first="# ", rest="# "))
        head = f"{note}\n\n" if self.note else ""
        return f"{head}# curl\n{self.curl}\n\n# auth0-python\n{self.python}"

    def _repr_html_(self) -> str:
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (
            f"{note}<p>curl</p><pre>{html.escape(self.curl)}</pre>"
            f"<p>auth0-python</p><pre>{html.escape(self.python)}</pre>"
        )


def _fields(row: Row) -> dict[str, Any]:
    record = row.record if isinstance(row, AttemptResult) else row
    fields = {
        name: record.get(name)
        for name in (
            "domain",
            "grant",
            "audience_choice",
            "requested_audience",
            "requested_scope",
            "organization",
            "client",
        )
    }
    if fields["grant"] != "client_credentials":
        raise ConfigError(
            f"reproducing a {fields['grant']!r} attempt is not supported yet: it needs a login"
        )
    return {k: (None if v is None or (isinstance(v, float) and pd.isna(v)) else v)
            for k, v in fields.items()}  # fmt: skip


def _params(fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    params = [("grant_type", "client_credentials"), ("client_id", str(fields["client"] or ""))]
    audience = fields["requested_audience"]
    if audience:
        name = "resource" if fields["audience_choice"] == "resource" else "audience"
        params.append((name, str(audience)))
    for name in ("requested_scope", "organization"):
        if fields[name]:
            params.append((name.removeprefix("requested_"), str(fields[name])))
    return params


def curl_command(row: Row, destination: Destination | None = None, *, reveal: bool = False) -> str:
    """The row's token request as a `curl` command, sent to `destination` (default: the row's
    domain, with the placeholder secret)."""
    fields = _fields(row)
    target = destination or Destination(str(fields["domain"]))
    url = target.base_url.rstrip("/") + "/oauth/token"
    lines = [
        f"curl --request POST --url {shlex.quote(url)}",
        "  --header 'content-type: application/x-www-form-urlencoded'",
    ]
    for name, value in _params(fields):
        lines.append(f"  --data-urlencode {shlex.quote(f'{name}={value}')}")
        if name == "client_id":
            lines.append(f"  --data-urlencode {target.curl_secret(reveal)}")
    return " \\\n".join(lines)


def auth0_python_call(
    row: Row, destination: Destination | None = None, *, reveal: bool = False
) -> str:
    """The row's token request as auth0-python code, sent to `destination` (as `curl_command`)."""
    fields = _fields(row)
    target = destination or Destination(str(fields["domain"]))
    parts = urlsplit(target.base_url)
    domain = parts.netloc or target.base_url
    protocol = "" if parts.scheme in ("https", "") else f", protocol={parts.scheme!r}"
    params = _params(fields)
    extra = dict(params[2:])
    head = "import os\n\n" if target.secret is None and target.secret_env else ""
    head += (
        "from auth0.authentication import GetToken\n\n"
        f"get_token = GetToken(\n    {domain!r},\n    {fields['client']!r},\n"
        f"    client_secret={target.python_secret(reveal)}{protocol},\n)\n"
    )
    if set(extra) <= {"audience", "organization"} and "audience" in extra:
        org = f", organization={extra['organization']!r}" if "organization" in extra else ""
        return head + f"token = get_token.client_credentials({extra['audience']!r}{org})\n"
    # scope, resource or no audience: GetToken.client_credentials cannot say them, and
    # authenticated_post adds only the secret
    items = "".join(f"        {name!r}: {value!r},\n" for name, value in params)
    url = f"{parts.scheme or 'https'}://{domain}/oauth/token"
    return head + (
        f"token = get_token.authenticated_post(\n    {url!r},\n    data={{\n{items}    }},\n)\n"
    )


def reproduce(
    row: Row, destination: Destination | None = None, *, reveal: bool = False
) -> Reproduction:
    """Both forms for one row, and the destination's note (see the module's docstring)."""
    note = destination.note if destination else (
        f"sent to the row's domain; replace {PLACEHOLDER} with the application's secret "
        "(run.reproduce(row) knows where the row really went)"
    )  # fmt: skip
    return Reproduction(
        curl_command(row, destination, reveal=reveal),
        auth0_python_call(row, destination, reveal=reveal),
        note,
    )
