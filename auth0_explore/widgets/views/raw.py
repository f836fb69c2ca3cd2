"""The raw token, shown only when asked for: the one view that displays a secret."""

from __future__ import annotations

import html

from auth0_explore.client.results import TokenResult
from auth0_explore.widgets.views.html import block, esc

__all__ = ["RawTokenView"]


class RawTokenView:
    """The raw access token (and the ID token), with the reminder of what it grants.

    The token form shows it only after its reveal button, clears it on the next request, and
    scrubs it from exported widget snapshots; do not save a notebook while it is shown.
    """

    def __init__(self, token: TokenResult) -> None:
        self.token = token

    def _repr_html_(self) -> str:
        token = self.token
        rows = [("access token", token.reveal())]
        if token.id_token_fingerprint is not None:
            rows.append(("ID token", token.reveal("id_token")))
        shown = "".join(
            f"<p><b>{esc(name)}</b><br>"
            f"<code style='user-select:all'>{html.escape(value)}</code></p>"
            for name, value in rows
        )
        return block(
            "raw",
            "<p class='a0x-box bad'>Anyone holding this token can call the API as its "
            "subject until it expires. It is cleared on the next request; do not save the "
            f"notebook while it is shown.</p>{shown}",
        )
