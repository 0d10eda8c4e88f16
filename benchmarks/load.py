"""Background load for ``--busy N``: N processes that keep one core each busy.

Each busy process spins in pure Python for at most ``seconds`` and also stops as soon as
its parent is gone, so none outlives the benchmark; the context manager kills them on
exit as well.  ``Load.pause()`` / ``Load.resume()`` stop and continue them (SIGSTOP,
SIGCONT), so that quiet and busy timings can alternate repetition by repetition.
"""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from typing import Iterator

SPIN = """
import os, sys, time
parent, end = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
while time.monotonic() < end and os.getppid() == parent:
    for _ in range(100000):
        pass
"""


class Load:
    """The running busy processes."""

    def __init__(self, procs):
        self.procs = procs
        self.pids = [p.pid for p in procs]

    def _signal(self, sig):
        for p in self.procs:
            if p.poll() is None:
                os.kill(p.pid, sig)

    def pause(self) -> None:
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        self._signal(signal.SIGCONT)
        time.sleep(0.005)                    # let them take their cores again


@contextlib.contextmanager
def busy_processes(count: int, seconds: float = 600.0) -> Iterator[Load]:
    """Start ``count`` busy processes for the duration of the block; yields a ``Load``."""
    procs = [subprocess.Popen([sys.executable, "-c", SPIN, str(os.getpid()), str(seconds)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for _ in range(count)]
    try:
        time.sleep(0.2 if count else 0)          # let them start spinning
        yield Load(procs)
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()
