"""More elementwise arithmetic: fused multiply-adds, interpolation, remainders, sign
games, NaN handling, and the ops torch gives a graph node without a derivative."""
from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function
from . import array_module


class Addcmul(Function):
    """``a + value * t1 * t2``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        return a + value * t1 * t2

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        scaled = grad * ctx.value                  # d(a + v t1 t2) = da + v t2 dt1 + v t1 dt2
        return grad, scaled * t2, scaled * t1, None


class Addcdiv(Function):
    """``a + value * t1 / t2``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, t1, t2, value):
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        return a + value * t1 / t2

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        scaled = grad * ctx.value / t2             # d(a + v t1/t2) = da + v/t2 dt1 - v t1/t2^2 dt2
        return grad, scaled, -scaled * t1 / t2, None


class Lerp(Function):
    """``start + weight * (end - start)`` with a python-number weight (LerpBackward0)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, start, end, weight):
        ctx.weight = weight
        return _lerp(start, end, weight)

    @staticmethod
    def backward(ctx, grad):
        w = ctx.weight                             # d lerp = (1 - w) dstart + w dend
        return grad * (1 - w), grad * w, None


class LerpTensor(Function):
    """``lerp`` with a tensor weight, which gets a gradient too (LerpBackward1)."""

    on_arrays = True
    grad_fn_name = "LerpBackward1"

    @staticmethod
    def forward(ctx, start, end, weight):
        ctx.save_for_backward(start, end, weight)
        return _lerp(start, end, weight)

    @staticmethod
    def backward(ctx, grad):
        start, end, w = ctx.saved_tensors          # ... + (end - start) dw
        return grad * (1 - w), grad * w, grad * (end - start)


def _lerp(start, end, weight):
    """torch's two-sided formula: exact at both ends (weight 0 gives start, 1 gives end)."""
    diff = end - start
    return np.where(np.abs(weight) < 0.5, start + weight * diff, end - diff * (1 - weight)
                    ).astype(np.result_type(start, end), copy=False)


class Fmod(Function):
    """C's remainder: ``a - trunc(a / b) * b``, with the sign of ``a``."""

    on_arrays = True
    grad_fn_name = "FmodBackward1"        # FmodBackward0 is torch's name for a number b

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.fmod(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        xp = array_module(a)
        # d(a - trunc(a/b) b) = da - trunc(a/b) db (trunc is flat between its jumps)
        return grad, -grad * xp.trunc(a / b)


class Remainder(Function):
    """Python's modulo: ``a - floor(a / b) * b``, with the sign of ``b``."""

    on_arrays = True
    grad_fn_name = "RemainderBackward1"

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.remainder(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        xp = array_module(a)
        return grad, -grad * xp.floor(a / b)       # d(a - floor(a/b) b) = da - floor(a/b) db


class Copysign(Function):
    """``|a|`` with the sign of ``b``; ``b``'s gradient is zero."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        out = np.copysign(a, b)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        xp = array_module(a)
        # d copysign(a, b)/da = sign(a) sign(b) = out / a, taken as 0 at a = 0 (torch)
        ratio = xp.where(a == 0, 0, out / xp.where(a == 0, 1, a))
        return grad * ratio, grad * 0


class Fmax(Function):
    """``maximum`` that ignores NaN: the other value wins over a NaN."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.fmax(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return split_extremum(grad, a, b, larger=True)


class Fmin(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.fmin(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return split_extremum(grad, a, b, larger=False)


def split_extremum(grad, a, b, larger):
    """torch's rule for max/min of two: the winner gets the gradient, a tie halves it,
    and where a NaN makes them unordered both get it."""
    xp = array_module(a)
    tie = a == b
    a_loses = (a < b) if larger else (a > b)
    b_loses = (a > b) if larger else (a < b)
    share_a = xp.where(tie, 0.5, xp.where(a_loses, 0, 1))
    share_b = xp.where(tie, 0.5, xp.where(b_loses, 0, 1))
    return grad * share_a, grad * share_b


class Frac(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        return a - np.trunc(a)

    @staticmethod
    def backward(ctx, grad):
        return grad                                # d(a - trunc a)/da = 1 between the jumps


class NanToNum(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, nan, posinf, neginf):
        ctx.save_for_backward(a)
        return np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        xp = array_module(a)
        return xp.where(xp.isfinite(a), grad, 0), None, None, None   # replaced values are flat


class Ldexp(Function):
    """``a * 2^e``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, e):
        ctx.save_for_backward(a, e)
        return a * np.exp2(e).astype(np.result_type(a, e), copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, e = ctx.saved_tensors
        scale = array_module(e).exp2(e)
        return grad * scale, grad * a * scale * math.log(2)   # d(a 2^e) = 2^e da + a 2^e ln2 de


class Frexp(Function):
    """The mantissa of ``a = mantissa * 2^exponent`` (the exponent is returned apart)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.scale = np.ldexp(np.ones_like(a), -exponent)     # 2^-exponent
        return a * ctx.scale

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale, None              # the exponent is constant between jumps


class Nextafter(Function):
    """The next float after ``a`` towards ``b``; torch passes ``a``'s gradient through."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        return np.nextafter(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, grad * 0                      # one ulp away from a: slope 1, none for b


class Angle(Function):
    """The argument of a real number: 0 for a >= 0, pi for a < 0 (NaN stays NaN)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = np.where(a < 0, np.asarray(math.pi, a.dtype), np.asarray(0, a.dtype))
        return np.where(np.isnan(a), a, out)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0                            # piecewise constant


class DivRounded(Function):
    """``div(a, b, rounding_mode="floor" or "trunc")``: flat between its jumps."""

    on_arrays = True
    grad_fn_name = "DivBackward2"

    @staticmethod
    def forward(ctx, a, b, divide):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(divide(a, b)).astype(np.result_type(a, b), copy=False)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0, grad * 0, None


class NotDifferentiable(Function):
    """The node torch records for ops without a derivative formula; backward raises.

    ``forward(result, message, error, *inputs)`` hands ``result`` through; the
    inputs are only there so that the graph knows where the node sits.
    """

    on_arrays = True
    grad_fn_name = "NotImplemented"

    @staticmethod
    def forward(ctx, result, message, error, name, *inputs):
        ctx.message, ctx.error = message, error
        ctx.name_override = name
        return result

    @staticmethod
    def backward(ctx, grad):
        raise ctx.error(ctx.message)


class Flat(Function):
    """A node whose inputs get no gradient at all (torch's ``dist`` with p = 0).

    ``forward(result, name, *inputs)`` hands ``result`` through under torch's node name.
    """

    on_arrays = True

    @staticmethod
    def forward(ctx, result, name, *inputs):
        ctx.name_override = name
        return result

    @staticmethod
    def backward(ctx, grad):
        return None                                # piecewise constant: no gradient
