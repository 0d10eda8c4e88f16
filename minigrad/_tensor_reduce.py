"""Matrix products and reductions as Tensor methods.

``sum``, ``mean``, ``max``... call one primitive from ``minigrad.ops``;
composites such as ``var`` or ``logsumexp`` are built from primitives.
"""
from __future__ import annotations

import builtins
import collections
import warnings

import math

import numpy as np

from ._tensor_convert import _c_type, _type_word, not_a_tensor
from ._tensor_math import (_broadcast_message, _cast, _not_for, _promote, _renamed, _tensor_cls,
                           normalize_dims)
from .ops import cumulative as cu, linalg, reduction as red, softmax as sm


def _return_type(name, fields=("values", "indices")):
    """A (values, indices) namedtuple printed like ``torch.return_types.max``."""
    def __repr__(self):
        body = ",\n".join(f"{field}={value!r}" for field, value in zip(fields, self, strict=True))
        return f"minigrad.return_types.{name}(\n{body})"
    base = collections.namedtuple(name, list(fields))
    return type(name, (base,), {"__slots__": (), "__repr__": __repr__,
                                "__module__": "minigrad.return_types"})


RETURN_TYPES = {"max": _return_type("max"), "min": _return_type("min")}


class TensorReduce:
    """Mixin with the matrix products and reductions of Tensor."""

    __slots__ = ()

    # -- matrix products --------------------------------------------------------------------------
    def matmul(self, other):
        mixed = isinstance(other, _tensor_cls()) and other._array.dtype != self._array.dtype
        if mixed and self.ndim == 1 and other.ndim == 1:      # dot checks dtypes first
            raise RuntimeError(_matmul_dtype_message(self, other))
        a, b = (self, other) if mixed else _promote(self, other)
        if a.ndim == 0 or b.ndim == 0:
            raise RuntimeError("both arguments to matmul need to be at least 1D, but they are "
                               f"{a.ndim}D and {b.ndim}D")
        if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
            raise RuntimeError(_matmul_message(a, b))
        if a.ndim > 2 and b.ndim > 2 and a.shape[:-2] != b.shape[:-2]:
            try:
                np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
            except ValueError:
                raise RuntimeError(_broadcast_message(a.shape[:-2], b.shape[:-2])) from None
        if mixed or a._array.dtype == np.bool_:
            kernel = _matmul_kernel(a.ndim, b.ndim)
            if a._array.dtype == np.bool_ and (kernel == "bmm" or not mixed):
                raise NotImplementedError(_not_for(kernel, a))   # bmm refuses before it compares
            raise RuntimeError(_matmul_dtype_message(a, b))
        kind = {(2, 2): linalg.Mm, (1, 1): linalg.Dot, (2, 1): linalg.Mv}.get(
            (a.ndim, b.ndim), linalg.MatMul)
        return kind.apply(a, b)

    def mm(self, other):
        if self.ndim != 2 or other.ndim != 2:
            raise RuntimeError("self must be a matrix" if self.ndim != 2 else
                               "mat2 must be a matrix")
        return self.matmul(other)

    def bmm(self, other):
        if self.ndim != 3 or other.ndim != 3:
            raise RuntimeError("batch1 must be a 3D tensor" if self.ndim != 3 else
                               "batch2 must be a 3D tensor")
        if self.shape[0] != other.shape[0] or self.shape[2] != other.shape[1]:
            raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: "
                               f"[{self.shape[0]}, {self.shape[2]}] but got: [{other.shape[0]}, "
                               f"{other.shape[1]}].")
        if self._array.dtype == np.bool_:
            raise NotImplementedError(_not_for("bmm", self))
        if other._array.dtype != self._array.dtype:
            raise RuntimeError(f"expected scalar type {_type_word(self._array.dtype)} but found "
                               f"{_type_word(other._array.dtype)}")
        return linalg.Bmm.apply(self, other)

    def mv(self, vec):
        if self.ndim != 2 or vec.ndim != 1:
            raise RuntimeError(f"vector + matrix @ vector expected, got 1, {self.ndim}, "
                               f"{vec.ndim}")
        return self.matmul(vec)

    def dot(self, other):
        if self.ndim != 1 or other.ndim != 1:
            raise RuntimeError(f"1D tensors expected, but got {self.ndim}D and {other.ndim}D "
                               "tensors")
        return self.matmul(other)

    # -- reductions ------------------------------------------------------------------------
    def sum(self, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
        axis = normalize_dims(dim if axis is None else axis, self._array.ndim)
        keepdim = keepdim if keepdims is None else keepdims
        x = self
        if dtype is not None:
            x = x.to(dtype)
        elif x._array.dtype.kind in "biu":
            x = _cast(x, np.dtype(np.int64))
        return red.Sum.apply(x, axis, bool(keepdim))

    def mean(self, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None):
        x = self if dtype is None else self.to(dtype)
        if not x.dtype.is_floating_point:
            raise RuntimeError("mean(): could not infer output dtype. Input dtype must be either "
                               "a floating point or complex dtype. Got: "
                               f"{_dtype_word(x._array.dtype)}")
        axis = normalize_dims(dim if axis is None else axis, x._array.ndim)
        keepdim = keepdim if keepdims is None else keepdims
        return red.Mean.apply(x, axis, bool(keepdim))

    def _extremum(self, full_op, dim_op, other_fn, name, dim, keepdim):
        Tensor = _tensor_cls()
        if isinstance(dim, Tensor):
            return other_fn(dim)
        if dim is None:
            if self._array.size == 0:
                raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                                   "input.numel() == 0. Specify the reduction dim with the "
                                   "'dim' argument.")
            return full_op.apply(self, None, False)
        d = self._dim(dim)
        _nonempty_dims(self, name, (d,))
        if self._array.ndim == 0:
            values = _renamed(self.clone(), dim_op.grad_fn_name)
            return RETURN_TYPES[name](values, Tensor._make(np.zeros((), np.int64), None))
        pick = np.argmax if name == "max" else np.argmin
        indices = pick(self._array, axis=d)
        values = dim_op.apply(self, d, indices, keepdim)
        if keepdim:
            indices = np.expand_dims(indices, d)
        return RETURN_TYPES[name](values, Tensor._make(indices.astype(np.int64), None))

    def max(self, dim=None, keepdim=False):
        return self._extremum(red.Max, red.MaxDim, self.maximum, "max", dim, keepdim)

    def min(self, dim=None, keepdim=False):
        return self._extremum(red.Min, red.MinDim, self.minimum, "min", dim, keepdim)

    def amax(self, dim=(), keepdim=False):
        axis = normalize_dims(dim, self._array.ndim)
        _nonempty_dims(self, "amax", axis)
        return red.Amax.apply(self, axis, keepdim)

    def amin(self, dim=(), keepdim=False):
        axis = normalize_dims(dim, self._array.ndim)
        _nonempty_dims(self, "amin", axis)
        return red.Amin.apply(self, axis, keepdim)

    def argmax(self, dim=None, keepdim=False):
        return _arg_extremum(np.argmax, self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return _arg_extremum(np.argmin, self, dim, keepdim)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _renamed(variance(self, "var", dim, unbiased, keepdim, correction),
                        "VarBackward0")

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        return _renamed(variance(self, "std", dim, unbiased, keepdim, correction).sqrt(),
                        "StdBackward0")

    def norm(self, p="fro", dim=None, keepdim=False):
        if isinstance(p, str) and p != "fro":
            if p != "nuc":
                raise RuntimeError(f"linalg.matrix_norm: Order {p} not supported.")
            if self._array.ndim < 2:
                raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                                   "dimensions.")
            raise NotImplementedError("minigrad has no nuclear norm (p='nuc'): it needs an SVD")
        if p == "fro" and isinstance(dim, (tuple, list)) and len(dim) > 2:
            raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got "
                               + " ".join(str(d) for d in dim))
        axis = normalize_dims(dim, self._array.ndim)
        if self._array.dtype.kind != "f":
            raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor "
                               f"as input. Got {_type_word(self._array.dtype)}")
        if p in ("fro", 2, 2.0):
            return red.VectorNorm.apply(self, axis, bool(keepdim))
        elif p in (float("inf"), "inf"):
            return red.InfNorm.apply(self, axis, bool(keepdim))
        elif p == 0:
            return red.ZeroNorm.apply(self, axis, bool(keepdim))
        elif p == 1:
            out = self.abs().sum(axis, keepdim=keepdim)
        else:
            out = (self.abs() ** p).sum(axis, keepdim=keepdim) ** (1.0 / p)
        return _renamed(out, "LinalgVectorNormBackward0")

    def logsumexp(self, dim, keepdim=False):
        axis = normalize_dims(dim, self._array.ndim)
        x = self._floating()
        peak = np.amax(x._array, axis=axis, keepdims=True, initial=-np.inf)   # -inf when empty
        peak = _tensor_cls()._make(np.where(np.isfinite(peak), peak, 0).astype(x._array.dtype),
                                   None)               # rows of -inf stay -inf
        out = (x - peak).exp().sum(axis, keepdim=True).log() + peak
        if not keepdim:
            out = out.squeeze(axis) if axis is not None else out.reshape(())
        return _renamed(out, "LogsumexpBackward0")

    def softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        d = self._dim(dim)
        if x._array.dtype.kind != "f":
            return _no_float_kernel(x, "softmax", d)
        if x._array.size == 0:
            return _renamed(x.clone(), "SoftmaxBackward0")
        return sm.Softmax.apply(x, d)

    def log_softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        d = self._dim(dim)
        if x._array.dtype.kind != "f":
            return _no_float_kernel(x, "log_softmax", d)
        if x._array.size == 0:
            return _renamed(x.clone(), "LogSoftmaxBackward0")
        return sm.LogSoftmax.apply(x, d)


    # -- products, NaN-skipping and paired reductions, scans (issue 12) -------------------------
    def _accumulating(self, dtype):
        """Sums and products of integers and bools are int64, as in torch."""
        if dtype is not None:
            return self.to(dtype)
        return _cast(self, np.dtype(np.int64)) if self._array.dtype.kind in "biu" else self

    def prod(self, dim=None, keepdim=False, *, dtype=None):
        x = self._accumulating(dtype)
        if dim is None:
            return red.Prod.apply(x, None, False)
        return red.Prod.apply(x, self._dim_of("prod", dim), bool(keepdim))

    def nansum(self, dim=None, keepdim=False, *, dtype=None):
        dims = self._dims_of("nansum", dim, NANSUM)
        return red.Nansum.apply(self._accumulating(dtype), dims, bool(keepdim))

    def nanmean(self, dim=None, keepdim=False, *, dtype=None):
        self._dims_of("nanmean", dim, NANSUM)
        if not self.dtype.is_floating_point:         # checked before any dtype= cast
            raise RuntimeError("nanmean(): expected input to have floating point or complex "
                               f"dtype but got {_dtype_word(self._array.dtype)}")
        x = self if dtype is None else self.to(dtype)
        count = (~x.isnan()).sum(dim, keepdim=keepdim)
        return x.nansum(dim, keepdim) / count        # the mean of the non-NaN elements

    def aminmax(self, *, dim=None, keepdim=False):
        from ._tensor_order import RETURN_TYPES as ORDER_TYPES
        if dim is None and self._array.size == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as "
                               "the operation has no identity.")
        dims = () if dim is None else dim
        if dim is not None and self._array.size == 0 and self._array.ndim:
            d = self._dim(dim)
            if self._array.shape[d] == 0:
                raise IndexError(f"aminmax: Expected reduction dim {d} to have non-zero size.")
        low = self.amin(dims, keepdim=keepdim)
        high = self.amax(dims, keepdim=keepdim)
        if dim is None and keepdim:
            low, high = low.reshape((1,) * self.ndim), high.reshape((1,) * self.ndim)
        return ORDER_TYPES["aminmax"](_renamed(low, "AminmaxBackward0"),
                                      _renamed(high, "AminmaxBackward0"))

    def count_nonzero(self, dim=None):
        axis = self._dims_of("count_nonzero", dim, "tuple of ints dim")
        count = np.count_nonzero(self._array, axis=axis)
        return _tensor_cls()._make(np.asarray(count, np.int64), None)

    def dist(self, other, p=2):
        """The p-norm of ``self - other``."""
        if not isinstance(other, _tensor_cls()):
            raise TypeError(not_a_tensor("dist", "other", other))
        if not isinstance(p, (int, float, np.generic)):
            raise TypeError(f"dist(): argument 'p' (position 2) must be Number, not "
                            f"{type(p).__name__}")
        diff = self - other                          # two bools fail here, as in torch
        common = diff._array.dtype                   # the norm of self - other
        if common.kind != "f":
            raise RuntimeError("norm(): input dtype should be either floating point or complex. "
                               f"Got {_dtype_word(common)} instead.")
        if p == 0:                                   # the count of differing elements
            from .ops.arithmetic import Flat
            count = np.asarray(np.count_nonzero(diff._array), diff._array.dtype)
            return Flat.apply(count, "DistBackward0", self, other)
        return _renamed(diff.norm(p), "DistBackward0")

    def cumsum(self, dim, *, dtype=None):
        x = self._accumulating(dtype)
        return cu.Cumsum.apply(x, x._dim_of("cumsum", dim, signature=SCAN))

    def cumprod(self, dim, *, dtype=None):
        x = self._accumulating(dtype)
        return cu.Cumprod.apply(x, x._dim_of("cumprod", dim, signature=SCAN))

    def logcumsumexp(self, dim):
        self._dim_of("logcumsumexp", dim)
        if self._array.dtype.kind != "f":
            raise NotImplementedError('"logcumsumexp_out_cpu" not implemented for '
                                      f"'{_dtype_word(self._array.dtype)}'")
        return cu.Logcumsumexp.apply(self, self._dim(dim))


