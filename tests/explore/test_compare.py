"""Comparisons put the same scenario side by side and mark exactly the cells that differ."""

from __future__ import annotations

import pandas as pd
import pytest

from auth0_explore.errors import ConfigError
from auth0_explore.explore.compare import compare
from auth0_explore.explore.runner import Run
from auth0_explore.explore.scenarios import Scenario
from auth0_explore.explore.targets import Target
from tests.explore.conftest import CANONICAL, CUSTOM


@pytest.fixture
def frame(plain: Target, default: Target, custom_domain: Target) -> pd.DataFrame:
    """The standard matrix under plain and default-audience, and on both custom-domain hosts."""
    scenarios = plain.matrix() + default.matrix() + custom_domain.matrix(all_domains=True)
    return Run(scenarios, [plain, default, custom_domain], progress=False).start().frame()


def test_default_audience_comparison_marks_only_the_no_audience_row(frame: pd.DataFrame) -> None:
    """No default vs default audience: only `no audience` differs, token vs APIv1 error."""
    result = compare(frame, sides=["plain", "default-audience"])
    assert result.sides == ("plain", "default-audience")
    differing = result.differs.any(axis=1)
    assert differing[differing].index.get_level_values("scenario").tolist() == ["no audience"]
    row = result.table.loc[("no audience", "client_credentials")]
    assert row[("outcome", "plain")] == "error"
    assert row[("outcome", "default-audience")] == "token"
    assert row[("aud", "default-audience")] == "https://api.sandbox.example/"
    brief = result.differences(brief=True)
    assert set(brief["field"]) == {"outcome", "status", "error_description", "aud", "iss"}


def test_domain_comparison_differs_in_iss_only(frame: pd.DataFrame) -> None:
    """Canonical vs custom domain: the same tokens but for iss; Auth0 API audiences stay put."""
    custom = frame[frame["configuration"] == "custom-domain"]
    result = compare(custom, across="domain")
    assert result.sides == (f"https://{CANONICAL}/", f"https://{CUSTOM}/")
    assert result.differing_fields == ["iss"]
    assert not result.differs.loc[("Management API", "client_credentials"), "aud"]


def test_html_view_marks_differing_cells_and_escapes(frame: pd.DataFrame) -> None:
    """The styled view gives differing cells class `diff` and escapes every value."""
    result = compare(frame, sides=["plain", "default-audience"])
    page = result._repr_html_()
    differing = int(result.differs.to_numpy().sum())
    assert page.count("class='diff'") == differing * len(result.sides)
    assert "<style>" in page
    assert "Non-global clients are not allowed access to APIv1" in page
    assert "<script" not in page


def test_text_view_lists_each_difference(frame: pd.DataFrame) -> None:
    """The terminal form has the overview and one line per differing field."""
    text = compare(frame, sides=["plain", "default-audience"]).to_text()
    assert text.startswith("Compared across configuration: plain | default-audience")
    assert "Differences:" in text
    assert "no audience" in text.split("Differences:")[1]


def test_a_scenario_twice_on_one_side_asks_for_a_key(frame: pd.DataFrame) -> None:
    """Two rows for one scenario and side (two domains) cannot be lined up silently."""
    with pytest.raises(ConfigError, match="add a column to `on`"):
        compare(frame[frame["configuration"] == "custom-domain"])


def test_an_empty_frame_says_the_filter_before_it_matched_nothing(frame: pd.DataFrame) -> None:
    """A filter that matched no row (a domain written by hand with the wrong scheme) gives a
    toolkit error naming what was empty and why, not pandas' "Cannot infer number of levels"."""
    empty = frame[frame["domain"] == "https://127.0.0.1:8791/"]
    with pytest.raises(ConfigError, match="nothing to compare: the frame has no rows") as caught:
        compare(empty)
    assert "target.base_url" in str(caught.value)


def test_sides_the_frame_lacks_are_named_with_those_it_has(frame: pd.DataFrame) -> None:
    """Asking for configurations that are not in the frame lists the ones that are."""
    with pytest.raises(ConfigError, match=r"no row has configuration in \['live'\]") as caught:
        compare(frame, sides=["live"])
    assert "'plain'" in str(caught.value)


def test_a_missing_column_is_named(frame: pd.DataFrame) -> None:
    """Comparing across a column the frame lacks names it instead of raising KeyError."""
    with pytest.raises(ConfigError, match="no column 'tenant'"):
        compare(frame, across="tenant")


def test_dialect_and_algorithm_comparisons_are_one_argument_each(plain_sandbox: object) -> None:
    """Auth0 vs RFC 9068 dialect, RS256 vs HS256: targets on one sandbox, one custom_api each."""
    with (
        Target.from_sandbox(plain_sandbox, "auth0", custom_api="custom-rs256") as auth0,
        Target.from_sandbox(plain_sandbox, "rfc9068", custom_api="rfc9068") as rfc,
        Target.from_sandbox(plain_sandbox, "hs256", custom_api="custom-hs256") as hs,
    ):
        scenarios = [
            Scenario("custom API", "custom", t.custom_api, configuration=t.label)
            for t in (auth0, rfc, hs)
        ]
        frame = Run(scenarios, [auth0, rfc, hs], progress=False).start().frame()
    result = compare(frame)
    row = result.table.loc[("custom API", "client_credentials")]
    assert (row[("typ", "auth0")], row[("typ", "rfc9068")]) == ("JWT", "at+jwt")
    assert (row[("alg", "auth0")], row[("alg", "hs256")]) == ("RS256", "HS256")
    assert {"typ", "alg", "aud", "gty"} <= set(result.differing_fields)
    assert row[("valid", "hs256")] == "yes"
