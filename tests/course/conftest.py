"""A sandbox in a separate process, reached only through AUTH0_* as a live tenant would be.

`auth0-explore sandbox --port 0` prints one JSON line (its domains and credentials); the
course's live mode is then `AUTH0_DOMAIN=127.0.0.1:PORT` (plain http is allowed for loopback
only), `AUTH0_CLIENT_ID` and `AUTH0_CLIENT_SECRET` of its M2M application — nothing else: no
sandbox object, no host-name routing, no network beyond loopback.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.explore.conftest import domain_sandbox, plain_sandbox  # the explorer's sandboxes

__all__ = ["LiveTenant", "domain_sandbox", "live_tenant", "plain_sandbox"]


@dataclass(frozen=True)
class LiveTenant:
    """How the course reaches the separate sandbox: the three variables, and its secret."""

    domain: str
    client_id: str
    client_secret: str

    @property
    def variables(self) -> dict[str, str]:
        """AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET."""
        return {
            "AUTH0_DOMAIN": self.domain,
            "AUTH0_CLIENT_ID": self.client_id,
            "AUTH0_CLIENT_SECRET": self.client_secret,
        }

    def write_dotenv(self, folder: Path) -> Path:
        """A `.env` in `folder` with the three variables (as a learner writes one)."""
        path = folder / ".env"
        path.write_text("".join(f"{k}={v}\n" for k, v in self.variables.items()))
        return path


@pytest.fixture(scope="session")
def live_tenant() -> Iterator[LiveTenant]:
    """The `full` sandbox profile served by the command line in its own process; stopped (and
    checked to be gone) after the session."""
    process = subprocess.Popen(
        [sys.executable, "-m", "auth0_explore", "sandbox", "--port", "0", "--profile", "full"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else "no output"
        description = json.loads(line)
        canonical = next(d for d in description["domains"] if d["canonical"])
        m2m = next(a for a in description["applications"] if a["name"] == "m2m")
        host = canonical["base_url"].split("://", 1)[1].rstrip("/")
        yield LiveTenant(host, m2m["client_id"], m2m["client_secret"])
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == 0, f"the sandbox command ended with {process.returncode}"
