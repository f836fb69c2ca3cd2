"""The first half of the code flow on a live tenant: the URL to open and what to paste back."""

from __future__ import annotations

from auth0_explore.client.auth import AuthorizationRequest
from auth0_explore.widgets.views.html import block, esc

__all__ = ["AuthorizeView"]


class AuthorizeView:
    """A link to the tenant's /authorize page and the instruction for the redirect URL."""

    def __init__(self, authorization: AuthorizationRequest) -> None:
        self.authorization = authorization

    def _repr_html_(self) -> str:
        url = self.authorization.url
        return block(
            "authorize",
            f"<div class='a0x-box'><p>1. Open <a href='{esc(url)}' target='_blank' "
            f"rel='noopener'>the tenant's login page</a> and log in.</p><p>2. Your browser "
            f"lands on <code>{esc(self.authorization.redirect_uri)}</code> (the page may not "
            "load: that is fine). Copy that whole URL — it holds the code — into "
            "<b>redirect_url</b> and press <b>Exchange</b>.</p></div>",
        )
