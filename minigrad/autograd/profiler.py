"""The profiler: where the time goes, op by op and node by node (torch's API).

>>> from minigrad.autograd.profiler import profile, record_function
>>> with profile() as prof:
...     with record_function("step"):
...         loss = loss_fn(model(x), y)
...         loss.backward()
>>> print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=10))
>>> prof.export_chrome_trace("trace.json")      # open in https://ui.perfetto.dev

Every forward op is one event named as torch's profiler names it
(``aten::addmm``, ``aten::relu``, ``aten::convolution``...); every backward
node is two, ``autograd::engine::evaluate_function: AddmmBackward0`` around
``AddmmBackward0``, as in torch.  A custom ``Function`` shows under its class
name.  The profiler is an instrument (see ``instruments.py``): it costs nothing
while off.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import threading
import time
import traceback

from . import instruments
from .function import AccumulateGrad, Node
from .profiler_util import EventList, FunctionEvent, write_chrome_trace

_active = []        # the profiling sessions running now (record_function reports to them)

# forward ops whose torch profiler name is not the one their backward node implies
_TORCH_OP_NAMES = {
    "Flatten": "aten::flatten",
    "Reshape": "aten::reshape",
    "MatMul": "aten::matmul",
    "ToCopy": "aten::to",
}


@functools.lru_cache(maxsize=None)
def op_name(cls) -> str:
    """The name torch's profiler gives the forward op that ``cls`` implements.

    A built-in op's name follows from its backward node's (``AddmmBackward0`` was
    recorded by ``aten::addmm``, ``MaxPool2DWithIndicesBackward0`` by
    ``aten::max_pool2d_with_indices``); a custom Function keeps its class name.
    """
    if not cls.on_arrays:
        return cls.__name__
    if cls.__name__ in _TORCH_OP_NAMES:
        return _TORCH_OP_NAMES[cls.__name__]
    return _aten_name(getattr(cls, "grad_fn_name", None) or cls.__name__)


def _aten_name(node_name: str) -> str:
    base = re.sub(r"Backward\d*$", "", node_name)
    base = re.sub(r"(\d)D", r"\1d", base)                    # Pool2D -> Pool2d
    return "aten::" + re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", base).lower()


class _Session:
    """One recording: the instrument that opens and closes events, per thread."""

    def __init__(self, record_shapes=False, with_stack=False, profile_memory=False):
        self.record_shapes = record_shapes
        self.with_stack = with_stack
        self.profile_memory = profile_memory
        self.events = []
        self.open_events = {}                  # thread id -> stack of open events
        self.start_ns = time.perf_counter_ns()
        self.start_epoch_us = time.time_ns() / 1000.0

    # -- recording ---------------------------------------------------------------------
    def open(self, name, category="cpu_op", input_shapes=None, stack=None):
        thread = threading.get_native_id()
        stack_of_thread = self.open_events.setdefault(thread, [])
        event = FunctionEvent(len(self.events), name, thread,
                              (time.perf_counter_ns() - self.start_ns) / 1000.0,
                              input_shapes=input_shapes, stack=stack, category=category)
        if stack_of_thread:
            event.cpu_parent = stack_of_thread[-1]
            stack_of_thread[-1].cpu_children.append(event)
        stack_of_thread.append(event)
        self.events.append(event)
        return event

    def close(self, event) -> None:
        event.end_us = (time.perf_counter_ns() - self.start_ns) / 1000.0
        stack_of_thread = self.open_events.get(event.thread, [])
        if stack_of_thread and stack_of_thread[-1] is event:
            stack_of_thread.pop()
        elif event in stack_of_thread:            # closed out of order: drop what it hid
            del stack_of_thread[stack_of_thread.index(event):]

    def around_op(self, cls, args, run):
        shapes = _shapes(args) if self.record_shapes else None
        stack = _source_stack() if self.with_stack else None
        event = self.open(op_name(cls), input_shapes=shapes, stack=stack)
        try:
            out = run(cls, args)
        finally:
            self.close(event)
        node = _node_of(out)
        if node is not None and node.fn is cls:
            event.sequence_nr = node.sequence_nr
            if node.name_override:                # e.g. Step records FloorBackward0
                event.name = _aten_name(node.name_override)
        if self.profile_memory:
            event.cpu_memory_usage = sum(t._array.nbytes for t in _tensors(out))
        return out

    def around_node(self, node, grads, run):
        name = node.name()
        shapes = [list(getattr(g, "shape", ())) if g is not None else []
                  for g in grads] if self.record_shapes else None
        outer = self.open("autograd::engine::evaluate_function: " + name)
        inner = self.open(name, input_shapes=shapes)
        if not isinstance(node, AccumulateGrad):
            outer.sequence_nr = inner.sequence_nr = node.sequence_nr
        try:
            return run(node, grads)
        finally:
            self.close(inner)
            self.close(outer)

    def finished_events(self) -> list:
        """Events whose range is complete, in start order."""
        now = (time.perf_counter_ns() - self.start_ns) / 1000.0
        for e in self.events:
            if e.end_us is None:                  # still open when profiling stopped
                e.end_us = now
        return sorted(self.events, key=lambda e: (e.start_us, e.id))


def _node_of(out):
    for t in out if isinstance(out, tuple) else (out,):
        node = getattr(t, "grad_fn", None)
        if isinstance(node, Node):
            return node
    return None


def _tensors(out):
    return [t for t in (out if isinstance(out, tuple) else (out,)) if hasattr(t, "_array")]


def _shapes(args) -> list:
    """torch's "Input Shapes": a list per tensor argument, [] for anything else."""
    return [list(a._array.shape) if hasattr(a, "_array") else [] for a in args]


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_NN = os.path.join(_PACKAGE, "nn") + os.sep


