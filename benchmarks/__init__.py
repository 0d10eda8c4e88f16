"""Benchmarks: minigrad against PyTorch, per op and per training step.

``python -m benchmarks [--quick] [--json PATH] [--only PATTERN]``

Timings are interleaved (the engines alternate within every repetition, so
background load hits both alike); medians and ratios (minigrad / torch) are
reported.  Peak memory is measured in separate subprocesses, one engine each,
because peak RSS is a per-process number.

Threads: both engines get every core of the machine: ``torch.set_num_threads
(os.cpu_count())`` and, for NumPy's BLAS, ``threadpoolctl.threadpool_limits
(os.cpu_count(), user_api='blas')`` (when threadpoolctl is installed; it is a
scikit-learn dependency).  See ``set_threads``.

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

from bridge.transfer import set_threads as _set_threads  # noqa: E402


def set_threads(n=None, torch=True):
    """``n`` threads (default: the cores this process may use) for torch and minigrad."""
    import minigrad
    n = n or minigrad.get_num_threads()
    _set_threads(n, torch)
    minigrad.set_num_threads(n)
    return n


__all__ = ["set_threads"]
