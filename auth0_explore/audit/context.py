"""What every rule reads: the snapshot, the probe results, the options, and the questions many
rules ask of them (is this the Management API, which applications run user flows, which
issuers does the tenant issue, ...), answered once here rather than in each rule."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from auth0_explore.audit.probes.model import Probes
from auth0_explore.snapshot.model import Api, Application, ClientGrant, CustomDomain, Snapshot

__all__ = ["INTERACTIVE_GRANTS", "AuditContext", "AuditOptions", "issuer_of"]

#: grant types a person takes part in (the application gets user tokens)
INTERACTIVE_GRANTS = frozenset(
    {
        "authorization_code",
        "implicit",
        "password",
        "http://auth0.com/oauth/grant-type/password-realm",
        "urn:ietf:params:oauth:grant-type:device_code",
    }
)
_MANAGEMENT = re.compile(r"^https://([^/]+)/api/v2/?$", re.IGNORECASE)


def issuer_of(domain: str) -> str:
    """`https://<domain>/`, the `iss` Auth0 gives tokens requested through `domain` (§7)."""
    return f"https://{domain.lower()}/"


@dataclass(frozen=True)
class AuditOptions:
    """What the audit cannot read from the tenant, and its thresholds.

    Attributes:
        issuers: the issuers your APIs' validators accept; None means the issuer of the
            domain the audit reads the tenant through (the `AUTH0_DOMAIN` your code uses).
        now: the audit's time (seconds since the epoch), for certificate and key ages; None
            takes it from the audit's clock.
        key_max_age_days: a current signing key older than this should be rotated (KEY-01).
        certificate_renewal_days: a certificate renewing sooner than this is flagged (DOM-03).
        rules: run only these rule ids (empty: every rule).
    """

    issuers: tuple[str, ...] | None = None
    now: float | None = None
    key_max_age_days: int = 365
    certificate_renewal_days: int = 30
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditContext:
    """One tenant's snapshot, its probe results and the audit's options."""

    snapshot: Snapshot
    probes: Probes = field(default_factory=Probes)
    options: AuditOptions = field(default_factory=AuditOptions)
    #: the domain the configuration was read through ("" when unknown, as for an export)
    domain: str = ""

    @property
    def now(self) -> float:
        """The audit's time (the engine sets `options.now` from its clock)."""
        return self.options.now or 0.0

    # -- APIs --------------------------------------------------------------------------------

    @cached_property
    def custom_apis(self) -> tuple[Api, ...]:
        """The tenant's own APIs (Auth0's system APIs left out)."""
        return tuple(a for a in self.snapshot.apis if not a.is_system)

    def is_management(self, identifier: str) -> bool:
        """True for the Management API's identifier, listed or not (exports leave system
        APIs out): `https://<canonical or a custom domain or *.auth0.com>/api/v2/`."""
        api = self.snapshot.api(identifier)
        if api is not None and api.is_system:
            return identifier.rstrip("/").endswith("/api/v2")
        match = _MANAGEMENT.match(identifier)
        if match is None:
            return False
        host = match.group(1).lower()
        return host in self.domains or host.endswith(".auth0.com")

    @property
    def management_identifier(self) -> str:
        """`https://<canonical domain>/api/v2/` ("" when the canonical domain is unknown)."""
        system = next(
            (a for a in self.snapshot.apis if a.is_system and "/api/v2" in a.identifier), None
        )
        if system is not None:
            return system.identifier
        return f"https://{self.canonical}/api/v2/" if self.canonical else ""

    # -- applications and grants -------------------------------------------------------------

    @staticmethod
    def is_interactive(app: Application) -> bool:
        """True when a person logs in through the application (it gets user tokens)."""
        return bool(INTERACTIVE_GRANTS & set(app.grant_types))

    @cached_property
    def interactive_apps(self) -> tuple[Application, ...]:
        """Applications with a user flow."""
        return tuple(a for a in self.snapshot.applications if self.is_interactive(a))

    def grants_for(self, audience: str) -> tuple[ClientGrant, ...]:
        """The client grants whose audience is exactly `audience`."""
        return tuple(g for g in self.snapshot.client_grants if g.audience == audience)

    def client_grants(self) -> Iterator[ClientGrant]:
        """Grants used by client credentials (`subject_type` client, not `default_for`)."""
        return (g for g in self.snapshot.client_grants if g.subject_type == "client" and g.client)

    # -- domains and issuers -----------------------------------------------------------------

    @property
    def canonical(self) -> str:
        """The tenant's canonical domain ("" when the source does not say)."""
        return self.snapshot.source.domain.lower()

    @cached_property
    def ready_domains(self) -> tuple[CustomDomain, ...]:
        """Custom domains that serve tokens (`status` ready)."""
        return tuple(d for d in self.snapshot.custom_domains if d.status in ("ready", ""))

    @cached_property
    def domains(self) -> tuple[str, ...]:
        """Every domain of the tenant that issues tokens: canonical first, then custom ones."""
        names = [self.canonical] if self.canonical else []
        names += [d.domain.lower() for d in self.ready_domains]
        return tuple(dict.fromkeys(names))

    @cached_property
    def accepted_issuers(self) -> tuple[str, ...]:
        """The issuers validators accept: the options', else the audited domain's issuer."""
        if self.options.issuers is not None:
            return tuple(i if i.endswith("/") else i + "/" for i in self.options.issuers)
        domain = self.domain or self.canonical
        return (issuer_of(domain),) if domain else ()
