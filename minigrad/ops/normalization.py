"""Standardisation with given statistics, the shared core of batch and layer norm."""
from __future__ import annotations

from ..autograd.function import Function


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


def moments(x, axes):
    """Biased mean and variance of ``x`` over ``axes`` (kept as size-1 dims)."""
    mean = x.mean(axis=axes, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=axes, keepdims=True)
    return mean, var
