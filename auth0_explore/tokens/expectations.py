"""The validation policy: what a token must be to be accepted, checked once when built.

`Expectations` holds everything `validate`, `verify` and the batch path need to know about the
caller's API or application: the accepted issuers, the audience, the token profile, the alg
allow-list (from the caller or the profile, never from the token; `none` can never be in it),
the clock leeway, the required scopes, the expected client, the nonce (ID tokens) and the size
limit. Every field is checked when the value is built, so a mistake is a `ConfigError` naming
the field and what to do, raised before any token is looked at; validation then reads values
that are ready to use. Sources: RFC 8725 §3.1 and §3.8-3.9 (allow-list, issuer, audience),
RFC 9068 §4, OpenID Connect Core §3.1.3.7 (ID tokens), Auth0: custom domains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from auth0_explore.config import normalize_base_url
from auth0_explore.errors import ConfigError
from auth0_explore.text import fields
from auth0_explore.tokens.compact import MAX_TOKEN_SIZE
from auth0_explore.tokens.display import html_table, shorten
from auth0_explore.tokens.profiles import AUTH0_ACCESS_TOKEN, ID_TOKEN, TokenProfile
from auth0_explore.tokens.signature import SUPPORTED_ALGORITHMS

__all__ = ["DEFAULT_LEEWAY", "Expectations", "allow_list", "issuers_for"]

#: seconds of clock skew tolerated on exp, nbf and iat (auth0-spa-js uses 60 too)
DEFAULT_LEEWAY: Final = 60.0


@dataclass(frozen=True, slots=True, init=False)
class Expectations:
    """What a token must be to be accepted: one frozen, checked value.

    Build it once per API (or application) and pass it to `validate`, `verify` or
    `verify_many`. The constructors cover the usual cases: `for_api` (an Auth0 API on its
    canonical and custom domains, in any token dialect: `profile=RFC9068_ACCESS_TOKEN` for an
    RFC 9068 API) and `for_id_token`. Change one field of an existing value with
    `dataclasses.replace`, which checks the result again.

    Attributes:
        issuers: the accepted `iss`, compared exactly; several only when named (custom domains).
        audience: the API identifier (for an ID token: the client id).
        profile: the kind of token expected (`AUTH0_ACCESS_TOKEN`, `RFC9068_ACCESS_TOKEN`, ...).
        algorithms: the alg allow-list; the profile's when not given. Never taken from a token.
        leeway: seconds of clock skew tolerated on exp, nbf and iat.
        required_scopes: scopes the token's `scope` must all hold.
        expected_azp: the client that must have requested the token (`azp` / `client_id`).
        nonce: for ID tokens, the nonce sent to /authorize.
        max_size: the size gate, in characters; longer tokens are refused unread.
    """

    issuers: tuple[str, ...]
    audience: str
    profile: TokenProfile
    algorithms: tuple[str, ...]
    leeway: float
    required_scopes: tuple[str, ...]
    expected_azp: str | None
    nonce: str | None
    max_size: int
    #: the allow-list as a set, for one lookup per token
    allowed: frozenset[str] = field(init=False, repr=False, compare=False)
    #: the issuer, or the issuers, as reports show them
    shown_issuers: str | tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: the allow-list sorted, as reports show it
    shown_algorithms: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: the leeway as text, e.g. "60 s"
    window: str = field(init=False, repr=False, compare=False)
    #: the client the client claim must name: the expected azp, or for ID tokens the audience
    client: str | None = field(init=False, repr=False, compare=False)
    #: what the time checks expect, as their report rows say it ("after now - 60 s", ...)
    expiry_text: str = field(init=False, repr=False, compare=False)
    not_after_text: str = field(init=False, repr=False, compare=False)

    def __init__(
        self,
        *,
        issuers: str | Sequence[str],
        audience: str,
        profile: TokenProfile = AUTH0_ACCESS_TOKEN,
        algorithms: str | Sequence[str] | None = None,
        leeway: float = DEFAULT_LEEWAY,
        required_scopes: str | Sequence[str] = (),
        expected_azp: str | None = None,
        nonce: str | None = None,
        max_size: int = MAX_TOKEN_SIZE,
    ) -> None:
        if not isinstance(profile, TokenProfile):
            raise ConfigError(
                "Expectations.profile: give a TokenProfile such as AUTH0_ACCESS_TOKEN, "
                "RFC9068_ACCESS_TOKEN or ID_TOKEN (TOKEN_PROFILES maps names to them)"
            )
        allowed = allow_list(profile.algorithms if algorithms is None else algorithms)
        seconds = _leeway(leeway)
        audience = _text("audience", audience, "the API identifier (or the client id)")
        expected_azp = _optional_text("expected_azp", expected_azp, "a client id")
        accepted = _issuers(issuers)
        values = {
            "issuers": accepted,
            "shown_issuers": accepted[0] if len(accepted) == 1 else accepted,
            "audience": audience,
            "profile": profile,
            "algorithms": allowed,
            "leeway": seconds,
            "required_scopes": _scopes(required_scopes),
            "expected_azp": expected_azp,
            "nonce": _nonce(nonce, profile),
            "max_size": _max_size(max_size),
            "allowed": frozenset(allowed),
            "shown_algorithms": tuple(sorted(allowed)),
            "window": f"{seconds:g} s",
            "expiry_text": f"after now - {seconds:g} s",
            "not_after_text": f"before now + {seconds:g} s",
            "client": expected_azp if not profile.id_token else (expected_azp or audience),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    # -- the common cases -----------------------------------------------------------------------

    @classmethod
    def for_api(
        cls,
        domains: str | Sequence[str],
        audience: str,
        *,
        profile: TokenProfile = AUTH0_ACCESS_TOKEN,
        algorithms: str | Sequence[str] | None = None,
        required_scopes: str | Sequence[str] = (),
        expected_azp: str | None = None,
        leeway: float = DEFAULT_LEEWAY,
    ) -> Expectations:
        """An Auth0 API's access tokens, from the tenant's own domains.

        Args:
            domains: the tenant's domain, or its canonical and custom domains
                (`dev-x.us.auth0.com`, `login.example.com`); each gives the issuer
                `https://<domain>/` (loopback hosts: `http://`, for the sandbox).
            audience: the API identifier.
            profile: the API's token dialect: `AUTH0_ACCESS_TOKEN` (`access_token`,
                `access_token_authz`), `RFC9068_ACCESS_TOKEN` (`rfc9068_profile`), or
                `STRING_AUD_API` for an API that accepts `aud` only as a string.
            algorithms: the API's signing algorithm(s); default: the profile's (RS256).
        """
        return cls(issuers=issuers_for(domains), audience=audience, profile=profile,
                   algorithms=algorithms, required_scopes=required_scopes,
                   expected_azp=expected_azp, leeway=leeway)  # fmt: skip

    @classmethod
    def for_id_token(
        cls,
        domains: str | Sequence[str],
        client_id: str,
        *,
        nonce: str | None = None,
        algorithms: str | Sequence[str] | None = None,
        leeway: float = DEFAULT_LEEWAY,
    ) -> Expectations:
        """An application's ID tokens: aud is its client id; `nonce` as sent to /authorize."""
        return cls(issuers=issuers_for(domains), audience=client_id, profile=ID_TOKEN,
                   algorithms=algorithms, nonce=nonce, leeway=leeway)  # fmt: skip

    # -- display --------------------------------------------------------------------------------

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form, for `--json` output and exports."""
        return {
            "issuers": list(self.issuers),
            "audience": self.audience,
            "profile": self.profile.name,
            "algorithms": list(self.algorithms),
            "leeway": self.leeway,
            "required_scopes": list(self.required_scopes),
            "expected_azp": self.expected_azp,
            "nonce": self.nonce,
            "max_size": self.max_size,
        }

    def __repr__(self) -> str:
        issuers = self.issuers[0] if len(self.issuers) == 1 else list(self.issuers)
        parts = [
            self.profile.name,
            f"audience={shorten(self.audience, 60)!r}",
            f"issuers={shorten(repr(issuers), 100)}",
            f"algorithms={','.join(self.algorithms)}",
            f"leeway={self.window}",
        ]
        if self.required_scopes:
            parts.append(f"scopes={shorten(' '.join(self.required_scopes), 60)!r}")
        if self.expected_azp is not None:
            parts.append(f"azp={shorten(self.expected_azp, 40)!r}")
        if self.nonce is not None:
            parts.append(f"nonce={shorten(self.nonce, 20)!r}")
        if self.max_size != MAX_TOKEN_SIZE:
            parts.append(f"max_size={self.max_size}")
        return f"Expectations({', '.join(parts)})"

    def _rows(self) -> list[tuple[str, object, str]]:
        """(expectation, value, meaning): what the text and HTML views show."""
        return [
            ("issuers", list(self.issuers), "iss must be exactly one of these"),
            ("audience", self.audience, "aud must be (or contain) this"),
            ("profile", self.profile.name, self.profile.description),
            ("algorithms", list(self.algorithms), "the allow-list; never read from the token"),
            ("leeway", self.window, "clock skew tolerated on exp, nbf and iat"),
            ("required scopes", list(self.required_scopes) or "-", "scope must hold each"),
            ("expected client", self.client or "-", "azp / client_id must name it"),
            ("nonce", self.nonce or "-", "an ID token must echo it"),
            ("max size", f"{self.max_size} characters", "longer tokens are refused unread"),
        ]

    def __str__(self) -> str:
        rows = [(name, ", ".join(v) if isinstance(v, list) else v) for name, v, _ in self._rows()]
        return "Expectations\n" + fields(rows, label=17)

    def _repr_html_(self) -> str:
        return html_table(("expectation", "value", "meaning"), self._rows(), caption="Expectations")


def issuers_for(domains: str | Sequence[str]) -> tuple[str, ...]:
    """The issuers of a tenant's domains: `https://<domain>/` each (Auth0: custom domains).

    Raises:
        ConfigError: for anything that is not a domain (a path, a query, an empty string).
    """
    names = (domains,) if isinstance(domains, str) else domains
    if isinstance(names, bytes | bytearray) or not isinstance(names, Sequence) or not names:
        raise ConfigError(
            "Expectations domains: give the tenant's domain, or a list of its domains "
            "(canonical first), e.g. 'dev-x.us.auth0.com'"
        )
    issuers = []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"Expectations domains: {name!r} is not a domain name")
        try:
            issuers.append(normalize_base_url(name))
        except ConfigError as error:
            raise ConfigError(f"Expectations domains: {error}") from None
    return tuple(issuers)


def allow_list(algorithms: str | Sequence[str]) -> tuple[str, ...]:
    """The alg allow-list, checked: known JWS algorithms only, never `none`, not empty."""
    names = (algorithms,) if isinstance(algorithms, str) else algorithms
    if isinstance(names, bytes | bytearray) or not isinstance(names, Sequence):
        raise ConfigError("Expectations.algorithms: give a list of names such as ['RS256']")
    if not names:
        raise ConfigError(
            "Expectations.algorithms: the allow-list is empty; name the API's algorithm, "
            "e.g. ['RS256']"
        )
    for name in names:
        if not isinstance(name, str):
            raise ConfigError("Expectations.algorithms: give a list of names such as ['RS256']")
        if name.lower() == "none":
            raise ConfigError(
                "Expectations.algorithms: 'none' means unsigned and can never be allowed "
                "(RFC 8725 §3.1)"
            )
        if name not in SUPPORTED_ALGORITHMS:
            raise ConfigError(
                f"Expectations.algorithms: {shorten(name, 20)!r} is not supported; use one of "
                f"{', '.join(sorted(SUPPORTED_ALGORITHMS))}"
            )
    return tuple(dict.fromkeys(names))


def _issuers(issuers: str | Sequence[str]) -> tuple[str, ...]:
    names = (issuers,) if isinstance(issuers, str) else issuers
    valid = isinstance(names, Sequence) and not isinstance(names, bytes | bytearray) and names
    if not valid or not all(isinstance(name, str) and name for name in names):
        raise ConfigError(
            "Expectations.issuers: name at least one issuer, e.g. 'https://dev-x.us.auth0.com/' "
            "(several only for a tenant's custom domains; Expectations.for_api builds them)"
        )
    return tuple(dict.fromkeys(names))


def _text(name: str, value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"Expectations.{name}: give {what} as a non-empty string")
    return value


def _optional_text(name: str, value: object, what: str) -> str | None:
    return None if value is None else _text(name, value, what)


def _nonce(nonce: object, profile: TokenProfile) -> str | None:
    checked = _optional_text("nonce", nonce, "the nonce sent to /authorize")
    if checked is not None and not profile.id_token:
        raise ConfigError(
            f"Expectations.nonce: only ID tokens carry a nonce, and the profile is "
            f"{profile.name}; use Expectations.for_id_token(...)"
        )
    return checked


def _leeway(leeway: object) -> float:
    if isinstance(leeway, bool) or not isinstance(leeway, int | float):
        raise ConfigError("Expectations.leeway: give a number of seconds, e.g. 60")
    if not (math.isfinite(leeway) and leeway >= 0):
        raise ConfigError("Expectations.leeway: give a finite number of seconds >= 0")
    return float(leeway)


def _scopes(required: str | Sequence[str]) -> tuple[str, ...]:
    """Required scopes as a tuple; one string is split on spaces like the `scope` claim."""
    names = tuple(required.split()) if isinstance(required, str) else required
    valid = isinstance(names, Sequence) and not isinstance(names, bytes | bytearray)
    if not valid or not all(isinstance(s, str) and s and s.split() == [s] for s in names):
        raise ConfigError(
            "Expectations.required_scopes: give scope names, as a list or one space-separated "
            "string, e.g. 'read:things write:things'"
        )
    return tuple(dict.fromkeys(names))


def _max_size(max_size: object) -> int:
    if isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 1:
        raise ConfigError(
            f"Expectations.max_size: give a number of characters >= 1 (default {MAX_TOKEN_SIZE})"
        )
    return max_size
