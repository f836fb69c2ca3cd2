"""The tenants file: one source per tenant, secrets only by environment-variable name, errors
that name the tenant and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auth0_explore.audit.tenants import read_tenants
from auth0_explore.errors import ConfigError

GOOD = """
[[tenant]]
name = "prod"
domain = "dev-abc123.us.auth0.com"
client_id_env = "PROD_ID"
client_secret_env = "PROD_SECRET"
issuers = ["https://login.example.com/"]
probe = 3

[tenant.applications.billing-worker]
client_id_env = "BILLING_ID"
client_secret_env = "BILLING_SECRET"

[[tenant]]
deploy_cli = "exports/staging.yaml"

[[tenant]]
name = "demo"
profile = "clean"
"""


def test_a_file_of_three_kinds_of_tenant(tmp_path: Path) -> None:
    """Live, export and sandbox tenants; paths resolved beside the file; the credentials come
    from the variables the file names, only when asked."""
    path = tmp_path / "tenants.toml"
    path.write_text(GOOD)
    prod, staging, demo = read_tenants(path)
    assert (prod.kind, prod.source, prod.probe) == ("domain", "dev-abc123.us.auth0.com", 3)
    assert prod.issuers == ("https://login.example.com/",)
    assert prod.applications == {"billing-worker": ("BILLING_ID", "BILLING_SECRET")}
    assert (staging.kind, staging.name) == ("deploy_cli", "exports/staging.yaml")
    assert staging.source == str(tmp_path / "exports" / "staging.yaml")
    assert (demo.kind, demo.source) == ("profile", "clean")
    environ = {"PROD_ID": "id", "PROD_SECRET": "s", "BILLING_ID": "b", "BILLING_SECRET": "t"}
    connection = prod.connection(environ)
    assert connection.credentials is not None
    assert connection.credentials.client_id == "id"
    assert prod.probe_credentials(environ)["billing-worker"].client_id == "b"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[tenant]]\nname = "x"\n', "exactly one of domain, profile, snapshot, deploy_cli"),
        ('[[tenant]]\nprofile = "clean"\nsnapshot = "a.json"\n', "exactly one of"),
        ('[[tenant]]\nprofile = "clean"\ncolour = "red"\n', "unknown key 'colour'"),
        ('[[tenant]]\ndomain = "x.auth0.com"\nclient_secret = "s"\n', "would put a secret"),
        (
            '[[tenant]]\ndomain = "x.auth0.com"\n[tenant.applications.a]\nsecret = "s"\n',
            "would put a secret",
        ),
        ('[[tenant]]\nprofile = "clean"\nprobe = -1\n', "probe is a number of tokens"),
        ('[[tenant]]\nprofile = "clean"\n[[tenant]]\nprofile = "clean"\n', "two tenants are named"),
        ("tenant = 3\n", "list the tenants as [[tenant]] tables"),
        ("[[tenant]\n", "is not valid TOML"),
    ],
    ids=[
        "no-source",
        "two-sources",
        "unknown-key",
        "secret",
        "app-secret",
        "negative-probe",
        "same-name",
        "not-tables",
        "not-toml",
    ],
)
def test_a_bad_file_says_what_is_wrong(tmp_path: Path, text: str, message: str) -> None:
    """Each mistake is a ConfigError naming it (and never echoing a secret's value)."""
    path = tmp_path / "tenants.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)) as caught:
        read_tenants(path)
    assert '"s"' not in str(caught.value)


def test_a_missing_variable_is_named(tmp_path: Path) -> None:
    """Credentials are read when the tenant is audited; an unset variable is named."""
    path = tmp_path / "tenants.toml"
    path.write_text(GOOD)
    prod = read_tenants(path)[0]
    with pytest.raises(ConfigError, match="PROD_SECRET is not set"):
        prod.connection({"PROD_ID": "id"})
