"""What a table was measured on: CPU, Python, and the versions of every peer."""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from benchmarks.limits import cores

PYTHON_PEERS = (
    "PyJWT",
    "joserfc",
    "jwcrypto",
    "auth0-python",
    "cryptography",
    "requests",
    "pandas",
    "werkzeug",
)
NPM_PEERS = (
    "@simulacrum/auth0-simulator",
    "@simulacrum/foundation-simulator",
    "oauth2-mock-server",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _tool(argv: list[str]) -> str:
    if shutil.which(argv[0]) is None:
        return "not installed"
    out = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=10)
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text else "unknown"


def describe(cache: str) -> list[str]:
    """One line per fact, for the table's header and BENCHMARKS.md."""
    py = []
    for name in PYTHON_PEERS:
        try:
            py.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            py.append(f"{name} not installed")
    npm = []
    for name in NPM_PEERS:
        manifest = Path(cache) / "node" / "node_modules" / name / "package.json"
        try:
            npm.append(f"{name} {json.loads(manifest.read_text())['version']}")
        except (OSError, ValueError, KeyError):
            npm.append(f"{name} not installed")
    return [
        f"CPU: {cpu_model()}, {cores()} cores ({platform.machine()}, {platform.system()})",
        f"Python {platform.python_version()}: {', '.join(py)}",
        f"Node {_tool(['node', '--version'])}: {', '.join(npm)}",
        f"wrk: {_tool(['wrk', '--version'])}",
    ]
