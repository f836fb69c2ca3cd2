"""KeyRotationLab, driven headless: rotate, revoke, watch the cache and the verdicts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from auth0_explore.clock import FrozenClock
from auth0_explore.sandbox import Sandbox
from auth0_explore.widgets import KeyRotationLab
from tests.widgets.conftest import text


@pytest.fixture
def lab(own_sandbox: Sandbox[FrozenClock]) -> Iterator[KeyRotationLab]:
    """A key-rotation lab over that sandbox."""
    lab = KeyRotationLab(own_sandbox)
    yield lab
    lab.close()


def _verdicts(lab: KeyRotationLab) -> list[tuple[bool, str | None]]:
    assert lab.result is not None
    return list(zip(lab.result.tokens["valid"], lab.result.tokens["reason"], strict=True))


def test_rotating_to_the_announced_key_needs_no_fetch(lab: KeyRotationLab) -> None:
    """The next key was published already: tokens it signs verify from the same fetch."""
    lab.mint.click()
    lab.rotate.click()
    assert "rotated" in text(lab.status.value)
    lab.mint.click()
    assert _verdicts(lab) == [(True, None), (True, None)]
    assert lab.result is not None
    assert [state for _, state in lab.result.published] == ["current", "next", "previous"]
    assert lab.result.cache.fetch_count == 1


def test_an_unseen_key_waits_for_the_cooldown(lab: KeyRotationLab) -> None:
    """Two rotations: the new current key is unknown to the cache until the cooldown ends."""
    lab.mint.click()
    lab.rotate.click()
    lab.rotate.click()
    lab.mint.click()
    assert _verdicts(lab)[-1] == (False, "unknown_kid")
    assert "in 30 s" in text(lab.view.value)
    lab.wait.click()
    assert "moved the clock 30 s" in text(lab.status.value)
    assert _verdicts(lab)[-1] == (True, None)
    assert lab.result is not None
    assert lab.result.cache.fetch_count == 2


def test_a_revoked_key_verifies_until_the_cache_refreshes(
    lab: KeyRotationLab, own_sandbox: Sandbox[FrozenClock]
) -> None:
    """Revoked keys leave the JWKS; a cached copy still verifies until its lifetime ends."""
    lab.mint.click()
    lab.rotate.click()
    lab.revoke.click()
    assert "revoked" in text(lab.status.value)
    assert _verdicts(lab) == [(True, None)]  # the cache still holds the key
    own_sandbox.clock.advance(601)  # past the cache's 600 s lifetime
    lab.verify.click()
    assert _verdicts(lab) == [(False, "unknown_kid")]
    assert "✗" in text(lab.view.value)
    lab.revoke.click()
    assert "no previous key to revoke" in text(lab.status.value)
