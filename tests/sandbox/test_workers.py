"""`auth0-explore sandbox --workers N`: N processes, one port, one set of keys; SIGINT stops all."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests

from auth0_explore.sandbox.minting.entropy import Entropy

CLI = [sys.executable, "-c", "from auth0_explore.cli import main; main()"]
RS256 = "https://api.sandbox.example/"


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append((int(entry.name), cmdline))
    return found


def _workers(pid: int) -> list[int]:
    return [child for child, cmdline in _children(pid) if "spawn_main" in cmdline]


def test_workers_share_the_port_and_the_keys_and_stop_on_sigint() -> None:
    """Two workers: JWKS identical on every fresh connection; every token verifies against it."""
    process = subprocess.Popen(
        [*CLI, "sandbox", "--profile", "plain", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        info: dict[str, Any] = json.loads(process.stdout.readline())
        assert info["workers"] == 2
        assert isinstance(info["seed"], int)  # drawn once, shared by the workers
        workers = _workers(process.pid)
        assert len(workers) == 2
        base = info["domains"][0]["base_url"]
        # Fresh connections (no session): the kernel spreads them over both workers.
        key_sets = {
            requests.get(f"{base}.well-known/jwks.json", timeout=10).text for _ in range(20)
        }
        assert len(key_sets) == 1
        keys = jwt.PyJWKSet.from_json(key_sets.pop())
        m2m = next(a for a in info["applications"] if a["name"] == "m2m")
        body = {"grant_type": "client_credentials", "client_id": m2m["client_id"],
                "client_secret": m2m["client_secret"], "audience": RS256}  # fmt: skip
        for _ in range(12):
            token = requests.post(f"{base}oauth/token", data=body, timeout=10).json()
            access = token["access_token"]
            key = keys[jwt.get_unverified_header(access)["kid"]]
            assert jwt.decode(access, key, algorithms=["RS256"], audience=RS256)["azp"]
        port = int(base.rstrip("/").rsplit(":", 1)[1])
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_worker_instances_share_tenant_ids_and_keys_but_not_per_request_streams() -> None:
    """Same seed: ids and key material agree across instances; jti, codes and IVs do not."""
    first, second = Entropy(7, instance=0), Entropy(7, instance=1)
    for label in ("ids", "key:0", "kid:0", "serial:0", "userinfo-token-key"):
        assert first.stream(label)(32) == second.stream(label)(32), label
    for label in ("jti", "request-id", "authorization-code", "refresh-token", "userinfo-token-iv"):
        assert first.stream(label)(32) != second.stream(label)(32), label
    assert Entropy(7).stream("jti")(32) == Entropy(7, instance=0).stream("jti")(32)


def _alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its parent to reap it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["sigterm", "sigint", "sigkill"]
)
def test_every_worker_ends_with_its_parent(signum: signal.Signals) -> None:
    """Stopped as service managers stop things (SIGTERM), by Ctrl-C (SIGINT), or killed outright
    (SIGKILL, which the parent cannot catch): no process the command started outlives it, and
    nothing listens on the port any more."""
    process = subprocess.Popen(
        [*CLI, "sandbox", "--profile", "plain", "--workers", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    started: list[int] = []
    try:
        assert process.stdout is not None
        info: dict[str, Any] = json.loads(process.stdout.readline())
        port = int(info["domains"][0]["base_url"].rstrip("/").rsplit(":", 1)[1])
        started = [pid for pid, _ in _children(process.pid)]
        assert len(_workers(process.pid)) == 2
        process.send_signal(signum)
        process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in started if _alive(pid)]
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0
    finally:
        for pid in started:  # whatever failed above, leave nothing running
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
        _, stderr = process.communicate(timeout=30)
    if signum != signal.SIGKILL:  # a stop asked for is a clean exit
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
