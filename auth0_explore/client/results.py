"""Result objects: what was asked, what came back, and the token kept out of sight.

Every call returns a frozen result that keeps the request (secrets masked, tokens sent as
parameters fingerprinted), the response status and headers, timing, attempts, and rate-limit
and quota headers. Raw tokens live in private fields: every display (`repr`, `_repr_html_`,
`to_dict`) shows their fingerprint; `reveal()` is the one way to get a token back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from auth0_explore.client.inspection import (
    default_expectations,
    explain_result,
    validate_token,
)
from auth0_explore.client.limits import Quotas, RateLimit
from auth0_explore.client.session import Attempt
from auth0_explore.clock import Clock, SystemClock, to_datetime
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.secrets import MASK, fingerprint
from auth0_explore.text import fields
from auth0_explore.tokens import Explanation, Inspection, ValidationReport, inspect_token
from auth0_explore.tokens.display import html_table, show

if TYPE_CHECKING:
    from auth0_explore.client.jwks import JwksCache

__all__ = [
    "EndpointResult",
    "RequestRecord",
    "TokenResult",
    "mask_params",
]

# Parameters whose value is a secret: shown as the mask.
_MASKED = frozenset(
    {"client_secret", "password", "code_verifier", "client_assertion", "otp", "recovery_code"}
)
# Parameters whose value is a token or code: shown as a fingerprint, so two requests compare.
_FINGERPRINTED = frozenset(
    {"refresh_token", "code", "device_code", "token", "mfa_token", "subject_token", "oob_code"}
)

TokenName = Literal["access_token", "id_token", "refresh_token"]


def mask_params(params: Mapping[str, str]) -> dict[str, str]:
    """A copy of request parameters safe to show, log and store."""
    shown = {}
    for key, value in params.items():
        if key in _MASKED:
            shown[key] = MASK
        elif key in _FINGERPRINTED:
            shown[key] = fingerprint(value)
        else:
            shown[key] = value
    return shown


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A request as it was sent, safe to show: parameters masked, client auth method named."""

    method: str
    url: str
    #: parameters with secrets masked and tokens fingerprinted
    params: Mapping[str, str]
    #: `client_secret_post`, `client_secret_basic`, `none` or `bearer`
    auth_method: str

    @property
    def grant_type(self) -> str:
        """The grant type sent, or "" for requests that are not grants."""
        return self.params.get("grant_type", "")

    def describe(self) -> str:
        """A one-line, secret-free summary for logs and error notes."""
        shown = " ".join(f"{k}={v}" for k, v in self.params.items())
        return f"[{self.auth_method}] {shown}"


#: what a request must ask for to get each kind of token (Auth0: §2.2)
_HOW_TO_GET: dict[str, str] = {
    "access_token": "the tenant issued no access token",
    "id_token": "ask for scope `openid` in a user flow (client credentials never issue one)",
    "refresh_token": "ask for scope `offline_access` in a user flow, for an API that allows "
    "offline access (client credentials never issue one)",
}


