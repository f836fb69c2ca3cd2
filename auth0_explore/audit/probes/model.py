"""What probes asked and what the tenant answered, as plain frozen values the rules read.

A `Pair` is one (application, API, domain) request the plan chose, with what the configuration
predicts; a `Probe` is its outcome: a token described by an `Observation` (never the token
itself: its fingerprint), Auth0's refusal, or why it was not sent. `Probes` holds them all with
the key ids each domain publishes (`jwks`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Observation", "Pair", "Probe", "Probes"]

Outcome = Literal["token", "error", "skipped"]


@dataclass(frozen=True)
class Pair:
    """One client-credentials request: who asks, for which API, through which domain.

    `expect` is what the configuration predicts: `token`, or the `error` code Auth0 would
    answer (`unauthorized_client`, `access_denied`, ...) with `why` in words.
    """

    application: str
    audience: str
    domain: str
    organization: str | None = None
    expect: str = "token"
    why: str = ""

    @property
    def label(self) -> str:
        """`app → audience @ domain`."""
        org = f" [{self.organization}]" if self.organization else ""
        return f"{self.application} → {self.audience} @ {self.domain}{org}"


@dataclass(frozen=True)
class Observation:
    """What an issued access token says: header, claims that audits compare, validation.

    `valid` and `reason` come from validating the token against the domain's JWKS, the
    audit's accepted issuers and the API's algorithm and dialect; None when not validated
    (HS256: the audit never reads an API's signing secret).
    """

    fingerprint: str
    alg: str | None
    typ: str | None
    kid: str | None
    iss: str | None
    aud: tuple[str, ...]
    aud_is_array: bool
    azp: str | None
    client_id: str | None
    gty: str | None
    scope: tuple[str, ...] | None
    permissions: tuple[str, ...] | None
    org_id: str | None
    jti: bool
    lifetime: int | None
    valid: bool | None = None
    reason: str = ""


@dataclass(frozen=True)
class Probe:
    """One planned request and what came of it."""

    pair: Pair
    outcome: Outcome
    status: int | None = None
    error: str = ""
    error_description: str = ""
    token: Observation | None = None
    from_cache: bool = False
    #: why it was skipped (no credentials, over budget), or a remark
    note: str = ""


@dataclass(frozen=True)
class Probes:
    """Every probe of one audit and the key ids each domain's JWKS published."""

    probes: tuple[Probe, ...] = ()
    #: domain -> the `kid`s of its `/.well-known/jwks.json`
    jwks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: kid -> the `alg` its JWK announces (None when the JWKS leaves it out)
    key_algs: Mapping[str, str | None] = field(default_factory=dict)
    #: the budget the user set (tokens) and the token requests actually sent
    budget: int = 0
    requested: int = 0
    #: token-endpoint answers that met a 429 and were waited out (none reached the caller)
    throttled: int = 0

    def tokens(self) -> Iterator[tuple[Pair, Observation]]:
        """Each issued token with the pair that asked for it."""
        for probe in self.probes:
            if probe.token is not None:
                yield probe.pair, probe.token

    def through(self, domain: str) -> Iterator[tuple[Pair, Observation]]:
        """The issued tokens requested through `domain`."""
        return ((p, o) for p, o in self.tokens() if p.domain == domain)

    def sent(self) -> Iterator[Probe]:
        """The probes that were sent (not skipped)."""
        return (p for p in self.probes if p.outcome != "skipped")

    def frame(self) -> pd.DataFrame:
        """One row per probe: the pair, the outcome, and the token's header and claims."""
        from auth0_explore.audit.probes.frame import probes_frame

        return probes_frame(self)

    def __bool__(self) -> bool:
        return bool(self.probes)
