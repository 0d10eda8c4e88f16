"""Arithmetic and pointwise functions as Tensor methods.

Each method converts its arguments (type promotion as in torch) and calls one
primitive from ``minigrad.ops``; composites such as ``rsqrt`` or ``clamp``
with tensor bounds are built from primitives.  Matrix products and reductions
live in ``_tensor_reduce``, comparisons and logic in ``_tensor_compare``.
"""
from __future__ import annotations

import builtins
import numbers

import numpy as np

from . import _dtype
from .ops import pointwise as pw


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def _cast(t, np_dtype):
    return t if t._array.dtype == np_dtype else t.to(_dtype.from_numpy_dtype(np_dtype))


def _promote(a, b):
    """Bring a Tensor ``a`` and another operand to torch's common dtype."""
    Tensor = _tensor_cls()
    if isinstance(b, Tensor):
        if a._array.dtype == b._array.dtype:
            return a, b
        common = _dtype.result_type(a._array, b._array)
        return _cast(a, common), _cast(b, common)
    if isinstance(b, np.generic):
        b = b.item()
    if isinstance(b, numbers.Number):
        common = _dtype.result_type(a._array, b)
        return _cast(a, common), common.type(b)
    return _promote(a, Tensor._make(np.asarray(b), None))


def _binary(op, a, b):
    a, b = _promote(a, b)
    try:
        return op.apply(a, b)
    except ValueError:
        raise RuntimeError(_broadcast_message(a, b)) from None


def _broadcast_message(a, b) -> str:
    """torch's words for shapes that do not broadcast (it checks dims from the last)."""
    sa = a._array.shape
    sb = b._array.shape if isinstance(b, _tensor_cls()) else ()
    nd = builtins.max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + sa, (1,) * (nd - len(sb)) + sb
    for i in reversed(range(nd)):
        if sa[i] != sb[i] and 1 not in (sa[i], sb[i]):
            return (f"The size of tensor a ({sa[i]}) must match the size of tensor b "
                    f"({sb[i]}) at non-singleton dimension {i}")
    return f"shapes {list(sa)} and {list(sb)} cannot be broadcast"


def _float_operands(a, b):
    """Like _promote, but integer results become the default float (true division)."""
    a, b = _promote(a, b)
    common = a._array.dtype
    if common.kind not in "f":
        floating = _dtype.get_default_dtype().np
        a = _cast(a, floating)
        b = _cast(b, floating) if isinstance(b, _tensor_cls()) else floating.type(b)
    return a, b


def normalize_dims(dim, ndim):
    """``dim`` (None, int, or sequence; negatives allowed) as None or a sorted tuple."""
    if dim is None:
        return None
    dims = (dim,) if isinstance(dim, (int, np.integer)) else tuple(dim)
    if not dims:
        return None
    span = builtins.max(ndim, 1)
    out = []
    for d in dims:
        if not -span <= d < span:
            raise IndexError(f"Dimension out of range (expected to be in range of "
                             f"[{-span}, {span - 1}], but got {d})")
        out.append(int(d) % span if ndim else 0)
    return tuple(sorted(out)) if ndim else None


