"""Differentiable primitives: one class per op, ``forward`` and ``backward`` side by side.

Forward rules take and return NumPy arrays.  Backward rules are written with
operators and functions that NumPy arrays and minigrad Tensors share (``xp``
is whichever module the gradient belongs to), so the engine can run them on
Tensors when ``create_graph=True`` asks for higher-order gradients.
"""
import functools

import numpy as np


def array_module(x):
    """NumPy for arrays, minigrad for Tensors (like Chainer's get_array_module)."""
    if isinstance(x, np.ndarray) or np.isscalar(x):
        return np
    import minigrad
    return minigrad


def quiet(compute):
    """Run ``compute`` without NumPy's warnings for log(0), 0/0, overflow...: torch answers
    inf or nan silently."""
    @functools.wraps(compute)
    def run(*args, **kwargs):
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return compute(*args, **kwargs)
    return run


def run(op, *args):
    """Apply primitive ``op``: to arrays as plain NumPy (no graph), to Tensors recorded.

    Backward rules call other primitives through this (a gather's gradient is a
    scatter-add) so that they stay differentiable under ``create_graph=True``.
    """
    first = args[0]
    if isinstance(first, np.ndarray) or np.isscalar(first):
        from ..autograd.function import _UnrecordedContext
        return op.forward(_UnrecordedContext(), np.asarray(first), *args[1:])
    return op.apply(*args)
