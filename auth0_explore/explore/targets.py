"""Targets: one configuration to run scenarios against — a tenant, its domains, what is known.

A `Target` holds one `client.Tenant` connection per domain of one tenant (canonical first), the
configuration label scenarios name, and what the validator needs to know beyond the JWKS: the
tenant's default audience and each API's signing algorithm (and HS256 secret). The sandbox knows
all of it (`Target.from_sandbox(sb)`); for a live tenant it comes from the environment and from
arguments (`Target.from_env(...)`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from auth0_explore.client.tenant import Tenant
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.config import Credentials, TenantConnection, normalize_base_url
from auth0_explore.errors import ConfigError
from auth0_explore.explore.reproduce import SECRET_ENV, Destination
from auth0_explore.explore.scenarios import (
    STANDARD_CHOICES,
    USER_CHOICES,
    Scenario,
    audience_matrix,
)
from auth0_explore.secrets import Secret
from auth0_explore.tokens import AUTH0_ACCESS_TOKEN, RFC9068_ACCESS_TOKEN, Expectations

__all__ = ["ApiKeys", "Target"]

_KEY_METHOD = "private_key_jwt"


@dataclass(frozen=True, slots=True)
class ApiKeys:
    """What validating an API's tokens needs: `alg`, the HS256 secret, dialect and lifetime."""

    alg: str = "RS256"
    secret: Secret | None = None
    rfc9068: bool = False
    token_lifetime: int | None = None

    def expectations(
        self, issuer: str, audience: str, *, client: str | None = None
    ) -> Expectations:
        """The policy for this API's tokens from `issuer`: its dialect and its algorithm only.

        The algorithm is the API's, never the token's (RFC 8725 §3.1); `client` is the
        application that must have requested the token, when it matters.
        """
        return _expectations(self.alg, self.rfc9068, issuer, audience, client)


@lru_cache(maxsize=256)
def _expectations(
    alg: str, rfc9068: bool, issuer: str, audience: str, client: str | None
) -> Expectations:
    """`ApiKeys.expectations`, built (and checked) once per API, issuer and client: an
    `Expectations` is frozen, so every attempt at that API can share it. Keyed on names only,
    never on a secret."""
    profile = RFC9068_ACCESS_TOKEN if rfc9068 else AUTH0_ACCESS_TOKEN
    return Expectations(issuers=issuer, audience=audience, profile=profile,
                        algorithms=alg, expected_azp=client)  # fmt: skip


