"""Comparisons and logic (not differentiable) as Tensor methods."""
from __future__ import annotations

import numpy as np

import numbers

from ._tensor_convert import _type_word, invalid_arguments, not_a_tensor
from ._tensor_math import (_OPERANDS, _broadcast_message, _not_for, _promote, _tensor_cls,
                           normalize_dims)
from .ops import pointwise as pw


def _compare(fn, a, b):
    a, b = _promote(a, b)
    other = b._array if isinstance(b, _tensor_cls()) else b
    try:
        return _tensor_cls()._make(fn(a._array, other), None)
    except ValueError:
        raise RuntimeError(_broadcast_message(a, b)) from None


def _comparison(name, fn):
    """The method (``eq``) and the operator (``==``) of one comparison."""
    def method(self, other):
        if not isinstance(other, _OPERANDS):
            raise TypeError(invalid_arguments(name, (other,), ("Tensor other", "Number other")))
        return _compare(fn, self, other)

    def operator(self, other):
        if not isinstance(other, _OPERANDS):
            return NotImplemented               # python's own message, as with torch
        return _compare(fn, self, other)
    method.__name__, operator.__name__ = name, f"__{name}__"
    return method, operator


def _bitwise(name, fn, a, b):
    """``&``, ``|``, ``^``: integer and bool tensors only, as in torch."""
    if not isinstance(b, _OPERANDS):
        return NotImplemented
    a, b = _promote(a, b)
    if a._array.dtype.kind == "f":
        raise NotImplementedError(_not_for(f"bitwise_{name}_cpu", a))
    return _compare(fn, a, b)


def _same_dtype(a, b) -> None:
    if not isinstance(b, _tensor_cls()):
        raise TypeError(not_a_tensor("isclose", "other", b))
    if a._array.dtype != b._array.dtype:
        raise RuntimeError(f"{_type_word(a._array.dtype)} did not match "
                           f"{_type_word(b._array.dtype)}")


class TensorCompare:
    """Mixin with the comparison and logic methods of Tensor."""

    __slots__ = ()

    # -- comparisons and logic (not differentiable) -------------------------------------------
    eq, __eq__ = _comparison("eq", np.equal)
    ne, __ne__ = _comparison("ne", np.not_equal)
    lt, __lt__ = _comparison("lt", np.less)
    le, __le__ = _comparison("le", np.less_equal)
    gt, __gt__ = _comparison("gt", np.greater)
    ge, __ge__ = _comparison("ge", np.greater_equal)
    __hash__ = object.__hash__

    def __and__(self, other):
        return _bitwise("and", np.bitwise_and, self, other)

    def __or__(self, other):
        return _bitwise("or", np.bitwise_or, self, other)

    def __xor__(self, other):
        return _bitwise("xor", np.bitwise_xor, self, other)

    def __invert__(self):
        if self._array.dtype.kind == "f":
            raise TypeError("~ (operator.invert) is only implemented on integer and "
                            "Boolean-type tensors")
        return _tensor_cls()._make(np.invert(self._array), None)

    def logical_not(self):
        return _tensor_cls()._make(np.logical_not(self._array), None)

    def isnan(self):
        return _tensor_cls()._make(np.isnan(self._array), None)

    def isfinite(self):
        return _tensor_cls()._make(np.isfinite(self._array), None)

    def isinf(self):
        return _tensor_cls()._make(np.isinf(self._array), None)

    def _step(self, fn, name, kernel=None):
        kind = self._array.dtype.kind
        if kind == "b" and kernel is not None:
            raise NotImplementedError(_not_for(kernel, self))
        if kind != "f":                               # integers are already whole
            return _tensor_cls()._make(fn(self._array).astype(self._array.dtype), None)
        return pw.Step.apply(self, fn, name)

    def sign(self):
        if self._array.dtype.kind == "b":              # the sign of a bool is itself
            return self.clone()
        return self._step(_sign, "SignBackward0")

    def floor(self):
        return self._step(np.floor, "FloorBackward0", "floor_vml_cpu")

    def ceil(self):
        return self._step(np.ceil, "CeilBackward0", "ceil_vml_cpu")

    def round(self, *, decimals=0):
        if decimals == 0:
            return self._step(np.round, "RoundBackward0", "round_vml_cpu")
        if self._array.dtype.kind != "f":
            raise NotImplementedError(_not_for("round_cpu", self))
        return self._step(lambda a: np.round(a, decimals), "RoundBackward1")

    def any(self, dim=None, keepdim=False):
        return self._truth(np.any, dim, keepdim)

    def all(self, dim=None, keepdim=False):
        return self._truth(np.all, dim, keepdim)

    def _truth(self, reduce, dim, keepdim):
        """any/all: bool, except of a uint8 tensor, which answers 0/1 in uint8 (torch keeps
        that dtype from before it had bools)."""
        axis = normalize_dims(dim, self._array.ndim)
        out = np.asarray(reduce(self._array, axis=axis, keepdims=keepdim))
        if self._array.dtype == np.uint8:
            out = out.astype(np.uint8)
        return _tensor_cls()._make(out, None)

    def equal(self, other) -> bool:
        if not isinstance(other, _tensor_cls()):
            raise TypeError(not_a_tensor("equal", "other", other))
        return self.shape == other.shape and bool(np.array_equal(self._array, other._array))

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
        return bool(self.isclose(other, rtol, atol, equal_nan).all())

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        _same_dtype(self, other)
        for name, tol in (("rtol", rtol), ("atol", atol)):
            if isinstance(tol, numbers.Real) and tol < 0:
                raise RuntimeError(f"{name} must be greater than or equal to zero, but got "
                                   f"{tol:g}")
        try:
            close = np.isclose(self._array, other._array, rtol, atol, equal_nan)
        except ValueError:
            raise RuntimeError(_broadcast_message(self, other)) from None
        return _tensor_cls()._make(close, None)

    # -- aliases and infinity tests (issue 12) ------------------------------------------------
    greater = _comparison("greater", np.greater)[0]
    greater_equal = _comparison("greater_equal", np.greater_equal)[0]
    less = _comparison("less", np.less)[0]
    less_equal = _comparison("less_equal", np.less_equal)[0]
    not_equal = _comparison("not_equal", np.not_equal)[0]

    def isposinf(self):
        return _tensor_cls()._make(np.isposinf(self._array), None)

    def isneginf(self):
        return _tensor_cls()._make(np.isneginf(self._array), None)


def _sign(a):
    """-1, 0 or 1, and 0 for NaN (torch's sign)."""
    return np.sign(np.where(np.isnan(a), 0, a))
