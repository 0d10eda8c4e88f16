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
"""
from __future__ import annotations

from bridge.transfer import set_threads

__all__ = ["set_threads"]
