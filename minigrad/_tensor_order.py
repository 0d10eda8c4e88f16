"""Sorting and order statistics as Tensor methods: sort, argsort, msort, topk, kthvalue,
median, nanmedian, mode, quantile, nanquantile, cummax, cummin, unique.

Indices are found on plain arrays by ``minigrad.ops.sorting`` (a stable sort:
tied elements keep their input order, NaN sorts above every number); the
values are then picked by a differentiable op named after the torch function.
Among tied values torch's topk, kthvalue and median may report another, equally
valid index (its selection algorithm is not stable); the values agree.
"""
from __future__ import annotations

import numpy as np

from ._arguments import invalid_call
from ._tensor_math import _renamed, _tensor_cls
from ._tensor_reduce import RETURN_TYPES, _return_type
from .ops import cumulative as cu, sorting as so
from .ops.arithmetic import NotDifferentiable

RETURN_TYPES.update({name: _return_type(name) for name in (
    "sort", "topk", "kthvalue", "median", "nanmedian", "mode", "cummax", "cummin")})
RETURN_TYPES["aminmax"] = _return_type("aminmax", ("min", "max"))
RETURN_TYPES["frexp"] = _return_type("frexp", ("mantissa", "exponent"))

# the signatures of the methods torch gives only one (their argument errors name it)
TOPK = "int k, int dim = -1, bool largest = True, bool sorted = True"
KTHVALUE = "int k, int dim = -1, bool keepdim = False"

INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _long(array):
    return _tensor_cls()._make(np.asarray(array).astype(np.int64, copy=False), None)


def _require_size(t, d, name):
    if t._array.ndim and t._array.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


