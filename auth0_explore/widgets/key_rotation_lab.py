"""`KeyRotationLab`: rotate and revoke the sandbox's keys; watch the client's JWKS cache and
which tokens still verify.

    KeyRotationLab(sb)

Mint a token, rotate, mint another, revoke the previous key, verify: the tokens signed by a
revoked key stop verifying; a key the cache has not seen is fetched again only once the
cooldown is over. A thin view over `explore.rotation.KeyRotation`; `lab.result` is the last
`KeysSnapshot`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from auth0_explore.explore.rotation import KeyRotation, KeysSnapshot
from auth0_explore.explore.targets import Target
from auth0_explore.widgets.base import Panel
from auth0_explore.widgets.views.keys import KeysView
from auth0_explore.widgets.views.notice import Notice

__all__ = ["KeyRotationLab"]


class KeyRotationLab(Panel):
    """Buttons for each step of a rotation, and both sides of it after each.

    Args:
        sandbox: the running sandbox whose keys rotate (for every client of it).
    """

    def __init__(self, sandbox: Any) -> None:
        self._target = Target.from_sandbox(sandbox, "keys")
        self.rotation = KeyRotation(self._target)
        self.result: KeysSnapshot | None = None
        self.mint = w.Button(description="Mint a token", button_style="primary", icon="key")
        self.rotate = w.Button(description="Rotate keys", icon="refresh")
        self.revoke = w.Button(description="Revoke previous key", icon="ban")
        self.wait = w.Button(
            description="Wait out the cooldown",
            icon="clock-o",
            disabled=not callable(getattr(sandbox.clock, "advance", None)),
        )
        self.verify = w.Button(description="Verify all", icon="check")
        self.view = w.HTML()
        buttons = w.HBox([self.mint, self.rotate, self.revoke, self.wait, self.verify])
        super().__init__(
            "Key rotation lab",
            [buttons],
            note=f"— sandbox {sandbox.tenant.domain}",
            footer=[self.view],
        )
        self.on_click(
            self.mint, lambda: self._did(f"minted {self.rotation.mint().access_token_fingerprint}")
        )
        self.on_click(
            self.rotate,
            lambda: self._did(f"rotated: the current key is now {self.rotation.rotate()}"),
        )
        self.on_click(self.revoke, self._revoke)
        self.on_click(
            self.wait,
            lambda: self._did(f"moved the clock {self.rotation.wait_out_cooldown():.0f} s"),
        )
        self.on_click(self.verify, lambda: self._did("verified every token"))
        self._did("")

    def _revoke(self) -> None:
        kid = self.rotation.revoke()
        self._did(f"revoked {kid}" if kid else "no previous key to revoke: rotate first")

    def _did(self, what: str) -> None:
        """Say what happened, then look at both sides again."""
        if what:
            self.status.value = Notice(what, tone="ok")._repr_html_()
        self.result = self.rotation.snapshot()
        self.view.value = KeysView(self.result)._repr_html_()

    def close(self) -> None:
        """Close the lab's connections, then the lab."""
        super().close()
        self._target.close()
