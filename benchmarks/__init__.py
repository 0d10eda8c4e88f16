"""Benchmarks: minigrad against PyTorch, per op and per training step.

``python -m benchmarks [--quick] [--json PATH] [--only PATTERN]``

Timings are interleaved (the engines alternate within every repetition, so
background load hits both alike); medians and ratios (minigrad / torch) are
reported.  Peak memory is measured in separate subprocesses, one engine each,
because peak RSS is a per-process number.

Threads: both engines get the cores this process may use (``--threads N`` to choose):
``torch.set_num_threads(n)`` and ``minigrad.set_num_threads(n)``, which keeps NumPy's
BLAS on one thread and splits large work over minigrad's own pool.  See ``set_threads``.
``--threads-sweep 1,2,4`` repeats every case at each count; ``--busy N`` repeats it while
N other processes keep N cores busy.

Idle thread pools: alternating two engines in one process makes each
engine's idle worker threads (torch's OpenMP pool, OpenBLAS's pthreads) spin
while the other engine computes, which on a small machine slows both down
many times over.  Unless already set, ``OMP_WAIT_POLICY=PASSIVE`` and
``OPENBLAS_THREAD_TIMEOUT=4`` make idle workers sleep at once; they are set
here, before NumPy and torch load.  On a shared or loaded machine,
``--threads 1`` gives the most repeatable numbers.
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")

from bridge.transfer import set_threads  # noqa: E402

__all__ = ["set_threads"]
