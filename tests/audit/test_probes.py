"""Probes: within the budget, one token per pair at most, read-only, paced, through the
connections a connector holds; the live path (`audit_live`) on a sandbox by its host names."""

from __future__ import annotations

from dataclasses import replace

from auth0_explore.audit import (
    AuditOptions,
    ProbeSettings,
    SandboxConnector,
    audit_live,
    audit_sandbox,
    probe,
)
from auth0_explore.clock import FrozenClock
from auth0_explore.config import Credentials, TenantConnection
from auth0_explore.sandbox import RateLimitRule, Sandbox
from tests.audit.triggers import BILLING, CANONICAL, ORDERS, SEED, T0

FULL_CUSTOM = "login.example.com"


def test_the_budget_bounds_the_tokens_and_the_plan_reaches_every_domain_first() -> None:
    """Budget 4 of the full profile: 4 tokens minted, API by API through both domains (so a
    small budget still sees the custom domain's issuer); the rest listed as skipped, saying
    why."""
    with Sandbox(profile="full", seed=SEED, clock=FrozenClock(T0)) as sb:
        snapshot = sb.snapshot()
        before = sb.mint_count
        with SandboxConnector(sb) as connector:
            seen = probe(snapshot, connector, budget=4, domain=CANONICAL)
        assert sb.mint_count - before == 4
    sent = [p.pair for p in seen.sent()]
    assert len(sent) == seen.requested == 4
    assert [p.domain for p in sent] == [CANONICAL, FULL_CUSTOM] * 2
    assert sent[0].audience == sent[1].audience != sent[2].audience == sent[3].audience
    notes = {p.note for p in seen.probes if p.outcome == "skipped"}
    assert "over the budget of 4 tokens" in notes


def test_probes_write_nothing_and_ask_each_pair_once() -> None:
    """The configuration after probing is the one before; a second run through the same
    connector is answered by the token cache (no new token)."""
    with Sandbox(profile="full", seed=SEED, clock=FrozenClock(T0)) as sb:
        snapshot = sb.snapshot()
        with SandboxConnector(sb) as connector:
            first = probe(snapshot, connector, budget=50, domain=CANONICAL)
            minted = sb.mint_count
            again = probe(snapshot, connector, budget=50, domain=CANONICAL)
            assert sb.mint_count == minted
        after = sb.snapshot()
    pairs = [p.pair for p in first.sent()]
    assert len(pairs) == len(set(pairs))
    assert all(p.from_cache for p in again.sent())
    assert again.requested == 0
    assert replace(after, source=snapshot.source) == snapshot


def test_pairs_predicted_to_fail_are_sent_only_when_asked() -> None:
    """A SPA's grant is predicted unauthorized_client: skipped by default, refused when asked."""
    with Sandbox(profile="clean", seed=SEED, clock=FrozenClock(T0)) as sb:
        snapshot = sb.snapshot()
        spa_grant = replace(snapshot.client_grants[0], client="spa", id="")
        edited = replace(snapshot, client_grants=(*snapshot.client_grants, spa_grant))
        with SandboxConnector(sb) as connector:
            quiet = probe(edited, connector, budget=20, domain=CANONICAL)
            asked = probe(edited, connector, budget=20, domain=CANONICAL, include_failing=True)
    spa = [p for p in quiet.probes if p.pair.application == "spa"]
    assert {p.outcome for p in spa} == {"skipped"}
    assert "predicted to fail (a public application)" in spa[0].note
    refused = [p for p in asked.probes if p.pair.application == "spa"]
    assert {(p.outcome, p.error) for p in refused} == {("error", "unauthorized_client")}


def test_no_429_reaches_the_caller_under_an_enforced_limit() -> None:
    """The token endpoint enforcing 3 burst at 20 per second: every planned pair still gets
    its token (the probes' bucket learns the limit and waits)."""
    with Sandbox(profile="full", seed=SEED) as sb:
        sb.tenant.emulation.rate_limits["/oauth/token"] = RateLimitRule(3, 20.0)
        sb.tenant.emulation.enforce_rate_limits = True
        with SandboxConnector(sb) as connector:
            seen = probe(sb.snapshot(), connector, budget=14, domain=CANONICAL)
    assert [p.outcome for p in seen.sent()] == ["token"] * 14


def test_validation_uses_the_accepted_issuers() -> None:
    """Tokens through the custom domain fail validation with iss_mismatch unless its issuer is
    accepted (DOM-01's evidence); accepting it makes them valid."""
    with Sandbox(profile="custom-domain", seed=SEED, clock=FrozenClock(T0)) as sb:
        snapshot = sb.snapshot()
        with SandboxConnector(sb) as connector:
            default = probe(snapshot, connector, budget=6, domain=CANONICAL)
        with SandboxConnector(sb) as connector:
            both = AuditOptions(issuers=(f"https://{CANONICAL}/", f"https://{FULL_CUSTOM}/"))
            accepted = probe(snapshot, connector, budget=6, domain=CANONICAL, options=both)

    def custom_rs256(probes: object) -> set[str]:
        return {
            o.reason
            for p, o in probes.tokens()  # type: ignore[attr-defined]
            if p.domain == FULL_CUSTOM and o.alg == "RS256"
        }

    assert custom_rs256(default) == {"iss_mismatch"}
    assert custom_rs256(accepted) == {""}


def test_a_live_tenant_is_probed_only_as_the_applications_given() -> None:
    """audit_live on the clean sandbox by host names: read by api-explorer, probed as it and
    as m2m (credentials given); the clean tenant stays clean."""
    with Sandbox(profile="clean", seed=SEED, clock=FrozenClock(T0)) as sb:
        sb.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(100, 100.0)
        connection = TenantConnection.from_sandbox(sb, hostnames=True, application="api-explorer")
        m2m = sb.application("m2m")
        result = audit_live(
            connection,
            label="live",
            probes=ProbeSettings(budget=10),
            applications={"m2m": Credentials(m2m.client_id, m2m.client_secret)},
        )
    assert result.findings == ()
    sent = {(p.pair.application, p.pair.audience) for p in result.probes.sent()}
    assert sent == {
        ("m2m", ORDERS),
        ("m2m", BILLING),
        ("api-explorer", f"https://{CANONICAL}/api/v2/"),
    }


def test_audit_sandbox_reads_through_the_management_api() -> None:
    """One call: the Management API read, the probes, the rules, labelled as asked."""
    with Sandbox(profile="full", seed=SEED, clock=FrozenClock(T0)) as sb:
        sb.tenant.emulation.rate_limits["/api/v2/"] = RateLimitRule(100, 100.0)
        result = audit_sandbox(sb, label="full", probes=ProbeSettings(budget=6))
    assert result.snapshot.source.kind == "tenant"
    assert result.probes.requested == 6
    assert "GRT-01" in {f.rule for f in result.findings}
