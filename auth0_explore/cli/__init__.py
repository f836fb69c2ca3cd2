"""The `auth0-explore` command line (also `python -m auth0_explore`).

`commands` declares the group and each command's options (click); each command's body lives in
its own `*_run` module (`token_run`, `inspect_run`, `sandbox_run`, `snapshot_run`, `audit_run`)
and `demo` is the demo. The application layer: it may import every other layer.
"""

from __future__ import annotations

from auth0_explore.cli.commands import main

__all__ = ["main"]
