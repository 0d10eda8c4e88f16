"""``torch.distributed``: minigrad trains in one process, so there are no process groups.

``is_available()`` is False and ``is_initialized()`` False, so code that checks
them runs its single-process path.  The collectives and ``init_process_group``
raise NotImplementedError; the queries that need a process group raise torch's
error for an uninitialized one.
"""
from __future__ import annotations

from enum import Enum

_NOT_INITIALIZED = ("Default process group has not been initialized, please make sure to call "
                    "init_process_group.")


class ReduceOp(Enum):
    SUM = "sum"
    PRODUCT = "product"
    MIN = "min"
    MAX = "max"
    AVG = "avg"


def is_available() -> bool:
    return False


def is_initialized() -> bool:
    return False


def is_torchelastic_launched() -> bool:
    return False


def _refuse(name: str):
    def refuse(*args, **kwargs):
        raise NotImplementedError(f"torch.distributed.{name}: minigrad runs in a single "
                                  "process; multi-process training is not supported (move the "
                                  "model to torch with the bridge package)")
    refuse.__name__ = name
    return refuse


def _uninitialized(name: str):
    def query(*args, **kwargs):
        raise ValueError(_NOT_INITIALIZED)
    query.__name__ = name
    return query


init_process_group = _refuse("init_process_group")
new_group = _refuse("new_group")
all_reduce = _refuse("all_reduce")
all_gather = _refuse("all_gather")
all_gather_object = _refuse("all_gather_object")
broadcast = _refuse("broadcast")
broadcast_object_list = _refuse("broadcast_object_list")
reduce = _refuse("reduce")
scatter = _refuse("scatter")
gather = _refuse("gather")
send = _refuse("send")
recv = _refuse("recv")
get_rank = _uninitialized("get_rank")
get_world_size = _uninitialized("get_world_size")
get_backend = _uninitialized("get_backend")
barrier = _uninitialized("barrier")
destroy_process_group = _uninitialized("destroy_process_group")

__all__ = ["ReduceOp", "all_gather", "all_gather_object", "all_reduce", "barrier", "broadcast",
           "broadcast_object_list", "destroy_process_group", "gather", "get_backend",
           "get_rank", "get_world_size", "init_process_group", "is_available",
           "is_initialized", "is_torchelastic_launched", "new_group", "recv", "reduce",
           "scatter", "send"]
