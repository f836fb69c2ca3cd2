"""Plain sentences on why a token looks the way it does, from the token and its request.

Each explanation is a small rule with a stable id; `RULES` lists them in order. A rule reads
the `Inspection` and, when given, the `RequestContext` the token came from, and returns a
sentence or None. Sources: auth0-behavior §3 (format, audiences, claims), §6 (default
audience), §7 (custom domains), RFC 9068.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, NamedTuple
from urllib.parse import urlsplit

from auth0_explore.clock import Clock
from auth0_explore.text import bullets, fields
from auth0_explore.tokens import claims as families
from auth0_explore.tokens.claims import Inspection, inspect_token
from auth0_explore.tokens.display import html_table, relative, when

__all__ = ["RULES", "Explanation", "Finding", "RequestContext", "explain"]


@dataclass(frozen=True, slots=True)
class RequestContext:
    """What is known about the request that returned the token; every field is optional.

    Attributes:
        grant_type: e.g. `client_credentials`, `authorization_code`, `refresh_token`.
        audience: the audience the request named, or None when it sent none.
        scope: the scope the request asked for (space-separated).
        organization: the organization the request named.
        base_url: the domain or base URL the request went to (canonical or custom domain).
        canonical_domain: the tenant's own domain, e.g. `dev-x.us.auth0.com`.
        default_audience: the tenant's default audience ("" when none is set).
        token_lifetime: the API's `token_lifetime` in seconds.
        signing_alg: the API's `signing_alg`.
    """

    grant_type: str | None = None
    audience: str | None = None
    scope: str | None = None
    organization: str | None = None
    base_url: str | None = None
    canonical_domain: str | None = None
    default_audience: str | None = None
    token_lifetime: int | None = None
    signing_alg: str | None = None


class Finding(NamedTuple):
    """One sentence: which rule said it, about which claim (or "token")."""

    rule: str
    subject: str
    text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the token looks the way it does, one finding per rule that applied."""

    token: str
    family: str
    findings: tuple[Finding, ...] = field(repr=False)

    @property
    def sentences(self) -> list[str]:
        """The findings' text, in order."""
        return [finding.text for finding in self.findings]

    def rule(self, rule_id: str) -> Finding | None:
        """The finding of one rule, if it applied."""
        for finding in self.findings:
            if finding.rule == rule_id:
                return finding
        return None

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form: the family and each finding's rule, subject and sentence."""
        return {
            "token": self.token,
            "family": self.family,
            "findings": [finding._asdict() for finding in self.findings],
        }

    def __repr__(self) -> str:
        return (
            f"Explanation({self.family!r}, token={self.token!r}, "
            f"{len(self.findings)} findings: {[f.rule for f in self.findings]})"
        )

    def __str__(self) -> str:
        head = fields([("token", self.token), ("family", self.family)])
        return f"{head}\n{bullets(self.sentences)}" if self.findings else head

    def _repr_html_(self) -> str:
        table = html_table(
            ("about", "why", "rule"), ((f.subject, f.text, f.rule) for f in self.findings)
        )
        return (
            f"<div><p><b>{html.escape(self.family)}</b> — token "
            f"<code>{html.escape(self.token)}</code></p>{table}</div>"
        )


Rule = Callable[[Inspection, RequestContext], str | None]


def explain(
    token: object | Inspection, *, clock: Clock, context: RequestContext | None = None
) -> Explanation:
    """Explain a token (or an existing `Inspection`); never raises on a bad token."""
    inspection = token if isinstance(token, Inspection) else inspect_token(token, clock=clock)
    known = context or RequestContext()
    findings = []
    for rule_id, subject, rule in RULES:
        text = rule(inspection, known)
        if text:
            findings.append(Finding(rule_id, subject, text))
    return Explanation(inspection.token, inspection.family, tuple(findings))


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        parts = urlsplit(url if "://" in url else f"https://{url}")
        return (parts.hostname or "").lower()
    except ValueError:
        return ""


_NO_DEFAULT: Final = "the tenant has no default audience"


def _malformed(i: Inspection, c: RequestContext) -> str | None:
    if i.family != families.MALFORMED:
        return None
    return f"The token cannot be read ({i.reason}): {i.message}."