def _source_stack() -> list:
    """torch's "Source Location" lines, innermost first, minigrad's tensor internals left out."""
    frames = traceback.extract_stack(sys._getframe(2))
    while frames and os.path.abspath(frames[-1].filename).startswith(_PACKAGE) and \
            not os.path.abspath(frames[-1].filename).startswith(_NN):
        frames.pop()
    return [f"{f.filename}({f.lineno}): {f.name}" for f in reversed(frames)]


class profile:
    """Context manager that records the ops and backward nodes run inside it.

    Args:
        enabled: False makes it a no-op.
        record_shapes: keep each op's input shapes (``key_averages(group_by_input_shape=True)``).
        profile_memory: per op, the bytes of the arrays it returned (``CPU Mem`` columns).
        with_stack: keep the forward source location of each op (``Source Location``).
        use_device: only ``None`` / ``"cpu"``: minigrad runs on the CPU.

    The other keyword arguments of torch's profiler are accepted and ignored.
    """

    def __init__(self, enabled=True, *, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False,
                 use_cpu=True, experimental_config=None, acc_events=False,
                 custom_trace_id_callback=None, post_processing_timeout_s=None,
                 activity_filters=None):
        if use_device not in (None, "cpu"):
            raise ValueError(f"Device {use_device} is not supported by minigrad's profiler "
                             "(it runs on the CPU only).")
        self.enabled = enabled
        self.use_device = None
        self.record_shapes = record_shapes
        self.with_flops = with_flops
        self.profile_memory = profile_memory
        self.with_stack = with_stack
        self.with_modules = with_modules
        self.entered = False
        self._session = None
        self._function_events = None

    def __enter__(self):
        if not self.enabled:
            return None
        if self.entered:
            raise RuntimeError("Profiler context manager is not reentrant")
        self.entered = True
        self._start()
        return self

    def __exit__(self, *exc_info) -> bool:
        if self.enabled:
            self._stop()
        return False

    def _start(self) -> None:
        self._session = _Session(self.record_shapes, self.with_stack, self.profile_memory)
        self._function_events = None
        _active.append(self._session)
        instruments.attach(self._session)

    def _stop(self) -> None:
        session = self._session
        instruments.detach(session)
        if session in _active:
            _active.remove(session)
        self._function_events = EventList(session.finished_events(),
                                          profile_memory=self.profile_memory)

    # -- results -----------------------------------------------------------------------
    @property
    def function_events(self) -> EventList:
        if self._function_events is None:
            raise RuntimeError("Profiler didn't finish running")
        return self._function_events

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0,
                     group_by_overload_name=False, include_python_functions=False) -> EventList:
        """One row per event name (see ``EventList.key_averages``)."""
        return self.function_events.key_averages(group_by_input_shape, group_by_stack_n)

    def table(self, sort_by=None, row_limit=100, max_src_column_width=75,
              max_name_column_width=55, max_shapes_column_width=80, header=None,
              top_level_events_only=False) -> str:
        return self.function_events.table(sort_by, row_limit, max_src_column_width,
                                          max_name_column_width, max_shapes_column_width,
                                          header, top_level_events_only)

    def total_average(self):
        return self.function_events.total_average()

    @property
    def self_cpu_time_total(self) -> float:
        return self.function_events.self_cpu_time_total

    def export_chrome_trace(self, path, metadata=None, use_python_export=False) -> None:
        """Write the events as Chrome trace JSON: open it in Perfetto or chrome://tracing."""
        write_chrome_trace(self.function_events, path, self._session.start_epoch_us)

    def __str__(self) -> str:
        if self._function_events is None:
            return "<unfinished torch.autograd.profile>"
        return str(self._function_events)

    def __repr__(self) -> str:
        if self._function_events is None:
            return "<unfinished torch.autograd.profile>"
        return repr(self._function_events)


class record_function:
    """Context manager / decorator: a named range in the profile (``user_annotation``)."""

    def __init__(self, name: str, args: str | None = None) -> None:
        self.name = name
        self.args = args
        self._open = []

    def __enter__(self) -> record_function:
        self._open = [(s, s.open(self.name, category="user_annotation")) for s in _active]
        return self

    def __exit__(self, *exc_info) -> None:
        for session, event in self._open:
            session.close(event)
        self._open = []

    def __call__(self, func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            with record_function(self.name, self.args):
                return func(*args, **kwargs)
        return wrapped
