"""Application rules: ID-token and refresh-token lifetimes, OIDC conformance, how a client
authenticates, the password grant.

Auth0: auth0-behavior §2.5 (refresh tokens), §2.6 (password grants and the default directory),
§4 (ID tokens), §9.3 (client objects); audit-rules.md CLI-01..05.
"""

from __future__ import annotations

from collections.abc import Iterator

from auth0_explore.audit.context import AuditContext
from auth0_explore.audit.model import Hit
from auth0_explore.audit.registry import Family
from auth0_explore.snapshot.model import Application

__all__ = ["family"]

family = Family("clients")
_DOCS = "https://auth0.com/docs"
_ID_TOKEN_LIFETIME = 36_000
#: a refresh-token lifetime at or over a year is as good as forever (docs: max 31 557 600 s)
_YEAR = 31_557_600
_SECRET_METHODS = frozenset({"client_secret_post", "client_secret_basic", "private_key_jwt"})


@family.rule(
    "CLI-01",
    "ID tokens live longer than Auth0's 10 hours",
    severity="low",
    rationale="An ID token proves a login to the application; a long-lived one keeps proving "
    "it after the session should have ended.",
    doc=f"{_DOCS}/secure/tokens/id-tokens/update-id-token-lifetime",
    fix="Set the application's ID token expiration to 36000 s or less.",
    probe="partial",
    evidence="applications' jwt_configuration.lifetime_in_seconds",
)
def long_id_tokens(ctx: AuditContext) -> Iterator[Hit]:
    for app in ctx.interactive_apps:
        lifetime = app.jwt_configuration.lifetime_in_seconds
        if lifetime > _ID_TOKEN_LIFETIME:
            yield Hit(
                "application",
                app.name,
                f"{app.name}'s ID tokens live {lifetime} s.",
                {"lifetime_in_seconds": lifetime},
            )


def _refresh_problems(app: Application) -> list[str]:
    rt = app.refresh_token
    problems = []
    if rt.expiration_type == "non-expiring":
        problems.append("refresh tokens never expire (expiration_type non-expiring)")
    else:
        if rt.infinite_token_lifetime or rt.token_lifetime >= _YEAR:
            problems.append("no absolute lifetime (infinite or a year or more)")
        if rt.infinite_idle_token_lifetime or rt.idle_token_lifetime >= _YEAR:
            problems.append("no idle lifetime (infinite or a year or more)")
    if rt.rotation_type == "rotating" and rt.leeway > 0:
        problems.append(f"a reused refresh token is accepted for {rt.leeway} s (leeway)")
    elif rt.rotation_type != "rotating" and (app.is_public or app.app_type in ("spa", "native")):
        problems.append("a public application's refresh tokens do not rotate")
    return problems


@family.rule(
    "CLI-02",
    "Refresh tokens that never expire, or rotate with a reuse window",
    severity="medium",
    rationale="A refresh token outlives every access token it mints: without an absolute and "
    "an idle lifetime one stolen token works forever, and rotation leeway lets a thief reuse "
    "it unnoticed.",
    doc=f"{_DOCS}/secure/tokens/refresh-tokens/configure-refresh-token-expiration",
    fix="Make refresh tokens expiring with absolute and idle lifetimes; rotate them (leeway 0) "
    "in SPAs and native apps.",
    probe="partial",
    evidence="applications' refresh_token policy and grant_types",
    checkmate="checkRefreshToken (rotation_type only)",
)
def lasting_refresh_tokens(ctx: AuditContext) -> Iterator[Hit]:
    for app in ctx.interactive_apps:
        if "refresh_token" not in app.grant_types:
            continue
        problems = _refresh_problems(app)
        if problems:
            rt = app.refresh_token
            yield Hit(
                "application",
                app.name,
                f"{app.name}: {'; '.join(problems)}.",
                {
                    "rotation_type": rt.rotation_type,
                    "expiration_type": rt.expiration_type,
                    "token_lifetime": rt.token_lifetime,
                    "infinite_token_lifetime": rt.infinite_token_lifetime,
                    "idle_token_lifetime": rt.idle_token_lifetime,
                    "infinite_idle_token_lifetime": rt.infinite_idle_token_lifetime,
                    "leeway": rt.leeway,
                },
            )


@family.rule(
    "CLI-03",
    "An application that gets API tokens is not OIDC conformant",
    severity="medium",
    rationale="Non-conformant applications keep legacy behaviour (legacy scopes and claims, "
    "implicit id_token shapes); API audiences and RFC-conformant tokens assume OIDC "
    "conformance.",
    doc=f"{_DOCS}/get-started/applications/application-settings",
    fix="Turn on 'OIDC Conformant' in the application's advanced OAuth settings, then test "
    "its logins.",
    probe="no",
    evidence="applications' oidc_conformant, grant_types; client grants",
)
def not_oidc_conformant(ctx: AuditContext) -> Iterator[Hit]:
    granted = {g.client for g in ctx.client_grants()}
    for app in ctx.snapshot.applications:
        if not app.oidc_conformant and (app.name in granted or ctx.is_interactive(app)):
            yield Hit(
                "application",
                app.name,
                f"{app.name} is not OIDC conformant.",
                {"oidc_conformant": False},
            )


@family.rule(
    "CLI-04",
    "How an application authenticates contradicts its type",
    severity="medium",
    rationale="A SPA or native app cannot keep a secret, so a secret method means the secret "
    "ships to users; an M2M or web backend with method none authenticates with nothing.",
    doc=f"{_DOCS}/get-started/applications/confidential-and-public-applications",
    fix="Public applications: method none with PKCE. Backends: client_secret_basic/post or "
    "private_key_jwt.",
    probe="partial",
    evidence="applications' app_type and token_endpoint_auth_method",
)
def auth_method_mismatch(ctx: AuditContext) -> Iterator[Hit]:
    for app in ctx.snapshot.applications:
        method = app.token_endpoint_auth_method
        if app.app_type in ("spa", "native") and method in _SECRET_METHODS:
            why = f"a {app.app_type} application authenticates with {method}"
        elif app.app_type in ("non_interactive", "regular_web") and method == "none":
            why = f"a {app.app_type} application authenticates with nothing (method none)"
        else:
            continue
        yield Hit(
            "application",
            app.name,
            f"{app.name}: {why}.",
            {"app_type": app.app_type, "token_endpoint_auth_method": method},
        )


@family.rule(
    "CLI-05",
    "The password grant is on but the tenant has no default directory",
    severity="medium",
    rationale="grant_type=password without a realm uses the tenant's default directory; with "
    "none set every request fails: 'Authorization server not configured with default "
    "connection'.",
    doc=f"{_DOCS}/get-started/authentication-and-authorization-flow/resource-owner-password-flow",
    fix="Set default_directory to the database connection, or use password-realm with a "
    "realm (better: move the app to the code flow).",
    probe="partial",
    evidence="applications' grant_types; tenant settings default_directory",
    checkmate="checkDefaultDirectory (the setting alone)",
)
def password_without_directory(ctx: AuditContext) -> Iterator[Hit]:
    if ctx.snapshot.settings.default_directory:
        return
    for app in ctx.snapshot.applications:
        if "password" in app.grant_types:
            yield Hit(
                "application",
                app.name,
                f"{app.name} may use the password grant, and the tenant has no default directory.",
                {"grant_types": list(app.grant_types), "default_directory": ""},
            )