# the signatures of the methods torch gives only one (their argument errors name it)
NANSUM = "tuple of ints dim = None, bool keepdim = False, *, torch.dtype dtype = None"
SCAN = "int dim, *, torch.dtype dtype = None"


def variance(x, op, dim, unbiased, keepdim, correction):
    """``x``'s variance over ``dim``: the summed squares about the mean over count -
    correction (Bessel's correction of 1 by default).  When nothing is left after the
    correction, torch warns (naming ``op``: 'var', 'std', 'var_mean'...) and answers inf
    or nan."""
    if isinstance(dim, bool):               # var(unbiased) positional form
        dim, unbiased = None, dim
    if x._array.dtype.kind != "f":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    axis = normalize_dims(dim, x._array.ndim)
    count = x._array.size if axis is None else math.prod([x._array.shape[d] for d in axis])
    if count - correction <= 0:
        warnings.warn(f"{op}(): degrees of freedom is <= 0. Correction should be strictly "
                      "less than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=3)
    centred = x - x.mean(axis, keepdim=True)
    return (centred * centred).sum(axis, keepdim=keepdim) / builtins.max(count - correction, 0)


def _nonempty_dims(t, name, axis) -> None:
    """torch refuses to take the max/min over an empty dim (there is no identity)."""
    if t._array.size:
        return
    if axis is None:
        if name in ("amax", "amin"):
            raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                               "input.numel() == 0. Specify the reduction dim with the 'dim' "
                               "argument.")
        raise IndexError(f"{name}(): Expected reduction dim to be specified for input.numel() "
                         "== 0.")
    for d in axis:
        if t._array.ndim and t._array.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")


