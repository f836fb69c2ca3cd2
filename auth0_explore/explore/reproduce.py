"""Reproduce any row elsewhere: the same request as a `curl` command and an auth0-python call.

The client secret is never written out: both forms read it from an environment variable
(`$AUTH0_CLIENT_SECRET` by default), so the text can be pasted into a ticket or a chat.
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

__all__ = ["Reproduction", "auth0_python_call", "curl_command", "reproduce"]

SECRET_ENV: Final = "AUTH0_CLIENT_SECRET"  # noqa: S105 - a variable's name, not its value


@dataclass(frozen=True, slots=True)
class Reproduction:
    """The same request two ways; neither contains the secret."""

    curl: str
    python: str

    def __str__(self) -> str:
        return f"# curl\n{self.curl}\n\n# auth0-python\n{self.python}"

    def _repr_html_(self) -> str:
        return (
            f"<p>curl</p><pre>{html.escape(self.curl)}</pre>"
            f"<p>auth0-python</p><pre>{html.escape(self.python)}</pre>"
        )


def _fields(row: Mapping[str, Any] | pd.Series | AttemptResult) -> dict[str, Any]:
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


def curl_command(
    row: Mapping[str, Any] | pd.Series | AttemptResult,
    *,
    base_url: str | None = None,
    secret_env: str = SECRET_ENV,
) -> str:
    """The row's token request as a `curl` command; the secret comes from `$secret_env`.

    `base_url` replaces the row's domain (e.g. a sandbox's loopback URL).
    """
    fields = _fields(row)
    url = (base_url or str(fields["domain"])).rstrip("/") + "/oauth/token"
    lines = [
        f"curl --request POST --url {shlex.quote(url)}",
        "  --header 'content-type: application/x-www-form-urlencoded'",
    ]
    for name, value in _params(fields):
        lines.append(f"  --data-urlencode {shlex.quote(f'{name}={value}')}")
        if name == "client_id":
            lines.append(f'  --data-urlencode "client_secret=${secret_env}"')
    return " \\\n".join(lines)


def auth0_python_call(
    row: Mapping[str, Any] | pd.Series | AttemptResult,
    *,
    base_url: str | None = None,
    secret_env: str = SECRET_ENV,
) -> str:
    """The row's token request as auth0-python code; the secret comes from `os.environ`."""
    fields = _fields(row)
    parts = urlsplit(base_url or str(fields["domain"]))
    domain = parts.netloc or str(fields["domain"])
    protocol = "" if parts.scheme in ("https", "") else f", protocol={parts.scheme!r}"
    params = _params(fields)
    extra = dict(params[2:])
    head = (
        "import os\n\nfrom auth0.authentication import GetToken\n\n"
        f"get_token = GetToken(\n    {domain!r},\n    {fields['client']!r},\n"
        f"    client_secret=os.environ[{secret_env!r}]{protocol},\n)\n"
    )
    if set(extra) <= {"audience", "organization"} and "audience" in extra:
        org = f", organization={extra['organization']!r}" if "organization" in extra else ""
        return head + f"token = get_token.client_credentials({extra['audience']!r}{org})\n"
    # scope, resource or no audience: GetToken.client_credentials cannot say them, and
    # authenticated_post adds only the secret
    data = dict(params)
    url = f"{parts.scheme or 'https'}://{domain}/oauth/token"
    return head + f"token = get_token.authenticated_post(\n    {url!r},\n    data={data!r},\n)\n"


def reproduce(
    row: Mapping[str, Any] | pd.Series | AttemptResult,
    *,
    base_url: str | None = None,
    secret_env: str = SECRET_ENV,
) -> Reproduction:
    """Both forms for one row."""
    return Reproduction(
        curl_command(row, base_url=base_url, secret_env=secret_env),
        auth0_python_call(row, base_url=base_url, secret_env=secret_env),
    )
