"""Tenant settings as Auth0 has them, and the emulation settings for what nobody has observed.

`TenantSettings` mirrors Auth0's own settings (reference §6, §9.3). `Emulation` holds one knob per
`[inferred]` or `[conflict]` item of the reference, each defaulting to the value named there, so a
lesson can switch to the other reading. The README lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Emulation",
    "JwtConfiguration",
    "RateLimitRule",
    "RefreshTokenSettings",
    "TenantSettings",
    "TokenQuota",
]


@dataclass
class TokenQuota:
    """Fine-grained M2M token quota (Auth0: §2.3 step 6, `token_quota.client_credentials`)."""

    per_hour: int | None = None
    per_day: int | None = None
    enforce: bool = True


@dataclass
class JwtConfiguration:
    """How an application's ID tokens are signed (Auth0: §4, client `jwt_configuration`)."""

    alg: str = "RS256"  # or HS256 (signed with the client secret)
    lifetime_in_seconds: int = 36000
    secret_encoded: bool = False


@dataclass
class RefreshTokenSettings:
    """An application's refresh-token policy (Auth0: §2.5, client `refresh_token`)."""

    rotation_type: str = "non-rotating"  # or "rotating"
    expiration_type: str = "non-expiring"  # or "expiring"
    leeway: int = 0
    token_lifetime: int = 2_592_000
    infinite_token_lifetime: bool = True
    # [conflict] §2.5: 1 296 000 in real client objects, 2 592 000 in the docs' table.
    idle_token_lifetime: int = 1_296_000
    infinite_idle_token_lifetime: bool = True


@dataclass
class TenantSettings:
    """The tenant settings that change token-endpoint behaviour (Auth0: §6, §9.3)."""

    friendly_name: str = "Sandbox Tenant"
    default_audience: str = ""
    default_directory: str = ""
    # Support-only flag (§2.3 step 2): true = no-audience requests get an opaque APIv1 token.
    allow_api1_non_global_clients: bool = False
    resource_parameter_profile: str = "compatibility"  # or "audience" (§6)
    allow_organization_name_in_authentication_api: bool = False
    remove_alg_from_jwks: bool = False  # flags.remove_alg_from_jwks (§8.2)
    default_token_quota: TokenQuota | None = None
    organization_quota: TokenQuota | None = None  # default quota for organizations
    # User flows (§8.6, §9.3, §2.5, §2.7).
    allowed_logout_urls: list[str] = field(default_factory=list)  # for /v2/logout without client
    session_lifetime: int = 168  # hours (MGMT-OAS default)
    idle_session_lifetime: int = 72  # hours
    revoke_refresh_token_grant: bool = False  # flags.revoke_refresh_token_grant (§2.5)
    device_flow_charset: str = "base20"  # or "digits" (§2.7)
    device_flow_mask: str = "****-****"
    # Other tenant flags (`flags.*` of the Management API: the legacy grant flags, dynamic client
    # registration ...): stored and served, no effect on tokens. A snapshot replays them.
    flags: dict[str, bool] = field(default_factory=dict)


@dataclass
class RateLimitRule:
    """A token bucket for one endpoint (Auth0: §2.10; Free tier numbers by default)."""

    burst: int
    per_second: float


def _default_rate_limits() -> dict[str, RateLimitRule]:
    return {
        "/oauth/token": RateLimitRule(burst=30, per_second=30.0),
        "/.well-known/jwks.json": RateLimitRule(burst=20, per_second=20.0),
        "/userinfo": RateLimitRule(burst=10, per_second=5 / 60),  # per user (Free: 5/min, burst 10)
        # One bucket for the whole Management API (Free: 2 burst, 2/s; management-api.md).
        "/api/v2/": RateLimitRule(burst=2, per_second=2.0),
    }


