"""The one place where instruments look into autograd.

Anomaly mode, ``trace()`` and the profiler never touch ops or the engine's
logic.  They watch through two hook names, and only these two:

* ``function.observe_op(cls, args, run)`` wraps every forward op
  (``Function.apply``); it must return ``run(cls, args)``;
* ``engine.observe_node(node, grads, run)`` wraps every backward node's turn in
  ``run_backward``; it must return ``run(node, grads)``, the gradients the node
  sends along ``node.edges`` (none for an ``AccumulateGrad`` leaf node).

Both names are ``None`` while every instrument is off, so the hot path pays
one ``is None`` test per op and one per backward pass.  An instrument is any object
with an ``around_op(cls, args, run)`` and/or ``around_node(node, grads, run)``
method; ``attach`` switches it on and ``detach`` off.  Several can be on at
once: the first attached is the outermost wrapper.
"""
from __future__ import annotations

import functools

from . import engine, function

_active = []        # attached instruments, outermost first
_op_watchers = []
_node_watchers = []


def attach(instrument) -> None:
    """Switch ``instrument`` on: its ``around_op`` / ``around_node`` now wrap every call."""
    _active.append(instrument)
    _install()


def detach(instrument) -> None:
    """Switch ``instrument`` off (a no-op when it is not attached)."""
    for i, inst in enumerate(_active):
        if inst is instrument:
            del _active[i]
            break
    _install()


def active() -> tuple:
    """The instruments switched on now, outermost first."""
    return tuple(_active)


def _install() -> None:
    _op_watchers[:] = [i for i in _active if hasattr(i, "around_op")]
    _node_watchers[:] = [i for i in _active if hasattr(i, "around_node")]
    function.observe_op = _observe_op if _op_watchers else None
    engine.observe_node = _observe_node if _node_watchers else None


def _observe_op(cls, args, run):
    for inst in reversed(_op_watchers):          # innermost first, so the first is outside
        run = functools.partial(inst.around_op, run=run)
    return run(cls, args)


def _observe_node(node, grads, run):
    for inst in reversed(_node_watchers):
        run = functools.partial(inst.around_node, run=run)
    return run(node, grads)
