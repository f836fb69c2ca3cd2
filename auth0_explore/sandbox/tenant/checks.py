"""What a tenant may not say: values Auth0 would refuse, and settings the sandbox cannot honour.

Run by `TenantConfig.materialize`, so a typo in a tenant file or a profile fails at start with a
ConfigError naming the object, not later as a broken response.
"""

from __future__ import annotations

from collections.abc import Collection

from auth0_explore.errors import ConfigError
from auth0_explore.sandbox.tenant.credentials import ASSERTION_ALGS
from auth0_explore.sandbox.tenant.model import TenantConfig

__all__ = ["check_tenant"]

SIGNING_ALGS = ("RS256", "HS256", "PS256")  # §3.2 (RS512 exists on Auth0, not here)
TOKEN_DIALECTS = ("access_token", "access_token_authz", "rfc9068_profile", "rfc9068_profile_authz")
# §2.1; Auth0 stores private_key_jwt under client_authentication_methods, the sandbox here.
AUTH_METHODS = ("none", "client_secret_post", "client_secret_basic", "private_key_jwt")
ORG_USAGES = (None, "deny", "allow", "require")  # §2.3 step 5
CLIENT_POLICIES = ("require_client_grant", "deny_all")
EMULATION_CHOICES = {
    "client_grant_wording": ("2024", "2018", "2025"),
    "unknown_audience_wording": ("Service not enabled within domain", "Service not found"),
    "unknown_client_error": ("access_denied", "invalid_client"),
    "kid_format": ("random", "thumbprint"),
}


def _one_of(value: object, allowed: Collection[object], where: str) -> None:
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed)
        raise ConfigError(f"{where} is {value!r}; use one of {shown}")


def check_tenant(tenant: TenantConfig) -> None:
    """Raise ConfigError for the first thing wrong with `tenant`."""
    for api in tenant.apis:
        _one_of(api.signing_alg, SIGNING_ALGS, f"API {api.name!r} signing_alg")
        _one_of(api.token_dialect, TOKEN_DIALECTS, f"API {api.name!r} token_dialect")
        _one_of(api.client_policy, CLIENT_POLICIES, f"API {api.name!r} client_policy")
        secret = api.signing_secret
        if api.signing_alg == "HS256" and secret is not None and len(secret.reveal()) < 16:
            raise ConfigError(
                f"API {api.name!r}: an HS256 signing_secret has at least 16 characters "
                "(leave it unset and the sandbox makes one, as Auth0 does)"
            )
    for app in tenant.applications:
        where = f"application {app.name!r}"
        _one_of(app.token_endpoint_auth_method, AUTH_METHODS, f"{where} token_endpoint_auth_method")
        _one_of(app.organization_usage, ORG_USAGES, f"{where} organization_usage")
        for credential in app.credentials:
            _one_of(credential.alg, ASSERTION_ALGS, f"{where} credential {credential.name!r} alg")
        if app.token_endpoint_auth_method == "private_key_jwt" and not app.credentials:
            raise ConfigError(f"{where}: private_key_jwt needs at least one credential")
        if app.is_public and "client_credentials" in app.grant_types:
            # Auth0's Management API answers "Invalid grant types: client_credentials".
            raise ConfigError(f"{where}: public clients cannot use client_credentials")
    for grant in tenant.client_grants:
        _one_of(grant.default_for, (None, "third_party_clients"), "client grant default_for")
        _one_of(grant.subject_type, ("client", "user"), "client grant subject_type")
        if grant.default_for is not None and grant.client:
            raise ConfigError('a default_for client grant names no application (client = "")')
        if grant.default_for is None and tenant.application(grant.client) is None:
            raise ConfigError(f"client grant names unknown application {grant.client!r}")
        if tenant.api(grant.api) is None:
            raise ConfigError(f"client grant names unknown API {grant.api!r}")
        _one_of(grant.organization_usage, ORG_USAGES, "client grant organization_usage")
        for ref in grant.organizations:
            if tenant.organization(ref) is None:
                raise ConfigError(f"client grant names unknown organization {ref!r}")
    _one_of(
        tenant.settings.resource_parameter_profile,
        ("compatibility", "audience"),
        "settings.resource_parameter_profile",
    )
    for name, allowed in EMULATION_CHOICES.items():
        _one_of(getattr(tenant.emulation, name), allowed, f"emulation.{name}")
    names = [d.lower() for d in tenant.domain_names]
    if len(set(names)) != len(names):
        raise ConfigError("domain names must be unique")
