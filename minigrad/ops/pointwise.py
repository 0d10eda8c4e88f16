"""Elementwise primitives. Broadcasting is undone by the engine, not here."""
from __future__ import annotations

import numpy as np

from .. import _parallel
from ..autograd.function import Function
from . import array_module
from .arithmetic import split_extremum

# large NumPy inputs are split over threads (see minigrad/_parallel.py)
_split = _parallel.elementwise


class Add(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        return _split(np.add, a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, grad                          # d(a+b) = da + db


class Sub(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        return _split(np.subtract, a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, -grad                         # d(a-b) = da - db


class Mul(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _split(np.multiply, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[:2]
        if not isinstance(grad, np.ndarray):         # Tensors (create_graph)
            return grad * b, grad * a              # d(ab) = b da + a db
        return (_split(np.multiply, grad, b) if need_a else None,
                _split(np.multiply, grad, a) if need_b else None)


class Div(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _split(np.true_divide, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_a = grad / b                          # d(a/b) = da/b - a db/b^2
        return grad_a, -grad_a * a / b


class Neg(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad                               # d(-a) = -da


class Pow(Function):
    """``a ** exponent`` for a python-number exponent (torch's PowBackward0)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        return a ** exponent

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        p = ctx.exponent
        if p == 0:
            return grad * 0, None
        return grad * p * a ** (p - 1), None       # d a^p/da = p a^(p-1)


class PowTensor(Function):
    """``a ** b`` with a tensor exponent (torch's PowBackward1)."""

    on_arrays = True
    grad_fn_name = "PowBackward1"

    @staticmethod
    def forward(ctx, a, b):
        out = _integer_power(a, b) if a.dtype.kind in "iu" and b.dtype.kind in "iu" else a ** b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        xp = array_module(grad)
        grad_a = grad * b * a ** (b - 1)           # d a^b/da = b a^(b-1)
        with np.errstate(invalid="ignore"):        # log a is nan for a < 0, as in torch
            log_a = xp.log(xp.where(a == 0, 1, a))
        return grad_a, grad * out * log_a          # d a^b/db = a^b log a (0 where a = 0)


def _integer_power(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a ** b`` for integers as torch's kernel computes it, negative exponents too (NumPy
    refuses them): 1 ** b is 1, (-1) ** b is 1 or -1 by the parity of b, and any other base
    gives 0 (1 / a rounded toward zero; 0 ** -1 as well)."""
    negative = b < 0
    if not negative.any():
        return a ** b
    out = a ** np.where(negative, 0, b)
    reciprocal = np.where(a == 1, 1, np.where(a == -1, 1 - 2 * (b & 1), 0))
    return np.where(negative, reciprocal, out).astype(out.dtype, copy=False)


class Exp(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = _split(np.exp, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out                          # d e^a/da = e^a


class Log(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _split(np.log, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a                            # d log a/da = 1/a


class Sqrt(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = _split(np.sqrt, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (2 * out)                    # d sqrt(a)/da = 1/(2 sqrt(a))


class Abs(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * _sgn(a)                      # d|a|/da = sign(a), 0 at 0 (and at NaN)


class Sin(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * array_module(a).cos(a)       # d sin a/da = cos a


class Cos(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cos(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * array_module(a).sin(a)      # d cos a/da = -sin a


def _sgn(a):
    """sign(a) with 0 for NaN, as torch's sgn (minigrad's Tensor.sign already does this)."""
    if isinstance(a, np.ndarray):
        return np.sign(np.where(a != a, 0, a))
    return a.sign()


class Sigmoid(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        # exp of a non-positive number never overflows: split by sign
        e = np.exp(-np.abs(a))
        out = np.where(a >= 0, 1 / (1 + e), e / (1 + e)).astype(a.dtype, copy=False)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * (1 - out)              # d s(a)/da = s(a)(1 - s(a))


class Tanh(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = _split(np.tanh, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 - out * out)              # d tanh a/da = 1 - tanh(a)^2


class Relu(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        out = _split(relu_array, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        # d relu(a)/da = 0 if a <= 0 else 1 (NaN: 1); out = relu(a) is >= 0 or NaN,
        # so grad_a = grad * (out != 0)
        if not isinstance(grad, np.ndarray):
            return grad * (out != 0)
        return _split(_times_nonzero, grad, out)


def relu_array(a: np.ndarray, out=None) -> np.ndarray:
    """``max(0, a)`` elementwise: NaN stays NaN and -0.0 stays -0.0, as in torch."""
    if out is None:           # zeros from calloc when they can be: the quickest start
        out = np.zeros(a.shape, a.dtype) if a.flags.c_contiguous else np.zeros_like(a)
    else:
        out.fill(0)
    return np.maximum(out, a, out=out)       # see bound(): the zeros as an array


def bound(extremum, value, a: np.ndarray) -> np.ndarray:
    """``extremum(value, a)`` elementwise, for ``np.maximum`` or ``np.minimum`` and a number
    ``value``, which is spread over the result's buffer first: NumPy's maximum and minimum
    run a loop about three times slower when one side is a scalar than when both are
    arrays.  On a tie the result is ``a``'s element (so -0.0 stays -0.0, as in torch)."""
    out = np.empty_like(a)
    out.fill(value)
    return extremum(out, a, out=out)


def _times_nonzero(grad, relu_out, out=None):
    """``grad * (relu_out != 0)``, the mask made as 0.0/1.0 in the result's own buffer (a
    third faster than multiplying by a boolean mask)."""
    mask = np.not_equal(relu_out, 0, out=np.empty(grad.shape, grad.dtype) if out is None
                        else out)
    return np.multiply(grad, mask, out=mask)


class Clamp(Function):
    """``clamp(a, min, max)`` with python-number bounds (torch's ClampBackward1)."""

    on_arrays = True
    grad_fn_name = "ClampBackward1"

    @staticmethod
    def forward(ctx, a, low, high):
        ctx.save_for_backward(a)
        ctx.low, ctx.high = low, high
        out = a
        if low is not None:
            out = bound(np.maximum, np.asarray(low, a.dtype), out)
        if high is not None:
            out = bound(np.minimum, np.asarray(high, a.dtype), out)
        return out if out is not a else a.copy()

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        inside = a == a                # 1 strictly inside (low, high), 0 on a bound (torch)
        if ctx.low is not None:
            inside = inside & (a > ctx.low)
        if ctx.high is not None:
            inside = inside & (a < ctx.high)
        return grad * inside, None, None


class Maximum(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        # the larger input gets the gradient; a tie splits it in half (torch's rule)
        return split_extremum(grad, a, b, larger=True)


class Minimum(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.minimum(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return split_extremum(grad, a, b, larger=False)   # the smaller one wins


class Step(Function):
    """A piecewise-constant function ``fn`` (floor, ceil, round, sign) named ``name``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, fn, name):
        ctx.name_override = name
        return fn(a)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0, None, None                # flat between the steps: derivative 0


class Where(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.save_for_backward(condition)
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        (condition,) = ctx.saved_tensors
        xp = array_module(grad)
        zero = xp.zeros_like(grad)          # not grad * 0: an inf gradient must not leak nan
        return None, xp.where(condition, grad, zero), xp.where(condition, zero, grad)
