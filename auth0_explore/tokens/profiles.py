"""Token profiles: which `typ`, algorithms and claims a kind of token must have.

A profile is plain data the validator reads (through `Expectations.profile`); make your own
with `dataclasses.replace`.
Sources: Auth0 access token profiles (docs: access-token-profiles), RFC 9068 §2 and §4
(JWT access tokens), OpenID Connect Core §2 and §3.1.3.7 (ID tokens).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "AUTH0_ACCESS_TOKEN",
    "ID_TOKEN",
    "RFC9068_ACCESS_TOKEN",
    "STRING_AUD_API",
    "TOKEN_PROFILES",
    "TokenProfile",
]


@dataclass(frozen=True, slots=True)
class TokenProfile:
    """What a kind of token must look like.

    Attributes:
        name: a short name shown in reports.
        description: one line for people.
        algorithms: the default alg allow-list, used when the caller gives none.
        typ: accepted `typ` values, compared case-insensitively (RFC 7515 §4.1.9).
        typ_required: True when a token without `typ` is refused.
        required_claims: claims that must be present.
        client_claim: the claim naming the client (`azp` or `client_id`), or None.
        aud_string_only: True for APIs that refuse an array `aud`.
        id_token: True for OpenID Connect ID tokens (aud = client id, nonce, azp rules).
    """

    name: str
    description: str
    algorithms: tuple[str, ...]
    typ: tuple[str, ...]
    typ_required: bool
    required_claims: tuple[str, ...]
    client_claim: str | None
    aud_string_only: bool = False
    id_token: bool = False
    required: frozenset[str] = field(init=False, repr=False, compare=False)
    typ_spellings: frozenset[str] = field(init=False, repr=False, compare=False)
    #: the accepted typ values as a report shows them, e.g. "jwt (or absent)"
    typ_text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Sets, so the validator checks the required claims in one C-level comparison and
        # the usual spellings of typ ("JWT", "at+jwt") without lower-casing every token's.
        object.__setattr__(self, "typ", tuple(typ.lower() for typ in self.typ))
        object.__setattr__(self, "required", frozenset(self.required_claims))
        spellings = {form for typ in self.typ for form in (typ, typ.upper())}
        object.__setattr__(self, "typ_spellings", frozenset(spellings))
        shown = " or ".join(self.typ) + ("" if self.typ_required else " (or absent)")
        object.__setattr__(self, "typ_text", shown)

    def __repr__(self) -> str:
        return f"TokenProfile({self.name!r})"


AUTH0_ACCESS_TOKEN = TokenProfile(
    name="auth0_access_token",
    description="Auth0 access token for an API (token dialect access_token or access_token_authz)",
    algorithms=("RS256",),
    typ=("jwt",),
    typ_required=False,
    required_claims=("iss", "sub", "aud", "iat", "exp"),
    client_claim="azp",
)

RFC9068_ACCESS_TOKEN = TokenProfile(
    name="rfc9068_access_token",
    description="RFC 9068 JWT access token (Auth0 dialect rfc9068_profile)",
    algorithms=("RS256",),
    typ=("at+jwt", "application/at+jwt"),
    typ_required=True,
    required_claims=("iss", "exp", "aud", "sub", "client_id", "iat", "jti"),
    client_claim="client_id",
)

ID_TOKEN = TokenProfile(
    name="id_token",
    description="OpenID Connect ID token, for the application (aud = client id)",
    algorithms=("RS256", "HS256"),
    typ=("jwt",),
    typ_required=False,
    required_claims=("iss", "sub", "aud", "exp", "iat"),
    client_claim="azp",
    id_token=True,
)

STRING_AUD_API = TokenProfile(
    name="string_aud_api",
    description="Auth0 access token for an API that accepts aud only as a string",
    algorithms=("RS256",),
    typ=("jwt",),
    typ_required=False,
    required_claims=("iss", "sub", "aud", "iat", "exp"),
    client_claim="azp",
    aud_string_only=True,
)

#: the ready-made profiles by name
TOKEN_PROFILES: dict[str, TokenProfile] = {
    profile.name: profile
    for profile in (AUTH0_ACCESS_TOKEN, RFC9068_ACCESS_TOKEN, ID_TOKEN, STRING_AUD_API)
}