@dataclass(frozen=True)
class TokenResult:
    """A token response: the request, the response, and the tokens (fingerprinted in displays).

    `from_cache` is True when the token cache answered without asking the tenant again;
    `received_at` is the clock time the response arrived, so `expires_at` is received_at +
    expires_in. `inspection`, `validation` and `explanation` are computed on first use by the
    token inspector (`auth0_explore.tokens`).
    """

    request: RequestRecord
    status: int
    #: response headers (rate limit, quota, request id, cache control)
    headers: Mapping[str, str]
    token_type: str
    expires_in: int | None
    #: the `scope` member of the response, when Auth0 sent one
    scope: str | None
    received_at: float
    elapsed: float
    attempts: tuple[Attempt, ...]
    rate_limit: RateLimit | None
    quotas: Quotas | None
    #: the base URL the request used and the tenant's canonical domain (why `iss` is what it is)
    base_url: str
    canonical_domain: str
    #: the audience the flow asked for (in this request, at /authorize, or for the device), if any
    audience: str | None
    _access_token: str = field(repr=False)
    _id_token: str | None = field(default=None, repr=False)
    _refresh_token: str | None = field(default=None, repr=False)
    from_cache: bool = False
    #: the issuers the tenant connection accepts (canonical and custom domains)
    issuers: tuple[str, ...] = ()
    #: the tenant's default audience when known ("" for none), None when unknown (live tenant)
    default_audience: str | None = None
    _clock: Clock | None = field(default=None, repr=False, compare=False)
    _keys: JwksCache | None = field(default=None, repr=False, compare=False)

    @cached_property
    def inspection(self) -> Inspection:
        """The decoded access token: kind, header, claims, readable times (not verified)."""
        return inspect_token(self._access_token, clock=self._clock or SystemClock())

    @cached_property
    def validation(self) -> ValidationReport:
        """Every check of the access token: signature with the issuer's JWKS, issuer, audience.

        The audience expected is the one requested (else the tenant's default audience); the
        profile follows the token's `typ`. Raises `TokenError` (`jwks_unavailable`) only when
        no key set can be had.
        """
        if self._keys is None:
            raise TokenError(
                "jwks_unavailable",
                "this result has no key set (it was pickled or built by hand): validate it with "
                "Tenant.validate(result)",
            )
        expectations = default_expectations(
            self.inspection,
            issuers=self.issuers or (self.base_url,),
            audience=self.audience or self.default_audience,
        )
        return validate_token(
            self._access_token,
            expectations,
            keys=self._keys,
            clock=self._clock or SystemClock(),
            inspection=self.inspection,
        )

    @cached_property
    def explanation(self) -> Explanation:
        """Why the access token looks the way it does, from the token and this request."""
        return explain_result(self, self.inspection, self._clock or SystemClock())

    def __getstate__(self) -> dict[str, Any]:
        # The key cache holds a live HTTP session and a frozen clock holds a lock: a pickled
        # result travels without them (and reads the system clock where it lands).
        state = dict(self.__dict__)
        state["_keys"] = state["_clock"] = None
        return state

    @property
    def expires_at(self) -> float | None:
        """Clock seconds at which the access token expires, from `expires_in`."""
        return None if self.expires_in is None else self.received_at + self.expires_in

    @property
    def access_token_fingerprint(self) -> str:
        """A short name for the access token; shown wherever the token would be."""
        return fingerprint(self._access_token)

    @property
    def id_token_fingerprint(self) -> str | None:
        """The ID token's fingerprint, when one was issued."""
        return None if self._id_token is None else fingerprint(self._id_token)

    @property
    def refresh_token_fingerprint(self) -> str | None:
        """The refresh token's fingerprint, when one was issued."""
        return None if self._refresh_token is None else fingerprint(self._refresh_token)

    @property
    def has_refresh_token(self) -> bool:
        """Whether a refresh token was issued."""
        return self._refresh_token is not None

    def reveal(self, which: TokenName = "access_token") -> str:
        """The raw token, for the call that needs it; displays never show it."""
        value = {
            "access_token": self._access_token,
            "id_token": self._id_token,
            "refresh_token": self._refresh_token,
        }[which]
        if value is None:
            raise ConfigError(f"no {which} was issued in this response: {_HOW_TO_GET[which]}")
        return value

    def bearer(self) -> dict[str, str]:
        """The `Authorization` header that sends this access token to an API."""
        return {"Authorization": f"{self.token_type or 'Bearer'} {self._access_token}"}

    def to_dict(self, *, reveal: bool = False) -> dict[str, Any]:
        """A JSON-ready dict; raw tokens only when `reveal` is True (fingerprints otherwise)."""
        data: dict[str, Any] = {
            "request": {
                "method": self.request.method,
                "url": self.request.url,
                "auth_method": self.request.auth_method,
                "params": dict(self.request.params),
            },
            "status": self.status,
            "token_type": self.token_type,
            "expires_in": self.expires_in,
            "expires_at": _iso(self.expires_at),
            "scope": self.scope,
            "access_token": self.access_token_fingerprint,
            "id_token": self.id_token_fingerprint,
            "refresh_token": self.refresh_token_fingerprint,
            "from_cache": self.from_cache,
            "elapsed_ms": round(self.elapsed * 1000, 2),
            "attempts": len(self.attempts),
            "rate_limit": self.rate_limit.to_dict() if self.rate_limit else None,
            "quotas": self.quotas.to_dict() if self.quotas else None,
            "headers": {k: v for k, v in self.headers.items() if k.lower() != "set-cookie"},
        }
        if reveal:
            data["access_token"] = self._access_token
            data["id_token"] = self._id_token
            data["refresh_token"] = self._refresh_token
        return data

    def __repr__(self) -> str:
        cached = ", from_cache=True" if self.from_cache else ""
        return (
            f"TokenResult({self.request.grant_type or self.request.url}, status={self.status}, "
            f"access_token={self.access_token_fingerprint!r}, expires_in={self.expires_in}, "
            f"attempts={len(self.attempts)}{cached})"
        )

    def _rows(self) -> list[tuple[str, str]]:
        """(label, value) of the request and the response, as both views show them."""
        return [
            ("request", f"{self.request.method} {self.request.url}"),
            ("client authentication", self.request.auth_method),
            *((f"  {k}", v) for k, v in self.request.params.items()),
            ("status", str(self.status)),
            ("access token", self.access_token_fingerprint),
            ("id token", self.id_token_fingerprint or "-"),
            ("refresh token", self.refresh_token_fingerprint or "-"),
            ("token type", self.token_type),
            ("expires in", f"{self.expires_in} s (at {_iso(self.expires_at)})"),
            ("scope", self.scope or "-"),
            ("from cache", str(self.from_cache)),
            ("time", f"{self.elapsed * 1000:.1f} ms over {len(self.attempts)} attempt(s)"),
            ("rate limit", str(self.rate_limit) if self.rate_limit else "-"),
            *(("quota", str(bucket)) for bucket in self.quotas or ()),
        ]

    def __str__(self) -> str:
        # Like the notebook view: the response and the decoded token; a validation only once
        # computed (computing it may fetch the JWKS, and printing should not touch the network).
        parts = [fields(self._rows(), label=22), str(self.inspection)]
        validation = self.__dict__.get("validation")
        if validation is not None:
            parts.append(str(validation))
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        # The decoded token is cheap and local; a validation is shown only once computed,
        # since computing it may fetch the JWKS and a display should not touch the network.
        parts = [
            html_table(("", ""), self._rows(), caption="Token response"),
            self.inspection._repr_html_(),
        ]
        validation = self.__dict__.get("validation")
        if validation is not None:
            parts.append(validation._repr_html_())
        return "<div>" + "".join(parts) + "</div>"


