"""Differentiable primitives: one class per op, ``forward`` and ``backward`` side by side.

Forward rules take and return NumPy arrays.  Backward rules are written with
operators and functions that NumPy arrays and minigrad Tensors share (``xp``
is whichever module the gradient belongs to), so the engine can run them on
Tensors when ``create_graph=True`` asks for higher-order gradients.
"""
import numpy as np


def array_module(x):
    """NumPy for arrays, minigrad for Tensors (like Chainer's get_array_module)."""
    if isinstance(x, np.ndarray) or np.isscalar(x):
        return np
    import minigrad
    return minigrad
