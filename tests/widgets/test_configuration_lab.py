"""ConfigurationLab, driven headless: toggle, apply, compare before and after, restore."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import ConfigurationLab
from tests.widgets.conftest import CUSTOM, RS256_API, T0, text


@pytest.fixture
def full() -> Iterator[Sandbox]:
    """A sandbox of its own (the lab changes its configuration): default audience and a custom
    domain."""
    with Sandbox(profile="full", clock=FrozenClock(T0)) as sb:
        yield sb


def test_toggles_start_as_the_sandbox_is(full: Sandbox) -> None:
    """The fields show the sandbox's configuration; the custom-domain toggle is offered."""
    lab = ConfigurationLab(full)
    assert lab.default_audience.value == RS256_API
    assert lab.api.value == "custom-rs256"
    assert (lab.dialect.value, lab.signing_alg.value, lab.rbac.value) == (
        "access_token",
        "RS256",
        False,
    )
    assert not lab.custom_domain.disabled
    lab.close()


def test_removing_the_default_audience_and_moving_to_the_custom_domain(full: Sandbox) -> None:
    """Before/after: no audience now fails for M2M; `iss` moves to the custom domain."""
    lab = ConfigurationLab(full)
    lab.default_audience.value = ""
    lab.custom_domain.value = True
    lab.grants.value = ("client_credentials",)
    lab.compare.click()
    change = lab.result
    assert change is not None
    assert [name for name, _, _ in change.changes] == ["default_audience", "custom_domain"]
    assert full.tenant.settings.default_audience == ""  # applied, and left so
    fields = set(change.comparison.differing_fields)
    assert {"outcome", "iss"} <= fields
    shown = text(lab.changes_view.value)
    assert "Non-global clients are not allowed access to APIv1" in shown
    assert f"https://{CUSTOM}/" in shown
    lab.close()


def test_dialect_algorithm_and_rbac_change_the_token(full: Sandbox) -> None:
    """RFC 9068 with RBAC and HS256: typ at+jwt, permissions, alg HS256, still valid."""
    lab = ConfigurationLab(full)
    lab.dialect.value = "rfc9068_profile_authz"
    lab.signing_alg.value = "HS256"
    lab.rbac.value = True
    lab.token_lifetime.value = 600
    lab.compare.click()
    assert lab.result is not None
    after = lab.result.frame.set_index(["configuration", "scenario", "grant"])
    custom = after.loc[("after", "custom API", "client_credentials")]
    assert (custom["alg"], custom["typ"], custom["lifetime_s"]) == ("HS256", "at+jwt", 600)
    assert custom["valid"]
    assert "permissions" in lab.result.comparison.differing_fields
    lab.restore.click()
    assert (full.api("custom-rs256").signing_alg, lab.signing_alg.value) == ("RS256", "RS256")
    assert full.api("custom-rs256").token_dialect == "access_token"
    lab.close()


def test_no_custom_domain_is_an_error_shown_in_the_lab(plain_sandbox: Sandbox) -> None:
    """Asking through a custom domain the sandbox lacks: the lab says how to get one."""
    lab = ConfigurationLab(plain_sandbox)
    assert lab.custom_domain.disabled
    lab.custom_domain.value = True
    lab.compare.click()
    assert "no custom domain" in text(lab.status.value)
    lab.close()