@dataclass(frozen=True, slots=True)
class EndpointResult:
    """A response from a non-token endpoint (discovery, /userinfo, revoke): JSON data and timing."""

    request: RequestRecord
    status: int
    headers: Mapping[str, str]
    #: the JSON body (empty for revoke's empty 200)
    data: Mapping[str, Any]
    elapsed: float
    attempts: tuple[Attempt, ...]
    rate_limit: RateLimit | None

    def __repr__(self) -> str:
        return (
            f"EndpointResult({self.request.method} {self.request.url}, status={self.status}, "
            f"members={len(self.data)}, attempts={len(self.attempts)})"
        )

    def _rows(self) -> list[tuple[str, str]]:
        return [
            ("request", f"{self.request.method} {self.request.url}"),
            ("status", str(self.status)),
            *((k, show(v)) for k, v in self.data.items()),
            ("time", f"{self.elapsed * 1000:.1f} ms over {len(self.attempts)} attempt(s)"),
        ]

    def __str__(self) -> str:
        return fields(self._rows(), label=min(24, max([12, *(len(k) + 2 for k in self.data)])))

    def _repr_html_(self) -> str:
        return html_table(("", ""), self._rows(), caption="Response")


def _iso(seconds: float | None) -> str | None:
    return None if seconds is None else to_datetime(seconds).isoformat()
