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

from auth0_explore.lazy import public_names

if TYPE_CHECKING:  # the public names: `X as X` lines, each name once (see auth0_explore.lazy)
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
    from auth0_explore.audit.sources import ProbeSettings as ProbeSettings
    from auth0_explore.audit.sources import audit_live as audit_live
    from auth0_explore.audit.sources import audit_sandbox as audit_sandbox

__all__, _attribute, __dir__ = public_names(__name__)

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name stays a type error
    __getattr__ = _attribute