@dataclass
class Emulation:
    """How the sandbox decides where Auth0's behaviour was not observed (README: settings)."""

    # §2.3 step 3 [conflict]: "2024" (exact seen body), "2018" or "2025" wording.
    client_grant_wording: str = "2024"
    # §2.3 step 2 [conflict]: "Service not enabled within domain" (token endpoint)
    # or "Service not found" (what /authorize says).
    unknown_audience_wording: str = "Service not enabled within domain"
    # §2.3 step 2 [conflict]: docs PR #9123 said the default audience does not apply to CC.
    default_audience_for_client_credentials: bool = True
    # §2.3 step 4 [inferred]: separator between scopes that were not granted.
    missing_scopes_separator: str = ", "
    # §2.1 [inferred]: refuse Basic for client_secret_post clients and vice versa.
    strict_client_auth_method: bool = False
    # §2.9 row 4 [inferred]: "access_denied" (legacy) or "invalid_client" for unknown clients.
    unknown_client_error: str = "access_denied"
    # §3.2: "random" 21-char kids (current tenants) or "thumbprint" (older tenants).
    kid_format: str = "random"
    # §2.10 [inferred]: buckets always count and send headers; they refuse only when enforced.
    enforce_rate_limits: bool = False
    rate_limits: dict[str, RateLimitRule] = field(default_factory=_default_rate_limits)
    # §2.10 [inferred]: send Retry-After on plain rate-limit 429s too.
    retry_after_on_rate_limit: bool = True
    # §8.1 [inferred from a 2025/26 fixture]: also serve discovery at the RFC 8414 path.
    serve_oauth_authorization_server: bool = True
    # Bad input: request bodies larger than this get 413 [inferred].
    max_body_bytes: int = 64 * 1024
    # -- user flows (issue 3) --
    # §2.4 [inferred]: authorization-code lifetime; RFC 6749 §4.1.2 recommends at most 10 min.
    authorization_code_lifetime: int = 600
    # §3.4 [inferred]: APIs signing with these algorithms get the second `/userinfo` audience
    # when `openid` is asked (the docs say "requires RS256"; PS256 was not observed).
    userinfo_audience_algs: list[str] = field(default_factory=lambda: ["RS256"])
    # §2.6 [inferred]: `gty` of password-realm access tokens.
    password_realm_gty: str = "password-realm"
    # §3.4 [inferred]: `gty` of access tokens minted by a refresh ("" leaves the claim out).
    refresh_token_gty: str = "refresh_token"
    # §4 [inferred]: `at_hash` also in ID tokens from the token endpoint (seen once, flow unknown).
    at_hash_from_token_endpoint: bool = False
    # §8.3 [inferred]: WWW-Authenticate error_description for a malformed or unknown token.
    userinfo_invalid_token_description: str = "Invalid token"
    # §2.7 [conflict]: authorization_pending wording; the docs say
    # "The end-user authorization is pending".
    device_pending_description: str = "User has yet to authorize device code."
    # §2.6: consecutive failed logins that block a user (Auth0's brute-force default is 10;
    # 0 turns the protection off).
    brute_force_threshold: int = 10
    # §2.5 [seen 200]: active refresh tokens per user and application; the oldest is revoked.
    refresh_token_limit: int = 200
    # -- Management API (issue 13; auth0-behavior §9, management-api.md) --
    # §9.2 [conflict]: the largest `per_page`/`take` (100 in the schema, 50 in the docs).
    management_max_per_page: int = 100
    # §9.1, §9.3 [seen for client_secret, inferred for an API's signing_secret]: any of these
    # scopes lets a Management token read secrets; without one they are left out.
    management_secret_scopes: list[str] = field(
        default_factory=lambda: ["read:client_keys", "read:client_secret"]
    )
    # §7 [inferred]: the 401 message for a Management token used on another domain than the one
    # it was obtained through (its `iss` is not the request's issuer).
    management_issuer_mismatch: str = "Invalid token"
    # §9.2 [seen]: offset paging of organizations stops at this many records (checkpoint beyond).
    management_offset_limit: int = 1000
    # Any catalogue entry can be replaced: key -> (status, error, description template).
    errors: dict[str, tuple[int, str, str]] = field(default_factory=dict)
