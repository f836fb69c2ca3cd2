"""Tenant audits: rules that read a configuration, probes that show what the tenant issues.

    snapshot = tenant.management.snapshot()                # or load_json / read_deploy_cli
    with SandboxConnector(sb) as connector:                # or CredentialConnector(...)
        seen = probe(snapshot, connector, budget=20)        # at most 20 tokens, read-only
    result = audit(snapshot, seen, tenant="prod")
    result.frame()                                          # one row per finding
    write_reports([result], "audit-report")                 # HTML, JSON, CSV, SARIF, baseline

Layering: audit reads snapshots and speaks through the client; it never imports the sandbox
(a `SandboxConnector` takes a running sandbox as a plain object). Modules: `model` (Rule,
Finding), `registry` and `rules/` (the rule table, one module per family), `context` (what
rules read), `engine` (`audit`), `probes/` (plan, predict, send, observe), `connect`
(connectors), `frame` (the findings DataFrame), `baseline`, `compare`, `report/` (HTML, SARIF,
files), `tenants` (a file of many tenants).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auth0_explore.lazy import exports

_EXPORTS: dict[str, str] = {
    "COLUMNS": "auth0_explore.audit.frame",
    "RULES": "auth0_explore.audit.rules",
    "SEVERITIES": "auth0_explore.audit.model",
    "Audit": "auth0_explore.audit.engine",
    "AuditOptions": "auth0_explore.audit.context",
    "Baseline": "auth0_explore.audit.baseline",
    "CredentialConnector": "auth0_explore.audit.connect",
    "Finding": "auth0_explore.audit.model",
    "Probes": "auth0_explore.audit.probes.model",
    "Rule": "auth0_explore.audit.model",
    "SandboxConnector": "auth0_explore.audit.connect",
    "audit": "auth0_explore.audit.engine",
    "diff_findings": "auth0_explore.audit.compare",
    "findings_frame": "auth0_explore.audit.frame",
    "probe": "auth0_explore.audit.probes.run",
    "read_findings": "auth0_explore.audit.frame",
    "rule": "auth0_explore.audit.rules",
    "rules_frame": "auth0_explore.audit.report.rules_table",
    "schema_frame": "auth0_explore.audit.frame",
    "to_sarif": "auth0_explore.audit.report.sarif",
    "write_reports": "auth0_explore.audit.report.files",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from auth0_explore.audit.baseline import Baseline as Baseline
    from auth0_explore.audit.compare import diff_findings as diff_findings
    from auth0_explore.audit.connect import CredentialConnector as CredentialConnector
    from auth0_explore.audit.connect import SandboxConnector as SandboxConnector
    from auth0_explore.audit.context import AuditOptions as AuditOptions
    from auth0_explore.audit.engine import Audit as Audit
    from auth0_explore.audit.engine import audit as audit
    from auth0_explore.audit.frame import COLUMNS as COLUMNS
    from auth0_explore.audit.frame import findings_frame as findings_frame
    from auth0_explore.audit.frame import read_findings as read_findings
    from auth0_explore.audit.frame import schema_frame as schema_frame
    from auth0_explore.audit.model import SEVERITIES as SEVERITIES
    from auth0_explore.audit.model import Finding as Finding
    from auth0_explore.audit.model import Rule as Rule
    from auth0_explore.audit.probes.model import Probes as Probes
    from auth0_explore.audit.probes.run import probe as probe
    from auth0_explore.audit.report.files import write_reports as write_reports
    from auth0_explore.audit.report.rules_table import rules_frame as rules_frame
    from auth0_explore.audit.report.sarif import to_sarif as to_sarif
    from auth0_explore.audit.rules import RULES as RULES
    from auth0_explore.audit.rules import rule as rule

__getattr__, __dir__ = exports(__name__, _EXPORTS)
