"""Auditing one tenant end to end: read its configuration, probe, run the rules.

    audit_sandbox(sb, budget=20)                                 # a running sandbox
    audit_live(TenantConnection.from_env(), budget=5)            # a live tenant, read-only
    audit_snapshot(load_json("prod.json"))                       # a saved configuration

The configuration is read through the Management API with the least scopes (`SNAPSHOT_SCOPES`,
never a secret), paced by its rate-limit headers; probes speak as the applications a connector
holds credentials for (every one on a sandbox; on a live tenant the auditing application and
those you name). `audit_many` runs several such jobs at once, each with its own connections and
pacing, and keeps each tenant's result or error.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from auth0_explore.audit.connect import Connector, CredentialConnector, SandboxConnector
from auth0_explore.audit.context import AuditOptions
from auth0_explore.audit.engine import Audit, audit
from auth0_explore.audit.probes.run import probe
from auth0_explore.client.tenant import Tenant
from auth0_explore.clock import Clock
from auth0_explore.config import Credentials, TenantConnection
from auth0_explore.errors import Auth0ExploreError
from auth0_explore.snapshot.model import Snapshot

__all__ = [
    "ProbeSettings",
    "TenantResult",
    "audit_live",
    "audit_many",
    "audit_sandbox",
    "audit_snapshot",
    "audit_through",
    "probe_and_audit",
]


@dataclass(frozen=True)
class ProbeSettings:
    """How much to probe: a budget of tokens (0: no probe), pairs predicted to fail or not."""

    budget: int = 0
    include_failing: bool = False
    workers: int = 4


def probe_and_audit(
    snapshot: Snapshot,
    connector: Connector | None,
    *,
    domain: str,
    clock: Clock,
    label: str | None = None,
    options: AuditOptions | None = None,
    probes: ProbeSettings | None = None,
) -> Audit:
    """Probe `snapshot`'s tenant through `connector` (within the budget), then audit."""
    settings = probes or ProbeSettings()
    seen = None
    if connector is not None and settings.budget > 0:
        seen = probe(
            snapshot,
            connector,
            budget=settings.budget,
            options=options,
            include_failing=settings.include_failing,
            domain=domain,
            workers=settings.workers,
        )
    return audit(
        snapshot, seen, tenant=label or domain, options=options, domain=domain, clock=clock
    )


def audit_through(
    reader: Tenant,
    connector: Connector | None,
    *,
    label: str | None = None,
    options: AuditOptions | None = None,
    probes: ProbeSettings | None = None,
) -> Audit:
    """Read `reader`'s tenant through its Management API, probe through `connector`, audit."""
    return probe_and_audit(
        reader.management.snapshot(),
        connector,
        domain=reader.connection.canonical_domain,
        clock=reader.clock,
        label=label,
        options=options,
        probes=probes,
    )


def audit_sandbox(
    sandbox: Any,
    *,
    label: str | None = None,
    options: AuditOptions | None = None,
    probes: ProbeSettings | None = None,
    reader: str = "api-explorer",
) -> Audit:
    """A running sandbox, read as its `api-explorer` application, probed as every application."""
    with (
        Tenant.from_sandbox(sandbox, application=reader) as tenant,
        SandboxConnector(sandbox) as connector,
    ):
        return audit_through(tenant, connector, label=label, options=options, probes=probes)


def audit_live(
    connection: TenantConnection,
    *,
    label: str | None = None,
    options: AuditOptions | None = None,
    probes: ProbeSettings | None = None,
    applications: Mapping[str, Credentials] | None = None,
) -> Audit:
    """A live tenant, read-only: the connection's application reads the configuration (it
    needs the read scopes of `SNAPSHOT_SCOPES`) and probes its own grants; `applications`
    adds others by name (their credentials from the environment: `credentials_from_env`)."""
    with Tenant(connection) as reader:
        snapshot = reader.management.snapshot()
        known = dict(applications or {})
        own = connection.credentials
        if own is not None:
            app = snapshot.application(own.client_id)
            known.setdefault(app.name if app is not None else own.client_id, own)
        domain = connection.canonical_domain
        connector = CredentialConnector(
            domain, known, ca_bundle=connection.ca_bundle, routes=connection.routes
        )
        with connector:
            return probe_and_audit(
                snapshot,
                connector,
                domain=domain,
                clock=reader.clock,
                label=label,
                options=options,
                probes=probes,
            )


def audit_snapshot(
    snapshot: Snapshot,
    *,
    label: str | None = None,
    options: AuditOptions | None = None,
    clock: Clock | None = None,
) -> Audit:
    """A saved configuration or a deploy-cli export: the rules alone (nothing to probe)."""
    return audit(
        snapshot, tenant=label, options=options, domain=snapshot.source.domain, clock=clock
    )


@dataclass(frozen=True)
class TenantResult:
    """One tenant's outcome in a run of many: its audit, or the error that stopped it."""

    label: str
    audit: Audit | None = None
    error: Auth0ExploreError | None = None


def audit_many(
    jobs: Sequence[tuple[str, Callable[[], Audit]]], *, workers: int = 4
) -> list[TenantResult]:
    """Run each (label, job) at once (up to `workers`), in order of the list; a tenant that
    fails keeps its error and the others their audits."""

    def run(job: tuple[str, Callable[[], Audit]]) -> TenantResult:
        label, make = job
        try:
            return TenantResult(label, make())
        except Auth0ExploreError as error:
            return TenantResult(label, error=error)

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="audit") as pool:
        return list(pool.map(run, jobs))
