"""Matrix products.  One rule serves dot, mv, mm, bmm and broadcast matmul."""
from __future__ import annotations

import numpy as np

from .. import _parallel
from ..autograd.function import Function
from . import array_module


def _matmul(xp, a, b):
    """``xp.matmul``; NumPy products go through ``_parallel.matmul`` (split when large)."""
    return _parallel.matmul(a, b) if xp is np else xp.matmul(a, b)


class MatMul(Function):
    on_arrays = True
    grad_fn_name = "UnsafeViewBackward0"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _matmul(np, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        xp = array_module(grad)
        # treat vectors as a row (left) or a column (right) matrix, as matmul does
        a2 = a.reshape((1, a.shape[0])) if a.ndim == 1 else a
        b2 = b.reshape((b.shape[0], 1)) if b.ndim == 1 else b
        g = grad
        if a.ndim == 1:
            g = g.reshape(g.shape[:-1] + (1,) + g.shape[-1:]) if b.ndim > 1 else \
                g.reshape(g.shape + (1,))
        if b.ndim == 1:
            g = g.reshape(g.shape + (1,))
        grad_a = _matmul(xp, g, xp.swapaxes(b2, -1, -2))     # d(AB)/dA = G B^T
        grad_b = _matmul(xp, xp.swapaxes(a2, -1, -2), g)     # d(AB)/dB = A^T G
        if b.ndim == 1:
            grad_b = grad_b.reshape(grad_b.shape[:-1])
        return grad_a, grad_b


class Mm(MatMul):
    on_arrays = True


class Bmm(MatMul):
    on_arrays = True


class Mv(MatMul):
    on_arrays = True


class Dot(MatMul):
    on_arrays = True
