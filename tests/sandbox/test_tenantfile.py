"""TOML tenant files build the same model as Python."""

from __future__ import annotations

import re
from pathlib import Path

import jwt
import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.sandbox import Sandbox, TokenQuota, load_profile
from auth0_explore.sandbox.tenant.files import load_tenant_file, tenant_from_dict
from tests.sandbox.conftest import SEED, post_token

EXAMPLE = Path(__file__).parents[2] / "examples" / "sandbox-tenant.toml"


def test_example_tenant_file_loads_every_kind_of_object() -> None:
    """The documented example file fills settings, emulation, APIs, apps, grants, orgs, users."""
    tenant = load_profile(EXAMPLE)
    assert tenant.domain == "acme-dev.eu.auth0.com"
    assert tenant.settings.default_audience == "https://orders.acme.example/"
    assert tenant.emulation.enforce_rate_limits is True
    assert tenant.emulation.rate_limits["/oauth/token"].burst == 30
    assert tenant.emulation.errors["organization_unknown"][0] == 404
    reports = tenant.api("reports")
    assert reports is not None
    assert reports.scopes[0].description == "Read reports"
    assert reports.signing_secret is not None
    backend = tenant.application("backend")
    assert backend is not None
    assert backend.token_quota == TokenQuota(per_hour=100, per_day=1000)
    assert "acme-backend-secret" not in repr(backend)
    storefront = tenant.application("storefront")
    assert storefront is not None
    assert storefront.refresh_token.rotation_type == "rotating"
    assert storefront.jwt_configuration.lifetime_in_seconds == 36000
    assert tenant.users[0].permissions == {"https://orders.acme.example/": ["read:orders"]}
    assert list(tenant.domain_names) == ["acme-dev.eu.auth0.com", "login.acme.example"]


def test_tenant_file_serves_tokens_with_its_own_credentials() -> None:
    """Fixed credentials from the file work; the default audience applies."""
    with Sandbox(profile=EXAMPLE, seed=SEED) as sb:
        assert sb.application("backend").client_id == "AcmeBackend000000000000000000000"
        response = post_token(sb, "backend")
        claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
        assert claims["aud"] == "https://orders.acme.example/"
        assert response.headers["Auth0-Client-Quota-Limit"].startswith("b=per_hour;q=100;r=99;")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"apis": [{"name": "x", "identifier": "y", "sigining_alg": "RS256"}]},
         "tenant.apis[0]: unknown key 'sigining_alg'"),
        ({"apis": [{"name": "x", "identifier": "y", "token_lifetime": "1h"}]},
         "tenant.apis[0].token_lifetime: expected int, got str"),
        ({"applications": [{"app_type": "spa"}]}, "tenant.applications[0]: "),
        ({"settings": []}, "tenant.settings: expected a table"),
    ],
    ids=["unknown-key", "wrong-type", "missing-name", "not-a-table"],
)  # fmt: skip
def test_mistakes_in_tenant_files_name_where_they_are(
    data: dict[str, object], message: str
) -> None:
    """A typo or wrong type is a ConfigError pointing at the key, never a silent default."""
    with pytest.raises(ConfigError, match=re.escape(message)):
        tenant_from_dict(data)


def test_unreadable_and_invalid_files_are_config_errors(tmp_path: Path) -> None:
    """Missing files and broken TOML raise ConfigError with the file name."""
    with pytest.raises(ConfigError, match="cannot read tenant file"):
        load_tenant_file(tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("domain = \n")
    with pytest.raises(ConfigError, match=r"broken\.toml is not valid TOML"):
        load_tenant_file(broken)


def test_model_refuses_what_auth0_refuses() -> None:
    """A public client with client_credentials, or a grant naming an unknown API, is refused."""
    spa = {"applications": [{"name": "s", "token_endpoint_auth_method": "none"}]}
    with pytest.raises(ConfigError, match="public clients cannot use client_credentials"):
        Sandbox(profile=tenant_from_dict(spa))
    grant = {"applications": [{"name": "a"}], "client_grants": [{"client": "a", "api": "nope"}]}
    with pytest.raises(ConfigError, match="unknown API 'nope'"):
        Sandbox(profile=tenant_from_dict(grant))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"apis": [{"name": "a", "identifier": "i", "signing_alg": "ES256"}]},
         "API 'a' signing_alg is 'ES256'; use one of 'RS256', 'HS256', 'PS256'"),
        ({"emulation": {"client_grant_wording": "2019"}},
         "emulation.client_grant_wording is '2019'; use one of '2024', '2018', '2025'"),
        ({"settings": {"resource_parameter_profile": "rfc8707"}},
         "settings.resource_parameter_profile is 'rfc8707'"),
        ({"applications": [{"name": "a", "token_endpoint_auth_method": "tls_client_auth"}]},
         "application 'a' token_endpoint_auth_method is 'tls_client_auth'"),
    ],
    ids=["signing-alg", "wording", "resource-profile", "auth-method"],
)  # fmt: skip
def test_values_outside_the_known_choices_are_refused_at_start(
    data: dict[str, object], message: str
) -> None:
    """A value the sandbox cannot honour fails at start, naming the setting and the choices."""
    with pytest.raises(ConfigError, match=re.escape(message)):
        Sandbox(profile=tenant_from_dict(data))
