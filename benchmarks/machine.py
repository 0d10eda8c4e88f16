"""What a benchmark ran on: CPU, cores, BLAS and its kernel, thread settings.

Recorded in every JSON result, so that a number can be traced to its machine (a speed
ratio on one CPU says little about the next).  Uses only the standard library, NumPy's
BLAS as minigrad finds it (``minigrad._blas.blas_info``, threadpoolctl-like) and
torch's own reports.
"""
from __future__ import annotations

import os
import platform
import subprocess
import sys
from typing import Dict


def cpu_model() -> str:
    """The CPU's marketing name (``model name`` in /proc/cpuinfo, or the OS's answer)."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            return subprocess.run(["sysctl", "-n", "machdep.cpu.brand_string"],
                                  capture_output=True, text=True, timeout=5).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return platform.processor() or platform.machine()


def cpu_flags() -> Dict[str, bool]:
    """Vector extensions that decide which kernels a BLAS picks (Linux x86 only)."""
    wanted = ("avx2", "fma", "avx512f", "avx512_bf16", "amx_tile")
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return {name: name in flags for name in wanted}
    except OSError:
        pass
    return {}


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def describe() -> dict:
    """Facts about this machine and the current thread settings of both engines."""
    import numpy
    import torch

    import minigrad
    from minigrad import _blas
    blas = _blas.blas_info()
    return {
        "cpu_model": cpu_model(), "cpu_flags": cpu_flags(), "machine": platform.machine(),
        "cpu_count": os.cpu_count(), "usable_cores": usable_cores(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(), "numpy": numpy.__version__,
        "torch": torch.__version__,
        "numpy_blas": {k: blas.get(k) for k in ("internal_api", "version", "architecture",
                                                 "threading_layer", "num_threads",
                                                 "filepath")},
        "torch_cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "torch_parallel_info": torch.__config__.parallel_info().strip().splitlines(),
        "thread_settings": {"minigrad": minigrad.get_num_threads(),
                            "minigrad_interop": minigrad.get_num_interop_threads(),
                            "torch": torch.get_num_threads(),
                            "torch_interop": torch.get_num_interop_threads(),
                            "numpy_blas": blas.get("num_threads")},
        "env": {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                                "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY",
                                                "OPENBLAS_THREAD_TIMEOUT")},
    }


def one_line(facts: dict) -> str:
    blas = facts["numpy_blas"]
    return (f"{facts['cpu_model']} ({facts['usable_cores']} usable of {facts['cpu_count']} "
            f"cores), NumPy BLAS {blas['internal_api']} {blas['version']} "
            f"({blas['architecture']} kernel), torch {facts['torch']} "
            f"({facts['torch_cpu_capability']})")