def _opaque(i: Inspection, c: RequestContext) -> str | None:
    if i.family != families.OPAQUE_JWE:
        return None
    issuer = i.issuer
    base = (
        "This is Auth0's opaque access token: a JWE (alg dir, enc A256GCM) that only Auth0 can "
        f"read, valid only at {issuer or 'the issuer'}userinfo."
    )
    if c.audience is None and c.default_audience == "":
        return f"{base} It is opaque because the request named no audience and {_NO_DEFAULT}."
    if c.audience is None:
        return f"{base} Auth0 issues it when the request names no audience and {_NO_DEFAULT}."
    return base + " Auth0 issues it when no API audience applies to the request."


def _signing(i: Inspection, c: RequestContext) -> str | None:
    if i.claims is None:
        return None
    alg, kid = i.header.get("alg"), i.header.get("kid")
    if alg == "HS256":
        return (
            "alg HS256: signed with the API's signing secret, so anyone holding the secret can "
            "mint tokens; HS256 tokens never carry the /userinfo audience."
        )
    if isinstance(alg, str) and alg[:2] in ("RS", "PS") and isinstance(kid, str):
        issuer = i.issuer or "https://<issuer>/"
        return (
            f"alg {alg} with kid {kid!r}: verify with that key from {issuer}.well-known/jwks.json "
            "(Auth0 publishes the current and the next key)."
        )
    return None


def _id_token(i: Inspection, c: RequestContext) -> str | None:
    if i.family != families.ID:
        return None
    return (
        "This is an ID token: it tells the application who signed in (aud is the client id). "
        "It is not an access token: never send it to an API."
    )


def _default_audience(i: Inspection, c: RequestContext) -> str | None:
    if c.audience is None and c.default_audience and c.default_audience in i.audiences:
        return (
            f"aud is {c.default_audience!r}, the tenant's default audience: the request named "
            "none, so Auth0 used the default."
        )
    return None


def _aud_array(i: Inspection, c: RequestContext) -> str | None:
    if not i.aud_was_array:
        return None
    userinfo = [a for a in i.audiences if a.endswith("/userinfo")]
    if not userinfo:
        return f"aud is an array of {len(i.audiences)} audiences."
    asked = (
        " because the request asked for openid"
        if c.scope and "openid" in c.scope.split()
        else " because openid was requested"
    )
    return (
        f"aud is an array{asked} with a custom API signed RS256: Auth0 adds {userinfo[0]} so the "
        "same token also works at /userinfo (that audience always uses the canonical domain)."
    )


def _aud_string(i: Inspection, c: RequestContext) -> str | None:
    if i.aud_was_array or not i.audiences or i.claims is None:
        return None
    if i.family == families.M2M:
        return "aud is a single string: client-credentials tokens carry exactly the requested API."
    if i.family == families.USER and c.scope is not None and "openid" not in c.scope.split():
        return "aud is a single string because openid was not requested."
    return None


def _issuer(i: Inspection, c: RequestContext) -> str | None:
    iss = i.claims.get("iss") if i.claims else None
    if not isinstance(iss, str):
        return None
    host = _host(iss)
    canonical = _host(c.canonical_domain)
    used = _base(c.base_url)
    if used and used == _base(iss):
        where = "the tenant's canonical domain" if host == canonical else "the base URL"
        text = f"iss is {iss}, exactly {where} the request used: Auth0 writes the host a token "
        text += "was requested from, custom domains included."
        if canonical and host != canonical and not _is_loopback(host):
            text += f" Tokens from the canonical domain say https://{canonical}/, so an API must "
            text += "accept every issuer it may receive."
        return text
    if canonical and host == canonical:
        return f"iss is the tenant's canonical domain {iss}."
    if canonical and not _is_loopback(host):
        return (
            f"iss is the custom domain {iss}: the token was requested through it; tokens from "
            f"the canonical domain say https://{canonical}/, so an API must accept every issuer "
            "it may receive."
        )
    if not host.endswith(".auth0.com") and host not in ("", "localhost"):
        return f"iss names {host}: Auth0 writes the host the request used, custom domains included."
    return None


def _base(url: str | None) -> str:
    """A base URL compared as Auth0 writes issuers: lower-case, with exactly one trailing slash."""
    return (url or "").strip().lower().rstrip("/") + "/" if url else ""


