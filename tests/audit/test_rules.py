"""Every rule fires on the configuration built to trigger it and stays silent on the clean one.

The clean sandbox profile has zero findings, probes included; each rule's trigger
(`tests/audit/triggers.py`) changes it just enough. Where the sandbox can serve the changed
configuration, the rule must also fire through a replayed sandbox read by its Management API.
"""

from __future__ import annotations

import pytest

from auth0_explore.audit import RULES, Rule, audit
from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from tests.audit.conftest import audited, replayed_audit, through_management_api
from tests.audit.triggers import TRIGGERS, Trigger

IDS = [r.id for r in RULES]


def test_every_rule_has_a_trigger() -> None:
    """Adding a rule means adding its trigger: the table and the triggers list the same ids."""
    assert sorted(TRIGGERS) == sorted(IDS)


def test_the_clean_tenant_has_no_finding_probes_included(clean: Sandbox[FrozenClock]) -> None:
    """Zero findings on the clean profile, with every granted pair probed."""
    result = audited(clean, Trigger())
    assert result.findings == ()
    assert result.probes.requested >= 3
    assert all(p.outcome == "token" for p in result.probes.sent())


def test_the_clean_tenant_has_no_finding_through_its_management_api(
    clean: Sandbox[FrozenClock],
) -> None:
    """Read the real way (paged Management API), the clean tenant is still clean."""
    assert audited(clean, Trigger(), through_management_api(clean)).findings == ()


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_fires_on_its_trigger(rule: Rule, clean: Sandbox[FrozenClock]) -> None:
    """The trigger's configuration makes the rule report at least one finding."""
    result = audited(clean, TRIGGERS[rule.id])
    fired = [f for f in result.findings if f.rule == rule.id]
    assert fired, [f.rule for f in result.findings]
    assert all(f.severity == rule.severity and f.area == rule.area for f in fired)
    assert all(f.message and f.fix and f.doc.startswith("https://auth0.com/docs") for f in fired)


REPLAYABLE = [r for r in RULES if not TRIGGERS[r.id].replay]


@pytest.mark.parametrize("rule", REPLAYABLE, ids=[r.id for r in REPLAYABLE])
def test_rule_fires_on_a_sandbox_serving_its_trigger(rule: Rule) -> None:
    """`Sandbox(snapshot=trigger)` serves the configuration; read through its Management API
    and probed, the rule fires there too."""
    assert rule.id in {f.rule for f in replayed_audit(TRIGGERS[rule.id]).findings}


def test_the_unreplayable_triggers_say_why() -> None:
    """A trigger the sandbox cannot serve names the missing feature (not an empty excuse)."""
    reasons = {r.id: TRIGGERS[r.id].replay for r in RULES if TRIGGERS[r.id].replay}
    assert set(reasons) == {"GRT-04", "GRT-06", "CLI-03"}
    assert all(len(why) > 20 for why in reasons.values())


CONFIRMED_BY_PROBES = {
    "DOM-01": "a custom domain whose issuer validators do not accept",
    "DOM-02": "a Management token requested through the custom domain",
    "AUD-03": "two audiences, each issuing its own tokens",
    "AUD-04": "a token issued for the placeholder identifier",
    "AUD-12": "exp - iat of an issued token",
    "AUD-10": "the header alg HS256",
    "AUD-13": "a PS256 token whose key the JWKS publishes for RS256",
    "KEY-02": "a token signed by a key other than the snapshot's current one",
    "AUD-07": "typ JWT and at+jwt both issued",
    "AUD-08": "no permissions claim in the token",
    "GRT-01": "the escalation scope in the token's scope",
    "GRT-02": "Auth0's refusal of the public application (asked for)",
    "GRT-03": "Auth0's refusal of an application without the grant type (asked for)",
    "GRT-05": "the undefined scope in the token's scope",
    "TOK-01": "a lifetime other than the configuration's",
}


@pytest.mark.parametrize("rule_id", sorted(CONFIRMED_BY_PROBES), ids=sorted(CONFIRMED_BY_PROBES))
def test_probes_confirm_what_the_configuration_says(
    rule_id: str, clean: Sandbox[FrozenClock]
) -> None:
    """Domain, audience, lifetime, algorithm/key and dialect rules: a probe on the sandbox
    confirms the finding (`confirmed` True); without probes nothing is claimed (None)."""
    trigger = TRIGGERS[rule_id]
    fired = [f for f in replayed_audit(trigger).findings if f.rule == rule_id]
    assert any(f.confirmed is True for f in fired), CONFIRMED_BY_PROBES[rule_id]
    unprobed = audit(trigger.edit(clean.snapshot()), options=trigger.options, clock=clean.clock)
    assert all(f.confirmed is None for f in unprobed.findings if f.rule == rule_id)
