"""Comparisons and logic (not differentiable) as Tensor methods."""
from __future__ import annotations

import numpy as np

from ._tensor_math import _promote, _tensor_cls, normalize_dims
from .ops import pointwise as pw


def _compare(fn, a, b):
    a, b = _promote(a, b)
    other = b._array if isinstance(b, _tensor_cls()) else b
    return _tensor_cls()._make(fn(a._array, other), None)


class TensorCompare:
    """Mixin with the comparison and logic methods of Tensor."""

    __slots__ = ()

    # -- comparisons and logic (not differentiable) -------------------------------------------
    def eq(self, other):
        return _compare(np.equal, self, other)

    def ne(self, other):
        return _compare(np.not_equal, self, other)

    def lt(self, other):
        return _compare(np.less, self, other)

    def le(self, other):
        return _compare(np.less_equal, self, other)

    def gt(self, other):
        return _compare(np.greater, self, other)

    def ge(self, other):
        return _compare(np.greater_equal, self, other)

    __eq__, __ne__, __lt__, __le__, __gt__, __ge__ = eq, ne, lt, le, gt, ge
    __hash__ = object.__hash__

    def __and__(self, other):
        return _compare(np.bitwise_and, self, other)

    def __or__(self, other):
        return _compare(np.bitwise_or, self, other)

    def __xor__(self, other):
        return _compare(np.bitwise_xor, self, other)

    def __invert__(self):
        return _tensor_cls()._make(np.invert(self._array), None)

    def logical_not(self):
        return _tensor_cls()._make(np.logical_not(self._array), None)

    def isnan(self):
        return _tensor_cls()._make(np.isnan(self._array), None)

    def isfinite(self):
        return _tensor_cls()._make(np.isfinite(self._array), None)

    def isinf(self):
        return _tensor_cls()._make(np.isinf(self._array), None)

    def _step(self, fn, name):
        if self._array.dtype.kind != "f":             # integers are already whole
            return _tensor_cls()._make(fn(self._array).astype(self._array.dtype), None)
        return pw.Step.apply(self, fn, name)

    def sign(self):
        if self._array.dtype == np.bool_:              # the sign of a bool is itself
            return _tensor_cls()._make(self._array.copy(), None)
        return self._step(np.sign, "SignBackward0")

    def floor(self):
        return self._step(np.floor, "FloorBackward0")

    def ceil(self):
        return self._step(np.ceil, "CeilBackward0")

    def round(self, *, decimals=0):
        if decimals == 0:
            return self._step(np.round, "RoundBackward0")
        return self._step(lambda a: np.round(a, decimals), "RoundBackward1")

    def any(self, dim=None, keepdim=False):
        axis = normalize_dims(dim, self._array.ndim)
        return _tensor_cls()._make(np.any(self._array, axis=axis, keepdims=keepdim), None)

    def all(self, dim=None, keepdim=False):
        axis = normalize_dims(dim, self._array.ndim)
        return _tensor_cls()._make(np.all(self._array, axis=axis, keepdims=keepdim), None)

    def equal(self, other) -> bool:
        return self.shape == other.shape and bool(np.array_equal(self._array, other._array))

    def allclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
        return bool(np.allclose(self._array, other._array, rtol, atol, equal_nan))

    def isclose(self, other, rtol=1e-05, atol=1e-08, equal_nan=False):
        return _tensor_cls()._make(np.isclose(self._array, other._array, rtol, atol,
                                              equal_nan), None)

    # -- aliases and infinity tests (issue 12) ------------------------------------------------
    greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne

    def isposinf(self):
        return _tensor_cls()._make(np.isposinf(self._array), None)

    def isneginf(self):
        return _tensor_cls()._make(np.isneginf(self._array), None)