class TensorOrder:
    """Mixin with the sorting and order-statistic methods of Tensor."""

    __slots__ = ()

    def _pick(self, op, name, d, indices, keepdim=True):
        """(values, indices) with values = ``op`` picking ``indices`` along dim ``d``."""
        if self._array.ndim == 0:                   # a 0-d tensor is its own everything
            indices = np.zeros((), np.int64)
        values = op.apply(self, d, indices, keepdim)
        if not keepdim and self._array.ndim:
            indices = np.squeeze(indices, d)
        return RETURN_TYPES[name](values, _long(indices))

    # -- sorting -------------------------------------------------------------------------------
    def sort(self, dim=-1, descending=False, stable=False):
        d = self._dim_of("sort", dim)
        order = so.stable_argsort(self._array, d, descending) if self._array.ndim else None
        return self._pick(so.Sort, "sort", d, order)

    def argsort(self, dim=-1, descending=False, stable=False):
        self._dim_of("argsort", dim)
        if self._array.ndim == 0:
            return _long(np.zeros((), np.int64))
        return _long(so.stable_argsort(self._array, self._dim(dim), descending))

    def msort(self):
        return self.sort(dim=0).values

    def topk(self, k, dim=-1, largest=True, sorted=True):
        if not isinstance(k, (int, np.integer)):
            raise invalid_call("topk", (k,), method=True, signature=TOPK)
        d = self._dim_of("topk", dim, (k,), TOPK)
        if self._array.dtype == np.bool_:
            raise RuntimeError("topk does not support bool dtypes on CPU")
        size = self._array.shape[d] if self._array.ndim else 1
        if not 0 <= k <= size:
            raise RuntimeError("selected index k out of range")
        order = None
        if self._array.ndim:
            order = so.stable_argsort(self._array, d, descending=largest)
            order = np.take(order, np.arange(k), axis=d)
        return self._pick(so.Topk, "topk", d, order)

    def kthvalue(self, k, dim=-1, keepdim=False):
        if not isinstance(k, (int, np.integer)):
            raise invalid_call("kthvalue", (k,), method=True, signature=KTHVALUE)
        d = self._dim_of("kthvalue", dim, (k,), KTHVALUE)
        if self._array.dtype == np.bool_:
            raise NotImplementedError('"kthvalue_cpu" not implemented for \'Bool\'')
        _require_size(self, d, "kthvalue")
        size = self._array.shape[d] if self._array.ndim else 1
        if not 1 <= k <= size:
            raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
        index = so.kth_index(self._array, d, k - 1) if self._array.ndim else None
        return self._pick(so.Kthvalue, "kthvalue", d, index, keepdim)

    # -- medians and mode -----------------------------------------------------------------------
    def median(self, dim=None, keepdim=False):
        return self._median(dim, keepdim, ignore_nan=False)

    def nanmedian(self, dim=None, keepdim=False):
        return self._median(dim, keepdim, ignore_nan=True)

    def _median(self, dim, keepdim, ignore_nan):
        name = "nanmedian" if ignore_nan else "median"
        if self._array.dtype == np.bool_:
            kernel = "median_cpu" if dim is None else "median_out"
            raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')
        if dim is None:
            if self._array.size == 0:
                return _tensor_cls()._make(np.full((), np.nan, self._array.dtype), None)
            return (so.Nanmedian if ignore_nan else so.Median).apply(self, ignore_nan)
        d = self._dim_of(name, dim)
        _require_size(self, d, "median")              # torch's words for nanmedian too
        index = so.median_index(self._array, d, ignore_nan) if self._array.ndim else None
        return self._pick(so.NanmedianDim if ignore_nan else so.MedianDim, name, d, index,
                          keepdim)

    def mode(self, dim=-1, keepdim=False):
        d = self._dim_of("mode", dim, signature="int dim = -1, bool keepdim = False")
        _require_size(self, d, "mode")
        index = so.mode_index(self._array, d) if self._array.ndim else None
        return self._pick(so.Mode, "mode", d, index, keepdim)

    # -- quantiles ---------------------------------------------------------------------------
    def quantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return self._quantile(q, dim, keepdim, interpolation, ignore_nan=False)

    def nanquantile(self, q, dim=None, keepdim=False, *, interpolation="linear"):
        return self._quantile(q, dim, keepdim, interpolation, ignore_nan=True)

    def _quantile(self, q, dim, keepdim, interpolation, ignore_nan):
        """Sort, find the fractional rank q (n - 1) of each row and interpolate between the
        two elements around it.  A row with NaN gives NaN (``quantile``), or its NaN are
        left out (``nanquantile``).  The q dimension, if any, comes first in the result."""
        Tensor = _tensor_cls()
        name = "nanquantile" if ignore_nan else "quantile"
        if not isinstance(q, (Tensor, int, float, np.floating)):
            raise invalid_call(name, (q,), method=True)
        if dim is not None:
            self._dim_of(name, dim, (q,))
        qs, q_is_tensor = _check_quantile_args(self, q, interpolation)
        x = self.reshape(-1) if dim is None else self
        d = 0 if dim is None else x._dim(dim)
        a = x._array
        n = a.shape[d] if a.ndim else 1
        if a.ndim == 0:
            x, a, d = x.reshape(1), a.reshape(1), 0
        order = so.stable_argsort(a, d)
        nan_count = np.sum(np.isnan(a), axis=d, keepdims=True)
        results = []
        dtype = a.dtype                        # ranks are computed in the input's dtype
        for value in qs:
            value = np.asarray(value, dtype)
            if ignore_nan:
                rank = (value * (n - nan_count - 1)).astype(dtype)
                rank = np.where(rank < 0, dtype.type(n - 1), rank)     # all NaN: pick a NaN
            else:
                rank = np.where(nan_count > 0, dtype.type(n - 1), value * dtype.type(n - 1))
            results.append(_interpolate(x, d, order, rank, interpolation))
        out = results[0] if not q_is_tensor or np.ndim(q._array) == 0 else \
            _stack_first(results)
        out = _reshape_quantile(out, self, dim, keepdim, q_is_tensor and np.ndim(q._array) == 1)
        return _renamed(out, "SqueezeBackward4") if isinstance(out, Tensor) else out

    # -- running extrema ---------------------------------------------------------------------------
    def cummax(self, dim):
        return self._running_extremum(dim, larger=True)

    def cummin(self, dim):
        return self._running_extremum(dim, larger=False)

    def _running_extremum(self, dim, larger):
        name = "cummax" if larger else "cummin"
        if self._array.ndim == 0 and isinstance(dim, (int, np.integer)) and dim not in (0, -1):
            raise IndexError(f"{name}(): Expected reduction dim -1 or 0 for scalar but got {dim}")
        d = self._dim_of(name, dim)
        if self._array.size == 0:
            return RETURN_TYPES[name](self.clone(), _long(np.zeros(self._array.shape)))
        index = (cu.cumulative_extremum_indices(self._array, d, larger)
                 if self._array.ndim else None)
        return self._pick(cu.Cummax if larger else cu.Cummin, name, d, index)

    # -- unique values -----------------------------------------------------------------------
    def unique(self, sorted=True, return_inverse=False, return_counts=False, dim=None):
        """Sorted distinct values (distinct slices along ``dim``); torch sorts them too."""
        a = self._array
        if dim is None:
            values, inverse, counts = np.unique(a.reshape(-1), return_inverse=True,
                                                return_counts=True, equal_nan=False)
            inverse = inverse.reshape(a.shape)
            grad_name = "Unique2Backward0"
        else:
            d = _unique_dim(self, dim)
            values, inverse, counts = np.unique(a, return_inverse=True, return_counts=True,
                                                axis=d)
            inverse = inverse.reshape(-1)
            grad_name = "UniqueDimBackward0"
        return _unique_result(self, values, inverse, counts, return_inverse, return_counts,
                              grad_name)

    def unique_consecutive(self, return_inverse=False, return_counts=False, dim=None):
        """Collapse each run of equal consecutive values (slices along ``dim``) to one."""
        a = self._array
        if dim is None:
            flat = a.reshape(-1)
            starts = np.ones(flat.shape, bool)
            starts[1:] = flat[1:] != flat[:-1]
            values = flat[starts]
            run_of = np.cumsum(starts) - 1
            inverse = run_of.reshape(a.shape)
            grad_name = "UniqueConsecutiveBackward0"
        else:
            d = _unique_dim(self, dim)
            moved = np.moveaxis(a, d, 0)
            starts = np.ones(moved.shape[0], bool)
            changed = moved[1:] != moved[:-1]
            starts[1:] = np.any(changed, axis=tuple(range(1, changed.ndim)))
            values = np.moveaxis(moved[starts], 0, d)
            inverse = np.cumsum(starts) - 1
            grad_name = "UniqueDimConsecutiveBackward0"
        counts = np.diff(np.append(np.flatnonzero(starts), starts.size))
        return _unique_result(self, values, inverse, counts, return_inverse, return_counts,
                              grad_name)


