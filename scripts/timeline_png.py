"""Regenerate docs/timeline.png, the expiry timeline shown in the README (`make timeline-png`).

A renewal chain on the sandbox with a frozen clock (so the picture changes only when the code
does): a login with offline_access, the access token expiring, a refresh with rotation, a new
login; access, ID and refresh tokens, leeway, renewal points and "now".
"""

from __future__ import annotations

import sys
from pathlib import Path

from auth0_explore.clock import FrozenClock
from auth0_explore.explore import Target
from auth0_explore.explore.renewal import renewal_chain
from auth0_explore.explore.report import write_atomic
from auth0_explore.explore.timeline import figure_png, plot_timeline
from auth0_explore.sandbox import Sandbox

T0 = 1_800_000_000.0


def main(out: Path) -> None:
    """Run the chain, then draw it an hour after the last step."""
    clock = FrozenClock(T0)
    with Sandbox(profile="plain", clock=clock, seed=7) as sb, Target.from_sandbox(sb) as target:
        chain = renewal_chain(target, application="spa")
    title = "Renewal chain (SPA): login, expiry, refresh with rotation, new login"
    data = chain.timeline(now=chain.steps[-1].at + 3600)
    figure = plot_timeline(data, title=title)  # refresh tokens on their own axis
    png = figure_png(figure)
    write_atomic(out, lambda path: path.write_bytes(png) and None)
    print(f"wrote {out} ({len(png)} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/timeline.png"))