def _no_float_kernel(x, name, dim):
    """softmax of an integer tensor: torch has no kernel (an empty one passes through)."""
    if x._array.size == 0:
        return x.clone()
    last = "_lastdim" if dim == max(x._array.ndim - 1, 0) else ""
    raise NotImplementedError(_not_for(f"{name}{last}_kernel_impl", x))


def _matmul_dtype_message(a, b) -> str:
    """torch's words for factors of two dtypes, by the kernel the product ends in."""
    kernel = _matmul_kernel(a.ndim, b.ndim)
    if kernel == "dot":
        return (f"dot : expected both vectors to have same dtype, but found "
                f"{_type_word(a._array.dtype)} and {_type_word(b._array.dtype)}")
    if kernel == "addmv_impl_cpu":
        vec, mat = _type_word(b._array.dtype), _type_word(a._array.dtype)
        return f"addmv input tensors must have the same dtype, but got {vec}, {mat}, and {vec}"
    if kernel == "bmm":
        return (f"expected scalar type {_type_word(a._array.dtype)} but found "
                f"{_type_word(b._array.dtype)}")
    return (f"expected m1 and m2 to have the same dtype, but got: {_c_type(a._array.dtype)} != "
            f"{_c_type(b._array.dtype)}")


def _matmul_kernel(a_ndim: int, b_ndim: int) -> str:
    """The torch kernel that a product of these ranks ends in (named by its errors):
    leading dims of a batch times a matrix or a vector are folded into rows first."""
    if a_ndim == 1 and b_ndim == 1:
        return "dot"
    if b_ndim == 1:
        return "addmv_impl_cpu"
    return "addmm_impl_cpu_" if b_ndim == 2 else "bmm"


