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
from ._arguments import invalid_call
from ._tensor_convert import _c_type, _type_word, invalid_arguments, not_a_tensor
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
        return _cast(a, common), _dtype.wrapped_scalar(b, common)
    if not isinstance(b, np.ndarray):
        raise TypeError(f"unsupported operand: {type(b).__name__}")
    return _promote(a, Tensor._make(b, None))


def _binary(op, a, b):
    a, b = _promote(a, b)
    try:
        return op.apply(a, b)
    except ValueError:
        raise RuntimeError(_broadcast_message(a, b)) from None


def _operand(name: str, other) -> None:
    """A method's ``other`` must be a tensor or a number (operators return NotImplemented)."""
    if not isinstance(other, _OPERANDS):
        raise TypeError(not_a_tensor(name, "other", other))


def _broadcast_message(a, b) -> str:
    """torch's words for shapes that do not broadcast (it checks dims from the last)."""
    sa = a._array.shape if hasattr(a, "_array") else tuple(a)
    sb = b._array.shape if hasattr(b, "_array") else tuple(b) if isinstance(b, tuple) else ()
    nd = builtins.max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + sa, (1,) * (nd - len(sb)) + sb
    for i in reversed(range(nd)):
        if sa[i] != sb[i] and 1 not in (sa[i], sb[i]):
            return (f"The size of tensor a ({sa[i]}) must match the size of tensor b "
                    f"({sb[i]}) at non-singleton dimension {i}")
    return f"shapes {list(sa)} and {list(sb)} cannot be broadcast"


def _float_operands(a, b):
    """Like _promote, but integer results become the default float (true division)."""
    a, promoted = _promote(a, b)
    if a._array.dtype.kind == "f":
        return a, promoted
    floating = _dtype.get_default_dtype().np
    if isinstance(promoted, _tensor_cls()):
        return _cast(a, floating), _cast(promoted, floating)
    return _cast(a, floating), floating.type(b)     # 300 stays 300 (not wrapped to int8)


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
    if len(out) > 1 and len(set(out)) < len(out):
        repeated = next(d for d in out if out.count(d) > 1)
        raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
    return tuple(sorted(out)) if ndim else None


def _check_integer_division(x, y, kernel: str) -> None:
    """torch refuses bool division and integer division by zero (float gives inf/nan)."""
    if x.dtype.kind == "b":
        raise NotImplementedError(f'"{kernel}_cpu" not implemented for \'Bool\'')
    if x.dtype.kind in "iu" and np.any(np.asarray(y) == 0):
        raise RuntimeError("ZeroDivisionError")


def _trunc_divide(x, y):
    """Division rounded toward zero; exact for integers (no round trip through float)."""
    if x.dtype.kind == "f":
        return np.trunc(x / y)
    q = np.floor_divide(x, y)
    return q + ((q < 0) & (q * y != x))


