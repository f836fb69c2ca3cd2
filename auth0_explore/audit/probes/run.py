"""Sending the plan: one client-credentials request per pair, paced, read-only.

    with SandboxConnector(sb) as connector:
        seen = probe(snapshot, connector, budget=20)

Requests go through each application's cached client (`Tenant.client_credentials(...,
cache=True)`), so a pair already asked for is answered from the cache: at most one token per
pair. A few workers send at once, all paced by one token bucket for the tenant's token endpoint
that learns its size and rate from `X-RateLimit-*` (Auth0 Free: 30 burst at 30/s), so no 429
reaches the caller (one that still comes is waited out and slows the bucket). Nothing is ever
written to the tenant: a probe is a token request and a JWKS read.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from auth0_explore.audit.connect import Connector
from auth0_explore.audit.context import AuditContext, AuditOptions
from auth0_explore.audit.probes.model import Pair, Probe, Probes
from auth0_explore.audit.probes.observe import observe
from auth0_explore.audit.probes.plan import plan
from auth0_explore.client.limits import RateLimit
from auth0_explore.client.pacing import Pacer
from auth0_explore.client.results import TokenResult
from auth0_explore.client.tenant import Tenant
from auth0_explore.errors import ConfigError, OAuthError, TokenError, TransportError
from auth0_explore.snapshot.model import Snapshot
from auth0_explore.tokens import KeySet

__all__ = ["probe"]

#: the token endpoint answers every probe with what is left in its bucket, so the probes' pacer
#: keeps in step with 1% to spare (client.pacing: 3% by default)
_HEADROOM = 0.99


class _Sender:
    """Sends pairs through the connector, paced by one bucket, counting what it asked."""

    def __init__(self, ctx: AuditContext, connector: Connector, keys: dict[str, KeySet]) -> None:
        self.ctx = ctx
        self.connector = connector
        self.keys = keys
        self.pacer = Pacer(headroom=_HEADROOM)
        self.requested = 0
        self._lock = threading.Lock()

    def send(self, pair: Pair) -> Probe:
        """One pair's request, paced; every paced request tells the pacer what it learnt (so
        a first request answered by the cache or by a refusal never leaves the others waiting
        for the limit to be learnt)."""
        try:
            tenant = self.connector.tenant(pair.application, pair.domain)
        except ConfigError as error:  # a domain or application the connector cannot reach
            return Probe(pair, "skipped", note=str(error))
        sent_at = self.pacer.acquire()
        limit: RateLimit | None = None
        throttled = False
        try:
            result = tenant.client_credentials(
                pair.audience, organization=pair.organization, cache=True
            )
        except OAuthError as error:
            self._count()
            limit = RateLimit.from_headers(_lower(error.headers))
            return Probe(pair, "error", error.status, error.error, error.error_description)
        except TransportError as error:
            self._count()
            return Probe(pair, "skipped", note=f"no answer from {pair.domain}: {error}")
        else:
            if result.from_cache:  # no request went out: its headers teach only a new pacer
                limit = result.rate_limit if self.pacer.rate is None else None
            else:
                self._count()
                limit = result.rate_limit
                throttled = any(a.status == 429 for a in result.attempts)
            return self._token(pair, result, tenant)
        finally:
            self.pacer.observe(limit, throttled=throttled, sent_at=sent_at)

    def _count(self) -> None:
        with self._lock:
            self.requested += 1

    def _token(self, pair: Pair, result: TokenResult, tenant: Tenant) -> Probe:
        api = self.ctx.snapshot.api(pair.audience)
        keys = self.keys.get(pair.domain)
        seen = observe(result, api, keys, self.ctx.accepted_issuers, tenant.clock)
        return Probe(pair, "token", result.status, token=seen, from_cache=result.from_cache)


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


@dataclass
class _Keys:
    """What each domain's JWKS published: key ids, each key's alg, the keys for validation."""

    kids: dict[str, tuple[str, ...]] = field(default_factory=dict)
    algs: dict[str, str | None] = field(default_factory=dict)
    sets: dict[str, KeySet] = field(default_factory=dict)


def _jwks(ctx: AuditContext, connector: Connector) -> _Keys:
    """Each domain's JWKS (domains that fail are left out: KEY-02 then has nothing to compare
    for them)."""
    found = _Keys()
    for domain in ctx.domains:
        try:
            cache = connector.tenant(None, domain).jwks()
            found.sets[domain] = cache.keyset()
            found.kids[domain] = tuple(cache.key_ids())
            for key in cache.get_jwks().get("keys", ()):
                if isinstance(key, dict) and isinstance(key.get("kid"), str):
                    alg = key.get("alg")
                    found.algs[key["kid"]] = alg if isinstance(alg, str) else None
        except (ConfigError, TransportError, TokenError):
            continue
    return found


def probe(
    snapshot: Snapshot,
    connector: Connector,
    *,
    budget: int,
    include_failing: bool = False,
    options: AuditOptions | None = None,
    domain: str = "",
    workers: int = 4,
) -> Probes:
    """Request tokens for the planned pairs and describe what came back.

    Args:
        snapshot: the configuration the plan and the predictions come from.
        connector: the connections to speak through (`SandboxConnector`, `CredentialConnector`).
        budget: the most tokens to request (each costs M2M quota on a live tenant).
        include_failing: also send pairs the configuration predicts to fail.
        options: the accepted issuers tokens are validated against.
        domain: the domain the configuration was read through (the default accepted issuer).
        workers: requests in flight at once (all paced by one bucket).
    """
    ctx = AuditContext(snapshot, options=options or AuditOptions(), domain=domain)
    chosen = plan(
        ctx, budget=max(0, budget), can_probe=connector.can_probe, include_failing=include_failing
    )
    keys = _jwks(ctx, connector) if chosen.send else _Keys()
    sender = _Sender(ctx, connector, keys.sets)
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="audit-probe") as pool:
        sent = list(pool.map(sender.send, chosen.send))
    skipped = [Probe(pair, "skipped", note=why) for pair, why in chosen.skipped]
    return Probes(
        tuple(sent + skipped),
        keys.kids,
        keys.algs,
        budget=budget,
        requested=sender.requested,
        throttled=sender.pacer.throttled,
    )
