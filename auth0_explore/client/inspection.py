"""The client's one bridge to the token inspector: inspect, validate and explain a result.

`TokenResult.inspection`, `.validation` and `.explanation` call these lazily, so a request costs
no decoding until someone looks. Validation takes the keys from the tenant's JWKS cache, giving
the cache its chance to refetch once for a `kid` it has not seen (token-validation §3).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from auth0_explore.clock import Clock
from auth0_explore.errors import ConfigError, TokenError
from auth0_explore.tokens import (
    AUTH0_ACCESS_TOKEN,
    RFC9068_ACCESS_TOKEN,
    Expectations,
    Explanation,
    Inspection,
    RequestContext,
    TokenProfile,
    ValidationReport,
    explain,
    inspect_token,
    validate,
)

if TYPE_CHECKING:
    from auth0_explore.client.jwks import JwksCache
    from auth0_explore.client.results import TokenResult

__all__ = [
    "default_expectations",
    "explain_result",
    "profile_for",
    "request_context",
    "validate_token",
]


def profile_for(inspection: Inspection) -> TokenProfile:
    """The access-token profile the header announces: RFC 9068 for `at+jwt`, Auth0's otherwise.

    Only for showing a token the client just obtained; an API validating tokens must choose its
    profile from its own configuration, never from the token.
    """
    typ = str(inspection.header.get("typ", "")).lower()
    return RFC9068_ACCESS_TOKEN if typ in ("at+jwt", "application/at+jwt") else AUTH0_ACCESS_TOKEN


def default_expectations(
    inspection: Inspection, *, issuers: Sequence[str], audience: str | None
) -> Expectations:
    """What a token just obtained from a tenant should be: its issuers, the audience asked for.

    The profile follows the token's `typ` (see `profile_for`); for showing a result only.

    Raises:
        ConfigError: when no audience is known (none was requested and no default is set).
    """
    if not audience:
        raise ConfigError(
            "no audience was requested and the tenant's default audience is not known: "
            "validate with tenant.validate(token, Expectations.for_api(domain, audience))"
        )
    return Expectations(issuers=tuple(issuers), audience=audience, profile=profile_for(inspection))


def validate_token(
    token: str,
    expectations: Expectations,
    *,
    keys: JwksCache,
    clock: Clock,
    inspection: Inspection | None = None,
) -> ValidationReport:
    """Every check of `token` against the issuer's cached JWKS; raises only `jwks_unavailable`."""
    inspection = inspection or inspect_token(token, clock=clock)
    kid = inspection.header.get("kid")
    keyset = keys.keyset()
    # a kid the key set holds is one the cache holds: asked once, not twice, per token
    if isinstance(kid, str) and kid not in keyset and kid not in keys.key_ids():
        try:
            keys.key(kid)  # one refetch per cooldown for a kid the cache has not seen
        except TokenError as exc:
            if exc.reason == "jwks_unavailable":
                raise
        keyset = keys.keyset()
    return validate(token, expectations, keys=keyset, clock=clock)


def request_context(result: TokenResult) -> RequestContext:
    """What the client knows about the request that returned `result`."""
    params = result.request.params
    return RequestContext(
        grant_type=params.get("grant_type"),
        audience=result.audience,
        scope=params.get("scope"),
        organization=params.get("organization"),
        base_url=result.base_url,
        canonical_domain=result.canonical_domain,
        default_audience=result.default_audience,
    )


def explain_result(result: TokenResult, inspection: Inspection, clock: Clock) -> Explanation:
    """Why the access token looks the way it does, given the request that returned it."""
    return explain(inspection, clock=clock, context=request_context(result))
