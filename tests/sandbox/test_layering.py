"""The sandbox is independent of the client: it imports no client, tokens, explore or widgets."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("requests", "pandas", "ipywidgets", "matplotlib", "auth0")
FORBIDDEN_OWN = ("auth0_explore.client", "auth0_explore.tokens", "auth0_explore.explore",
                 "auth0_explore.widgets", "auth0_explore.audit")  # fmt: skip


def test_importing_and_running_the_sandbox_pulls_in_none_of_the_client_side() -> None:
    """Start a sandbox in a fresh interpreter and list what got imported."""
    code = (
        "import sys\n"
        "from auth0_explore.sandbox import Sandbox\n"
        "with Sandbox(profile='plain') as sb: pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, timeout=60
    ).stdout.split()
    assert not {name.split(".")[0] for name in out} & set(FORBIDDEN)
    assert not [name for name in out if name.startswith(FORBIDDEN_OWN)]
