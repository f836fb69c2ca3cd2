"""What a process holds: resident memory, open file descriptors, threads (psutil)."""

from __future__ import annotations

from dataclasses import dataclass

import psutil

__all__ = ["Sample", "sample"]


@dataclass(frozen=True)
class Sample:
    rss_mib: float
    fds: int
    threads: int


def sample(pid: int) -> Sample:
    """One look at process `pid`."""
    process = psutil.Process(pid)
    with process.oneshot():
        return Sample(process.memory_info().rss / 2**20, process.num_fds(), process.num_threads())
