"""ClockLab, driven headless: log in, move the shared clock, watch expiry, renew."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import ClockLab
from tests.widgets.conftest import T0, text


@pytest.fixture
def lab(own_sandbox: Sandbox) -> Iterator[ClockLab]:
    """A clock lab over that sandbox."""
    lab = ClockLab(own_sandbox)
    yield lab
    lab.close()


def test_moving_the_clock_expires_the_token_and_refresh_renews_it(
    lab: ClockLab, own_sandbox: Sandbox
) -> None:
    """Valid at login; past exp + leeway on the slider: expired; a refresh is valid again."""
    lab.login.click()
    assert lab.result is not None
    assert lab.result.frame()["valid"].tolist() == [True]
    assert "<svg class='a0x-timeline'" in lab.timeline_view.value
    lab.hours.value = 25.0  # the API's tokens live 24 h
    assert own_sandbox.clock.now() == T0 + 25 * 3600
    assert "+25.00 h" in text(lab.clock_view.value)
    assert lab.result.frame()["first_failed_check"].tolist() == ["expired"]
    assert "(expired)" in text(lab.timeline_view.value)
    lab.refresh.click()
    verdicts = lab.result.frame()
    assert verdicts["action"].tolist() == ["login", "refresh"]
    assert verdicts["valid"].tolist() == [False, True]


def test_leeway_decides_a_token_just_past_its_expiry(lab: ClockLab) -> None:
    """30 s past exp: expired without leeway, valid with 60 s of it."""
    lab.login.click()
    lab.hours.max = 48.0
    lab.hours.step = 30 / 3600
    lab.hours.value = 24 + 30 / 3600
    lab.leeway.value = 0
    assert lab.result is not None
    assert lab.result.frame()["valid"].tolist() == [False]
    lab.leeway.value = 60
    assert lab.result.frame()["valid"].tolist() == [True]


def test_log_in_again_and_refresh_without_a_login(lab: ClockLab) -> None:
    """Refresh before any login says what to do; a second login adds its tokens."""
    lab.refresh.click()
    assert "log in first" in text(lab.status.value)
    lab.login.click()
    lab.login_again.click()
    assert lab.result is not None
    assert lab.result.frame()["action"].tolist() == ["login", "re-authenticate"]


def test_a_sandbox_on_the_system_clock_is_refused_in_the_lab() -> None:
    """The clock can only move when it is frozen: the lab says how to make one."""
    with Sandbox(profile="plain") as sb:
        lab = ClockLab(sb)
        assert "FrozenClock" in text(lab.status.value)
        lab.login.click()
        assert "FrozenClock" in text(lab.status.value)
        lab.close()
