"""Figure 3: one client-credentials request through the toolkit vs a bare `requests` POST."""

from __future__ import annotations

from benchmarks import subjects
from benchmarks.runner import Context, Row, not_measured


def run(ctx: Context) -> list[Row]:
    why = subjects.missing("auth0_explore.sandbox") or subjects.missing("auth0_explore.client")
    if why:
        return [
            not_measured("Client overhead vs bare requests POST", why),
            not_measured("  ref: auth0-python GetToken", why),
        ]
    return [not_measured("Client overhead vs bare requests POST", "wire the client in subjects")]