class TensorMath:
    """Mixin with the math methods of Tensor."""

    __slots__ = ()

    def _dim(self, dim: int) -> int:
        if self._array.ndim:
            return normalize_dims(dim, self._array.ndim)[0]
        normalize_dims(dim, 0)                       # a 0-d tensor takes dim 0 or -1
        return 0

    def _dim_of(self, name: str, dim, before=(), signature="int dim") -> int:
        """``_dim`` for method ``name``, whose ``dim`` follows the arguments ``before``: a dim
        that is not an int gets torch's TypeError (``signature``: the method's, when torch
        has only one)."""
        if not isinstance(dim, (int, np.integer)):
            raise invalid_call(name, (*before, dim), method=True, signature=signature)
        return self._dim(dim)

    def _dims_of(self, name: str, dim, signature: str):
        """``normalize_dims`` of an int, a sequence of ints or None, for method ``name``."""
        if not (dim is None or isinstance(dim, (int, np.integer)) or isinstance(
                dim, (tuple, list)) and all(isinstance(d, (int, np.integer)) for d in dim)):
            raise invalid_call(name, (dim,), method=True, signature=signature)
        return normalize_dims(dim, self._array.ndim)

    # -- arithmetic operators ------------------------------------------------------------
    def add(self, other, *, alpha=1):
        _operand("add", other)
        if alpha != 1:
            _check_alpha(self, other, alpha)
            other = _scaled(self, other, alpha)
        return _binary(pw.Add, self, other)

    def sub(self, other, *, alpha=1):
        _operand("sub", other)
        _check_bool_sub(self, other)
        if alpha != 1:
            _check_alpha(self, other, alpha)
            other = other * alpha
        return _binary(pw.Sub, self, other)

    def mul(self, other):
        _operand("mul", other)
        return _binary(pw.Mul, self, other)

    def div(self, other, *, rounding_mode=None):
        _operand("div", other)
        if rounding_mode is None:
            return _binary(pw.Div, *_float_operands(self, other))
        if rounding_mode not in ("floor", "trunc"):
            raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or "
                               f"'floor' but found '{rounding_mode}'")
        from .ops.arithmetic import DivRounded
        a, b = _promote(self, other)
        divisor = b._array if isinstance(b, _tensor_cls()) else b
        _check_integer_division(a._array, divisor, f"div_{rounding_mode}")
        fn = np.floor_divide if rounding_mode == "floor" else _trunc_divide
        if a._array.dtype.kind == "f":         # a node with zero gradients, as torch
            return DivRounded.apply(a, b, fn)
        return _tensor_cls()._make(np.asarray(fn(a._array, divisor), a._array.dtype), None)

    def __add__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return self.add(other)

    def __radd__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return _binary(pw.Add, self, other)

    def __sub__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return self.sub(other)

    def __rsub__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        _check_bool_sub(self, other)
        a, b = _promote(self, other)
        return _renamed(pw.Sub.apply(_as_tensor_like(b, a), a), "RsubBackward1")

    def __mul__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return _binary(pw.Mul, self, other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return _binary(pw.Div, *_float_operands(self, other))

    def __rtruediv__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        a, b = _float_operands(self, other)
        return pw.Div.apply(_as_tensor_like(b, a), a)

    def __floordiv__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return self.floor_divide(other)

    def __rfloordiv__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        a, b = _promote(self, other)                 # 2.5 // int_tensor divides floats
        return _as_tensor_like(b, a).floor_divide(a)

    def __mod__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return self.remainder(other)

    def __rmod__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        from ._tensor_pointwise import _without_derivative
        a, b = _promote(self, other)
        _check_integer_division(np.asarray(b, a._array.dtype), a._array, "remainder")
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
            if self._array.dtype == exponent._array.dtype == np.bool_:
                raise NotImplementedError(_not_for("pow", self))
            return _binary(pw.PowTensor, self, exponent)
        if isinstance(exponent, np.generic):
            exponent = exponent.item()
        if not isinstance(exponent, numbers.Number):
            raise TypeError(invalid_arguments("pow", (exponent,), (
                "Tensor exponent", "Number exponent")))
        if isinstance(exponent, int) and not isinstance(exponent, bool):
            _dtype.check_python_int(exponent)
        if self._array.dtype == np.bool_ and isinstance(exponent, builtins.bool):
            # bool ** bool stays bool: b ** True is b, b ** False is all True
            return Tensor._make(self._array | (not exponent), None)
        base = self
        if isinstance(exponent, float) and not self.dtype.is_floating_point:
            base = _cast(self, _dtype.get_default_dtype().np)
        elif self._array.dtype.kind in "biu" and isinstance(exponent, int):
            if exponent < 0:
                raise RuntimeError("Integers to negative integer powers are not allowed.")
            if self._array.dtype.kind == "b":          # bool ** int counts in int64
                base = _cast(self, np.dtype(np.int64))
            # torch reads the exponent as an int64, then as the base's type
            _dtype.checked_scalar(_dtype.checked_scalar(exponent, np.dtype(np.int64)),
                                  base._array.dtype)
        elif self._array.dtype == np.float16:          # and as a Half for a Half base
            _dtype.checked_scalar(exponent, self._array.dtype)
        return pw.Pow.apply(base, exponent)

    def __pow__(self, exponent):
        if not isinstance(exponent, _OPERANDS):
            return NotImplemented
        return self.pow(exponent)

    def __rpow__(self, base):
        if not isinstance(base, _OPERANDS):
            return NotImplemented
        other = base._array if isinstance(base, _tensor_cls()) else base
        if self._array.dtype == np.bool_ and _dtype.result_type(self._array, other) == np.bool_:
            raise NotImplementedError(_not_for("pow", self))       # bool ** bool
        a, b = _promote(self, base)
        return _renamed(pw.PowTensor.apply(_as_tensor_like(b, a), a), "PowBackward2")

    def __matmul__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
        return self.matmul(other)

    def __rmatmul__(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented
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
        if self._array.dtype.kind == "b":
            raise NotImplementedError(_not_for("abs_cpu", self))
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
        if self._array.dtype.kind == "b":
            raise NotImplementedError("Boolean inputs not supported for relu")
        return pw.Relu.apply(self)

    def clamp(self, min=None, max=None):
        return _clamp(self, min, max, "clamp")

    clip = clamp

    def clamp_min(self, min):
        if min is None:
            raise TypeError(invalid_arguments("clamp_min", (min,), ("Tensor min", "Number min")))
        variant = 1 if isinstance(min, _tensor_cls()) else 0
        return _renamed(_clamp(self, min, None, "clamp_min"), f"ClampMinBackward{variant}")

    def clamp_max(self, max):
        if max is None:
            raise TypeError(invalid_arguments("clamp_max", (max,), ("Tensor max", "Number max")))
        variant = 1 if isinstance(max, _tensor_cls()) else 0
        return _renamed(_clamp(self, None, max, "clamp_max"), f"ClampMaxBackward{variant}")

    def maximum(self, other):
        if not isinstance(other, _tensor_cls()):
            raise TypeError(not_a_tensor("maximum", "other", other))
        return _binary(pw.Maximum, self, other)

    def minimum(self, other):
        if not isinstance(other, _tensor_cls()):
            raise TypeError(not_a_tensor("minimum", "other", other))
        return _binary(pw.Minimum, self, other)

    def masked_fill(self, mask, value):
        Tensor = _tensor_cls()
        if isinstance(mask, Tensor):
            mask = mask._array
            if mask.dtype != np.bool_:
                raise RuntimeError("masked_fill_ only supports boolean masks, but got mask "
                                   f"with dtype {_c_type(mask.dtype)}")
        if isinstance(value, Tensor) and value.ndim:
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but "
                               f"got tensor with {value.ndim} dimension(s).")
        fill = value if isinstance(value, Tensor) else Tensor._make(
            np.asarray(_scalar_for(value, self), self._array.dtype), None)
        if isinstance(value, Tensor):
            _scalar_for(value.item(), self)        # torch reads a 0-d value as a Scalar too
        try:
            out = pw.Where.apply(mask, _cast(fill, self._array.dtype), self)
        except ValueError:
            raise RuntimeError(_broadcast_message(np.shape(mask), self)) from None
        return _renamed(out, "MaskedFillBackward0")

    def where(self, condition, other):
        from . import _creation
        return _creation.where(condition, self, other)


def _clamp(t, low, high, name: str):
    """``clamp`` and its one-sided forms; integer tensors clamped to a float become float."""
    Tensor = _tensor_cls()
    for bound in (low, high):
        if bound is not None and not isinstance(bound, (Tensor, numbers.Number)):
            raise TypeError(invalid_arguments(name, tuple(b for b in (low, high) if b is not None),
                                              ("Tensor min = None, Tensor max = None",
                                               "Number min = None, Number max = None")))
    if low is None and high is None:
        raise RuntimeError("minigrad.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(low, Tensor) or isinstance(high, Tensor):
        bounds = [b if b is None or isinstance(b, Tensor) else _as_tensor_like(b, t)
                  for b in (low, high)]
        if None not in bounds and _dtype.result_type(t._array, bounds[0]._array,
                                                     bounds[1]._array) == np.bool_:
            raise NotImplementedError(_not_for("clamp_cpu", t))
        out = t if bounds[0] is None else t.maximum(bounds[0])
        out = out if bounds[1] is None else out.minimum(bounds[1])
        return _renamed(out, "ClampBackward0")
    for bound in (low, high):
        if bound is not None and _dtype.result_type(t._array, bound) != t._array.dtype:
            t = _cast(t, _dtype.result_type(t._array, bound))
    if t._array.dtype == np.bool_:             # no scalar clamp kernel for bools
        kernel = "clamp" if None not in (low, high) else ("clamp_max" if low is None
                                                           else "clamp_min")
        raise NotImplementedError(_not_for(f"{kernel}_scalar_cpu", t))
    checked = [None if b is None else _scalar_for(b, t) for b in (low, high)]
    if t._array.dtype.kind in "iu":            # an unsigned type's bound -1 means 255
        low, high = checked
    return pw.Clamp.apply(t, low, high)


def _scalar_for(value, t):
    """A number argument (fill value, clamp bound...) checked as torch converts a Scalar
    to ``t``'s dtype: RuntimeError where it overflows, -1 -> 255 for uint8."""
    if isinstance(value, (numbers.Number, np.generic)):
        return _dtype.checked_scalar(value, t._array.dtype)
    return value


def _not_for(kernel: str, t) -> str:
    """torch's words for a kernel that has no implementation for ``t``'s dtype."""
    return f'"{kernel}" not implemented for \'{_type_word(t._array.dtype)}\''


def _scaled(a, b, alpha):
    """``alpha * b`` for ``a.add(b, alpha=)``; when both are bool torch adds in bool (a
    logical or) and reads alpha as a bool."""
    other = b._array if isinstance(b, _tensor_cls()) else b
    if _dtype.result_type(a._array, other).kind == "b":
        return b & builtins.bool(alpha)
    return b * alpha


def _check_alpha(a, b, alpha) -> None:
    """torch refuses a float ``alpha`` when the result is integral, and one that overflows
    the result's dtype."""
    result = _dtype.result_type(a._array, b._array if isinstance(b, _tensor_cls()) else b)
    if isinstance(alpha, float) and result.kind in "iub":
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")
    if isinstance(alpha, (numbers.Number, np.generic)):
        _dtype.checked_scalar(alpha, result)


def tensor_or_number(name: str, value, argument: str = "other") -> None:
    """A method's ``argument`` must be a tensor or a number; torch lists its overloads."""
    if not isinstance(value, _OPERANDS):
        raise invalid_call(name, (value,), method=True,
                           signature=f"Tensor {argument}")


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


# what arithmetic accepts besides tensors (a TensorMath is a Tensor); others get TypeError
_OPERANDS = (TensorMath, int, float, complex, np.generic, np.ndarray)
