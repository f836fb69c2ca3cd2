"""Views of a decoded token (`tokens.Inspection`): its claims and its header."""

from __future__ import annotations

from typing import Final

from auth0_explore.tokens import Inspection, TimeClaim
from auth0_explore.tokens.glossary import CLAIMS, describe_claim, describe_header
from auth0_explore.widgets.views.html import block, esc, table, table_of_rows

__all__ = ["ClaimsView", "HeaderView"]


class ClaimsView:
    """Every claim with its value, a readable UTC and relative time, and what it means.

    A token without readable claims (Auth0's opaque /userinfo token, a JWE, junk) says what
    it is instead. Shown on its own too: `ClaimsView(result.inspection)`.
    """

    def __init__(
        self,
        inspection: Inspection,
        *,
        title: str = "access token",
        id_token: Inspection | None = None,
    ) -> None:
        self.inspection = inspection
        self.title = title
        self.id_token = id_token

    def _repr_html_(self) -> str:
        html = self._table(self.inspection, self.title)
        if self.id_token is not None:
            html += self._table(self.id_token, "ID token")
        return block("claims", html)

    @staticmethod
    def _table(token: Inspection, title: str) -> str:
        remaining = token.remaining_text
        head = (
            f"<p><b>{esc(title)}</b>: {esc(token.family)} · <code>{esc(token.token)}</code>"
            + (f" · {esc(remaining)}" if remaining else "")
            + "</p>"
        )
        if token.claims is None:
            return head + f"<p class='a0x-box'>{esc(token.message)}</p>"
        readable = {t.name: esc(_readable(t)) for t in token.times}
        rows = []
        for name, value in token.claims.items():
            start, end = _REGISTERED.get(name) or _row_ends(name)
            rows.append(f"{start}{esc(value)}</td><td>{readable.get(name, '')}{end}")
        body = table_of_rows(_CLAIM_HEADERS, "".join(rows), css="a0x-claims claims")
        lifetime = token.lifetime_text
        return head + body + (f"<p class='muted'>lifetime {esc(lifetime)}</p>" if lifetime else "")


class HeaderView:
    """The protected header: algorithm, key id, type, each with its meaning."""

    def __init__(self, inspection: Inspection) -> None:
        self.inspection = inspection

    def _repr_html_(self) -> str:
        token = self.inspection
        if not token.header:
            return block("header", f"<p class='a0x-box'>{esc(token.message)}</p>")
        rows = (
            (
                f"<code>{esc(name)}</code>",
                esc(value),
                f"<span class='muted'>{esc(describe_header(name))}</span>",
            )
            for name, value in token.header.items()
        )
        return block("header", table(("member", "value", "meaning"), rows, css="a0x-header"))


def _row_ends(name: str) -> tuple[str, str]:
    """A claim row's HTML before its value and after its readable time: fixed by the name."""
    return (
        f"<tr><td><code>{esc(name)}</code></td><td>",
        f"</td><td><span class='muted'>{esc(describe_claim(name))}</span></td></tr>",
    )


_CLAIM_HEADERS: Final = ("claim", "value", "readable", "meaning")
#: the row ends of every registered claim, made once: a token's claims are mostly these
_REGISTERED: Final = {name: _row_ends(name) for name in CLAIMS}


def _readable(item: TimeClaim) -> str:
    at = item.at
    if at is None:
        return item.relative
    # isoformat is about twice as fast as strftime, and the same text from year 1000 on
    stamp = at.isoformat(" ", "seconds")[:19] if at.year >= 1000 else f"{at:%Y-%m-%d %H:%M:%S}"
    return f"{stamp} UTC · {item.relative}"
