"""Padding (torch's ``F.pad``): constant, and reflect/replicate/circular, which copy input
cells into the border.  Negative amounts crop."""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import run


class ConstantPadNd(Function):
    """Pad dim ``d`` by ``pads[d] = (before, after)`` cells of ``value``; negative amounts
    crop.  Its adjoint is the same op with the amounts negated, so it differentiates any
    number of times."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, pads, value):
        src, dst, shape = [], [], []
        for n, (a, b) in zip(x.shape, pads, strict=False):
            src.append(slice(max(-a, 0), n - max(-b, 0)))
            kept = max(n - max(-a, 0) - max(-b, 0), 0)
            dst.append(slice(max(a, 0), max(a, 0) + kept))
            shape.append(n + a + b)
        out = np.full(shape, value, x.dtype)
        out[tuple(dst)] = x[tuple(src)]
        ctx.pads = pads
        return out

    @staticmethod
    def backward(ctx, grad):
        # padding cells take no gradient back: crop what was padded, pad what was cropped
        unpad = tuple((-a, -b) for a, b in ctx.pads)
        return run(ConstantPadNd, grad, unpad, 0), None, None


def source_index(size, before, after, mode):
    """The input position each output position of one padded dim copies (torch's rules).

    Output j sits at input coordinate i = j - before; outside [0, size) ``reflect``
    mirrors it about the edge cells, ``replicate`` clamps it to the edge.  Negative
    amounts crop; ``circular`` crops first and wraps around the cells that are left.
    """
    if mode == "circular":        # torch crops first, then wraps around what is left
        low, high = max(-before, 0), size - max(-after, 0)
        j = np.arange(high - low + max(before, 0) + max(after, 0)) - max(before, 0)
        return low + j % max(high - low, 1)
    i = np.arange(size + before + after) - before
    if mode == "reflect":
        i = np.abs(i)
        return np.where(i >= size, 2 * (size - 1) - i, i)
    return np.clip(i, 0, size - 1)


class CopyPad(Function):
    """Reflect, replicate or circular padding of the last dims: every output cell copies
    one input cell, ``out[..., j] = x[..., source[j]]`` over the flattened padded dims.
    """

    on_arrays = True
    once_differentiable = True
    MODES = ("reflect", "replicate", "circular")

    @staticmethod
    def forward(ctx, x, pads, mode):
        k = len(pads)
        trailing = x.shape[x.ndim - k:]
        maps = [source_index(n, a, b, mode) for n, (a, b) in zip(trailing, pads, strict=True)]
        source = np.ravel_multi_index(np.ix_(*maps), trailing) if trailing else np.zeros((),
                                                                                         int)
        ctx.source, ctx.shape, ctx.k = source, x.shape, k
        flat = x.reshape(x.shape[:x.ndim - k] + (int(np.prod(trailing)),))
        return flat[..., source]

    @staticmethod
    def backward(ctx, grad):
        lead = ctx.shape[:len(ctx.shape) - ctx.k]
        rows = grad.reshape((-1, ctx.source.size))
        out = np.zeros((rows.shape[0], int(np.prod(ctx.shape[len(lead):]))), grad.dtype)
        np.add.at(out, (slice(None), ctx.source.reshape(-1)), rows)   # copies add back up
        return out.reshape(ctx.shape), None, None
