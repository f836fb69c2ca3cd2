"""Both sides of a key rotation: the keys published, the client's cache, each token's verdict."""

from __future__ import annotations

from auth0_explore.explore.compare import show_value
from auth0_explore.explore.rotation import KeysSnapshot
from auth0_explore.widgets.views.html import block, esc, table

__all__ = ["KeysView"]


class KeysView:
    """Three tables: published keys, the JWKS cache, the tokens and whether they verify."""

    def __init__(self, snapshot: KeysSnapshot) -> None:
        self.snapshot = snapshot

    def _repr_html_(self) -> str:
        snap, cache = self.snapshot, self.snapshot.cache
        held = set(cache.key_ids)
        published = [
            (
                f"<code>{esc(kid)}</code>",
                esc(state),
                "<span class='ok'>yes</span>" if kid in held else "<span class='bad'>no</span>",
            )
            for kid, state in snap.published
        ]
        age = "never fetched" if cache.age is None else f"{cache.age:.0f} s ago"
        refetch = "now" if cache.refetch_in <= 0 else f"in {cache.refetch_in:.0f} s"
        rows = [
            ("kids held", ", ".join(cache.key_ids) or "-"),
            ("last fetch", age),
            ("fetches", str(cache.fetch_count)),
            ("an unknown kid refetches", refetch),
            ("last error", cache.last_error or "-"),
        ]
        tokens = [
            [esc(show_value(v)) for v in record] for record in snap.tokens.itertuples(index=False)
        ]
        marked = [
            [
                *cells[:4],
                "<span class='ok'>✓</span>" if cells[4] == "yes" else "<span class='bad'>✗</span>",
                cells[5],
            ]
            for cells in tokens
        ]
        return block(
            "keys",
            table(
                ("kid", "state", "in the client's cache"),
                published,
                css="a0x-published",
                caption="published by the tenant (/.well-known/jwks.json)",
            )
            + table(
                ("", ""),
                ((esc(a), esc(b)) for a, b in rows),
                css="a0x-cache",
                caption=f"the client's JWKS cache ({cache.url})",
            )
            + table(
                list(snap.tokens.columns),
                marked,
                css="a0x-tokens",
                caption="tokens minted, verified now through the cache",
            ),
        )
