"""Activation primitives that are not plain compositions: GELU, leaky ReLU, softplus, ELU."""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function
from . import array_module

_erf = np.vectorize(math.erf, otypes=[np.float64])
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)


class Gelu(Function):
    """``x * Phi(x)`` (exact, with erf) or its tanh approximation."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, approximate):
        ctx.save_for_backward(x)
        ctx.approximate = approximate
        if approximate == "tanh":
            inner = SQRT_2_OVER_PI * (x + 0.044715 * x ** 3)
            ctx.tanh = np.tanh(inner)
            return (0.5 * x * (1 + ctx.tanh)).astype(x.dtype, copy=False)
        ctx.cdf = (0.5 * (1 + _erf(x / math.sqrt(2)))).astype(x.dtype, copy=False)
        return x * ctx.cdf

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        if ctx.approximate == "tanh":
            th = ctx.tanh          # d/dx = 0.5 (1 + th) + 0.5 x (1 - th^2) d inner/dx
            d_inner = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)
            local = 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * d_inner
        else:
            pdf = np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)
            local = ctx.cdf + x * pdf                # d x Phi(x)/dx = Phi(x) + x phi(x)
        return (grad * local).astype(grad.dtype, copy=False), None


class LeakyRelu(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, x, slope):
        ctx.save_for_backward(x)
        ctx.slope = slope
        return np.where(x > 0, x, x * np.asarray(slope, x.dtype))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        xp = array_module(grad)                      # d/dx = 1 if x > 0 else slope
        return xp.where(x > 0, grad, grad * ctx.slope), None


class Softplus(Function):
    """``log(1 + exp(beta x)) / beta``, linear where ``beta x > threshold``."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, beta, threshold):
        bx = x * np.asarray(beta, x.dtype)
        ctx.save_for_backward(bx)
        ctx.threshold = threshold
        soft = (np.log1p(np.exp(-np.abs(bx))) + np.maximum(bx, 0)) / np.asarray(beta, x.dtype)
        return np.where(bx > threshold, x, soft).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (bx,) = ctx.saved_tensors
        e = np.exp(-np.abs(bx))                      # d/dx = sigmoid(beta x)
        sig = np.where(bx >= 0, 1 / (1 + e), e / (1 + e))
        return (grad * np.where(bx > ctx.threshold, 1, sig)).astype(grad.dtype), None, None


class Elu(Function):
    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, alpha):
        out = np.where(x > 0, x, np.asarray(alpha, x.dtype) * np.expm1(np.minimum(x, 0)))
        ctx.save_for_backward(x, out)
        ctx.alpha = alpha
        return out.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        local = np.where(x <= 0, out + ctx.alpha, 1)      # d/dx = elu(x) + a if x <= 0 else 1
        return (grad * local).astype(grad.dtype, copy=False), None