def _is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: the sandbox's plain base URLs, not custom domains."""
    return host == "localhost" or host.startswith("127.") or host in ("::1", "[::1]")


def _gty(i: Inspection, c: RequestContext) -> str | None:
    gty = i.claims.get("gty") if i.claims else None
    if gty == "client-credentials":
        return (
            "gty=client-credentials marks an M2M token (client credentials grant): sub is "
            "<client_id>@clients and azp is the client."
        )
    if isinstance(gty, str):
        return f"gty={gty} names the grant that produced this user token."
    return None


def _lifetime(i: Inspection, c: RequestContext) -> str | None:
    if i.lifetime is None:
        return None
    span = f"exp - iat = {i.lifetime:g} s ({relative(i.lifetime)})"
    if c.token_lifetime is not None and i.lifetime == c.token_lifetime:
        return f"The lifetime {span} equals the API's token_lifetime."
    if c.token_lifetime is not None:
        return f"The lifetime {span} differs from the API's token_lifetime ({c.token_lifetime} s)."
    if i.family == families.ID and i.lifetime == 36000:
        return f"The lifetime {span} is Auth0's default ID token lifetime."
    if i.lifetime == 86400 and i.family != families.ID:
        return f"The lifetime {span} is Auth0's default API token_lifetime."
    return f"The lifetime {span} comes from the API's token_lifetime (ID tokens: the client's)."


def _remaining(i: Inspection, c: RequestContext) -> str | None:
    if i.remaining is None or i.remaining > 0:
        return None
    return (
        f"The token expired {when(i.remaining)}: request a new one, and cache tokens until "
        "shortly before exp."
    )


def _rfc9068(i: Inspection, c: RequestContext) -> str | None:
    if i.family != families.RFC9068:
        return None
    return (
        "typ at+jwt means the API uses the RFC 9068 token dialect: client_id instead of azp, "
        "a jti, no gty."
    )


def _organization(i: Inspection, c: RequestContext) -> str | None:
    org = i.claims.get("org_id") if i.claims else None
    if not isinstance(org, str):
        return None
    asked = f" because the request named organization {c.organization!r}" if c.organization else ""
    return (
        f"org_id {org} is present{asked}: APIs should check it against the organizations they know."
    )


def _permissions(i: Inspection, c: RequestContext) -> str | None:
    if not i.claims or "permissions" not in i.claims:
        return None
    dialect = "rfc9068_profile_authz" if i.family == families.RFC9068 else "access_token_authz"
    return (
        "permissions lists RBAC permissions: the API enables 'Add Permissions in the Access "
        f"Token' (dialect {dialect})."
    )


def _scope(i: Inspection, c: RequestContext) -> str | None:
    if c.scope is None or i.claims is None:
        return None
    missing = [s for s in c.scope.split() if s not in i.scopes]
    if missing:
        return (
            f"scope lacks {' '.join(missing)}, which was requested: Auth0 grants only what the "
            "client grant (M2M) or the user's permissions (RBAC) allow."
        )
    return None


def _management_api(i: Inspection, c: RequestContext) -> str | None:
    if any(a.endswith("/api/v2/") for a in i.audiences):
        return (
            "aud is the Management API: its audience always uses the canonical domain, and its "
            "tokens are for Auth0, not for your APIs."
        )
    return None


#: (id, subject, rule) in the order findings are listed
RULES: Final[tuple[tuple[str, str, Rule], ...]] = (
    ("malformed", "token", _malformed),
    ("opaque-userinfo-token", "token", _opaque),
    ("id-token", "token", _id_token),
    ("rfc9068-dialect", "typ", _rfc9068),
    ("signing-key", "alg", _signing),
    ("m2m-gty", "gty", _gty),
    ("default-audience", "aud", _default_audience),
    ("aud-array-openid", "aud", _aud_array),
    ("aud-string", "aud", _aud_string),
    ("management-api", "aud", _management_api),
    ("issuer-domain", "iss", _issuer),
    ("lifetime", "exp", _lifetime),
    ("expired", "exp", _remaining),
    ("organization", "org_id", _organization),
    ("permissions", "permissions", _permissions),
    ("scope-granted", "scope", _scope),
)
