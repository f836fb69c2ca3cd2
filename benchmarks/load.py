"""Load on loopback: servers started as subprocesses, and wrk driven with a Lua script.

Traffic goes only to 127.0.0.1, each run bounded in time (wrk -d) and every server is stopped
by its own process id when the benchmark ends.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).with_name("wrk") / "post_form.lua"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextlib.contextmanager
def server(
    argv: Sequence[str], port: int, *, cwd: str | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Start a server process, wait until `port` accepts, stop it (by its pid) on exit."""
    proc = subprocess.Popen(
        list(argv), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        try:
            wait_for_port(port)
        except TimeoutError:
            proc.kill()
            _, err = proc.communicate(timeout=5)
            raise RuntimeError(f"{argv[0]} did not start: {err.strip()[-400:]}") from None
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@dataclass(frozen=True)
class WrkResult:
    """One wrk run: completed requests, errors by kind, latency percentiles."""

    requests: int
    seconds: float
    errors: int
    non_2xx: int
    p50: float
    p99: float

    @property
    def rate(self) -> float:
        """Successful responses per second."""
        return (self.requests - self.non_2xx) / self.seconds

    @classmethod
    def parse(cls, stdout: str) -> WrkResult:
        """Read the JSON line that post_form.lua's done() prints."""
        line = next(x for x in reversed(stdout.splitlines()) if x.startswith('{"requests"'))
        data = json.loads(line)
        socket_errors = sum(data[k] for k in ("connect", "read", "write", "timeout"))
        return cls(
            requests=data["requests"],
            seconds=data["duration_us"] / 1e6,
            errors=socket_errors + data["status"],
            non_2xx=data["status"],
            p50=data["p50_us"] / 1e6,
            p99=data["p99_us"] / 1e6,
        )


def wrk_path() -> str | None:
    return shutil.which("wrk")


def wrk(
    url: str,
    path: str,
    bodies_file: Path,
    *,
    connections: int,
    seconds: float,
    threads: int = 2,
) -> WrkResult:
    """Run wrk against `url` + `path`, POSTing the bodies in `bodies_file`, keep-alive."""
    exe = wrk_path()
    if exe is None:
        raise RuntimeError("wrk is not installed")
    argv = [
        exe,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        url,
        "--",
        path,
        str(bodies_file),
    ]
    out = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=seconds + 60)
    return WrkResult.parse(out.stdout)
