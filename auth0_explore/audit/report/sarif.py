"""Findings as SARIF 2.1.0, the format code-scanning tools and CI read.

One run per audit (`tool.driver` = auth0-explore with every rule of the table, so a viewer can
show each rule's help), one result per finding. A tenant has no source file, so each result's
location is the configuration it was read from (a snapshot file, a deploy-cli export, or
`auth0/<tenant>/tenant.json` as a stand-in that GitHub accepts), with a logical location naming
the object (`prod/api/https://orders.example.org/`). `partialFingerprints` carries the
finding's fingerprint, so code scanning tracks it from run to run; baselined findings carry a
suppression. `tests/audit/test_sarif.py` validates the output against the OASIS schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from auth0_explore import __version__
from auth0_explore.audit.model import Finding, Rule
from auth0_explore.audit.rules import RULES

__all__ = ["SARIF_SCHEMA", "SARIF_VERSION", "to_sarif"]

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
#: severity -> (SARIF level, GitHub's security-severity score)
_LEVELS = {
    "critical": ("error", "9.5"),
    "high": ("error", "8.0"),
    "medium": ("warning", "5.5"),
    "low": ("note", "3.0"),
    "info": ("note", "1.0"),
}


def _rule(rule: Rule) -> dict[str, Any]:
    level, score = _LEVELS[rule.severity]
    text = f"{rule.rationale}\n\nFix: {rule.fix}\n\nEvidence: {rule.evidence}"
    markdown = (
        f"{rule.rationale}\n\n**Fix:** {rule.fix}\n\n**Evidence:** {rule.evidence}\n\n"
        f"[Auth0 documentation]({rule.doc})"
    )
    if rule.checkmate:
        text += f"\n\nauth0-checkmate overlap: {rule.checkmate}"
        markdown += f"\n\nauth0-checkmate overlap: {rule.checkmate}"
    return {
        "id": rule.id,
        "name": "".join(w.capitalize() for w in rule.title.split()[:8] if w.isalnum()) or rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "helpUri": rule.doc,
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level},
        "properties": {
            "tags": ["security", "auth0", rule.area],
            "security-severity": score,
            "precision": "high",
            "problem.severity": "error" if level == "error" else "warning",
        },
    }


def _location(finding: Finding, artifact: str) -> dict[str, Any]:
    logical = f"{finding.tenant}/{finding.object_kind}/{finding.object}"
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact},
            "region": {"startLine": 1},
        },
        "logicalLocations": [
            {"name": finding.object, "fullyQualifiedName": logical, "kind": "resource"}
        ],
    }


def _result(finding: Finding, index: int, artifact: str) -> dict[str, Any]:
    level, _ = _LEVELS[finding.severity]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": level,
        "message": {"text": f"{finding.message} Fix: {finding.fix}"},
        "locations": [_location(finding, artifact)],
        "partialFingerprints": {"auth0Finding/v1": finding.fingerprint},
        "properties": {
            "tenant": finding.tenant,
            "severity": finding.severity,
            "area": finding.area,
            "evidence": dict(finding.evidence),
            "confirmedByProbe": finding.confirmed,
        },
    }
    if finding.baselined:
        result["suppressions"] = [
            {"kind": "external", "justification": "accepted by the audit's baseline file"}
        ]
    return result


def to_sarif(
    findings: Iterable[Finding],
    *,
    artifacts: Mapping[str, str] | None = None,
    rules: Sequence[Rule] = RULES,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: every rule, one result per finding.

    Args:
        findings: the findings of one or more tenants.
        artifacts: tenant -> the file its configuration came from (a path relative to the
            repository, for code scanning); default `auth0/<tenant>/tenant.json`.
        rules: the rule table the run describes.
    """
    index = {r.id: i for i, r in enumerate(rules)}
    where = dict(artifacts or {})
    results = [
        _result(f, index[f.rule], where.get(f.tenant) or f"auth0/{_safe(f.tenant)}/tenant.json")
        for f in findings
        if f.rule in index
    ]
    driver = {
        "name": "auth0-explore",
        "semanticVersion": __version__,
        "rules": [_rule(r) for r in rules],
    }
    run = {"tool": {"driver": driver}, "results": results, "columnKind": "utf16CodeUnits"}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _safe(name: str) -> str:
    """A tenant label as one path segment."""
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in name) or "tenant"
