"""The ready-made profiles hold what the issue promises."""

from __future__ import annotations

import pytest

from auth0_explore.sandbox import TENANT_PROFILES, load_profile
from auth0_explore.sandbox.minting.entropy import Entropy
from tests.sandbox.conftest import SEED

EXPECTED = {
    "plain": ("", ()),
    "default-audience": ("https://api.sandbox.example/", ()),
    "custom-domain": ("", ("login.example.com",)),
    "full": ("https://api.sandbox.example/", ("login.example.com",)),
}


def test_every_profile_is_listed() -> None:
    """The four lesson profiles and the audit's clean one, each with a description."""
    assert set(TENANT_PROFILES) == {*EXPECTED, "clean"}


@pytest.mark.parametrize("name", list(EXPECTED), ids=list(EXPECTED))
def test_profile_has_every_kind_of_app_and_api(name: str) -> None:
    """M2M, regular web, SPA and native apps; RS256, HS256, PS256, RFC 9068 and Management APIs."""
    tenant = load_profile(name).materialize(Entropy(SEED))
    app_types = {a.app_type for a in tenant.applications}
    assert app_types == {"non_interactive", "regular_web", "spa", "native"}
    algs = {a.signing_alg for a in tenant.apis}
    assert algs == {"RS256", "HS256", "PS256"}
    assert any(a.rfc9068 for a in tenant.apis)
    management = tenant.api("https://dev-sandbox.us.auth0.com/api/v2/")
    assert management is not None
    assert management.is_system
    default_audience, custom = EXPECTED[name]
    assert tenant.settings.default_audience == default_audience
    assert tuple(d.domain for d in tenant.custom_domains) == custom
    assert tenant.users
    assert tenant.connections[0].name == "Username-Password-Authentication"


def test_profiles_are_fresh_objects_each_time() -> None:
    """Editing one loaded profile never leaks into the next load."""
    first = load_profile("plain")
    first.settings.default_audience = "changed"
    assert load_profile("plain").settings.default_audience == ""


def test_generated_ids_have_auth0_formats() -> None:
    """client_id 32 alnum, secret 64, cgr_/org_ + 16, auth0|<24 hex> (reference §1)."""
    tenant = load_profile("full").materialize(Entropy(None))
    app = tenant.applications[0]
    assert len(app.client_id) == 32
    assert app.client_id.isalnum()
    assert app.client_secret is not None
    assert len(app.client_secret.reveal()) == 64
    assert all(g.id.startswith("cgr_") and len(g.id) == 20 for g in tenant.client_grants)
    assert all(o.id.startswith("org_") and len(o.id) == 20 for o in tenant.organizations)
    assert all(d.id.startswith("cd_") and len(d.id) == 19 for d in tenant.custom_domains)
    assert all(len(a.id) == 24 and int(a.id, 16) >= 0 for a in tenant.apis)
    user_id = tenant.users[0].user_id
    assert user_id.startswith("auth0|")
    assert len(user_id) == 30


def test_clean_profile_reads_the_configuration_and_writes_nothing() -> None:
    """The clean tenant's api-explorer may read every snapshot list but change nothing (so no
    escalation scope), and every other application has a purpose: grants or a user flow."""
    tenant = load_profile("clean").materialize(Entropy(SEED))
    explorer = next(g for g in tenant.client_grants if g.client == "api-explorer")
    assert explorer.scope
    assert all(s.startswith("read:") for s in explorer.scope)
    assert "read:client_keys" not in explorer.scope
    assert {a.signing_alg for a in tenant.apis} == {"RS256"}
    assert tenant.settings.default_audience == ""
    assert tenant.settings.default_token_quota is not None
    assert not tenant.custom_domains
