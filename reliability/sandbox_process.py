"""A sandbox in a child process (`auth0-explore sandbox`), so its memory, descriptors and threads
are its own to measure, and it ends with whoever started it.

The child prints one JSON line describing the tenant (ports, client ids and secrets, users and
passwords); `SandboxProcess` reads it and stops the child by its own pid on exit, however the
caller ends (an exception, Ctrl-C, SIGTERM turned into an exception by `soak`); on Linux the
child also gets SIGTERM from the kernel if its parent dies outright.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import selectors
import signal
import subprocess
import sys
from dataclasses import dataclass
from types import TracebackType
from typing import Any

__all__ = ["SandboxProcess", "TenantFacts"]

_START_SECONDS = 60  # keys and certificates are made at start; a busy machine takes a while


@dataclass(frozen=True, repr=False)
class TenantFacts:
    """What the child's JSON line says, in the form the scenarios need (its secrets and
    passwords never in its repr)."""

    port: int
    applications: dict[str, dict[str, Any]]  # by name: client_id, client_secret, …
    users: dict[str, str]  # email -> password
    apis: dict[str, str]  # name -> identifier

    @classmethod
    def from_description(cls, description: dict[str, Any]) -> TenantFacts:
        canonical = next(d for d in description["domains"] if d["canonical"])
        port = int(canonical["base_url"].rstrip("/").rsplit(":", 1)[1])
        return cls(
            port=port,
            applications={a["name"]: a for a in description["applications"]},
            users={u["email"]: u["password"] for u in description["users"]},
            apis={a["name"]: a["identifier"] for a in description["apis"]},
        )

    def __repr__(self) -> str:
        return f"TenantFacts(port={self.port}, applications={sorted(self.applications)})"

    def client(self, name: str) -> tuple[str, str]:
        """An application's client id and secret ("" when it has none)."""
        app = self.applications[name]
        return app["client_id"], app.get("client_secret") or ""


class SandboxProcess:
    """`with SandboxProcess("plain") as sb:` a sandbox child on free ports; `sb.facts`, `sb.pid`."""

    def __init__(self, profile: str = "plain", *, max_connections: int | None = None) -> None:
        self._argv = [sys.executable, "-m", "auth0_explore", "sandbox", "--profile", profile]
        if max_connections is not None:
            self._argv += ["--max-connections", str(max_connections)]
        self._proc: subprocess.Popen[str] | None = None
        self._facts: TenantFacts | None = None

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise RuntimeError("the sandbox process is not running")
        return self._proc.pid

    @property
    def facts(self) -> TenantFacts:
        """What the running child described."""
        if self._facts is None:
            raise RuntimeError("the sandbox process is not running")
        return self._facts

    def start(self) -> TenantFacts:
        """Start the child and wait for its description line."""
        self._proc = subprocess.Popen(  # noqa: S603 - our own interpreter and command
            self._argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        try:
            line = _first_line(self._proc, _START_SECONDS)
            self._facts = TenantFacts.from_description(json.loads(line))
        except BaseException:
            self.stop()
            raise
        return self._facts

    def stop(self) -> None:
        """End the child (SIGTERM, then SIGKILL after 10 s) and reap it; safe to call twice."""
        proc, self._proc, self._facts = self._proc, None, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()

    def __enter__(self) -> SandboxProcess:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent() -> None:
    """In the child before it runs the sandbox (Linux): the kernel sends it SIGTERM when this
    process dies, however (SIGKILL too), so a driver killed outright leaves no sandbox behind.
    Elsewhere stop() (on exit, Ctrl-C or SIGTERM) is what ends it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _first_line(proc: subprocess.Popen[str], timeout: float) -> str:
    """The child's first stdout line, or RuntimeError when it exits or stays silent."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise RuntimeError(f"the sandbox printed nothing within {timeout:g} s")
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError(
            f"the sandbox exited with {proc.wait(timeout=10)} before describing itself"
        )
    return line
