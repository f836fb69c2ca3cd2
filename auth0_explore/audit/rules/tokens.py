"""Probe rules: what the tenant really issued against what its configuration says.

Added by issue 14 (no configuration reader can see them): a token whose issuer, audience,
lifetime, algorithm, dialect, scopes or organization differ from the configuration (an Action
rewriting tokens, a stale snapshot, a proxy), and an answer other than the predicted one (a
quota, an Action denying, a grant the snapshot does not show). Auth0: §2.3, §3.2, §3.3, §7.
"""

from __future__ import annotations

from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.model import Hit
from auth0_explore.audit.probes.model import Observation, Pair
from auth0_explore.audit.probes.predict import Expected, expected_claims, predict
from auth0_explore.audit.registry import Family

__all__ = ["family"]

family = Family("tokens")
_DOCS = "https://auth0.com/docs/secure/tokens/access-tokens"


def _differences(want: Expected, seen: Observation) -> Iterator[tuple[str, object, object]]:
    """(aspect, configured, issued) for each way the token differs from the configuration."""
    if seen.iss != want.iss:
        yield "issuer", want.iss, seen.iss
    if seen.aud != (want.audience,) or seen.aud_is_array:
        issued = list(seen.aud) if seen.aud_is_array else (seen.aud[0] if seen.aud else None)
        yield "audience", want.audience, issued
    if seen.lifetime != want.lifetime:
        yield "lifetime", want.lifetime, seen.lifetime
    if seen.alg != want.alg:
        yield "algorithm", want.alg, seen.alg
    at_jwt = str(seen.typ).lower() == "at+jwt"
    shaped = (seen.client_id is not None and seen.jti) if want.rfc9068 else seen.azp is not None
    if at_jwt != want.rfc9068 or not shaped:
        configured = "rfc9068 (at+jwt, client_id, jti)" if want.rfc9068 else "auth0 (JWT, azp)"
        client = "client_id" if seen.client_id is not None else "azp" if seen.azp else "no client"
        yield "dialect", configured, f"typ {seen.typ}, {client}"
    if want.permissions != (seen.permissions is not None):
        yield "permissions", want.permissions, seen.permissions is not None
    if want.scope != (frozenset(seen.scope) if seen.scope else None):
        yield "scope", sorted(want.scope or ()), sorted(seen.scope or ())
    if want.org != (seen.org_id is not None):
        yield "organization", want.org, seen.org_id


@family.rule(
    "TOK-01",
    "An issued token differs from the configuration",
    severity="medium",
    rationale="Validators and reviews trust the configuration; a token whose issuer, audience, "
    "lifetime, algorithm, dialect, scopes or organization differ shows something else shaping "
    "tokens: an Action, a proxy, or a configuration changed since it was read.",
    doc=f"{_DOCS}/access-token-profiles",
    fix="Find what changes the token (Actions on the credentials-exchange trigger, a proxy in "
    "front of the domain) or take the snapshot again.",
    probe="yes",
    evidence="probes: header and claims of each issued token; the API and grant it was "
    "issued under",
)
def token_differs(ctx: AuditContext) -> Iterator[Hit]:
    for pair, seen in ctx.probes.tokens():
        args = (pair.application, pair.audience, pair.domain, pair.organization)
        want = expected_claims(ctx, *args)
        if want is None:
            continue
        for aspect, configured, issued in _differences(want, seen):
            yield Hit(
                "probe",
                pair.label,
                f"The token for {pair.label} has {aspect} {issued!r}; the configuration says "
                f"{configured!r}.",
                {
                    "aspect": aspect,
                    "configured": configured,
                    "issued": issued,
                    "fingerprint": seen.fingerprint,
                },
                key=aspect,
                confirmed=True,
            )


def _answered(outcome: str, status: int | None, error: str) -> str:
    return "a token" if outcome == "token" else f"{status} {error}"


@family.rule(
    "TOK-02",
    "The tenant answered a request otherwise than its configuration predicts",
    severity="medium",
    rationale="A refusal of a granted pair (a quota, an Action denying, a grant the "
    "configuration does not show) or a token for a pair that should fail means the "
    "configuration read is not what the tenant enforces.",
    doc=f"{_DOCS}/get-access-tokens",
    fix="Read the refusal's error_description (quota, Action) or take the snapshot again and "
    "compare (auth0-explore diff).",
    probe="yes",
    evidence="probes: status and error of each request; the prediction from the configuration",
)
def answer_differs(ctx: AuditContext) -> Iterator[Hit]:
    for probe in ctx.probes.sent():
        pair: Pair = probe.pair
        want = predict(ctx, pair.application, pair.audience, pair.domain, pair.organization)
        issued = probe.outcome == "token"
        if want.outcome == "unknown" or issued == (want.outcome == "token"):
            continue
        yield Hit(
            "probe",
            pair.label,
            f"{pair.label} got {_answered(probe.outcome, probe.status, probe.error)}; the "
            f"configuration predicts {want.outcome} ({want.why}).",
            {
                "predicted": want.outcome,
                "why": want.why,
                "status": probe.status,
                "error": probe.error,
                "error_description": probe.error_description,
            },
            confirmed=True,
        )
