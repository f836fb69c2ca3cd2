"""The shared clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from auth0_explore.clock import Clock, FrozenClock, SystemClock, to_datetime
from auth0_explore.errors import ConfigError


def test_frozen_clock_stands_still_until_moved() -> None:
    """A frozen clock returns the same time until advanced or set."""
    clock = FrozenClock(1_700_000_000)
    assert clock.now() == clock.now() == 1_700_000_000
    assert clock.advance(86_401) == 1_700_086_401
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert to_datetime(clock.now()) == datetime(2030, 1, 1, tzinfo=UTC)


def test_naive_datetime_is_refused_with_a_clear_error() -> None:
    """A naive datetime would silently use local time, so it is refused."""
    with pytest.raises(ConfigError, match="timezone"):
        FrozenClock(datetime(2030, 1, 1))


def test_both_clocks_satisfy_the_protocol() -> None:
    """The system and frozen clocks are interchangeable wherever a Clock is taken."""
    assert isinstance(SystemClock(), Clock)
    assert isinstance(FrozenClock(0), Clock)
    assert to_datetime(0).tzinfo is UTC
