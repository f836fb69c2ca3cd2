"""auth0-deploy-cli exports into snapshots: the YAML file and the directory layout.

deploy-cli writes the Management API's objects under its own keys (YAML: `tenant`, `clients`,
`resourceServers`, `clientGrants`, `customDomains`, `organizations`; directory: `tenant.json`,
`clients/*.json`, `resource-servers/*.json`, `grants/*.json`, `custom-domains/*.json`,
`organizations/*.json`). Its client grants name their application by **name** in `client_id`,
and organizations list their grants as `{client_id: <name>, audience}`. Keyword placeholders
(`##KEY##` is replaced by the text, `@@KEY@@` by the JSON of a value; deploy-cli's
`AUTH0_KEYWORD_REPLACE_MAPPINGS`) are replaced from `mappings`; those left are kept as written
(an `@@KEY@@` as the string "@@KEY@@") and listed in `source.notes`. Signing keys are not
exported, so a deploy-cli snapshot has none.
YAML needs PyYAML (`pip install 'auth0-explore[deploy-cli]'`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from auth0_explore.errors import ConfigError
from auth0_explore.snapshot.management_json import snapshot_from_json
from auth0_explore.snapshot.model import Snapshot, Source

__all__ = ["read_deploy_cli"]

_PLACEHOLDER = re.compile(r"##([A-Za-z0-9_]+)##|@@([A-Za-z0-9_]+)@@")
# section -> (YAML key, directory folder or file)
_SECTIONS = {
    "clients": ("clients", "clients"),
    "apis": ("resourceServers", "resource-servers"),
    "grants": ("clientGrants", "grants"),
    "custom_domains": ("customDomains", "custom-domains"),
    "organizations": ("organizations", "organizations"),
}


def _replace(text: str, mappings: Mapping[str, Any], notes: list[str]) -> str:
    def one(match: re.Match[str]) -> str:
        key = match.group(1) or match.group(2)
        if key not in mappings:
            notes.append(f"unresolved placeholder {match.group(0)}")
            # an unresolved @@KEY@@ stands where a value goes: keep it, as a string
            return match.group(0) if match.group(1) else json.dumps(match.group(0))
        value = mappings[key]
        return str(value) if match.group(1) else json.dumps(value)

    return _PLACEHOLDER.sub(one, text)


def _yaml(path: Path, mappings: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
    try:
        import yaml
    except ImportError:
        raise ConfigError(
            "reading a deploy-cli YAML export needs PyYAML: pip install 'auth0-explore[deploy-cli]'"
        ) from None
    text = _replace(_read(path), mappings, notes)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path.name} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: a deploy-cli export is a YAML mapping (tenant, clients …)")
    return {name: data.get(key) or [] for name, (key, _) in _SECTIONS.items()} | {
        "tenant": data.get("tenant") or {}
    }


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None


def _json_file(path: Path, mappings: Mapping[str, Any], notes: list[str]) -> Any:
    try:
        return json.loads(_replace(_read(path), mappings, notes))
    except ValueError as exc:
        raise ConfigError(f"{path} is not valid JSON: {exc}") from None


def _directory(root: Path, mappings: Mapping[str, Any], notes: list[str]) -> dict[str, Any]:
    tenant = root / "tenant.json"
    data: dict[str, Any] = {
        "tenant": _json_file(tenant, mappings, notes) if tenant.is_file() else {}
    }
    for name, (_, folder) in _SECTIONS.items():
        items: list[Any] = []
        for file in sorted((root / folder).glob("*.json")):
            loaded = _json_file(file, mappings, notes)
            items += loaded if isinstance(loaded, list) else [loaded]
        data[name] = items
    return data


def _organization_grants(
    data: Mapping[str, Any], grants: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """deploy-cli's `{client_id: <name>, audience}` per organization, as grant objects."""
    by_pair = {(g.get("client_id"), g.get("audience")): g for g in grants}
    found: dict[str, list[dict[str, Any]]] = {}
    for org in data["organizations"]:
        for ref in org.get("client_grants") or ():
            grant = by_pair.get((ref.get("client_id"), ref.get("audience")))
            if grant is not None:
                found.setdefault(str(org.get("id") or org.get("name")), []).append(grant)
    return found


def read_deploy_cli(
    path: str | Path, mappings: Mapping[str, Any] | None = None, *, domain: str = ""
) -> Snapshot:
    """A snapshot of an auth0-deploy-cli export: a `.yaml`/`.yml` file or a directory."""
    where = Path(path)
    notes: list[str] = []
    if where.is_dir():
        data = _directory(where, mappings or {}, notes)
    elif where.suffix.lower() in (".yaml", ".yml"):
        data = _yaml(where, mappings or {}, notes)
    else:
        raise ConfigError(f"{where}: give a deploy-cli .yaml file or export directory")
    grants = [dict(g, id=g.get("id") or f"grant-{i}") for i, g in enumerate(data["grants"])]
    orgs = [dict(o, id=o.get("id") or o.get("name")) for o in data["organizations"]]
    data["organizations"] = orgs
    snapshot = snapshot_from_json(
        Source("deploy-cli", domain, "", tuple(dict.fromkeys(notes))),
        settings=data["tenant"],
        apis=data["apis"],
        clients=data["clients"],
        grants=grants,
        organizations=orgs,
        organization_grants=_organization_grants(data, grants),
        custom_domains=data["custom_domains"],
    )
    return _names_for_grants(snapshot)


def _names_for_grants(snapshot: Snapshot) -> Snapshot:
    """deploy-cli grants name their application: keep the name, find the id if exported."""
    ids = {a.name: a.client_id for a in snapshot.applications}
    grants = tuple(
        replace(
            g,
            id="" if g.id.startswith("grant-") else g.id,
            client_id=ids.get(g.client, g.client_id if snapshot.application(g.client_id) else ""),
        )
        for g in snapshot.client_grants
    )
    orgs = tuple(replace(o, id="" if o.id == o.name else o.id) for o in snapshot.organizations)
    return replace(snapshot, client_grants=grants, organizations=orgs)