@dataclass
class Target:
    """One configuration: a tenant reached through one or more domains, and its known settings.

    Attributes:
        label: the configuration label scenarios run under (e.g. `default-audience`).
        tenants: domain host name -> `Tenant` connection; the first is the default domain.
        canonical_domain: the tenant's own domain (Auth0 APIs' audiences use it, §7).
        default_audience: the tenant's default audience when known ("" = known to be unset).
        apis: API identifier -> how it signs (validation uses it; RS256 when unknown).
        custom_api: the custom API the standard matrix asks for.
        clock: the clock validation and timelines read.
        sandbox: the running sandbox behind the target, if any (user flows log in through it).
        user_tenants: domain -> connection as the application user grants use (a regular web
            app); empty when the target has none.
        user: the user the password grant and scripted logins act as (an email).
        password: that user's password, for the password grant.
        realm: the connection the password-realm grant names (None: plain `password` grant).
        redirect_uri: the callback the authorization-code flow uses.
        secret_env: the variable a live tenant's client secret came from (`AUTH0_CLIENT_SECRET`
            for `from_env`), so a reproduction can name it; None when unknown.
    """

    label: str
    tenants: dict[str, Tenant]
    canonical_domain: str
    default_audience: str | None = None
    apis: dict[str, ApiKeys] = field(default_factory=dict)
    custom_api: str | None = None
    clock: Clock = field(default_factory=SystemClock)
    sandbox: Any = None
    user_tenants: dict[str, Tenant] = field(default_factory=dict)
    user: str | None = None
    password: Secret | None = field(default=None, repr=False)
    realm: str | None = None
    redirect_uri: str | None = None
    #: for a live tenant, the variable its client secret was read from (reproductions name it)
    secret_env: str | None = None

    def __post_init__(self) -> None:
        if not self.tenants:
            raise ConfigError(f"target {self.label!r} has no tenant connection")

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_sandbox(
        cls,
        sandbox: Any,
        label: str | None = None,
        *,
        hostnames: bool = True,
        application: str = "m2m",
        custom_api: str = "custom-rs256",
        user_application: str | None = "web",
        user: str | None = "alice@example.com",
    ) -> Target:
        """A running sandbox, every domain addressed by its host name (realistic `iss`).

        User grants (password, authorization code) go through `user_application` as `user`,
        when the sandbox has them.
        """
        tenant_model = sandbox.tenant

        def connections(app: str) -> dict[str, Tenant]:
            return {
                domain.name: Tenant.from_sandbox(
                    sandbox, hostnames=hostnames, application=app, domain=domain.name
                )
                for domain in sandbox.domains
            }

        tenants = connections(application)
        web = tenant_model.application(user_application) if user_application else None
        person = next((u for u in tenant_model.users if u.email == user), None)
        return cls(
            label=label or "sandbox",
            tenants=tenants,
            canonical_domain=tenant_model.domain,
            default_audience=tenant_model.settings.default_audience,
            apis=_sandbox_apis(sandbox),
            custom_api=sandbox.api(custom_api).identifier,
            clock=sandbox.clock,
            sandbox=sandbox,
            user_tenants=connections(web.name) if web is not None else {},
            user=person.email if person else None,
            password=person.password if person else None,
            realm=person.connection if person else None,
            redirect_uri=web.callbacks[0] if web is not None and web.callbacks else None,
        )

    @classmethod
    def from_env(
        cls,
        label: str = "live",
        environ: Mapping[str, str] | None = None,
        *,
        dotenv: str | Path | None = ".env",
        custom_domains: Sequence[str] = (),
        custom_api: str | None = None,
        default_audience: str | None = None,
        apis: Mapping[str, ApiKeys] | None = None,
        clock: Clock | None = None,
        canonical_domain: str | None = None,
    ) -> Target:
        """A live tenant from `AUTH0_*`; `custom_domains` adds the tenant's other host names.

        `custom_api` defaults to `AUTH0_AUDIENCE`. `canonical_domain` is the tenant's own
        domain when `AUTH0_DOMAIN` is not (a custom domain, or a sandbox's loopback address):
        Auth0's own APIs keep it in their audiences (§7). By default it is `AUTH0_DOMAIN`.
        """
        base = TenantConnection.from_env(environ, dotenv=dotenv)
        canonical = canonical_domain or base.canonical_domain
        clock = clock or SystemClock()
        urls = [base.base_url, *(normalize_base_url(d) for d in custom_domains)]
        tenants = {
            _host(url): Tenant(_connection(url, base.credentials, canonical, urls), clock=clock)
            for url in urls
        }
        return cls(
            label=label,
            tenants=tenants,
            canonical_domain=canonical,
            default_audience=default_audience,
            apis=dict(apis or {}),
            custom_api=custom_api or base.audience,
            clock=clock,
            secret_env=SECRET_ENV if base.credentials and base.credentials.client_secret else None,
        )

    @classmethod
    def from_tenant(cls, tenant: Tenant, label: str = "tenant") -> Target:
        """One client connection as a target: its domain, its application for every grant."""
        connection = tenant.connection
        pool = {connection.domain.lower(): tenant}
        return cls(
            label=label,
            tenants=pool,
            canonical_domain=connection.canonical_domain,
            default_audience=connection.default_audience,
            custom_api=connection.audience,
            clock=tenant.clock,
            user_tenants=dict(pool),
        )

    def refreshed(self) -> Target:
        """The same connections, with what the sandbox says now: its default audience and how
        each API signs (a sandbox is edited live; a live target is returned as it is)."""
        if self.sandbox is None:
            return self
        settings = self.sandbox.tenant.settings
        apis = _sandbox_apis(self.sandbox)
        return replace(self, default_audience=settings.default_audience, apis=apis)

    # -- use ------------------------------------------------------------------------------------

    @property
    def domains(self) -> tuple[str, ...]:
        """The domains this target can ask, default domain first."""
        return tuple(self.tenants)

    def tenant(self, domain: str | None = None, *, grant: str = "client_credentials") -> Tenant:
        """The connection for `domain` (None: the default domain) and grant.

        Client credentials go through the M2M application, user grants through the user
        application.
        """
        pool = self.tenants if grant == "client_credentials" else self.user_tenants
        if not pool:
            raise ConfigError(
                f"target {self.label!r} has no application for {grant!r}: {self._how_to_log_in()}"
            )
        if domain is None:
            return next(iter(pool.values()))
        found = pool.get(domain.lower())
        if found is None:
            raise ConfigError(
                f"target {self.label!r} has no domain {domain!r}; it has {', '.join(pool)}"
            )
        return found

    def destination(self, base_url: str, client_id: str | None) -> Destination:
        """Where a reproduction of a request to `base_url` by `client_id` goes.

        A sandbox domain: its loopback URL, with the sandbox application's own secret (which
        stops working with the sandbox). A live tenant: the domain, with the secret from
        `secret_env` (else a placeholder the reader fills in).

        Raises:
            ConfigError: the domain or the application is not the sandbox's, or the
                application signs client assertions (no secret to show).
        """
        if self.sandbox is None:
            source = f"${self.secret_env}" if self.secret_env else "where you keep it"
            note = f"the tenant of {self.label!r}; the client secret from {source}"
            return Destination(base_url, secret_env=self.secret_env, note=note)
        host = _host(base_url)
        domain = next(
            (d for d in self.sandbox.domains if host in (d.name, _host(d.base_url))), None
        )
        app = next((a for a in self.sandbox.tenant.applications if a.client_id == client_id), None)
        if domain is None or app is None:
            raise ConfigError(
                f"{base_url} and client {client_id!r} are not the sandbox's of {self.label!r}"
            )
        if app.client_secret is None or app.token_endpoint_auth_method == _KEY_METHOD:
            raise ConfigError(
                f"{app.name} signs client assertions with its private key: reproduce it with "
                "tenant.client_credentials(...), which signs them"
            )
        note = (
            f"the sandbox of {self.label!r} at {domain.base_url} (for {domain.name}), with "
            f"{app.name}'s own secret; both end when the sandbox stops"
        )
        return Destination(domain.base_url, secret=app.client_secret, note=note)

    @property
    def base_url(self) -> str:
        """The default domain's base URL, written as the attempts frame's `domain` column has
        it (`https://dev-x.us.auth0.com/`, or `http://127.0.0.1:PORT/` for a loopback tenant)."""
        return self.tenant().connection.base_url

    def _how_to_log_in(self) -> str:
        """What user grants need, for this kind of target (a hint that fits a live tenant too)."""
        if self.sandbox is not None:
            return (
                "user grants need a regular web application: "
                "Target.from_sandbox(..., user_application='web')"
            )
        return (
            "on a live tenant a person logs in: use the token form's authorization-code grant "
            "(open the link, paste the redirect), or Target.from_tenant(Tenant.from_env()) with "
            "a regular web application's AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET"
        )

    @property
    def management_api(self) -> str:
        """The Management API identifier, on the canonical domain (Auth0: §3.5, §7)."""
        return f"https://{self.canonical_domain}/api/v2/"

    def api_keys(self, audience: str) -> ApiKeys:
        """How the API `audience` signs (RS256 when the target does not know it)."""
        return self.apis.get(audience, ApiKeys())

    def matrix(
        self,
        *,
        choices: Sequence[str] = STANDARD_CHOICES,
        scope: str | None = None,
        organization: str | None = None,
        grants: Sequence[str] = ("client_credentials",),
        all_domains: bool = False,
        custom_api: str | None = None,
        domains: Sequence[str] | None = None,
    ) -> list[Scenario]:
        """The standard audience matrix for this target (every domain with `all_domains`, or
        the `domains` named)."""
        api = custom_api or self.custom_api
        if not api:
            raise ConfigError(
                f"target {self.label!r} has no custom API: pass custom_api= or set AUTH0_AUDIENCE"
            )
        return audience_matrix(
            custom_api=api,
            management_api=self.management_api,
            default_audience=self.default_audience or None,
            choices=choices,
            scope=scope,
            organization=organization,
            grants=grants,
            domains=self._domains(domains, all_domains),
            configuration=self.label,
        )

    def user_matrix(
        self,
        *,
        choices: Sequence[str] = USER_CHOICES,
        scope: str = "profile email",
        grants: Sequence[str] = ("authorization_code", "password"),
        all_domains: bool = False,
    ) -> list[Scenario]:
        """The audience matrix for user grants (the target's user, its user application)."""
        return self.matrix(choices=choices, scope=scope, grants=grants, all_domains=all_domains)

    def _domains(self, named: Sequence[str] | None, all_domains: bool) -> tuple[str | None, ...]:
        if named is None:
            return self.domains if all_domains else (None,)
        unknown = [d for d in named if d.lower() not in self.tenants]
        if unknown:
            raise ConfigError(
                f"target {self.label!r} has no domain {', '.join(unknown)}; it has "
                f"{', '.join(self.tenants)}"
            )
        return tuple(d.lower() for d in named)

    def close(self) -> None:
        """Close every connection."""
        for tenant in [*self.tenants.values(), *self.user_tenants.values()]:
            tenant.close()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Target({self.label!r}, domains={list(self.tenants)})"


def _sandbox_apis(sandbox: Any) -> dict[str, ApiKeys]:
    return {
        a.identifier: ApiKeys(a.signing_alg, a.signing_secret, a.rfc9068, a.token_lifetime)
        for a in sandbox.tenant.apis
    }


def _host(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/").lower()


def _connection(
    url: str, credentials: Credentials | None, canonical: str, urls: Sequence[str]
) -> TenantConnection:
    return TenantConnection(
        base_url=url, credentials=credentials, canonical_domain=canonical, issuers=tuple(urls)
    )
