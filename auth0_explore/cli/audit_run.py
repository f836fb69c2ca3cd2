"""The bodies of `auth0-explore audit` and `audit-diff` (commands.py keeps the options).

`audit` reads one tenant (a sandbox profile, a live domain, a saved snapshot, a deploy-cli
export) or every tenant of a `--tenants` file, concurrently, each with its own connections and
rate-limit pacing; probes within the budget; writes the reports; prints a summary; and returns
the exit code CI reads:

- 0: every tenant was audited and no finding at or above `--fail-on` (baselined ones aside);
- 1: a finding at or above `--fail-on` that no baseline accepts;
- 2: the command line is wrong (click's usage error);
- 3: a tenant could not be audited (unreachable, a missing scope, a bad file); the other
  tenants' findings are still written.

This module starts sandboxes, so it lives in the application layer, beside commands.py.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from auth0_explore.audit.baseline import Baseline
from auth0_explore.audit.compare import diff_findings
from auth0_explore.audit.context import AuditOptions
from auth0_explore.audit.engine import Audit
from auth0_explore.audit.frame import read_findings
from auth0_explore.audit.report.files import AuditFiles, write_reports
from auth0_explore.audit.sources import (
    ProbeSettings,
    TenantResult,
    audit_live,
    audit_many,
    audit_sandbox,
    audit_snapshot,
)
from auth0_explore.audit.tenants import TenantSpec, read_tenants
from auth0_explore.errors import ConfigError

__all__ = [
    "EXIT_FAILED",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "AuditOutcome",
    "AuditRequest",
    "run_audit",
    "run_diff",
    "specs_from",
    "summary_json",
    "summary_line",
]

EXIT_OK, EXIT_FINDINGS, EXIT_FAILED = 0, 1, 3
_WIDTH = 80


@dataclass(frozen=True)
class AuditRequest:
    """What the command line asked for."""

    specs: tuple[TenantSpec, ...]
    out: Path
    probe: int = 0
    include_failing: bool = False
    issuers: tuple[str, ...] = ()
    baseline: Path | None = None
    fail_on: str | None = None
    workers: int = 4


def specs_from(
    profile: str | None,
    snapshot: Path | None,
    deploy_cli: Path | None,
    domain: str | None,
    tenants: Path | None,
) -> list[TenantSpec]:
    """The tenants one of the five sources names (exactly one is set)."""
    if tenants is not None:
        return read_tenants(tenants)
    if profile is not None:
        return [TenantSpec(profile, "profile", profile)]
    if domain is not None:
        return [TenantSpec(domain, "domain", domain)]
    path = snapshot if snapshot is not None else deploy_cli
    if path is None:
        raise ConfigError("give one of --profile, --snapshot, --deploy-cli, --domain, --tenants")
    kind = "snapshot" if snapshot is not None else "deploy_cli"
    return [TenantSpec(path.stem or path.name, kind, str(path))]


def _sandbox_audit(spec: TenantSpec, options: AuditOptions, probes: ProbeSettings) -> Audit:
    from auth0_explore.sandbox import Sandbox

    with Sandbox(profile=spec.source) as sb:
        return audit_sandbox(sb, label=spec.name, options=options, probes=probes)


def _offline_audit(spec: TenantSpec, options: AuditOptions) -> Audit:
    from auth0_explore.cli.snapshot_run import load_any

    return audit_snapshot(load_any(Path(spec.source)), label=spec.name, options=options)


def _job(
    spec: TenantSpec, request: AuditRequest, environ: Mapping[str, str]
) -> Callable[[], Audit]:
    issuers = spec.issuers if spec.issuers is not None else (request.issuers or None)
    options = AuditOptions(issuers=issuers)
    budget = spec.probe if spec.probe is not None else request.probe
    probes = ProbeSettings(budget, request.include_failing)
    if spec.kind == "profile":
        return lambda: _sandbox_audit(spec, options, probes)
    if spec.kind == "domain":
        return lambda: audit_live(
            spec.connection(environ),
            label=spec.name,
            options=options,
            probes=probes,
            applications=spec.probe_credentials(environ),
        )
    return lambda: _offline_audit(spec, options)


@dataclass(frozen=True)
class AuditOutcome:
    """The run: each tenant's result, the files written, the exit code."""

    results: tuple[TenantResult, ...]
    files: AuditFiles | None
    exit_code: int
    lines: tuple[str, ...]


