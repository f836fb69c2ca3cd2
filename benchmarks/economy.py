"""Figure 4: token cache economy and rate-limit economy of the audience matrix."""

from __future__ import annotations

from benchmarks import subjects
from benchmarks.runner import Context, Row, not_measured


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.sandbox") or subjects.missing("auth0_explore.client")
    if why:
        return [
            not_measured("Token cache: 1,000 calls -> tokens minted", why),
            not_measured("Audience matrix at 30 req/s: 429s reaching the user", why),
            not_measured("Audience matrix at 30 req/s: wall time vs bound", why),
        ]
    return [not_measured("Token cache economy", "wire the client in subjects")]
