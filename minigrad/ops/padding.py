"""Constant padding (torch's ``F.pad`` with mode='constant'); negative amounts crop."""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function


class ConstantPadNd(Function):
    """Pad dim ``d`` by ``pads[d] = (before, after)`` cells of ``value``."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, pads, value):
        src, dst, shape = [], [], []
        for n, (a, b) in zip(x.shape, pads):
            src.append(slice(max(-a, 0), n - max(-b, 0)))
            kept = max(n - max(-a, 0) - max(-b, 0), 0)
            dst.append(slice(max(a, 0), max(a, 0) + kept))
            shape.append(n + a + b)
        if min(shape) < 0:
            raise RuntimeError(f"The input size {x.shape[-1]}, plus negative padding "
                               f"{pads[-1][0]} and {pads[-1][1]} resulted in a negative output "
                               "size, which is invalid. Check dimension "
                               f"{len(shape) - 1} of your input.")
        out = np.full(shape, value, x.dtype)
        out[tuple(dst)] = x[tuple(src)]
        ctx.slices, ctx.shape = (tuple(src), tuple(dst)), x.shape
        return out

    @staticmethod
    def backward(ctx, grad):
        src, dst = ctx.slices
        out = np.zeros(ctx.shape, grad.dtype)     # padding cells take no gradient back
        out[src] = grad[dst]
        return out, None, None
