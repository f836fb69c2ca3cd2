"""Regenerate docs/timeline.png, the expiry timeline shown in the README (`make timeline-png`).

Runs on the sandbox with a frozen clock, so the picture changes only when the code does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from auth0_explore.clock import FrozenClock
from auth0_explore.explore import Run, Scenario, Target
from auth0_explore.explore.report import write_atomic
from auth0_explore.explore.timeline import figure_png, plot_timeline, timeline_frame
from auth0_explore.sandbox import Sandbox

T0 = 1_800_000_000.0
APIS = (
    ("HS256 API (1 h)", "https://hs256.sandbox.example/"),
    ("PS256 API (10 min)", "https://ps256.sandbox.example/"),
)


def main(out: Path) -> None:
    """Mint a few tokens of different lifetimes, move the clock 20 minutes, draw them."""
    clock = FrozenClock(T0)
    with Sandbox(profile="custom-domain", clock=clock, seed=7) as sb:
        with Target.from_sandbox(sb, "custom-domain") as target:
            scenarios = [
                *target.matrix(choices=("management", "custom"), all_domains=True),
                *(Scenario(label, "custom", api) for label, api in APIS),
            ]
            run = Run(scenarios, target, progress=False).start()
        clock.advance(20 * 60)
        figure = plot_timeline(
            timeline_frame(run, clock=clock), title="Token lifetimes, 20 minutes after issue"
        )
    png = figure_png(figure)
    write_atomic(out, lambda path: path.write_bytes(png) and None)
    print(f"wrote {out} ({len(png)} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/timeline.png"))
