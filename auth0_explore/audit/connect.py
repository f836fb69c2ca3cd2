"""Connectors: the client `Tenant` an audit uses for each (application, domain).

Probes request tokens as each application, through each domain; a snapshot never holds a
secret, so whoever runs the audit says which applications it may speak as:

- `SandboxConnector(sb)`: every application of a running sandbox (it knows their secrets and
  keys), by the tenant's host names so `iss` is realistic.
- `CredentialConnector(domain, {"name": Credentials(...)})`: a live tenant, as the applications
  whose credentials you hand it (from environment variables: `credentials_from_env`).

`tenant(None, domain)` is a connection without an application, for the domain's JWKS. A
connector keeps one `Tenant` per pair (so its token cache serves a repeated request) and
`close()` ends them all; use it as a context manager.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from auth0_explore.client.tenant import Tenant
from auth0_explore.config import Credentials, TenantConnection, normalize_base_url
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.secrets import Secret

__all__ = ["Connector", "CredentialConnector", "SandboxConnector", "credentials_from_env"]


class Connector(Protocol):
    """Gives the `Tenant` to speak through as an application (None: as nobody) on a domain."""

    def can_probe(self, application: str) -> bool:
        """True when the connector holds this application's credentials."""
        ...

    def tenant(self, application: str | None, domain: str) -> Tenant:
        """The connection; a `ConfigError` when the application or domain is unknown."""
        ...

    def close(self) -> None:
        """Close every connection made."""
        ...


class _Pool:
    """One `Tenant` per (application, domain), made on first use, closed together."""

    def __init__(self) -> None:
        self._tenants: dict[tuple[str | None, str], Tenant] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str | None, str], make: Callable[[], Tenant]) -> Tenant:
        with self._lock:
            found = self._tenants.get(key)
            if found is None:
                found = self._tenants[key] = make()
            return found

    def close(self) -> None:
        with self._lock:
            tenants, self._tenants = list(self._tenants.values()), {}
        for tenant in tenants:
            tenant.close()


class SandboxConnector:
    """Every application of a running sandbox, through any of its domains (host-name mode)."""

    def __init__(self, sandbox: Any) -> None:
        self.sandbox = sandbox
        self._pool = _Pool()

    def can_probe(self, application: str) -> bool:
        try:
            self.sandbox.application(application)
        except Auth0ExploreError:
            return False
        return True

    def tenant(self, application: str | None, domain: str) -> Tenant:
        def make() -> Tenant:
            return Tenant.from_sandbox(
                self.sandbox, hostnames=True, application=application, domain=domain
            )

        return self._pool.get((application, domain), make)

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> SandboxConnector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class CredentialConnector:
    """A live tenant (or any tenant by URL), speaking as the applications given credentials.

    Args:
        canonical: the tenant's canonical domain (Management audience, default issuer).
        credentials: application name -> its client id and secret or key.
        ca_bundle: a CA file to trust instead of the system's (a TLS-mode sandbox).
        routes: host name -> loopback base URL (the client's host-name mode), as a
            connection to a sandbox by its names has them.
    """

    def __init__(
        self,
        canonical: str,
        credentials: Mapping[str, Credentials],
        *,
        ca_bundle: str | None = None,
        routes: Mapping[str, str] | None = None,
    ) -> None:
        self.canonical = normalize_base_url(canonical).split("://", 1)[1].rstrip("/")
        self.credentials = dict(credentials)
        self.ca_bundle = ca_bundle
        self.routes = dict(routes or {})
        self._pool = _Pool()

    def can_probe(self, application: str) -> bool:
        return application in self.credentials

    def tenant(self, application: str | None, domain: str) -> Tenant:
        credentials = None
        if application is not None:
            credentials = self.credentials.get(application)
            if credentials is None:
                raise ConfigError(f"no credentials for the application {application!r}")

        def make() -> Tenant:
            base = normalize_base_url(domain)
            connection = TenantConnection(
                base,
                credentials,
                routes=self.routes,
                canonical_domain=self.canonical,
                ca_bundle=self.ca_bundle,
            )
            return Tenant(connection)

        return self._pool.get((application, domain), make)

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> CredentialConnector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def credentials_from_env(
    client_id_var: str, secret_var: str, environ: Mapping[str, str]
) -> Credentials:
    """An application's credentials from two environment variables (never from a file)."""
    client_id = environ.get(client_id_var, "").strip()
    secret = environ.get(secret_var, "").strip()
    if not client_id or not secret:
        missing = client_id_var if not client_id else secret_var
        raise ConfigError(
            f"the environment variable {missing} is not set (a client id and secret are read "
            "from the environment, never from the file)"
        )
    return Credentials(client_id, Secret(secret))