def _arg_extremum(pick, t, dim, keepdim):
    Tensor = _tensor_cls()
    if t._array.dtype == np.bool_:
        raise RuntimeError(f"{pick.__name__}(): does not support bool input")
    _nonempty_dims(t, pick.__name__, None if dim is None else (t._dim(dim),))
    if dim is None:
        out = np.asarray(pick(t._array))
        if keepdim:
            out = out.reshape((1,) * t._array.ndim)
    else:
        out = np.asarray(pick(t._array, axis=t._dim(dim), keepdims=keepdim))
    return Tensor._make(out.astype(np.int64, copy=False), None)


def _dtype_word(np_dtype) -> str:
    from ._tensor import _type_word
    return _type_word(np_dtype)


def _matmul_message(a, b) -> str:
    if a.ndim == 1 and b.ndim == 1:
        return (f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src "
                f"[{b.shape[0]}] to have the same number of elements, but got {a.shape[0]} "
                f"and {b.shape[0]} elements respectively")
    if b.ndim == 1:
        rows = math.prod(a.shape[:-1])
        return (f"size mismatch, got input ({rows}), mat ({rows}x{a.shape[-1]}), "
                f"vec ({b.shape[0]})")
    if a.ndim <= 2 and b.ndim <= 2:
        rows = a.shape if a.ndim == 2 else (1, a.shape[0])
        cols = b.shape if b.ndim == 2 else (b.shape[0], 1)
        return (f"mat1 and mat2 shapes cannot be multiplied ({rows[0]}x{rows[1]} and "
                f"{cols[0]}x{cols[1]})")
    return (f"Expected size for first two dimensions of batch2 tensor to be: "
            f"[{b.shape[0] if b.ndim > 2 else a.shape[0]}, {a.shape[-1]}] but got: "
            f"[{b.shape[0] if b.ndim > 2 else a.shape[0]}, {b.shape[-2]}].")
