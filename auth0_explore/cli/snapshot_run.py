"""The bodies of `auth0-explore snapshot` and `auth0-explore diff` (commands.py keeps the options).

`snapshot` reads a sandbox profile through its Management API, a live tenant (read-only, with
the application of AUTH0_CLIENT_ID/AUTH0_CLIENT_SECRET, which needs the read scopes of
`SNAPSHOT_SCOPES`), or an auth0-deploy-cli export, and saves it as JSON without secrets. `diff`
prints what changed between two snapshots, grouped by object, within the terminal's width.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from auth0_explore.errors import ConfigError
from auth0_explore.snapshot.codec import load_json, save_json
from auth0_explore.snapshot.deploy_cli import read_deploy_cli
from auth0_explore.snapshot.differences import Change, changes, changes_text
from auth0_explore.snapshot.model import Snapshot

__all__ = ["format_changes", "load_any", "take_snapshot"]


def _mappings(environ: Mapping[str, str]) -> dict[str, Any]:
    """deploy-cli's AUTH0_KEYWORD_REPLACE_MAPPINGS (a JSON object), if set."""
    raw = environ.get("AUTH0_KEYWORD_REPLACE_MAPPINGS", "").strip()
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(f"AUTH0_KEYWORD_REPLACE_MAPPINGS is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise ConfigError("AUTH0_KEYWORD_REPLACE_MAPPINGS must be a JSON object")
    return value


def take_snapshot(
    profile: str | None, domain: str | None, deploy_cli: Path | None, environ: Mapping[str, str]
) -> Snapshot:
    """The snapshot one of the three sources gives (exactly one is set)."""
    from auth0_explore.client.tenant import Tenant

    if deploy_cli is not None:
        return read_deploy_cli(deploy_cli, _mappings(environ))
    if profile is not None:
        from auth0_explore.sandbox import Sandbox

        with (
            Sandbox(profile=profile) as sb,
            Tenant.from_sandbox(sb, application="api-explorer") as tenant,
        ):
            return tenant.management.snapshot()
    from auth0_explore.config import TenantConnection

    values = dict(environ)
    values["AUTH0_DOMAIN"] = domain or values.get("AUTH0_DOMAIN", "")
    with Tenant(TenantConnection.from_env(values)) as tenant:
        return tenant.management.snapshot()


def load_any(path: Path) -> Snapshot:
    """A saved snapshot (.json), or a deploy-cli export (.yaml or a directory)."""
    if path.is_dir() or path.suffix.lower() in (".yaml", ".yml"):
        return read_deploy_cli(path, _mappings(os.environ))
    return load_json(path)


def save(snapshot: Snapshot, out: Path) -> str:
    """Save and say what was saved, in one line."""
    save_json(snapshot, out)
    return (
        f"{out}: {len(snapshot.apis)} APIs, {len(snapshot.applications)} applications, "
        f"{len(snapshot.client_grants)} client grants, {len(snapshot.organizations)} "
        f"organizations, {len(snapshot.custom_domains)} custom domains, "
        f"{len(snapshot.signing_keys)} signing keys (no secrets)"
    )


def format_changes(found: list[Change], echo: Callable[[str], None]) -> None:
    """The changes grouped by object, one line each, within the terminal's width."""
    echo(changes_text(found))


def compare(a: Path, b: Path) -> list[Change]:
    """The changes from snapshot `a` to snapshot `b` (files or deploy-cli exports)."""
    return changes(load_any(a), load_any(b))
