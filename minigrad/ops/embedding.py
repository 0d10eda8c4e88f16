"""Row lookup ``weight[indices]`` with torch's embedding gradient rules."""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function


class Embedding(Function):
    """Pick rows of ``weight``; rows equal to ``padding_idx`` receive no gradient."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, weight, indices, padding_idx):
        ctx.indices, ctx.padding_idx, ctx.shape = indices, padding_idx, weight.shape
        return weight[indices]

    @staticmethod
    def backward(ctx, grad):
        # d out[i] / d weight[indices[i]] = 1: scatter-add each row's gradient back
        out = np.zeros(ctx.shape, grad.dtype)
        np.add.at(out, ctx.indices.reshape(-1), grad.reshape(-1, ctx.shape[1]))
        if ctx.padding_idx is not None:
            out[ctx.padding_idx] = 0
        return out, None, None
