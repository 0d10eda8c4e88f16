"""``torch.multiprocessing``: Python's multiprocessing (torch wraps it to share tensor memory).

The process primitives are Python's own.  minigrad tensors are NumPy arrays and
are not shared between processes (``Tensor.share_memory_`` does not exist), so
``spawn`` and ``start_processes``, which torch uses to run training workers, raise
NotImplementedError.
"""
from __future__ import annotations

from multiprocessing import (Barrier, Condition, Event, Lock, Pipe, Pool, Process, Queue,
                             RLock, Semaphore, SimpleQueue, Value, Array, cpu_count,
                             current_process, get_all_start_methods, get_context,
                             get_start_method, set_start_method)


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.multiprocessing.{name}: minigrad does not share "
                                  "tensors between processes; train in one process")
    refuse.__name__ = name
    return refuse


spawn = _refuse("spawn")
start_processes = _refuse("start_processes")


def get_sharing_strategy() -> str:
    return "file_descriptor"


def set_sharing_strategy(new_strategy: str) -> None:
    """Accepted and ignored (no tensor is shared between processes)."""


__all__ = ["Array", "Barrier", "Condition", "Event", "Lock", "Pipe", "Pool", "Process",
           "Queue", "RLock", "Semaphore", "SimpleQueue", "Value", "cpu_count",
           "current_process", "get_all_start_methods", "get_context", "get_sharing_strategy",
           "get_start_method", "set_sharing_strategy", "set_start_method", "spawn",
           "start_processes"]
