"""Explicit configuration objects: client credentials and how to reach a tenant.

Read from the environment or a `.env` file only at the edge (`TenantConnection.from_env`,
through `auth0_explore.environment.EnvSource`); the rest of the toolkit takes these objects as
parameters. A
`TenantConnection` is plain data: it opens no socket (that is `auth0_explore.client.Tenant`'s
job).

Two ways to reach a sandbox domain (see `from_sandbox`): its plain loopback base URL, or
*host-name mode*, where requests go to `https://<tenant domain>/` and a routing table sends them
to the loopback port with `Host: <tenant domain>`, so tokens carry the realistic issuer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urlsplit

from auth0_explore.environment import EnvSource
from auth0_explore.errors import ConfigError
from auth0_explore.secrets import Secret

__all__ = ["Credentials", "TenantConnection", "normalize_base_url"]

_ENV_DOMAIN = "AUTH0_DOMAIN"
_ENV_CLIENT_ID = "AUTH0_CLIENT_ID"
_ENV_CLIENT_SECRET = "AUTH0_CLIENT_SECRET"  # noqa: S105 - the variable's name, not a secret
_ENV_AUDIENCE = "AUTH0_AUDIENCE"
_ENV_SIGNING_KEY = "AUTH0_CLIENT_ASSERTION_SIGNING_KEY"
_ENV_SIGNING_ALG = "AUTH0_CLIENT_ASSERTION_SIGNING_ALG"


@dataclass(frozen=True, slots=True)
class Credentials:
    """An application's client id and how it proves it: a secret, or a private key.

    Attributes:
        client_id: The application's client id.
        client_secret: For `client_secret_post` / `client_secret_basic` (masked, never shown).
        signing_key: A PEM private key for `private_key_jwt` client assertions (masked).
        signing_alg: The assertion's algorithm: RS256, RS384 or PS256 (Auth0: credentials).
        signing_kid: The credential's key id, sent as the assertion's `kid` when given.
    """

    client_id: str
    client_secret: Secret | None = None
    signing_key: Secret | None = None
    signing_alg: str = "RS256"
    signing_kid: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.client_id, str) or not self.client_id.strip():
            raise ConfigError(f"client id is empty: set {_ENV_CLIENT_ID} to the application's id")
        for name in ("client_secret", "signing_key"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Secret):
                # Accept a plain string once, at the edge, and mask it from here on.
                object.__setattr__(self, name, Secret(value))

    @property
    def auth_method(self) -> Literal["private_key_jwt", "client_secret_post", "none"]:
        """How this application authenticates by default: its secret, else its key, else none.

        "none" is a public client (SPA, native), which sends only its id (with PKCE).
        """
        if self.client_secret:
            return "client_secret_post"
        return "private_key_jwt" if self.signing_key else "none"

    def require_secret(self) -> Secret:
        """The secret, or a `ConfigError` saying how to provide it."""
        if not self.client_secret:
            raise ConfigError(
                f"this request needs the client secret of {self.client_id}: "
                f"set {_ENV_CLIENT_SECRET} in the environment or a .env file"
            )
        return self.client_secret


def normalize_base_url(domain: str) -> str:
    """The base URL (scheme, host, port, trailing slash) for a tenant domain as people write it.

    `dev-x.us.auth0.com`, `https://dev-x.us.auth0.com` and `https://dev-x.us.auth0.com/` all give
    `https://dev-x.us.auth0.com/`. Plain `http` is accepted only for loopback hosts (the sandbox).
    """
    text = domain.strip() if isinstance(domain, str) else ""
    if not text:
        raise ConfigError(
            f"the tenant domain is empty: set {_ENV_DOMAIN}, e.g. dev-abc.us.auth0.com"
        )
    if "://" not in text:
        host_part = text.split("/", 1)[0].lower()
        scheme = "http" if _is_loopback(host_part.rsplit(":", 1)[0].strip("[]")) else "https"
        text = f"{scheme}://{text}"
    try:
        parts = urlsplit(text)
        port = parts.port  # validates the port
    except ValueError as exc:
        raise ConfigError(f"{domain!r} is not a valid tenant domain ({exc})") from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise ConfigError(
            f"{domain!r} is not a tenant domain: give a host name such as dev-abc.us.auth0.com "
            "or an https:// base URL"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ConfigError(f"{domain!r}: give only the tenant's domain, without user, query or #")
    if parts.path not in ("", "/"):
        raise ConfigError(
            f"{domain!r} has a path: {_ENV_DOMAIN} is the domain alone, e.g. dev-abc.us.auth0.com"
        )
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    if parts.scheme == "http" and not _is_loopback(host):
        raise ConfigError(
            f"{domain!r} uses plain http: Auth0 tenants are reached over https "
            "(http is only for the loopback sandbox)"
        )
    return f"{parts.scheme}://{netloc}/"


class _SandboxDomain(Protocol):
    name: str
    base_url: str
    canonical: bool


@dataclass(frozen=True, slots=True)
class TenantConnection:
    """Everything needed to reach one tenant: where, as whom, and how host names route.

    Attributes:
        base_url: Where requests go, with a trailing slash (`https://dev-x.us.auth0.com/`).
        credentials: The application's client id and secret, when requests need them.
        audience: The audience used when a token request names none (`AUTH0_AUDIENCE`).
        routes: Host-name mode: tenant host name -> loopback base URL that serves it.
        canonical_domain: The tenant's canonical host (Auth0 APIs' audiences use it, §7).
        issuers: The issuers whose keys this connection may fetch and whose tokens it accepts.
        default_audience: The tenant's default audience when known ("" for none; None when
            unknown, as for a live tenant): what a token request without audience gets.
        ca_bundle: A CA certificate file (PEM) to trust instead of the system's: the
            sandbox's own CA in its TLS mode. None trusts the system (and REQUESTS_CA_BUNDLE).
    """

    base_url: str
    credentials: Credentials | None = None
    audience: str | None = None
    routes: Mapping[str, str] = field(default_factory=dict)
    canonical_domain: str = ""
    issuers: tuple[str, ...] = ()
    default_audience: str | None = None
    ca_bundle: str | None = None

    def __post_init__(self) -> None:
        base = normalize_base_url(self.base_url)
        object.__setattr__(self, "base_url", base)
        routes = {name.lower(): normalize_base_url(url) for name, url in self.routes.items()}
        object.__setattr__(self, "routes", routes)
        if not self.canonical_domain:
            object.__setattr__(self, "canonical_domain", self.domain)
        object.__setattr__(self, "issuers", self.issuers or (base,))
        if self.audience == "":
            object.__setattr__(self, "audience", None)

    @property
    def domain(self) -> str:
        """The host (and port, if any) requests are addressed to: `dev-x.us.auth0.com`."""
        return urlsplit(self.base_url).netloc

    @property
    def management_audience(self) -> str:
        """The Management API identifier; always on the canonical domain (Auth0: custom domains)."""
        return f"https://{self.canonical_domain}/api/v2/"

    def url(self, path: str) -> str:
        """An absolute URL on this tenant for `path` (`/oauth/token` or `oauth/token`)."""
        return self.base_url + path.lstrip("/")

    @classmethod
    def from_values(
        cls,
        domain: str,
        client_id: str | None = None,
        client_secret: str | Secret | None = None,
        *,
        audience: str | None = None,
        signing_key: str | Secret | None = None,
        signing_alg: str = "RS256",
        signing_kid: str | None = None,
    ) -> TenantConnection:
        """A connection from explicit values, as a person would type them.

        `signing_key` (a PEM private key) makes the application authenticate with
        `private_key_jwt` client assertions instead of a secret.
        """
        credentials = None
        if client_id:
            credentials = Credentials(
                client_id,
                Secret(client_secret) if client_secret else None,
                Secret(signing_key) if signing_key else None,
                signing_alg,
                signing_kid or None,
            )
        elif client_secret or signing_key:
            raise ConfigError(
                f"a client secret or key was given without a client id: set {_ENV_CLIENT_ID}"
            )
        return cls(normalize_base_url(domain), credentials, audience or None)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, dotenv: str | Path | None = ".env"
    ) -> TenantConnection:
        """A connection from the AUTH0_DOMAIN, _CLIENT_ID, _CLIENT_SECRET, _AUDIENCE variables.

        For `private_key_jwt`, `AUTH0_CLIENT_ASSERTION_SIGNING_KEY` holds the PEM private key
        (or the path of a PEM file) and `AUTH0_CLIENT_ASSERTION_SIGNING_ALG` its algorithm.
        Values already in the environment win over the `.env` file (found in the current folder
        or the nearest parent that has one when `dotenv` is the default, read as given
        otherwise, skipped when None; see `environment.EnvSource`). The file is read, never
        loaded into
        `os.environ`.
        """
        values = EnvSource.find(environ, dotenv=dotenv).values
        domain = values.get(_ENV_DOMAIN, "").strip()
        if not domain:
            raise ConfigError(
                f"{_ENV_DOMAIN} is not set: set it to your tenant's domain "
                f"(e.g. dev-abc123.us.auth0.com) along with {_ENV_CLIENT_ID} and "
                f"{_ENV_CLIENT_SECRET}, in the environment or a .env file; "
                "or use the sandbox tenant instead"
            )
        client_id = values.get(_ENV_CLIENT_ID, "").strip()
        secret = values.get(_ENV_CLIENT_SECRET, "").strip()
        if secret and not client_id:
            raise ConfigError(f"{_ENV_CLIENT_SECRET} is set but {_ENV_CLIENT_ID} is not: set both")
        return cls.from_values(
            domain,
            client_id or None,
            secret or None,
            audience=values.get(_ENV_AUDIENCE),
            signing_key=_pem(values.get(_ENV_SIGNING_KEY, "").strip()) or None,
            signing_alg=values.get(_ENV_SIGNING_ALG, "").strip() or "RS256",
        )

    @classmethod
    def from_sandbox(
        cls,
        sandbox: Any,
        *,
        hostnames: bool = False,
        application: str | None = "m2m",
        domain: str | None = None,
    ) -> TenantConnection:
        """A connection to a running sandbox tenant.

        Args:
            sandbox: A running `auth0_explore.sandbox.Sandbox`.
            hostnames: Address the tenant by its host names (`https://dev-sandbox.us.auth0.com/`)
                routed to loopback, so `iss` is realistic; otherwise use loopback base URLs.
            application: The sandbox application whose credentials to use (None: none).
            domain: Which of the tenant's domains to talk to, by name (default: canonical).
        """
        domains: list[_SandboxDomain] = list(sandbox.domains)
        if not domains:
            raise ConfigError("the sandbox reports no domains: is it running?")
        canonical = next((d for d in domains if d.canonical), domains[0])
        chosen = canonical
        if domain is not None:
            found = next((d for d in domains if d.name == domain.lower()), None)
            if found is None:
                names = ", ".join(d.name for d in domains)
                raise ConfigError(f"the sandbox has no domain {domain!r}; it has: {names}")
            chosen = found
        credentials = None
        if application is not None:
            credentials = _sandbox_credentials(sandbox.application(application))

        def address(d: _SandboxDomain) -> str:
            return f"https://{d.name}/" if hostnames else d.base_url

        return cls(
            base_url=address(chosen),
            credentials=credentials,
            routes={d.name: d.base_url for d in domains} if hostnames else {},
            canonical_domain=canonical.name,
            issuers=tuple(address(d) for d in domains),
            default_audience=_sandbox_default_audience(sandbox),
            ca_bundle=_sandbox_ca(sandbox),
        )

    def __repr__(self) -> str:
        client = self.credentials.client_id if self.credentials else None
        mode = f", routes={len(self.routes)}" if self.routes else ""
        return f"TenantConnection({self.base_url!r}, client_id={client!r}{mode})"


def _sandbox_credentials(app: Any) -> Credentials:
    """A sandbox application's secret, or for a `private_key_jwt` app its credential's key."""
    method = getattr(app, "token_endpoint_auth_method", "")
    if method == "none":  # a public client: it has no secret to send
        return Credentials(app.client_id)
    if method != "private_key_jwt":
        return Credentials(app.client_id, app.client_secret)
    for credential in getattr(app, "credentials", ()):
        if credential.private_key:
            return Credentials(
                app.client_id,
                None,
                credential.private_key,
                credential.alg,
                credential.kid or None,
            )
    raise ConfigError(f"the sandbox application {app.name!r} has no private key to sign with")


def _pem(value: str) -> str:
    """PEM text as given, or read from the file a path names."""
    if not value or value.startswith("-----BEGIN"):
        return value
    path = Path(value).expanduser()
    if not path.is_file():
        raise ConfigError(
            f"{_ENV_SIGNING_KEY} is neither a PEM private key nor the path of a PEM file"
        )
    return path.read_text().strip()


def _sandbox_ca(sandbox: Any) -> str | None:
    """The CA a sandbox in TLS mode serves with, to be trusted by this connection only."""
    path = getattr(sandbox, "ca_path", None)
    return str(path) if path else None


def _sandbox_default_audience(sandbox: Any) -> str | None:
    settings = getattr(getattr(sandbox, "tenant", None), "settings", None)
    value = getattr(settings, "default_audience", None)
    return value if isinstance(value, str) else None


def _is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")
