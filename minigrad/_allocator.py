"""Keep freed memory inside the process between training steps (Linux with glibc only).

Every op allocates its result with NumPy, so a training step frees and allocates the same
large buffers (activations, im2col columns, gradients) over and over.  By default glibc
gives large freed blocks back to the operating system at once, and the next step takes
them again as fresh pages that the kernel must zero-fill: in a SimpleCNN step that was
about 5,000 page faults and a quarter of the step's time.  PyTorch keeps freed blocks in a
caching allocator; minigrad asks glibc to do the same.  Peak memory does not change, freed
memory is only returned later.  The setting is process-wide, so other libraries in the same
process (torch included) benefit too.

Set ``MINIGRAD_KEEP_FREED_MEMORY=0`` before importing minigrad to leave malloc alone.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

M_TRIM_THRESHOLD = -1                 # mallopt parameter numbers from glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_MAX = 32 * 1024 * 1024  # glibc's largest accepted value on 64-bit machines
TRIM_THRESHOLD = 1024 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Ask glibc to recycle freed blocks instead of unmapping them; True if it agreed."""
    if os.environ.get("MINIGRAD_KEEP_FREED_MEMORY", "1") == "0":
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):  # no glibc (musl, ...): nothing to tune
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_MAX)
                and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
