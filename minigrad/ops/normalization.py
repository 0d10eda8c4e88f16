"""Standardisation with given statistics (layer and group norm) and fused batch norm."""
from __future__ import annotations

import numpy as np

from .. import _parallel
from ..autograd.function import Function
from . import quiet


class Normalize(Function):
    """``(x - mean) * invstd`` where mean and invstd were computed from ``x`` over ``axes``.

    Because the statistics depend on ``x``, the backward carries their derivative too.
    """

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "NativeBatchNormBackward0"

    @staticmethod
    def forward(ctx, x, mean, invstd, axes):
        out = (x - mean) * invstd
        ctx.save_for_backward(out)
        ctx.invstd, ctx.axes = invstd, axes
        return out

    @staticmethod
    def backward(ctx, grad):
        (xhat,) = ctx.saved_tensors
        axes = ctx.axes
        # dx = invstd * (g - mean(g) - xhat * mean(g * xhat))
        mean_g = grad.mean(axis=axes, keepdims=True)
        mean_gx = (grad * xhat).mean(axis=axes, keepdims=True)
        return ctx.invstd * (grad - mean_g - xhat * mean_gx), None, None, None


@quiet
def moments(x, axes):
    """Biased mean and variance of ``x`` over ``axes`` (kept as size-1 dims)."""
    mean = x.mean(axis=axes, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=axes, keepdims=True)
    return mean, var


def _batch_chunks(x):
    """Fixed chunks of the batch (dim 0) for per-channel sums: same sums on any thread
    count."""
    return _parallel.fixed_chunks(x.shape[0], max(1, _parallel.REDUCTION_GRAIN //
                                                  max(1, x[0].size)))


def channel_sums(a, b=None):
    """Per-channel (dim 1) sums of ``a``, or of ``a * b``, over every other dim."""
    n, c = a.shape[:2]
    a = a.reshape(n, c, -1)
    b = None if b is None else b.reshape(n, c, -1)
    bounds = _batch_chunks(a)
    partial = np.empty((len(bounds), c), a.dtype)

    def compute(lo, hi):
        if b is None:
            return np.einsum("nci->c", a[lo:hi])
        return np.einsum("nci,nci->c", a[lo:hi], b[lo:hi])

    def store(lo, hi, value):
        partial[lo // max(1, bounds[0][1])] = value

    _parallel.run(bounds, compute, store, kind=("channel_sums", a.shape, a.dtype, b is None))
    return partial.sum(axis=0)


def _per_channel(v, ndim):
    """A (C,) vector shaped to broadcast along dim 1 of an ``ndim``-d array."""
    return v.reshape((1, -1) + (1,) * (ndim - 2))


class BatchNorm(Function):
    """Training-mode batch norm, affine part included: ``(x - mean) * invstd * w + b``.

    Statistics are taken over every dim but 1 (channels); ``stats`` is a dict that
    forward fills with the batch ``mean`` and biased ``var`` (for the running
    statistics).  ``weight`` and ``bias`` may be None (1 and 0).
    """

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "NativeBatchNormBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, eps, stats):
        count = x.size // x.shape[1]
        mean = channel_sums(x) / x.dtype.type(count)
        centred = _parallel.elementwise(np.subtract, x, _per_channel(mean, x.ndim))
        var = channel_sums(centred, centred) / x.dtype.type(count)
        invstd = 1 / np.sqrt(var + x.dtype.type(eps))
        stats["mean"], stats["var"] = mean, var
        scale = invstd if weight is None else invstd * weight
        shift = None if bias is None else _per_channel(bias, x.ndim)
        out = np.empty_like(centred)

        def rows(lo, hi, into):       # y = centred * (invstd w) + b
            np.multiply(centred[lo:hi], _per_channel(scale, x.ndim), out=into)
            if shift is not None:
                into += shift

        _parallel.fill_rows(x.shape[0], max(1, _parallel.ELEMENTWISE_GRAIN // max(1, x[0].size)),
                            rows, out)
        ctx.save_for_backward(centred, weight)
        ctx.invstd, ctx.count = invstd, count
        return out

    @staticmethod
    def backward(ctx, grad):
        centred, weight = ctx.saved_tensors
        invstd, count, ndim = ctx.invstd, ctx.count, grad.ndim
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        sum_g = channel_sums(grad)                      # db = sum of g
        sum_gc = channel_sums(grad, centred)            # dw = sum of g xhat = sum_gc invstd
        grad_w = sum_gc * invstd if need_w and weight is not None else None
        grad_b = sum_g if need_b else None
        grad_x = None
        if need_x:
            # dx = w invstd (g - mean(g) - xhat mean(g xhat)) = a g + b centred + c
            a = invstd if weight is None else invstd * weight
            b = -a * invstd * invstd * sum_gc / count
            c = -a * sum_g / count
            a, b, c = (_per_channel(v.astype(grad.dtype), ndim) for v in (a, b, c))
            grad_x = np.empty_like(grad)

            def rows(lo, hi, into):
                np.multiply(centred[lo:hi], b, out=into)
                into += c
                into += grad[lo:hi] * a

            _parallel.fill_rows(grad.shape[0], max(1, _parallel.ELEMENTWISE_GRAIN //
                                                   max(1, grad[0].size)), rows, grad_x)
        return grad_x, grad_w, grad_b, None, None
