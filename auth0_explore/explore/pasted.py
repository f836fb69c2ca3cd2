"""A token pasted from anywhere: decode it, fetch the issuer's keys, validate it, explain it.

    check = check_pasted(Secret(text), keys_from="domain", where="dev-x.us.auth0.com",
                         audience="https://api.example.com/")
    check.inspection, check.report, check.explanation

Like jwt.io, but Auth0-aware and strict: nothing leaves the machine except the JWKS fetch (from
a tenant domain, a JWKS URL on the issuer's origin, or a running sandbox), the accepted issuer
and audience are what the caller expects — never what the token says — and the algorithm comes
from the profile. The token arrives as a `Secret` and is shown only as its fingerprint.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal
from urllib.parse import urlsplit

from auth0_explore.client.jwks import JwksCache
from auth0_explore.client.policy import RetryPolicy
from auth0_explore.client.session import HttpResponse
from auth0_explore.client.tenant import Tenant
from auth0_explore.clock import Clock, SystemClock
from auth0_explore.config import TenantConnection
from auth0_explore.errors import Auth0ExploreError, ConfigError
from auth0_explore.secrets import Secret
from auth0_explore.text import bullets, fields
from auth0_explore.tokens import (
    TOKEN_PROFILES,
    Expectations,
    Explanation,
    Inspection,
    KeySet,
    ValidationReport,
    explain,
    inspect_token,
    validate,
)

__all__ = ["KEY_SOURCES", "PastedToken", "check_pasted", "fetch_keys", "token_text"]

KeySource = Literal["domain", "jwks_url", "sandbox"]
#: where keys can come from -> how people call it
KEY_SOURCES: Final[Mapping[KeySource, str]] = {
    "domain": "a tenant domain",
    "jwks_url": "a JWKS URL",
    "sandbox": "the sandbox",
}
_FETCH_RETRY: Final = RetryPolicy(max_attempts=2, deadline=10.0)


@dataclass(frozen=True)
class PastedToken:
    """What a pasted token is, whether it is valid for what was expected, and why it looks so.

    Attributes:
        inspection: the decoded token (never verified; the token itself as a fingerprint).
        explanation: why the token looks the way it does (from the token alone).
        report: every check against the expectations, or None when none could run.
        problem: why there is no report (no keys, not a JWS, no audience expected); "" if any.
        keys_url: where the keys came from ("" when none were fetched).
        expected: the issuer(s), audience and profile the token was checked against.
    """

    inspection: Inspection
    explanation: Explanation
    report: ValidationReport | None = field(default=None, repr=False)
    problem: str = ""
    keys_url: str = ""
    expected: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def __str__(self) -> str:
        parts = [str(self.inspection), bullets(self.explanation.sentences)]
        if self.report is not None:
            parts += [fields([("keys from", self.keys_url)]), str(self.report)]
        else:
            parts.append(fields([("validation", f"not run: {self.problem}")]))
        return "\n".join(parts)


def token_text(pasted: Secret) -> str:
    """The compact token in what was pasted: whitespace, quotes and `Bearer ` removed."""
    text = pasted.reveal().strip().strip("'\"").strip()
    if text[:7].lower() == "bearer ":
        text = text[7:].strip()
    return text


def check_pasted(
    pasted: Secret,
    *,
    keys_from: KeySource = "domain",
    where: str = "",
    issuer: str = "",
    audience: str = "",
    profile: str = "auth0_access_token",
    sandbox: Any = None,
    clock: Clock | None = None,
) -> PastedToken:
    """Inspect, validate and explain a pasted token; problems are results, never raised.

    Args:
        pasted: the token as pasted (a `Bearer ` prefix is fine).
        keys_from: `domain` (its /.well-known/jwks.json), `jwks_url`, or `sandbox`.
        where: the tenant domain or the JWKS URL.
        issuer: the expected `iss`; default: the domain's https://<domain>/, the JWKS URL's
            origin, or every issuer of the sandbox.
        audience: the API identifier the token must carry (for an ID token, the client id).
        profile: a name of `tokens.TOKEN_PROFILES` (the algorithm allow-list comes from it).
        sandbox: the running sandbox, for `keys_from="sandbox"`.
        clock: the validator's clock (default: the sandbox's, else the system's).
    """
    clock = clock or getattr(sandbox, "clock", None) or SystemClock()
    raw = token_text(pasted)
    inspection = inspect_token(raw, clock=clock)
    explanation = explain(inspection, clock=clock)
    if inspection.kind != "jws":
        problem = f"Not validated: {inspection.message}."
        return PastedToken(inspection, explanation, problem=problem)
    chosen = TOKEN_PROFILES.get(profile)
    if chosen is None:
        problem = f"unknown profile {profile!r}: choose one of {', '.join(TOKEN_PROFILES)}"
        return PastedToken(inspection, explanation, problem=problem)
    if not audience.strip():
        problem = "Type the audience the token is for (the API identifier): none is valid without."
        return PastedToken(inspection, explanation, problem=problem)
    try:
        keys, url, implied = fetch_keys(
            keys_from, where, sandbox=sandbox, named_issuer=inspection.issuer or "", clock=clock
        )
    except Auth0ExploreError as error:
        return PastedToken(inspection, explanation, problem=f"No keys: {error}")
    issuers = (issuer.strip(),) if issuer.strip() else implied
    try:
        expectations = Expectations(issuers=issuers, audience=audience.strip(), profile=chosen)
    except ConfigError as error:
        return PastedToken(inspection, explanation, problem=f"Not validated: {error}")
    expected = {"issuer": issuers, "audience": expectations.audience, "profile": chosen.name}
    report = validate(raw, expectations, keys=keys, clock=clock)
    return PastedToken(inspection, explanation, report, keys_url=url, expected=expected)


def fetch_keys(
    keys_from: KeySource,
    where: str = "",
    *,
    sandbox: Any = None,
    named_issuer: str = "",
    clock: Clock | None = None,
) -> tuple[KeySet, str, tuple[str, ...]]:
    """(keys, the URL they came from, the issuers that source stands for), through the client.

    `domain`: the tenant's discovery document, then its `jwks_uri` (which must stay on the
    domain); issuer `https://<domain>/`. `jwks_url`: that URL; issuer its origin. `sandbox`:
    the running sandbox's keys, from the issuer the token names (`named_issuer`) when that is
    one of the sandbox's own, else its canonical domain; its issuers.

    Raises:
        ConfigError: nothing to fetch from; TransportError / TokenError: the fetch failed.
    """
    clock = clock or SystemClock()
    if keys_from == "sandbox":
        return _sandbox_keys(sandbox, named_issuer)
    if not where.strip():
        raise ConfigError(f"type {KEY_SOURCES[keys_from]} to fetch the keys from")
    if keys_from == "domain":
        connection = TenantConnection.from_values(where)
        with Tenant(connection, clock=clock, retry=_FETCH_RETRY) as tenant:
            cache = tenant.jwks(discover=True)
            return cache.keyset(), cache.url, (connection.base_url,)
    if keys_from != "jwks_url":
        raise ConfigError(f"keys come from one of {', '.join(KEY_SOURCES)}, not {keys_from!r}")
    parts = urlsplit(where.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{where!r} is not a JWKS URL: give https://<domain>/.well-known/jwks.json"
        )
    url, origin = where.strip(), f"{parts.scheme}://{parts.netloc}/"
    connection = TenantConnection.from_values(origin)
    with Tenant(connection, clock=clock) as tenant:

        def fetch(address: str, max_body: int) -> HttpResponse:
            return tenant.http.request("GET", address, retry=_FETCH_RETRY, max_body=max_body)

        keys = JwksCache(connection.base_url, fetch, clock, jwks_uri=url).keyset()
    return keys, url, (origin,)


def _sandbox_keys(sandbox: Any, named: str) -> tuple[KeySet, str, tuple[str, ...]]:
    """The sandbox's keys over HTTP, from the issuer the token names when that is one of the
    sandbox's own (host-name or loopback form), else from its canonical domain."""
    if sandbox is None:
        raise ConfigError("keys from the sandbox need one: TokenInspector(sandbox)")
    loopback = named.startswith("http://")
    with Tenant.from_sandbox(sandbox, hostnames=not loopback, application=None) as tenant:
        issuers = tenant.connection.issuers
        cache = tenant.jwks(named if named in issuers else None)
        return cache.keyset(), cache.url, issuers
