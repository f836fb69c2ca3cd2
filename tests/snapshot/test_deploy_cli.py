"""auth0-deploy-cli exports (YAML and directory) into snapshots: names, placeholders, secrets."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.snapshot import read_deploy_cli, to_json

FIXTURES = Path(__file__).parent / "fixtures"
MAPPINGS = {
    "BACKEND_SECRET": "canary-client-secret-91d2",
    "WEB_HOST": "travel0.example",
    "LOGOUT_URLS": ["https://travel0.example/"],
}


def test_yaml_export_reads_every_section_with_grants_named_by_client() -> None:
    """deploy-cli names the grant's client by name; organizations list their grants."""
    snapshot = read_deploy_cli(FIXTURES / "tenant.yaml", MAPPINGS)
    assert snapshot.source.kind == "deploy-cli"
    assert snapshot.settings.default_audience == "https://api.travel0.example/"
    assert [a.name for a in snapshot.applications] == ["Travel0 Backend", "Travel0 Web"]
    [grant] = snapshot.client_grants
    assert (grant.client, grant.client_id, grant.scope) == ("Travel0 Backend", "", ("read:trips",))
    assert grant.organizations == ("acme",)
    web = snapshot.application("Travel0 Web")
    assert web is not None
    assert web.callbacks == ("https://travel0.example/callback",)
    assert web.allowed_logout_urls == ("https://travel0.example/",)
    assert snapshot.api("https://api.travel0.example/").token_dialect == "access_token_authz"  # type: ignore[union-attr]  # found above
    assert snapshot.signing_keys == ()  # deploy-cli does not export keys


def test_directory_export_gives_the_same_snapshot_as_yaml() -> None:
    """tenant.json, clients/, resource-servers/, grants/, custom-domains/, organizations/."""
    from_yaml = read_deploy_cli(FIXTURES / "tenant.yaml", MAPPINGS)
    from_directory = read_deploy_cli(FIXTURES / "directory", MAPPINGS)
    assert from_directory == replace(from_yaml, source=from_directory.source)


def test_placeholders_left_unresolved_are_kept_and_noted() -> None:
    """Without mappings the text stays (an audit can flag it) and source.notes lists it."""
    snapshot = read_deploy_cli(FIXTURES / "directory")
    assert "unresolved placeholder ##WEB_HOST##" in snapshot.source.notes
    web = snapshot.application("Travel0 Web")
    assert web is not None
    assert web.callbacks == ("https://##WEB_HOST##/callback",)


def test_no_secret_of_the_export_survives_into_json() -> None:
    """client_secret and signing_secret canaries are stripped."""
    text = to_json(read_deploy_cli(FIXTURES / "tenant.yaml", MAPPINGS))
    text += to_json(read_deploy_cli(FIXTURES / "misconfigured.yaml"))
    assert "canary-client-secret-91d2" not in text
    assert "canary-signing-secret-6c1f" not in text
    assert "secret" not in text.replace("client_secret_post", "")


def test_the_misconfigured_tenant_keeps_what_an_audit_needs() -> None:
    """The SPA's Management API grant, its refresh-token policy, legacy flags, a dangling grant."""
    bad = read_deploy_cli(FIXTURES / "misconfigured.yaml")
    spa = bad.application("Shop SPA")
    assert spa is not None
    assert spa.is_public
    assert spa.refresh_token.expiration_type == "non-expiring"
    assert bad.settings.flags["allow_legacy_ro_grant_types"] is True
    audiences = [g.audience for g in bad.grants_of("Shop SPA")]
    assert audiences == ["https://dev-bad.us.auth0.com/api/v2/", "https://renamed-api.example/"]
    assert bad.api("YOUR_API_IDENTIFIER") is not None


def test_a_file_that_is_no_export_is_a_clear_error(tmp_path: Path) -> None:
    """Not YAML, or not a mapping: ConfigError naming the file."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("- just\n- a list\n")
    with pytest.raises(ConfigError, match=r"broken.yaml: a deploy-cli export is a YAML mapping"):
        read_deploy_cli(broken)
    with pytest.raises(ConfigError, match=r"give a deploy-cli \.yaml file or export directory"):
        read_deploy_cli(tmp_path / "tenant.txt")
