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
        for n, (a, b) in zip(x.shape, pads, strict=False):
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


class CopyPad(Function):
    """Reflect, replicate or circular padding of the last dims: every output cell copies
    one input cell, ``out[..., j] = x[..., source[j]]`` over the flattened padded dims.
    """

    on_arrays = True
    once_differentiable = True
    MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}

    @staticmethod
    def forward(ctx, x, pads, mode):
        k = len(pads)
        trailing = x.shape[x.ndim - k:]
        cells = np.arange(int(np.prod(trailing))).reshape(trailing)
        source = np.pad(cells, pads, mode=CopyPad.MODES[mode])
        ctx.source, ctx.shape, ctx.k = source, x.shape, k
        flat = x.reshape(x.shape[:x.ndim - k] + (cells.size,))
        return flat[..., source]

    @staticmethod
    def backward(ctx, grad):
        lead = ctx.shape[:len(ctx.shape) - ctx.k]
        rows = grad.reshape((-1, ctx.source.size))
        out = np.zeros((rows.shape[0], int(np.prod(ctx.shape[len(lead):]))), grad.dtype)
        np.add.at(out, (slice(None), ctx.source.reshape(-1)), rows)   # copies add back up
        return out.reshape(ctx.shape), None, None
