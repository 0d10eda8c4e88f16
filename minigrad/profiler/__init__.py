"""``minigrad.profiler``: torch.profiler's API over minigrad's autograd profiler.

>>> from minigrad.profiler import profile, record_function, ProfilerActivity
>>> with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
...     with record_function("model_inference"):
...         model(inputs)
>>> print(prof.key_averages().table(sort_by="cpu_time_total", row_limit=10))

``schedule(wait=, warmup=, active=, repeat=)`` with ``prof.step()`` and
``on_trace_ready`` profile a window of training steps, as in torch.
"""
from __future__ import annotations

import enum
import os
import socket
import time
import warnings
from typing import Callable, Iterable

from ..autograd import profiler as _autograd_profiler
from ..autograd.profiler import record_function
from ..autograd.profiler_util import EventList

__all__ = ["ProfilerActivity", "ProfilerAction", "profile", "record_function", "schedule",
           "supported_activities", "tensorboard_trace_handler"]


class ProfilerActivity(enum.Enum):
    """What to profile; minigrad has only CPU activity."""

    CPU = 0
    XPU = 1
    MTIA = 2
    CUDA = 3
    HPU = 4
    PrivateUse1 = 5


class ProfilerAction(enum.Enum):
    """What the profiler does at a step of a ``schedule``."""

    NONE = 0
    WARMUP = 1
    RECORD = 2
    RECORD_AND_SAVE = 3


def supported_activities() -> set:
    return {ProfilerActivity.CPU}


def schedule(*, wait: int, warmup: int, active: int, repeat: int = 0,
             skip_first: int = 0, skip_first_wait: int = 0) -> Callable[[int], ProfilerAction]:
    """Skip ``skip_first`` steps, then cycle: ``wait`` steps off, ``warmup`` steps recorded and
    dropped, ``active`` steps recorded; the last active step of a cycle hands the result to
    ``on_trace_ready``.  ``repeat`` cycles (0: until profiling stops)."""
    if wait < 0 or warmup < 0 or active <= 0 or repeat < 0 or skip_first < 0:
        raise AssertionError(
            f"Invalid profiler schedule arguments. Got wait={wait} (need >= 0), warmup={warmup} "
            f"(need >= 0), active={active} (need > 0), repeat={repeat} (need >= 0), "
            f"skip_first={skip_first} (need >= 0).")
    if warmup == 0:
        warnings.warn("Profiler won't be using warmup, this can skew profiler results",
                      stacklevel=2)
    cycle = wait + warmup + active

    def action(step: int) -> ProfilerAction:
        if step < skip_first:
            return ProfilerAction.NONE
        step -= skip_first
        if skip_first_wait:                       # the first cycle starts at its warm-up
            step += wait
        if repeat > 0 and step / cycle >= repeat:
            return ProfilerAction.NONE
        position = step % cycle
        if position < wait:
            return ProfilerAction.NONE
        if position < wait + warmup:
            return ProfilerAction.WARMUP
        return ProfilerAction.RECORD if position < cycle - 1 else ProfilerAction.RECORD_AND_SAVE
    return action


def _always_record(step: int) -> ProfilerAction:
    return ProfilerAction.RECORD


def tensorboard_trace_handler(dir_name: str, worker_name: str | None = None,
                              use_gzip: bool = False) -> Callable:
    """An ``on_trace_ready`` that writes ``<worker>.<ms>.pt.trace.json`` into ``dir_name``."""
    def handler(prof) -> None:
        os.makedirs(dir_name, exist_ok=True)
        worker = worker_name or f"{socket.gethostname()}_{os.getpid()}"
        name = f"{worker}.{time.time_ns() // 1_000_000}.pt.trace.json"
        if use_gzip:
            name += ".gz"
        prof.export_chrome_trace(os.path.join(dir_name, name))
    return handler


class profile:
    """torch.profiler.profile: a context manager (or ``start()`` / ``stop()``) with
    optional ``schedule`` and ``on_trace_ready``, stepped by ``step()``."""

    def __init__(self, *, activities: Iterable[ProfilerActivity] | None = None,
                 schedule: Callable[[int], ProfilerAction] | None = None,
                 on_trace_ready: Callable | None = None, record_shapes: bool = False,
                 profile_memory: bool = False, with_stack: bool = False,
                 with_flops: bool = False, with_modules: bool = False,
                 experimental_config=None, execution_trace_observer=None,
                 acc_events: bool = False, use_cuda: bool | None = None,
                 custom_trace_id_callback=None, post_processing_timeout_s=None) -> None:
        self.activities = set(activities) if activities else supported_activities()
        self.schedule = schedule or _always_record
        self.on_trace_ready = on_trace_ready
        self.step_num = 0
        self.current_action = self.schedule(0)
        self._options = {"record_shapes": record_shapes, "profile_memory": profile_memory,
                         "with_stack": with_stack, "with_flops": with_flops}
        self.profiler = None          # the autograd profiler of the window being recorded
        self._finished = None

    def __enter__(self) -> profile:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self) -> None:
        self._enter_action(self.current_action)

    def stop(self) -> None:
        if self.profiler is not None:
            self._finish(save=self.current_action in (ProfilerAction.RECORD,
                                                      ProfilerAction.RECORD_AND_SAVE))

    def step(self) -> None:
        """Mark the end of one training step: the schedule decides what happens next."""
        previous = self.current_action
        self.step_num += 1
        self.current_action = self.schedule(self.step_num)
        if previous == ProfilerAction.RECORD_AND_SAVE:
            self._finish(save=True)
        elif previous == ProfilerAction.WARMUP and self.current_action != ProfilerAction.WARMUP:
            self._finish(save=False)              # warm-up steps are recorded, then dropped
        elif previous == ProfilerAction.RECORD and self.current_action == ProfilerAction.NONE:
            self._finish(save=True)
        self._enter_action(self.current_action)

    def _enter_action(self, action: ProfilerAction) -> None:
        if action != ProfilerAction.NONE and self.profiler is None:
            self.profiler = _autograd_profiler.profile(**self._options)
            self.profiler.__enter__()

    def _finish(self, save: bool) -> None:
        if self.profiler is None:
            return
        self.profiler.__exit__(None, None, None)
        if save:
            self._finished = self.profiler
            if self.on_trace_ready is not None:
                self.on_trace_ready(self)
        self.profiler = None

    # -- results (of the last saved window) ---------------------------------------------
    def _result(self):
        if self._finished is None:
            raise AssertionError("Profiler didn't finish running")
        return self._finished

    def events(self) -> EventList:
        return self._result().function_events

    def key_averages(self, group_by_input_shape: bool = False, group_by_stack_n: int = 0,
                     group_by_overload_name: bool = False) -> EventList:
        return self._result().key_averages(group_by_input_shape, group_by_stack_n)

    def export_chrome_trace(self, path: str) -> None:
        self._result().export_chrome_trace(path)
