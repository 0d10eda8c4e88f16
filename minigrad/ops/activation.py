"""Activation primitives that are not plain compositions: GELU, leaky ReLU, softplus, ELU."""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function
from . import array_module, select
from .pointwise import bound

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
        return select(x > 0, x, x * np.asarray(slope, x.dtype))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return select(x > 0, grad, grad * ctx.slope), None   # d/dx = 1 if x > 0 else slope


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
        return select(bx > threshold, x, soft.astype(x.dtype, copy=False))

    @staticmethod
    def backward(ctx, grad):
        (bx,) = ctx.saved_tensors
        e = np.exp(-np.abs(bx))                      # d/dx = sigmoid(beta x)
        sig = np.where(bx >= 0, 1 / (1 + e), e / (1 + e))
        return (grad * np.where(bx > ctx.threshold, 1, sig)).astype(grad.dtype), None, None


class Elu(Function):
    """``scale * x`` for x > 0, else ``scale * alpha * (exp(input_scale * x) - 1)``: ELU,
    SELU (scale, alpha fixed) and CELU (input_scale = 1 / alpha) as torch computes them."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, alpha, scale=1.0, input_scale=1.0):
        # min(x, 0) keeps exp from overflowing, and -0.0 as -0.0 (torch's expm1(-0.0))
        negative = alpha * scale * np.expm1(bound(np.minimum, 0, x) * input_scale)
        out = select(x > 0, x * scale, negative.astype(x.dtype, copy=False))
        ctx.save_for_backward(x)
        ctx.constants = (alpha, scale, input_scale)
        return out

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        alpha, scale, input_scale = ctx.constants
        return Elu.derivative(grad, x, alpha, scale, input_scale), None, None, None

    @staticmethod
    def derivative(grad, x, alpha, scale, input_scale):
        """d/dx = input_scale alpha scale exp(input_scale x) for x <= 0, else scale (NaN
        inputs too, as torch)."""
        xp = array_module(grad)
        negative = xp.exp(x.clip(None, 0) * input_scale) * (input_scale * alpha * scale)
        return select(x <= 0, grad * negative, grad * scale)


class Celu(Elu):
    """CELU: ELU with ``input_scale = 1 / alpha`` (torch names its node CeluBackward0).

    torch's backward takes 1 / alpha with alpha rounded to float32; so does this one.
    """

    on_arrays = True

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        alpha = ctx.constants[0]
        return Elu.derivative(grad, x, alpha, 1.0, 1.0 / float(np.float32(alpha))), \
            None, None, None


class Threshold(Function):
    """``value`` where x <= threshold, else ``x`` (NaN too)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, threshold, value):
        keep = ~(x <= threshold)
        ctx.keep = keep.astype(x.dtype)
        return select(keep, x, np.asarray(value, x.dtype))

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.keep, None, None            # d/dx = 1 where kept, else 0


class Hardshrink(Function):
    """0 where -lambd <= x <= lambd, else ``x`` (NaN too)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, lambd):
        keep = ~((x >= -lambd) & (x <= lambd))
        ctx.keep = keep.astype(x.dtype)
        return select(keep, x, np.zeros((), x.dtype))

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.keep, None                  # d/dx = 1 where kept, else 0


class Softshrink(Function):
    """``x - lambd`` above lambd, ``x + lambd`` below -lambd, 0 between."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, lambd):
        lambd = np.asarray(lambd, x.dtype)
        ctx.keep = ((x > lambd) | (x < -lambd)).astype(x.dtype)
        return np.where(x > lambd, x - lambd, np.where(x < -lambd, x + lambd, 0 * x))

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.keep, None                  # d/dx = 1 where |x| > lambd, else 0


class Hardsigmoid(Function):
    """``relu6(x + 3) / 6``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x):
        # torch's backward uses 1/6 rounded to float32 in every dtype
        ctx.slope = ((x > -3) & (x < 3)) * np.asarray(np.float32(1 / 6), x.dtype)
        return np.clip(x + np.asarray(3, x.dtype), 0, 6) / np.asarray(6, x.dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.slope                       # d/dx = 1/6 on (-3, 3), else 0


class Hardswish(Function):
    """``x * hardsigmoid(x)``: 0 below -3, x above 3, x (x + 3) / 6 between."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * np.clip(x + np.asarray(3, x.dtype), 0, 6) / np.asarray(6, x.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        xp = array_module(grad)       # d/dx = 0 below -3, x/3 + 1/2 up to 3 (torch's <=), 1
        return grad * xp.where(x < -3, 0.0, xp.where(x <= 3, x / 3 + 0.5, 1.0))


class Mish(Function):
    """``x * tanh(softplus(x))``."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x):
        softplus = np.logaddexp(0, x).astype(x.dtype, copy=False)
        ctx.save_for_backward(x)
        ctx.tanh_sp = np.tanh(softplus)
        return x * ctx.tanh_sp

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        t = ctx.tanh_sp
        sigmoid = np.exp(-np.logaddexp(0, -x)).astype(x.dtype, copy=False)
        # d/dx = tanh(sp(x)) + x sigmoid(x) (1 - tanh(sp(x))^2)
        return grad * (t + x * sigmoid * (1 - t * t))


class RreluWithNoise(Function):
    """Leaky ReLU whose negative slopes ``noise`` are drawn per element (or fixed in eval)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, noise):
        ctx.slope = np.where(x > 0, 1, noise).astype(x.dtype)
        return x * ctx.slope

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.slope, None                 # d/dx = 1 for x > 0, else the slope
