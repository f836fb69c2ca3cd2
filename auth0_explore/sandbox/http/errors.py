"""Every error the sandbox answers with, by key: status, `error`, `error_description` template.

Auth0: §2.9 (token endpoint catalogue, row numbers cited per entry). Entries marked inferred are
the reference's recommendation where no capture exists; `Emulation.errors` replaces any entry,
and `Emulation.client_grant_wording` / `unknown_audience_wording` pick between seen wordings.
"""

from __future__ import annotations

from typing import Any

from auth0_explore.errors import OAuthError
from auth0_explore.sandbox.tenant.settings import Emulation

__all__ = ["CATALOGUE", "GRANT_TYPES_URI", "oauth_error"]

GRANT_TYPES_URI = "https://auth0.com/docs/clients/client-grant-types"
_CLIENT_GRANT_2024 = (
    'Client is not authorized to access "{audience}". You need to create a "client-grant" '
    "associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants"
)
_CLIENT_GRANT_WORDINGS = {
    "2024": ("access_denied", _CLIENT_GRANT_2024),  # seen: ruby-auth0#610
    "2018": (
        "access_denied",
        'Client is not authorized to access "{audience}". You might probably want to create a '
        '"client-grant" associated to this API. See: '
        "https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants",
    ),  # seen: auth0-python#173
    "2025": (
        "access_denied",
        'Client "{client_id}" is not authorized to access resource server "{audience}". '
        'You need to create a "client-grant" associated to this API.',
    ),  # reported 2025-26, no raw capture
}