class TensorMath:
    """Mixin with the math methods of Tensor."""

    __slots__ = ()

    def _dim(self, dim: int) -> int:
        return normalize_dims(dim, self._array.ndim)[0] if self._array.ndim else 0

    # -- arithmetic operators ------------------------------------------------------------
    def add(self, other, *, alpha=1):
        if alpha != 1:
            other = other * alpha
        return _binary(pw.Add, self, other)

    def sub(self, other, *, alpha=1):
        _check_bool_sub(self, other)
        if alpha != 1:
            other = other * alpha
        return _binary(pw.Sub, self, other)

    def mul(self, other):
        return _binary(pw.Mul, self, other)

    def div(self, other, *, rounding_mode=None):
        if rounding_mode is None:
            return _binary(pw.Div, *_float_operands(self, other))
        if rounding_mode not in ("floor", "trunc"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or "
                               f"'floor' but found '{rounding_mode}'")
        from ._tensor_pointwise import _check_integer_divisor
        from .ops.arithmetic import DivRounded
        a, b = _promote(self, other)
        _check_integer_divisor(a, b)
        fn = np.floor_divide if rounding_mode == "floor" else (
            lambda x, y: np.trunc(x / y).astype(np.result_type(x, y)))
        if a._array.dtype.kind == "f":         # a node with zero gradients, as torch
            return DivRounded.apply(a, b, fn)
        b = b._array if isinstance(b, _tensor_cls()) else b
        return _tensor_cls()._make(fn(a._array, b), None)

    def __add__(self, other):
        return self.add(other)

    def __radd__(self, other):
        return _binary(pw.Add, self, other)

    def __sub__(self, other):
        return self.sub(other)

    def __rsub__(self, other):
        _check_bool_sub(self, other)
        a, b = _promote(self, other)
        return _renamed(pw.Sub.apply(_as_tensor_like(b, a), a), "RsubBackward1")

    def __mul__(self, other):
        return _binary(pw.Mul, self, other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return _binary(pw.Div, *_float_operands(self, other))

    def __rtruediv__(self, other):
        a, b = _float_operands(self, other)
        return pw.Div.apply(_as_tensor_like(b, a), a)

    def __floordiv__(self, other):
        return self.floor_divide(other)

    def __rfloordiv__(self, other):
        return _as_tensor_like(_promote(self, other)[1], self).floor_divide(self)

    def __mod__(self, other):
        return self.remainder(other)

    def __rmod__(self, other):
        from ._tensor_pointwise import _without_derivative
        a, b = _promote(self, other)
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.asarray(np.remainder(b, a._array))
        return _without_derivative(result, "remainder", self)

    def __neg__(self):
        if self._array.dtype == np.bool_:
            raise NotImplementedError("Negation, the `-` operator, on a bool tensor is not "
                                      "supported. If you are trying to invert a mask, use the "
                                      "`~` or `logical_not()` operator instead.")
        return pw.Neg.apply(self)

    neg = negative = __neg__

    def __pos__(self):
        return self

    def pow(self, exponent):
        Tensor = _tensor_cls()
        if isinstance(exponent, Tensor):
            return _binary(pw.PowTensor, self, exponent)
        if isinstance(exponent, np.generic):
            exponent = exponent.item()
        base = self
        if isinstance(exponent, float) and not self.dtype.is_floating_point:
            base = _cast(self, _dtype.get_default_dtype().np)
        return pw.Pow.apply(base, exponent)

    __pow__ = pow

    def __rpow__(self, base):
        a, b = _promote(self, base)
        return _renamed(pw.PowTensor.apply(_as_tensor_like(b, a), a), "PowBackward2")

    def __matmul__(self, other):
        return self.matmul(other)

    def __rmatmul__(self, other):
        return _tensor_cls()._make(np.asarray(other), None).matmul(self)

    def __abs__(self):
        return self.abs()

    # -- pointwise functions ---------------------------------------------------------------------
    def _floating(self):
        """Integer inputs of float functions are computed in the default float dtype."""
        if self._array.dtype.kind == "f":
            return self
        return _cast(self, _dtype.get_default_dtype().np)

    def exp(self):
        return pw.Exp.apply(self._floating())

    def log(self):
        return pw.Log.apply(self._floating())

    def sqrt(self):
        return pw.Sqrt.apply(self._floating())

    def rsqrt(self):
        return _renamed(1 / self.sqrt(), "RsqrtBackward0")

    def square(self):
        if self._array.dtype == np.bool_:           # torch squares bools as int64
            return _cast(self, np.dtype(np.int64)).pow(2)
        return self.pow(2)

    def reciprocal(self):
        return _renamed(1 / self._floating(), "ReciprocalBackward0")

    def abs(self):
        if self._array.dtype == np.bool_:
            raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
        return pw.Abs.apply(self)

    absolute = abs

    def sin(self):
        return pw.Sin.apply(self._floating())

    def cos(self):
        return pw.Cos.apply(self._floating())

    def sigmoid(self):
        return pw.Sigmoid.apply(self._floating())

    def tanh(self):
        return pw.Tanh.apply(self._floating())

    def relu(self):
        return pw.Relu.apply(self)

    def clamp(self, min=None, max=None):
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        Tensor = _tensor_cls()
        if isinstance(min, Tensor) or isinstance(max, Tensor):
            out = self if min is None else self.maximum(min)
            out = out if max is None else out.minimum(max)
            return _renamed(out, "ClampBackward0")
        return pw.Clamp.apply(self, min, max)

    clip = clamp

    def clamp_min(self, min):
        variant = 1 if isinstance(min, _tensor_cls()) else 0
        return _renamed(self.clamp(min=min), f"ClampMinBackward{variant}")

    def clamp_max(self, max):
        variant = 1 if isinstance(max, _tensor_cls()) else 0
        return _renamed(self.clamp(max=max), f"ClampMaxBackward{variant}")

    def maximum(self, other):
        return _binary(pw.Maximum, self, other)

    def minimum(self, other):
        return _binary(pw.Minimum, self, other)

    def masked_fill(self, mask, value):
        Tensor = _tensor_cls()
        fill = value if isinstance(value, Tensor) else Tensor._make(
            np.asarray(value, self._array.dtype), None)
        out = pw.Where.apply(mask._array if isinstance(mask, Tensor) else mask,
                             _cast(fill, self._array.dtype), self)
        return _renamed(out, "MaskedFillBackward0")

    def where(self, condition, other):
        from . import _creation
        return _creation.where(condition, self, other)


def _check_bool_sub(a, b):
    """torch refuses ``-`` on bools (it would not mean logical negation)."""
    a_bool = a._array.dtype == np.bool_
    b_bool = (b._array.dtype == np.bool_) if isinstance(b, _tensor_cls()) else (
        isinstance(b, (bool, np.bool_)))
    if a_bool and b_bool:
        raise NotImplementedError("Subtraction, the `-` operator, with two bool tensors is not "
                                  "supported. Use the `^` or `logical_xor()` operator instead.")
    if a_bool or b_bool:
        raise NotImplementedError("Subtraction, the `-` operator, with a bool tensor is not "
                                  "supported. If you are trying to invert a mask, use the `~` "
                                  "or `logical_not()` operator instead.")


def _as_tensor_like(value, like):
    """A python/NumPy scalar as a 0-d tensor of ``like``'s dtype (for reflected ops)."""
    return _tensor_cls()._make(np.asarray(value, like._array.dtype), None)


def _renamed(t, name):
    """Give a composite's final node the name torch shows for the fused op."""
    if t.grad_fn is not None:
        t.grad_fn.name_override = name
    return t

