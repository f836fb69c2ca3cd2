"""What Auth0 generates when objects are created: ids, secrets, credential keys, system APIs.

Auth0: §1 (id formats), §3.5 (the Management API, always on the canonical name). Runs once, when
a Sandbox takes a tenant; values already given (fixed ids in a tenant file) are kept.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization

from auth0_explore.errors import ConfigError
from auth0_explore.sandbox.minting.entropy import Entropy
from auth0_explore.sandbox.minting.keys import generate_rsa_key, rsa_jwk_thumbprint
from auth0_explore.sandbox.tenant.model import Api, Application, Scope, TenantConfig
from auth0_explore.secrets import Secret

__all__ = ["MANAGEMENT_API_NAME", "materialize_tenant"]

MANAGEMENT_API_NAME = "Auth0 Management API"
MANAGEMENT_SCOPES = (
    "read:users", "update:users", "delete:users", "create:users", "read:clients",
    "update:clients", "create:clients", "read:client_keys", "read:client_grants",
    "create:client_grants", "update:client_grants", "read:resource_servers",
    "update:resource_servers", "read:organizations", "read:organization_client_grants",
    "read:custom_domains", "read:tenant_settings", "update:tenant_settings", "read:signing_keys",
    "create:signing_keys", "update:signing_keys", "read:logs",
)  # fmt: skip


def _credentials(app: Application, entropy: Entropy) -> None:
    for index, credential in enumerate(app.credentials):
        if not credential.public_key:
            key = generate_rsa_key(entropy, f"credential:{app.name}:{index}")
            private = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            credential.private_key = Secret(private.decode("ascii"))
            public = key.public_key()
            credential.public_key = public.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ).decode("ascii")
            credential.kid = credential.kid or rsa_jwk_thumbprint(public)
        credential.id = credential.id or "cred_" + entropy.stream("ids").text(22)


def materialize_tenant(tenant: TenantConfig, entropy: Entropy) -> None:
    """Fill in everything Auth0 would have generated, in a fixed order (seeded runs repeat)."""
    if tenant.api(tenant.management_api_identifier) is None:
        tenant.apis.append(
            Api(
                name=MANAGEMENT_API_NAME,
                identifier=tenant.management_api_identifier,
                scopes=[Scope(s) for s in MANAGEMENT_SCOPES],
                is_system=True,
            )
        )
    for api in tenant.apis:
        api.id = api.id or entropy.object_id()
        if api.signing_alg == "HS256":
            api.hs256_secret(entropy.client_secret)
    for app in tenant.applications:
        app.client_id = app.client_id or entropy.client_id()
        if app.client_secret is None:
            app.client_secret = Secret(entropy.client_secret())
        _credentials(app, entropy)
    for grant in tenant.client_grants:
        grant.id = grant.id or entropy.prefixed("cgr_")
    for org in tenant.organizations:
        org.id = org.id or entropy.prefixed("org_")
    for app in tenant.applications:
        if app.default_organization:
            # Auth0 stores the default organization by id.
            default = tenant.organization(app.default_organization)
            if default is None:
                raise ConfigError(
                    f"application {app.name!r}: unknown default_organization "
                    f"{app.default_organization!r}"
                )
            app.default_organization = default.id
    for custom in tenant.custom_domains:
        custom.id = custom.id or entropy.prefixed("cd_")
    for connection in tenant.connections:
        connection.id = connection.id or entropy.prefixed("con_")
    for user in tenant.users:
        user.user_id = user.user_id or f"auth0|{entropy.object_id()}"
