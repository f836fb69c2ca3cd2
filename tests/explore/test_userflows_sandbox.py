"""User grants on the sandbox: the opaque /userinfo token, the aud array, renewal chains."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.explore.renewal import renewal_chain
from auth0_explore.explore.runner import Run
from auth0_explore.explore.targets import Target
from auth0_explore.explore.timeline import timeline_frame
from auth0_explore.sandbox import Sandbox
from tests.explore.conftest import CANONICAL, CUSTOM, RS256_API, T0

USERINFO = f"https://{CANONICAL}/userinfo"


@pytest.fixture(scope="module")
def frame(domain_sandbox: Sandbox) -> pd.DataFrame:
    """The user-grant matrix (code flow, password) on both domains of the custom-domain tenant."""
    with Target.from_sandbox(domain_sandbox, "custom-domain") as target:
        run = Run(target.user_matrix(all_domains=True), target, progress=False).start()
    return run.frame().set_index(["scenario", "grant", "domain"])


@pytest.mark.parametrize("grant", ["authorization_code", "password"], ids=["code", "password"])
@pytest.mark.parametrize("host", [CANONICAL, CUSTOM], ids=["canonical", "custom-domain"])
def test_no_audience_gives_the_opaque_userinfo_token(
    frame: pd.DataFrame, grant: str, host: str
) -> None:
    """No audience, no default: Auth0's opaque JWE, issued by the host asked (§3.1, §7)."""
    row = frame.loc[("no audience", grant, f"https://{host}/")]
    assert row["outcome"] == "token"
    assert row["token_kind"] == "auth0_opaque_jwe"
    assert row["iss"] == f"https://{host}/"  # from the JWE header
    assert pd.isna(row["valid"])  # nothing to validate: only Auth0 can read it
    assert "opaque" in row["explanation"]


@pytest.mark.parametrize("grant", ["authorization_code", "password"], ids=["code", "password"])
def test_openid_with_a_custom_api_gives_an_aud_array_with_canonical_userinfo(
    frame: pd.DataFrame, grant: str
) -> None:
    """Custom API + openid: aud = [API, https://<canonical>/userinfo], via either domain."""
    for host in (CANONICAL, CUSTOM):
        row = frame.loc[("custom API + openid", grant, f"https://{host}/")]
        assert row["aud"] == [RS256_API, USERINFO]
        assert row["aud_is_array"]
        assert row["valid"]
        assert "because the request asked for openid" in row["explanation"]
    plain = frame.loc[("custom API", grant, f"https://{CANONICAL}/")]
    assert plain["aud"] == [RS256_API]
    assert not plain["aud_is_array"]


def test_unknown_audience_wording_differs_between_authorize_and_token(frame: pd.DataFrame) -> None:
    """/authorize says `Service not found`; the token endpoint `Service not enabled within ...`."""
    code = frame.loc[("unknown audience", "authorization_code", f"https://{CANONICAL}/")]
    password = frame.loc[("unknown audience", "password", f"https://{CANONICAL}/")]
    assert code["error_description"] == "Service not found: https://unknown.invalid/"
    assert password["error_description"] == (
        "Service not enabled within domain: https://unknown.invalid/"
    )
    assert (password["status"], password["error"]) == (403, "access_denied")


@pytest.fixture
def frozen_target() -> Iterator[Target]:
    """A target on its own plain sandbox whose frozen clock the chain may move."""
    with Sandbox(profile="plain", clock=FrozenClock(T0)) as sb, Target.from_sandbox(sb, "p") as t:
        yield t


@pytest.mark.parametrize(
    ("application", "rotates"), [("spa", True), ("web", False)], ids=["spa-rotating", "web"]
)
def test_renewal_chain_expires_then_renews_both_ways(
    frozen_target: Target, application: str, rotates: bool
) -> None:
    """Past exp + leeway the token fails `expired`; refresh and re-login each give a valid one."""
    chain = renewal_chain(frozen_target, application=application)
    steps = chain.frame()
    assert steps["action"].tolist() == ["login", "expired", "refresh", "re-authenticate"]
    assert steps["valid"].tolist() == [True, False, True, True]
    assert steps.loc[1, "first_failed_check"] == "expired"
    assert steps.loc[1, "access_token"] == steps.loc[0, "access_token"]
    assert steps.loc[2, "rotated"] is rotates
    assert steps.loc[2, "access_token"] != steps.loc[0, "access_token"]
    assert steps.loc[1, "at"] > steps.loc[0, "exp"]


def test_renewal_timeline_shows_access_id_and_refresh_tokens(frozen_target: Target) -> None:
    """The chain's timeline has each step's three tokens; the first access token is expired."""
    data = renewal_chain(frozen_target).timeline()
    assert set(data["token"]) == {"access", "id", "refresh"}
    assert data["label"].unique().tolist() == ["1 login", "3 refresh", "4 re-authenticate"]
    first = data[(data["label"] == "1 login") & (data["token"] == "access")].iloc[0]
    assert bool(first["expired"])
    id_token = data[data["token"] == "id"].iloc[0]
    assert id_token["lifetime_s"] == 36000  # Auth0's default ID-token lifetime


def test_user_run_timeline_has_id_tokens(domain_sandbox: Sandbox) -> None:
    """A code-flow attempt with openid draws its ID token next to its access token."""
    with Target.from_sandbox(domain_sandbox, "cd") as target:
        scenarios = target.user_matrix(choices=("custom+openid",), grants=("authorization_code",))
        run = Run(scenarios, target, progress=False).start()
    data = timeline_frame(run, clock=FrozenClock(T0))
    assert data["token"].tolist() == ["access", "id"]


def test_renewal_session_revalidates_every_token_when_the_clock_moves(
    frozen_target: Target,
) -> None:
    """Step by step: valid at login; `now()` after the clock moved says expired."""
    from auth0_explore.explore.renewal import RenewalSession

    with RenewalSession(frozen_target, leeway=0) as session:
        step = session.login()
        assert step.report is not None
        assert step.report.valid
        session.move_to(session.clock.now() + 86_400 + 1)
        assert session.now().frame()["first_failed_check"].tolist() == ["expired"]
        assert session.chain().frame()["valid"].tolist() == [True]  # as it was at its time
