"""Anomaly mode: find the forward line whose backward went wrong (torch's API and words).

In anomaly mode every graph node keeps the stack of the forward call that made
it (``grad_fn.metadata["traceback_"]``).  When a backward rule raises, or returns
NaN while ``check_nan`` is on, backward warns ``Error detected in
SqrtBackward0. Traceback of forward call that caused the error:`` with that
stack, then raises.  A node made during a ``create_graph`` backward also
remembers the node whose rule made it (``metadata["parent_"]``) and the warning
goes on up that chain.

It is an instrument (see ``instruments.py``): nothing of it runs while it is off.
"""
from __future__ import annotations

import os
import sys
import traceback
import warnings

import numpy as np

from . import instruments
from .function import Node

_enabled = False
_check_nan = True

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_NN = os.path.join(_PACKAGE, "nn") + os.sep


def is_anomaly_enabled() -> bool:
    """Whether anomaly mode is on."""
    return _enabled


def is_anomaly_check_nan_enabled() -> bool:
    """Whether anomaly mode (when on) checks backward results for NaN."""
    return _check_nan


def set_anomaly_enabled(enabled: bool, check_nan: bool = True) -> None:
    """Switch anomaly mode on or off (what ``detect_anomaly`` does on entry and exit)."""
    global _enabled, _check_nan
    _enabled, _check_nan = bool(enabled), bool(check_nan)
    if _enabled:
        if _WATCHER not in instruments.active():
            instruments.attach(_WATCHER)
    else:
        instruments.detach(_WATCHER)


class detect_anomaly:
    """Context manager that enables anomaly detection for the autograd engine.

    Forward ops inside it remember their stack, so a failing backward rule
    names the forward line that made its node; with ``check_nan`` (default) a
    backward rule that returns NaN raises ``RuntimeError``.  For debugging
    only: it slows every op down.
    """

    def __init__(self, check_nan: bool = True) -> None:
        self.prev = is_anomaly_enabled()
        self.check_nan = check_nan
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime "
                      "and should only be enabled for debugging.", stacklevel=2)

    def __enter__(self) -> None:
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc_info) -> None:
        set_anomaly_enabled(self.prev, self.prev_check_nan)


class set_detect_anomaly:
    """Switch anomaly detection on or off: as a call, or for a ``with`` block."""

    def __init__(self, mode: bool, check_nan: bool = True) -> None:
        self.prev = is_anomaly_enabled()
        self.prev_check_nan = is_anomaly_check_nan_enabled()
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc_info) -> None:
        set_anomaly_enabled(self.prev, self.prev_check_nan)


class _AnomalyWatcher:
    """The instrument: stacks on forward nodes, NaN checks and warnings on backward ones."""

    def __init__(self):
        self.running = []          # the backward nodes whose rules are running now

    def around_op(self, cls, args, run):
        out = run(cls, args)
        node = _node_of(out)
        if node is not None and node.fn is cls and "traceback_" not in node.metadata:
            node.metadata["traceback_"] = _forward_stack()
            if self.running:
                node.metadata["parent_"] = self.running[-1]
        return out

    def around_node(self, node, grads, run):
        self.running.append(node)
        try:
            sent = run(node, grads)
            if _check_nan and isinstance(node, Node):
                _raise_on_nan(node, sent)
            return sent
        except Exception:
            _warn_forward_stack(node)
            raise
        finally:
            self.running.pop()


_WATCHER = _AnomalyWatcher()


def _node_of(out):
    """The graph node of an op's result (the first output that has one)."""
    for t in out if isinstance(out, tuple) else (out,):
        node = getattr(t, "grad_fn", None)
        if isinstance(node, Node):
            return node
    return None


def _raise_on_nan(node, sent):
    """torch counts outputs over the node's tensor inputs (its next_functions)."""
    index = 0
    for g, key in zip(sent, node._input_ids, strict=False):
        if key is None:
            continue
        if g is not None:
            array = getattr(g, "_array", g)
            if array.dtype.kind in "fc" and np.isnan(array).any():
                raise RuntimeError(f"Function '{node.name()}' returned nan values in its "
                                   f"{index}th output.")
        index += 1


def _forward_stack() -> list:
    """The caller's stack as ``format_stack`` lines, without minigrad's own tensor machinery.

    Frames inside minigrad's core (tensor methods, ops, autograd: C++ in torch)
    are dropped from the innermost end; ``nn`` frames stay, as torch's Python
    ``nn`` frames do.
    """
    frames = traceback.extract_stack(sys._getframe(1))
    while frames and _is_internal(frames[-1].filename):
        frames.pop()
    return traceback.format_list(frames)


def _is_internal(filename: str) -> bool:
    path = os.path.abspath(filename)
    return path.startswith(_PACKAGE) and not path.startswith(_NN)


def _warn_forward_stack(node) -> None:
    """torch's warnings: the failing node's forward stack, then each parent's."""
    level = _user_stacklevel()
    meta = getattr(node, "metadata", {})
    if "traceback_" not in meta:
        warnings.warn(f"Error detected in {node.name()}. No forward pass information "
                      "available. Enable detect anomaly during forward pass for more "
                      "information.", stacklevel=level)
        return
    warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused "
                  "the error:\n" + "".join(meta["traceback_"]), stacklevel=level)
    parent = meta.get("parent_")
    while parent is not None:
        stack = parent.metadata.get("traceback_")
        if stack is None:
            break
        warnings.warn(f"\n\nPrevious calculation was induced by {parent.name()}. Traceback of "
                      "forward call that induced the previous calculation:\n" + "".join(stack),
                      stacklevel=level)
        parent = parent.metadata.get("parent_")


def _user_stacklevel() -> int:
    """A ``stacklevel`` that points the warning at the caller of ``backward``."""
    frame, level = sys._getframe(1), 1
    while frame is not None and _is_internal(frame.f_code.co_filename):
        frame, level = frame.f_back, level + 1
    return level