def _unique_dim(t, dim) -> int:
    if t._array.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return t._dim(dim)


def _check_quantile_args(t, q, interpolation):
    """torch's argument checks, in its order; returns the q values as a list and whether q
    was a Tensor."""
    Tensor = _tensor_cls()
    if not isinstance(q, Tensor) and not 0 <= float(q) <= 1:
        raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {float(q):g}")
    if t._array.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if isinstance(q, Tensor) and q._array.ndim > 1:
        raise RuntimeError("quantile() q must be a scalar or 1D tensor")
    if t.dtype.name not in ("float32", "float64"):
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if isinstance(q, Tensor):
        if q._array.dtype != t._array.dtype:
            raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
        values = [float(v) for v in q._array.reshape(-1)]
        if not all(0 <= v <= 1 for v in values):
            raise RuntimeError("quantile() q values must be in the range [0, 1]")
    else:
        values = [float(q)]
    if interpolation not in INTERPOLATIONS:
        raise RuntimeError("quantile() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    return values, isinstance(q, Tensor)


def _interpolate(x, d, order, rank, interpolation):
    """The value at fractional ``rank`` (kept dim, size 1) of ``x`` sorted along ``d``."""
    n = x._array.shape[d]
    low = np.clip(np.floor(rank), 0, n - 1).astype(np.int64)
    high = np.clip(np.ceil(rank), 0, n - 1).astype(np.int64)
    if interpolation == "nearest":
        low = high = np.clip(np.round(rank), 0, n - 1).astype(np.int64)   # half to even
    pick_low = so.PickAlong.apply(x, d, np.take_along_axis(order, low, d))
    if interpolation == "lower":
        return pick_low
    pick_high = so.PickAlong.apply(x, d, np.take_along_axis(order, high, d))
    if interpolation == "higher":
        return pick_high
    if interpolation == "nearest":
        return pick_low
    weight = 0.5 if interpolation == "midpoint" else rank - low
    weight = _tensor_cls()._make(np.asarray(weight, x._array.dtype), None)
    return pick_low.lerp(pick_high, weight.expand(pick_low.shape))


def _stack_first(results):
    from ._creation import stack
    return stack(results, 0)


def _reshape_quantile(out, t, dim, keepdim, has_q_dim):
    """Drop (or keep as size 1) the reduced dims; a q dimension stays in front."""
    lead = (out.shape[0],) if has_q_dim else ()
    if dim is None or t._array.ndim == 0:
        shape = (1,) * t._array.ndim if keepdim else ()
    else:
        d = t._dim(dim)
        shape = list(t._array.shape)
        if keepdim:
            shape[d] = 1
        elif t._array.ndim:
            del shape[d]
        shape = tuple(shape)
    return out.reshape(lead + shape)


def _unique_result(t, values, inverse, counts, return_inverse, return_counts, grad_name):
    """(values[, inverse][, counts]); torch gives values a node that cannot backpropagate."""
    Tensor = _tensor_cls()
    if t.requires_grad and t._array.dtype.kind == "f":
        message = {"Unique2Backward0": "_unique2", "UniqueDimBackward0": "unique_dim",
                   "UniqueConsecutiveBackward0": "unique_consecutive",
                   "UniqueDimConsecutiveBackward0": "unique_dim_consecutive"}[grad_name]
        out = NotDifferentiable.apply(np.asarray(values),
                                      f"the derivative for '{message}' is not implemented.",
                                      NotImplementedError, grad_name, t)
    else:
        out = Tensor._make(np.asarray(values), None)
    extra = []
    if return_inverse:
        extra.append(_long(inverse))
    if return_counts:
        extra.append(_long(counts))
    return (out, *extra) if extra else out

