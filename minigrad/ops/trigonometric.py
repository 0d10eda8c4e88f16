"""Trigonometric and hyperbolic functions beyond sin/cos/tanh, and angle conversions."""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function
from . import array_module


class Tan(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = np.tan(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 + out * out)              # d tan a/da = 1 + tan(a)^2


class Asin(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arcsin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / array_module(a).sqrt(1 - a * a)     # d asin a/da = 1/sqrt(1 - a^2)


class Acos(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arccos(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad / array_module(a).sqrt(1 - a * a)    # d acos a/da = -1/sqrt(1 - a^2)


class Atan(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arctan(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (1 + a * a)                  # d atan a/da = 1/(1 + a^2)


class Sinh(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sinh(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * array_module(a).cosh(a)      # d sinh a/da = cosh a


class Cosh(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cosh(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * array_module(a).sinh(a)      # d cosh a/da = sinh a


class Asinh(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arcsinh(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / array_module(a).sqrt(a * a + 1)     # d asinh a/da = 1/sqrt(a^2 + 1)


class Acosh(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arccosh(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / array_module(a).sqrt(a * a - 1)     # d acosh a/da = 1/sqrt(a^2 - 1)


class Atanh(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arctanh(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (1 - a * a)                  # d atanh a/da = 1/(1 - a^2)


class Atan2(Function):
    """The angle of the point (b, a): ``atan2(a, b)``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.arctan2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        scale = grad / (a * a + b * b)             # d atan2(a, b) = (b da - a db) / (a^2 + b^2)
        return scale * b, -scale * a


class Hypot(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        out = np.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        scale = grad / out                         # d sqrt(a^2 + b^2) = (a da + b db) / hypot
        return scale * a, scale * b


class Sinc(Function):
    """The normalized sinc: sin(pi a) / (pi a), and 1 at a = 0."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sinc(a).astype(a.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        xp = array_module(a)
        t = math.pi * xp.where(a == 0, 1, a)
        # d sinc/da = (pi a cos(pi a) - sin(pi a)) / (pi a^2), 0 at a = 0
        slope = (t * xp.cos(t) - xp.sin(t)) * math.pi / (t * t)
        return grad * xp.where(a == 0, 0, slope)


class Deg2rad(Function):
    on_arrays = True
    grad_fn_name = "Deg2RadBackward0"

    @staticmethod
    def forward(ctx, a):
        return a * np.asarray(math.pi / 180, a.dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad * (math.pi / 180)              # d (a pi/180)/da = pi/180


class Rad2deg(Function):
    on_arrays = True
    grad_fn_name = "Rad2DegBackward0"

    @staticmethod
    def forward(ctx, a):
        return a * np.asarray(180 / math.pi, a.dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad * (180 / math.pi)              # d (a 180/pi)/da = 180/pi
