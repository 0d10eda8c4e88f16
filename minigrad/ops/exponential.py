"""Exponentials and logarithms beyond exp/log: log1p, expm1, log2, log10, exp2,
logaddexp, logaddexp2, xlogy and logit."""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function
from . import array_module, run

LN2 = math.log(2)
LN10 = math.log(10)


class Log1p(Function):
    on_arrays = True
    grad_fn_name = "Log1PBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log1p(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (1 + a)                      # d log(1 + a)/da = 1/(1 + a)


class Expm1(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = np.expm1(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out + 1)                    # d (e^a - 1)/da = e^a


class Log2(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log2(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a * LN2)                    # d log2 a/da = 1/(a ln 2)


class Log10(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log10(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a * LN10)                   # d log10 a/da = 1/(a ln 10)


class Exp2(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = np.exp2(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * LN2                    # d 2^a/da = 2^a ln 2


class Logaddexp(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.logaddexp(a, b)                  # max + log1p(e^-|a-b|): never overflows

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        xp = array_module(a)
        # d log(e^a + e^b)/da = e^a / (e^a + e^b) = 1 / (1 + e^(b-a)), and the same for b
        return grad / (1 + xp.exp(b - a)), grad / (1 + xp.exp(a - b))


class Logaddexp2(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.logaddexp2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        xp = array_module(a)
        # d log2(2^a + 2^b)/da = 1 / (1 + 2^(b-a)), and the same for b
        return grad / (1 + xp.exp2(b - a)), grad / (1 + xp.exp2(a - b))


class Xlogy(Function):
    """``a * log(b)``, defined as 0 where a = 0 (unless b is nan)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = a * np.log(b)
        return np.where((a == 0) & ~np.isnan(b), 0, out).astype(out.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        xp = array_module(a)
        # d a log b = log b da + a/b db; torch keeps da = 0 where a = 0 and b <= 0
        grad_a = xp.where((a == 0) & (b <= 0), 0, run(Xlogy, grad, b))
        with np.errstate(divide="ignore", invalid="ignore"):
            return grad_a, grad * a / b


class Logit(Function):
    """``log(a / (1 - a))``; with ``eps`` the input is clamped to [eps, 1 - eps] first (as
    torch's kernel: eps below eps, else 1 - eps above it, which differs from ``clamp`` only
    for eps > 0.5)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, eps):
        ctx.save_for_backward(a)
        ctx.eps = eps
        z = a if eps is None else np.where(a < eps, eps, np.where(a > 1 - eps, 1 - eps, a))
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(z / (1 - z))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        xp = array_module(a)
        slope = grad / (a * (1 - a))               # d logit(a)/da = 1/(a(1 - a))
        if ctx.eps is None:                        # nan outside [0, 1], as torch
            return xp.where((a < 0) | (a > 1), math.nan, slope), None
        outside = (a < ctx.eps) | (a > 1 - ctx.eps)    # flat where the clamp holds
        return xp.where(outside, 0, slope), None
