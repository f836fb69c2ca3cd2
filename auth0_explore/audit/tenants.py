"""A file of tenants to audit together (`auth0-explore audit --tenants tenants.toml`).

TOML, one `[[tenant]]` table each, with exactly one source: `domain` (a live tenant's canonical
domain, read-only), `profile` (a sandbox profile), `snapshot` (a saved snapshot) or `deploy_cli`
(an export); paths are relative to the file. Secrets never appear in the file: a live tenant
names the environment variables that hold them.

    [[tenant]]
    name = "prod"                                  # the label in every report
    domain = "dev-abc123.us.auth0.com"
    client_id_env = "PROD_AUDIT_CLIENT_ID"         # default AUTH0_CLIENT_ID
    client_secret_env = "PROD_AUDIT_CLIENT_SECRET" # default AUTH0_CLIENT_SECRET
    issuers = ["https://login.example.com/"]       # what your APIs accept (default: the domain's)
    probe = 10                                     # this tenant's token budget (default: --probe)

    [tenant.applications.billing-worker]           # also probe as this application
    client_id_env = "PROD_BILLING_CLIENT_ID"
    client_secret_env = "PROD_BILLING_CLIENT_SECRET"
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auth0_explore.audit.connect import credentials_from_env
from auth0_explore.config import Credentials, TenantConnection
from auth0_explore.errors import ConfigError

__all__ = ["SOURCES", "TenantSpec", "read_tenants"]

#: the keys that say where a tenant's configuration comes from (exactly one per tenant)
SOURCES = ("domain", "profile", "snapshot", "deploy_cli")
_KEYS = {*SOURCES, "name", "client_id_env", "client_secret_env", "issuers", "probe", "applications"}
_APP_KEYS = {"client_id_env", "client_secret_env"}


@dataclass(frozen=True)
class TenantSpec:
    """One tenant of the file: its label, its source and, for a live tenant, where its
    credentials are (environment variable names, never values)."""

    name: str
    kind: str
    source: str
    client_id_env: str = "AUTH0_CLIENT_ID"
    client_secret_env: str = "AUTH0_CLIENT_SECRET"  # noqa: S105 - a variable's name
    issuers: tuple[str, ...] | None = None
    probe: int | None = None
    #: application name -> (client id variable, client secret variable)
    applications: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def connection(self, environ: Mapping[str, str]) -> TenantConnection:
        """The live tenant's connection, its auditing application's credentials from env."""
        own = credentials_from_env(self.client_id_env, self.client_secret_env, environ)
        return TenantConnection.from_values(self.source, own.client_id, own.client_secret)

    def probe_credentials(self, environ: Mapping[str, str]) -> dict[str, Credentials]:
        """The other applications to probe as, by name."""
        return {
            name: credentials_from_env(id_var, secret_var, environ)
            for name, (id_var, secret_var) in self.applications.items()
        }


def _refuse_secrets(table: Mapping[str, Any], where: str) -> None:
    for key in table:
        if "secret" in key.lower() and not key.endswith("_env"):
            raise ConfigError(
                f"{where}: {key!r} would put a secret in the file; name the environment "
                'variable that holds it instead (client_secret_env = "...")'
            )


def _applications(raw: Any, where: str) -> dict[str, tuple[str, str]]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: applications is a table of [tenant.applications.<name>]")
    found = {}
    for name, table in raw.items():
        here = f"{where}, application {name!r}"
        if not isinstance(table, dict):
            raise ConfigError(f"{here}: give client_id_env and client_secret_env")
        _refuse_secrets(table, here)
        if set(table) != _APP_KEYS or not all(isinstance(v, str) for v in table.values()):
            raise ConfigError(f"{here}: give exactly client_id_env and client_secret_env")
        found[name] = (table["client_id_env"], table["client_secret_env"])
    return found


def _spec(table: Any, index: int, base: Path) -> TenantSpec:
    where = f"tenant {index + 1}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: each [[tenant]] is a table")
    _refuse_secrets(table, where)
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r}; the keys are {sorted(_KEYS)}")
    given = [k for k in SOURCES if k in table]
    if len(given) != 1:
        raise ConfigError(f"{where}: give exactly one of {', '.join(SOURCES)}")
    kind = given[0]
    source = str(table[kind])
    if kind in ("snapshot", "deploy_cli"):
        source = str((base / source).resolve())
    probe = table.get("probe")
    if probe is not None and (not isinstance(probe, int) or isinstance(probe, bool) or probe < 0):
        raise ConfigError(f"{where}: probe is a number of tokens (0 or more)")
    issuers = table.get("issuers")
    if issuers is not None and not (
        isinstance(issuers, list) and all(isinstance(i, str) for i in issuers)
    ):
        raise ConfigError(f"{where}: issuers is a list of URLs")
    return TenantSpec(
        name=str(table.get("name") or table[kind]),
        kind=kind,
        source=source,
        client_id_env=str(table.get("client_id_env", "AUTH0_CLIENT_ID")),
        client_secret_env=str(table.get("client_secret_env", "AUTH0_CLIENT_SECRET")),
        issuers=tuple(issuers) if issuers is not None else None,
        probe=probe,
        applications=_applications(table.get("applications", {}), where),
    )


def read_tenants(path: str | Path) -> list[TenantSpec]:
    """The tenants of a TOML file; a `ConfigError` names the tenant and the key at fault."""
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the tenants file {source}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source.name} is not valid TOML: {exc}") from None
    tables = data.get("tenant")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{source.name}: list the tenants as [[tenant]] tables")
    specs = [_spec(t, i, source.parent) for i, t in enumerate(tables)]
    names = [s.name for s in specs]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(
            f"{source.name}: two tenants are named {repeated[0]!r}; names label reports"
        )
    return specs
