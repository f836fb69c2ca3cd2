"""Which domain a request belongs to and which issuer it gets.

Auth0: §1, §7 — `iss` is `https://<host used>/`. The sandbox rule (README "Domains and
issuers"): a `Host` naming a tenant domain gets `https://<name>/` (realistic host names, routed
to loopback by the toolkit's client); any other Host gets `http://<Host>/`, the plain loopback
base URL (`https://<Host>/` in TLS mode). The domain is the Host's name when it matches one,
else the port the request came in on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["RequestSite", "SandboxDomain", "site_for"]

_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


@dataclass(frozen=True)
class SandboxDomain:
    """One tenant domain and the loopback base URL that serves it."""

    name: str
    base_url: str
    canonical: bool = False


@dataclass(frozen=True)
class RequestSite:
    """The domain a request addressed and the issuer (with trailing slash) it gets."""

    domain: str
    canonical: bool
    issuer: str


def _hostname(host: str) -> str:
    if host.startswith("["):  # [::1]:8080
        return host[1 : host.find("]")].lower() if "]" in host else host.lower()
    return host.rsplit(":", 1)[0].lower() if host.count(":") == 1 else host.lower()


def site_for(host: str | None, arrived_on: SandboxDomain, domains: tuple[str, ...]) -> RequestSite:
    """The site of a request with this Host header that arrived on `arrived_on`'s port."""
    canonical = domains[0]
    if host and _HOST.fullmatch(host):
        name = _hostname(host)
        for domain in domains:
            if domain.lower() == name:
                return RequestSite(domain, domain == canonical, f"https://{domain}/")
        scheme = "https" if arrived_on.base_url.startswith("https:") else "http"
        return RequestSite(arrived_on.name, arrived_on.canonical, f"{scheme}://{host}/")
    return RequestSite(arrived_on.name, arrived_on.canonical, arrived_on.base_url)