CATALOGUE: dict[str, tuple[int, str, str]] = {
    # row 1 (docs' generic text)
    "rate_limited": (
        429,
        "too_many_requests",
        "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and "
        "X-RateLimit-Reset headers.",
    ),
    "missing_parameter": (400, "invalid_request", "Missing required parameter: {name}"),  # 2, 19
    "unsupported_grant_type": (400, "unsupported_grant_type", "Unsupported grant type: {grant}"),
    "unknown_client": (401, "{error}", "Unauthorized"),  # row 4 [inferred]
    "unauthorized": (401, "access_denied", "Unauthorized"),  # row 5
    "grant_not_allowed": (
        403,
        "unauthorized_client",
        "Grant type '{grant}' not allowed for the client.",
    ),  # row 6
    "api1_denied": (403, "access_denied", "Non-global clients are not allowed access to APIv1"),
    "unknown_audience": (403, "access_denied", "{wording}: {audience}"),  # row 8
    "scopes_not_granted": (403, "access_denied", "Client has not been granted scopes: {scopes}"),
    "client_quota": (429, "too_many_requests", "Client quota exceeded"),  # row 11
    "organization_quota": (429, "too_many_requests", "Organization quota exceeded"),  # inferred
    # §2.3 step 5: organization errors were not captured [inferred wording].
    "organization_not_allowed": (
        400,
        "invalid_request",
        "Client is not allowed to use organizations with this API: {audience}",
    ),
    "organization_required": (
        400,
        "invalid_request",
        "An organization is required for this client and API: {audience}",
    ),
    "organization_unknown": (
        400,
        "invalid_request",
        "No organization found by that id or name: {organization}",
    ),
    "organization_not_associated": (
        403,
        "access_denied",
        (
            'Client is not authorized to access "{audience}" on behalf of organization '
            '"{organization}"'
        ),
    ),
    "api_denies_clients": (
        403,
        "access_denied",
        'Client access to resource server "{audience}" is denied by its policy',
    ),  # subject_type_authorization.client.policy = deny_all [inferred wording]
    # Bad input (RFC 6749 §3.2, §2.3.1, §5.2) [inferred wording].
    "unsupported_content_type": (
        400,
        "invalid_request",
        "Unsupported content type: {content_type}. Send application/x-www-form-urlencoded "
        "or application/json",
    ),
    "malformed_body": (400, "invalid_request", "The request body could not be parsed: {reason}"),
    "duplicate_parameter": (
        400,
        "invalid_request",
        "Parameter sent more than once: {name}",
    ),
    "invalid_parameter": (400, "invalid_request", "Invalid parameter: {name} must be a string"),
    # JSON can escape a lone surrogate ("\ud800"), which is no Unicode text [inferred wording].
    "parameter_not_text": (
        400,
        "invalid_request",
        "Invalid parameter: {name} is not valid Unicode text (it holds a lone surrogate)",
    ),
    "multiple_client_auth": (
        400,
        "invalid_request",
        "Use only one client authentication method: HTTP Basic or client_secret in the body",
    ),
    "assertion_type": (400, "invalid_request", "client_assertion_type must be {expected}"),
    "malformed_basic": (
        400,
        "invalid_request",
        "The Authorization header is not valid HTTP Basic: {reason}",
    ),
    "body_too_large": (413, "invalid_request", "Request body larger than {limit} bytes"),
    "not_found": (404, "not_found", "Not found: {method} {path}"),
    "method_not_allowed": (
        405,
        "method_not_allowed",
        "Method {method} is not allowed on {path}; use {allowed}",
    ),
    "server_error": (500, "server_error", "{reason}"),  # row 20, for injected faults
    # -- user flows at the token endpoint (§2.4-2.7) --
    "invalid_code": (403, "invalid_grant", "Invalid authorization code"),  # row 12
    "pkce_failed": (403, "invalid_grant", "Failed to verify code verifier"),  # row 13
    "redirect_uri_required": (
        403,
        "invalid_grant",
        "redirect_uri is required if it was included in the authorization request.",
    ),  # row 14
    "redirect_uri_mismatch": (
        403,
        "invalid_grant",
        "redirect_uri does not match the one used in the authorization request.",
    ),  # [inferred]
    "invalid_refresh_token": (403, "invalid_grant", "Unknown or invalid refresh token."),  # row 15
    "refresh_scope_exceeded": (
        403,
        "invalid_scope",
        "The requested scopes were not granted to the refresh token: {scopes}",
    ),  # [inferred]
    "wrong_credentials": (403, "invalid_grant", "Wrong email or password."),  # row 16
    "user_scopes_not_allowed": (
        400,
        "invalid_scope",
        "User is not authorized to the audience for those scopes",
    ),  # row 17
    "user_blocked": (401, "unauthorized", "user is blocked"),  # legacy docs table
    "too_many_attempts": (
        429,
        "too_many_attempts",
        "Your account has been blocked after multiple consecutive login attempts. We've sent you "
        "an email with instructions on how to unblock it.",
    ),  # §2.6
    "mfa_required": (403, "mfa_required", "Multifactor authentication required"),  # row 18
    "no_default_connection": (
        500,
        "server_error",
        "Authorization server not configured with default connection.",
    ),  # [inferred] §2.6
    "unknown_realm": (400, "invalid_request", "Unknown connection: {realm}"),  # [inferred]
    "realm_not_enabled": (
        403,
        "unauthorized_client",
        "The connection {realm} is not enabled for this client",
    ),  # [inferred]
    "device_pending": (403, "authorization_pending", "{description}"),  # §2.7
    "device_slow_down": (
        429,
        "slow_down",
        "You are polling faster than allowed. Try again in {interval} seconds.",
    ),  # §2.7
    "device_expired": (403, "expired_token", "The device code has expired"),  # [inferred] text
    "device_invalid": (403, "invalid_grant", "Invalid or expired device code."),  # [inferred]
    "device_denied": (403, "access_denied", "User denied the device authorization"),  # text inf.
    "revoke_unauthorized": (401, "invalid_client", "Client authentication failed"),  # §8.4
    # -- /authorize, delivered by redirect (§8.5); the status is not sent --
    "authorize_unknown_audience": (302, "access_denied", "Service not found: {audience}"),
    "login_required": (302, "login_required", "Login required"),
    "organization_param_required": (
        302,
        "invalid_request",
        "parameter organization is required for this client",
    ),
    "organization_must_be_id": (
        302,
        "invalid_request",
        "authorization request parameter organization must be an organization id",
    ),
    "organization_invalid": (
        302,
        "invalid_request",
        "parameter organization is invalid: {organization}",
    ),  # [inferred]
    "organization_not_allowed_for_client": (
        302,
        "invalid_request",
        "parameter organization is not allowed for this client",
    ),  # [inferred]
    "user_not_in_organization": (
        302,
        "access_denied",
        "user {user_id} is not part of the {organization} organization",
    ),  # [inferred]
    "unsupported_response_type": (
        302,
        "unsupported_response_type",
        "Unsupported response type: {response_type}",
    ),  # [inferred]
    "unsupported_response_mode": (
        302,
        "invalid_request",
        "Unsupported response mode: {response_mode}",
    ),  # [inferred]
    "unsupported_challenge_method": (
        302,
        "invalid_request",
        "Unsupported code_challenge_method: {method}. Use S256 or plain",
    ),  # [inferred]
    "pkce_required": (
        302,
        "invalid_request",
        "code_challenge is required for third-party applications",
    ),  # [inferred] wording; the rule is seen (§2.4)
    "nonce_required": (
        302,
        "invalid_request",
        "nonce is required when the response type includes id_token",
    ),  # [inferred] (OIDC Core §3.2.2.1)
}


def oauth_error(
    emulation: Emulation,
    key: str,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
    **values: str,
) -> OAuthError:
    """The catalogue entry `key` (or its override), with `values` filled into the description."""
    if key == "client_grant_missing":
        error, template = _CLIENT_GRANT_WORDINGS[emulation.client_grant_wording]
        status = 403
    else:
        status, error, template = CATALOGUE[key]
    status, error, template = emulation.errors.get(key, (status, error, template))
    if key == "unknown_client":
        error = error.format(error=emulation.unknown_client_error)
    if key == "unknown_audience":
        values.setdefault("wording", emulation.unknown_audience_wording)
    if key == "device_pending":
        values.setdefault("description", emulation.device_pending_description)
    if key == "grant_not_allowed":
        extra = {"error_uri": GRANT_TYPES_URI, **(extra or {})}
    return OAuthError(status, error, template.format(**values), headers=headers, extra=extra)