def run_audit(request: AuditRequest, environ: Mapping[str, str] | None = None) -> AuditOutcome:
    """Audit every tenant of the request at once, write the reports, decide the exit code."""
    env = os.environ if environ is None else environ
    baseline = Baseline.load(request.baseline) if request.baseline else None
    jobs = [(s.name, _job(s, request, env)) for s in request.specs]
    results = audit_many(jobs, workers=request.workers)
    if baseline is not None:
        results = [
            replace(r, audit=r.audit.with_baseline(baseline)) if r.audit else r for r in results
        ]
    audits = [r.audit for r in results if r.audit is not None]
    artifacts = {
        s.name: _relative(s.source) for s in request.specs if s.kind in ("snapshot", "deploy_cli")
    }
    files = write_reports(audits, request.out, artifacts=artifacts) if audits else None
    lines = [line for r in results for line in _summary(r)]
    offline = [s.name for s in request.specs if s.kind in ("snapshot", "deploy_cli")]
    if request.probe and offline:
        lines.append(
            f"not probed: {', '.join(offline)} (a saved configuration; probes need a tenant: "
            "--profile, --domain, or a domain in --tenants)"
        )
    if baseline is not None:
        stale = baseline.stale(f for a in audits for f in a.findings)
        if stale:
            lines.append(f"baseline: {len(stale)} accepted finding(s) no longer found (fixed?)")
    code, verdict = _verdict(results, request.fail_on)
    if files is not None:
        lines.append(f"written to {files.directory}: " + ", ".join(p.name for p in files.paths()))
    lines.append(verdict)
    return AuditOutcome(tuple(results), files, code, tuple(lines))


def _relative(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return Path(path).name


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def summary_line(result: TenantResult) -> str:
    """One tenant's outcome in a line: its findings per severity and its probes, or why it
    could not be audited."""
    if result.audit is None:
        return _short(f"{result.label}: not audited: {result.error}", _WIDTH * 3)
    audit = result.audit
    counts = ", ".join(f"{n} {s}" for s, n in audit.counts().items() if n) or "none"
    sent = list(audit.probes.sent())
    tokens = sum(1 for p in sent if p.outcome == "token")
    probed = f"; {len(sent)} probes ({tokens} tokens)" if audit.probes else ""
    return _short(f"{audit.tenant}: {len(audit.findings)} findings ({counts}){probed}", _WIDTH)


def _summary(result: TenantResult) -> list[str]:
    lines = [summary_line(result)]
    if result.audit is None:
        return lines
    for f in result.audit.findings:
        mark = " [baselined]" if f.baselined else ""
        lines.append(_short(f"  {f.severity:<8} {f.rule}  {f.object}{mark}", _WIDTH))
    return lines


def _verdict(results: Sequence[TenantResult], fail_on: str | None) -> tuple[int, str]:
    failed = [r.label for r in results if r.audit is None]
    if failed:
        return EXIT_FAILED, f"could not audit {', '.join(failed)} (exit {EXIT_FAILED})"
    if fail_on is None:
        return EXIT_OK, "no --fail-on: findings are reported, never fail the run (exit 0)"
    failing = [f for r in results if r.audit for f in r.audit.failing(fail_on)]
    if failing:
        return EXIT_FINDINGS, (
            f"--fail-on {fail_on}: {len(failing)} finding(s) at {fail_on} or above "
            f"(exit {EXIT_FINDINGS})"
        )
    return EXIT_OK, f"--fail-on {fail_on}: no finding at {fail_on} or above (exit 0)"


def summary_json(outcome: AuditOutcome) -> str:
    """The outcome as one JSON object (`--json`)."""
    body: dict[str, Any] = {
        "exit_code": outcome.exit_code,
        "tenants": [
            {
                "tenant": r.label,
                "error": str(r.error) if r.error else None,
                "counts": r.audit.counts() if r.audit else None,
                "findings": len(r.audit.findings) if r.audit else None,
            }
            for r in outcome.results
        ],
        "files": [str(p) for p in outcome.files.paths()] if outcome.files else [],
    }
    return json.dumps(body, indent=1)


def run_diff(before: Path, after: Path) -> tuple[int, list[str]]:
    """The findings that are new, fixed or unchanged from one run's findings.json to
    another's; exit 1 when one is new (like diff), else 0."""
    frame = diff_findings(read_findings(before), read_findings(after))
    counts = frame["change"].value_counts().to_dict()
    lines = [
        _short(f"{row.change:<9} {row.severity:<8} {row.rule}  {row.tenant}: {row.object}", _WIDTH)
        for row in frame.itertuples()
        if row.change != "unchanged"
    ]
    lines.append(", ".join(f"{counts.get(c, 0)} {c}" for c in ("new", "fixed", "unchanged")))
    return (1 if counts.get("new") else 0), lines
