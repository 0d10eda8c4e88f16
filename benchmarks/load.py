"""Background load for ``--busy N``: N processes that keep one core each busy.

Each busy process spins in pure Python for at most ``seconds`` and also stops as soon as
its parent is gone, so none outlives the benchmark; the context manager kills them on
exit as well.
"""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from typing import Iterator, List

SPIN = """
import os, sys, time
parent, end = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
while time.monotonic() < end and os.getppid() == parent:
    for _ in range(100000):
        pass
"""


@contextlib.contextmanager
def busy_processes(count: int, seconds: float = 600.0) -> Iterator[List[int]]:
    """Start ``count`` busy processes for the duration of the block; yields their pids."""
    procs = [subprocess.Popen([sys.executable, "-c", SPIN, str(os.getpid()), str(seconds)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for _ in range(count)]
    try:
        time.sleep(0.2 if count else 0)          # let them start spinning
        yield [p.pid for p in procs]
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()
