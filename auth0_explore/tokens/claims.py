"""The readable view of a token: `inspect_token` decodes without verifying and explains the shape.

Times become timezone-aware UTC datetimes with relative phrases against the given clock,
`aud` becomes a list (and whether it was an array), and each claim gets its glossary line.
`inspect_token` never raises on junk: it returns an `Inspection` whose kind is `malformed`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, NamedTuple

from auth0_explore.clock import Clock, to_datetime
from auth0_explore.errors import TokenError
from auth0_explore.text import fields
from auth0_explore.tokens.compact import MAX_TOKEN_SIZE, ParsedToken, json_copy, parse
from auth0_explore.tokens.display import html_table, relative, shorten, token_fingerprint, when
from auth0_explore.tokens.glossary import describe_claim, describe_header

__all__ = [
    "FAMILIES",
    "Inspection",
    "TimeClaim",
    "inspect_token",
]

M2M: Final = "M2M access token"
USER: Final = "user access token"
ID: Final = "ID token"
RFC9068: Final = "RFC 9068 access token"
OPAQUE_JWE: Final = "Auth0 opaque /userinfo token"
JWE: Final = "encrypted token (JWE)"
OPAQUE: Final = "opaque token"
JWT: Final = "JWT"
MALFORMED: Final = "malformed"
#: every token family `inspect_token` can name
FAMILIES: Final = (M2M, USER, ID, RFC9068, OPAQUE_JWE, JWE, OPAQUE, JWT, MALFORMED)

_TIME_CLAIMS: Final = ("iat", "nbf", "exp", "auth_time")
_ID_TOKEN_HINTS: Final = ("nonce", "at_hash", "c_hash", "sid", "email", "nickname", "name")


class TimeClaim(NamedTuple):
    """A NumericDate claim made readable.

    Attributes:
        name: the claim (`exp`, `iat`, `nbf`, `auth_time`).
        value: the raw value from the token.
        at: the moment as an aware UTC datetime, or None when it is not a usable NumericDate.
        relative: `in 23 h`, `5 min ago`, or why it cannot be read.
    """

    name: str
    value: object
    at: datetime | None
    relative: str


@dataclass(frozen=True, slots=True)
class Inspection:
    """What a token is and says, decoded without verification.

    Attributes:
        token: the token's fingerprint (never the token).
        kind: `jws`, `auth0_opaque_jwe`, `jwe`, `opaque` or `malformed`.
        family: one of `FAMILIES`, e.g. "M2M access token".
        header: the protected header ({} when unreadable).
        claims: the claims, or None (encrypted, opaque, malformed or not JSON).
        now: the clock time the relative phrases are measured from.
        times: the NumericDate claims, readable.
        audiences: `aud` as a list ([] when absent).
        aud_was_array: True when `aud` was a JSON array.
        lifetime: exp - iat in seconds, when both are numbers.
        remaining: exp - now in seconds (negative once expired).
        scopes: `scope` split on spaces.
        reason: for a malformed token, the reason code; else empty.
        message: one sentence on the token's kind or problem.
    """

    token: str
    kind: str
    family: str
    header: dict[str, Any] = field(repr=False)
    claims: dict[str, Any] | None = field(repr=False)
    now: float = field(repr=False)
    times: tuple[TimeClaim, ...] = field(repr=False, default=())
    audiences: list[str] = field(repr=False, default_factory=list)
    aud_was_array: bool = field(repr=False, default=False)
    lifetime: float | None = field(repr=False, default=None)
    remaining: float | None = field(repr=False, default=None)
    scopes: list[str] = field(repr=False, default_factory=list)
    reason: str = ""
    message: str = field(repr=False, default="")

    @property
    def issuer(self) -> str | None:
        """`iss` of the claims, or of the JWE header for Auth0's opaque token (custom domains)."""
        source = self.claims if self.claims is not None else self.header
        iss = source.get("iss")
        return iss if isinstance(iss, str) else None

    @property
    def expired(self) -> bool | None:
        """True once exp has passed (no leeway), None without a usable exp."""
        return None if self.remaining is None else self.remaining <= 0

    def time(self, name: str) -> TimeClaim | None:
        """The readable form of `exp`, `iat`, `nbf` or `auth_time`, if present."""
        for item in self.times:
            if item.name == name:
                return item
        return None

    @property
    def lifetime_text(self) -> str:
        """The lifetime as a phrase, e.g. `24 h`."""
        return "" if self.lifetime is None else relative(self.lifetime)

    @property
    def remaining_text(self) -> str:
        """`expires in 23 h` or `expired 5 min ago`."""
        if self.remaining is None:
            return ""
        phrase = when(self.remaining)
        return f"expires {phrase}" if self.remaining > 0 else f"expired {phrase}"

    def glossary(self) -> list[tuple[str, str]]:
        """(name, meaning) for every header member and claim present, header first."""
        rows = [(f"header.{name}", describe_header(name)) for name in self.header]
        rows += [(name, describe_claim(name)) for name in self.claims or {}]
        return rows

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form (for `--json` output and exports); the token as a fingerprint."""
        return {
            "token": self.token,
            "kind": self.kind,
            "family": self.family,
            "header": self.header,
            "claims": self.claims,
            "times": {
                t.name: {
                    "value": t.value,
                    "utc": None if t.at is None else t.at.isoformat(),
                    "relative": t.relative,
                }
                for t in self.times
            },
            "audiences": self.audiences,
            "aud_was_array": self.aud_was_array,
            "lifetime": self.lifetime,
            "remaining": self.remaining,
            "scopes": self.scopes,
            "reason": self.reason,
            "message": self.message,
        }

    def __repr__(self) -> str:
        extra = f", reason={self.reason!r}" if self.reason else ""
        return f"Inspection({self.family!r}, kind={self.kind!r}, token={self.token!r}{extra})"

    def __str__(self) -> str:
        rows: list[tuple[str, object]] = [
            ("token", self.token),
            ("kind", f"{self.family} ({self.kind})"),
        ]
        if self.message:
            rows.append(("note", self.message))
        if self.header:
            rows.append(("header", _json_text(self.header)))
        for name, value in (self.claims or {}).items():
            item = self.time(name)
            moment = (
                f"  ({item.at:%Y-%m-%d %H:%M:%S} UTC, {item.relative})" if item and item.at else ""
            )
            rows.append((f"  {name}", _json_text(value) + moment))
        if self.remaining_text:
            rows.append(("expiry", self.remaining_text))
        return fields(rows)

    def _repr_html_(self) -> str:
        parts = [
            f"<p><b>{html.escape(self.family)}</b> — token <code>{html.escape(self.token)}</code>"
            + (f" — {html.escape(self.remaining_text)}" if self.remaining_text else "")
            + "</p>"
        ]
        if self.message:
            parts.append(f"<p>{html.escape(self.message)}</p>")
        if self.header:
            parts.append(
                html_table(
                    ("header", "value", "meaning"),
                    ((n, v, describe_header(n)) for n, v in self.header.items()),
                )
            )
        if self.claims is not None:
            readable = {t.name: _readable(t) for t in self.times}
            parts.append(
                html_table(
                    ("claim", "value", "readable", "meaning"),
                    (
                        (n, v, readable.get(n, ""), describe_claim(n))
                        for n, v in self.claims.items()
                    ),
                )
            )
        if self.lifetime is not None:
            parts.append(f"<p>lifetime {html.escape(self.lifetime_text)}</p>")
        return "<div>" + "".join(parts) + "</div>"


_JWE_MESSAGE: Final = "an encrypted token (JWE): its claims need the decryption key"
_OPAQUE_STRING_MESSAGE: Final = "an opaque string: only its issuer can tell what it means"
_OPAQUE_MESSAGE: Final = (
    "Auth0's opaque access token (JWE, alg dir, enc A256GCM): only Auth0 can read it, and it "
    "only works at /userinfo"
)


def inspect_token(token: object, *, clock: Clock, max_size: int = MAX_TOKEN_SIZE) -> Inspection:
    """Decode and describe a token without verifying it; never raises on a bad token."""
    now = clock.now()
    shown = token_fingerprint(token)
    try:
        parsed = parse(token, max_size=max_size)
    except TokenError as error:
        return Inspection(shown, "malformed", MALFORMED, {}, None, now, reason=error.reason,
                          message=error.message)  # fmt: skip
    if parsed.kind == "auth0_opaque_jwe":
        return Inspection(shown, parsed.kind, OPAQUE_JWE, json_copy(parsed.header), None, now,
                          message=_OPAQUE_MESSAGE)  # fmt: skip
    if parsed.kind == "jwe":
        return Inspection(shown, parsed.kind, JWE, json_copy(parsed.header), None, now,
                          message=_JWE_MESSAGE)  # fmt: skip
    if parsed.kind == "opaque":
        return Inspection(shown, parsed.kind, OPAQUE, {}, None, now,
                          message=_OPAQUE_STRING_MESSAGE)  # fmt: skip
    if parsed.payload is None:
        reason, message = parsed.payload_problem or ("malformed", "the payload is not a JWT")
        return Inspection(shown, parsed.kind, MALFORMED, json_copy(parsed.header), None, now,
                          reason=reason, message=message)  # fmt: skip
    return _inspect_jwt(shown, parsed, now)


def _inspect_jwt(shown: str, parsed: ParsedToken, now: float) -> Inspection:
    header = json_copy(parsed.header)
    claims = json_copy(parsed.payload or {})
    times = tuple(_time(name, claims[name], now) for name in _TIME_CLAIMS if name in claims)
    aud = claims.get("aud")
    audiences = [a for a in aud if isinstance(a, str)] if isinstance(aud, list) else []
    if isinstance(aud, str):
        audiences = [aud]
    exp, iat = _number(claims.get("exp")), _number(claims.get("iat"))
    scope = claims.get("scope")
    family = _family(header, claims)
    return Inspection(
        shown,
        parsed.kind,
        family,
        header,
        claims,
        now,
        times=times,
        audiences=audiences,
        aud_was_array=isinstance(aud, list),
        lifetime=None if exp is None or iat is None else exp - iat,
        remaining=None if exp is None else exp - now,
        scopes=scope.split() if isinstance(scope, str) else [],
        message=f"{_article(family)} {family}, decoded without verifying its signature",
    )


def _family(header: dict[str, Any], claims: dict[str, Any]) -> str:
    typ = header.get("typ")
    if isinstance(typ, str) and typ.lower() in ("at+jwt", "application/at+jwt"):
        return RFC9068
    sub = claims.get("sub")
    if claims.get("gty") == "client-credentials" or (
        isinstance(sub, str) and sub.endswith("@clients")
    ):
        return M2M
    if "scope" in claims or "permissions" in claims or "gty" in claims:
        return USER
    if any(hint in claims for hint in _ID_TOKEN_HINTS):
        return ID
    if "azp" in claims:
        return USER
    return JWT


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    return None


def _time(name: str, value: object, now: float) -> TimeClaim:
    number = _number(value)
    if number is None:
        return TimeClaim(name, value, None, "not a NumericDate")
    try:
        moment = to_datetime(number)
    except (OverflowError, ValueError, OSError):
        return TimeClaim(name, value, None, "out of range")
    return TimeClaim(name, value, moment, when(number - now))


def _json_text(value: object) -> str:
    """A claim or header as compact JSON text, shortened (a hostile claim cannot flood a screen)."""
    return shorten(json.dumps(value, ensure_ascii=False, default=str), 400)


def _readable(item: TimeClaim) -> str:
    if item.at is None:
        return item.relative
    local = item.at.astimezone()
    return f"{item.at:%Y-%m-%d %H:%M:%S} UTC ({local:%H:%M %Z} local), {item.relative}"


def _article(family: str) -> str:
    """The article a family name takes when spoken: "an M2M access token", "a JWT"."""
    return "an" if family in (M2M, ID, RFC9068) else "a"
