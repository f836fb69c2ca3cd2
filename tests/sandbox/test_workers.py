"""`auth0-explore sandbox --workers N`: N processes, one port, one set of keys; SIGINT stops all."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import jwt
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
