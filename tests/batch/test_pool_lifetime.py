"""Nothing a batch pool starts outlives the process that owns it: exit, Ctrl-C, SIGTERM, SIGKILL.

Each case runs a real owner process that starts a pool, prints every process it has started
(its descendants, read from /proc), and is then ended one way or another; afterwards none of
those processes may remain.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

OWNER = r"""
import os, sys, time
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from auth0_explore.batch import BatchPool
from auth0_explore.clock import FrozenClock
from auth0_explore.tokens import Expectations, KeySet
from tests.tokens.forge import API, ISSUER, NOW, Forge

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True) | {"kid": "rsa-1", "alg": "RS256"}
keys = KeySet.from_jwks({"keys": [jwk]})
token = Forge(key, None).token()
pool = BatchPool(workers=3)
assert pool.start()
results = pool.run([[token] * 20] * 6, Expectations(issuers=ISSUER, audience=API), keys,
                   FrozenClock(NOW))
assert all(type(r) is dict for part in results for r in part), results

def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found

print(" ".join(map(str, descendants(os.getpid()))), flush=True)
if sys.argv[1] == "exit":
    sys.exit(0)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent has not collected it yet


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree in /proc")
@pytest.mark.parametrize(
    "ending",
    ["exit", signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
    ids=["normal-exit", "ctrl-c", "sigterm", "sigkill"],
)
def test_no_worker_outlives_its_owner(ending: str | signal.Signals) -> None:
    """However the owner ends, every process it started (workers, fork server) ends too."""
    mode = "exit" if ending == "exit" else "wait"
    root = Path(__file__).resolve().parents[2]
    with subprocess.Popen(
        [sys.executable, "-c", OWNER, mode],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        stdout=subprocess.PIPE,
        text=True,
    ) as owner:
        try:
            _end_and_check(owner, ending)
        finally:
            if owner.poll() is None:
                owner.kill()


def _end_and_check(owner: subprocess.Popen[str], ending: str | signal.Signals) -> None:
    assert owner.stdout is not None
    started = [int(pid) for pid in owner.stdout.readline().split()]
    assert len(started) >= 2, "the pool started no worker"
    if isinstance(ending, signal.Signals):
        owner.send_signal(ending)
    owner.wait(timeout=30)
    deadline = time.monotonic() + 5  # a worker checks on its owner twice a second
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in started if _alive(pid)] == []
