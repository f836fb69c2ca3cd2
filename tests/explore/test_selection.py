"""Matrix selections: what a pick of configurations, domains and grants runs and compares."""

from __future__ import annotations

import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.explore.runner import Run
from auth0_explore.explore.selection import MatrixSelection
from auth0_explore.explore.targets import Target
from tests.explore.conftest import CANONICAL, CUSTOM


def test_domains_pick_per_configuration(plain: Target, custom_domain: Target) -> None:
    """A domain only one configuration has: the other runs on it only if it has it."""
    pick = MatrixSelection(("plain", "custom-domain"), domains=(CUSTOM,), choices=("custom",))
    scenarios = pick.scenarios([plain, custom_domain])
    assert [(s.configuration, s.domain) for s in scenarios] == [("custom-domain", CUSTOM)]
    everywhere = MatrixSelection(
        ("plain", "custom-domain"), domains=(CANONICAL, CUSTOM), choices=("custom",)
    )
    assert len(everywhere.scenarios([plain, custom_domain])) == 3


def test_compare_picks_the_axis_that_varies(plain: Target, custom_domain: Target) -> None:
    """Several configurations: across them, each domain its own row; one: across domains."""
    both = MatrixSelection(
        ("plain", "custom-domain"), domains=(CANONICAL, CUSTOM), choices=("custom",)
    )
    frame = (
        Run(both.scenarios([plain, custom_domain]), [plain, custom_domain], progress=False)
        .start()
        .frame()
    )
    comparison = both.compare(frame)
    assert comparison is not None
    assert comparison.across == "configuration"
    assert "domain" in comparison.on
    alone = frame[frame["configuration"] == "custom-domain"]
    by_domain = both.compare(alone)
    assert by_domain is not None
    assert by_domain.across == "domain"
    assert both.compare(alone[alone["domain"] == f"https://{CUSTOM}/"]) is None


def test_an_empty_or_unknown_pick_says_what_is_wrong(plain: Target) -> None:
    """Nothing to run is an error that names what to pick."""
    with pytest.raises(ConfigError, match="pick at least one"):
        MatrixSelection(("plain",), grants=()).scenarios([plain])
    with pytest.raises(ConfigError, match="no configuration 'other'"):
        MatrixSelection(("other",)).scenarios([plain])
