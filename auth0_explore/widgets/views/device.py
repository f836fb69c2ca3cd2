"""A device flow as the user sees it: where to go, the code to enter, and a live countdown."""

from __future__ import annotations

from auth0_explore.explore.device import DeviceFlow
from auth0_explore.widgets.views.html import block, esc

__all__ = ["DeviceView"]

_STATES = {
    "new": "not started",
    "pending": "waiting for the user",
    "done": "approved: tokens issued",
    "failed": "ended without tokens",
    "cancelled": "cancelled",
}


class DeviceView:
    """The verification link, the user code, the time left and the flow's state."""

    def __init__(self, flow: DeviceFlow) -> None:
        self.flow = flow

    def _repr_html_(self) -> str:
        flow, device = self.flow, self.flow.authorization
        state = f"<span class='muted'>{esc(_STATES.get(flow.state, flow.state))}</span>"
        if device is None:
            return block("device", f"<p>Device code: {state}</p>")
        link = device.verification_uri_complete or device.verification_uri
        left = int(flow.remaining)
        countdown = f"{left // 60:02d}:{left % 60:02d}"
        return block(
            "device",
            f"<div class='a0x-box'><p>On another device, open "
            f"<a href='{esc(link)}' target='_blank' rel='noopener'>{esc(link)}</a> and enter "
            f"<b style='font-size:1.3em;letter-spacing:2px'>{esc(device.user_code)}</b></p>"
            f"<p>Code expires in <b class='a0x-countdown'>{countdown}</b> · polling every "
            f"{device.interval} s · {state}</p></div>",
        )
