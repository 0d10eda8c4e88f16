"""Fused softmax and log-softmax: stable for large inputs, one pass each way."""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import array_module


class Softmax(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim):
        shifted = a - a.max(axis=dim, keepdims=True)   # exp never overflows
        e = np.exp(shifted)
        out = e / e.sum(axis=dim, keepdims=True)
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        # d softmax: y * (g - sum(g * y))
        return out * (grad - (grad * out).sum(axis=ctx.dim, keepdims=True)), None


class LogSoftmax(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim):
        shifted = a - a.max(axis=dim, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=dim, keepdims=True))
        ctx.save_for_backward(out)
        ctx.dim = dim
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        xp = array_module(grad)
        # d log_softmax: g - softmax * sum(g)
        return grad - xp.exp(out) * grad.sum(axis=ctx.dim, keepdims=True), None
