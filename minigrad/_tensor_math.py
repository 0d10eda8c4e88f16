"""Arithmetic, pointwise functions and reductions as Tensor methods.

Each method converts its arguments (type promotion as in torch) and calls one
primitive from ``minigrad.ops``; composites such as ``var`` or ``logsumexp``
are built from primitives.
"""
from __future__ import annotations

import builtins
import collections
import numbers

import numpy as np

from . import _dtype
from .ops import linalg, pointwise as pw, reduction as red, softmax as sm

def _return_type(name):
    """A (values, indices) namedtuple printed like ``torch.return_types.max``."""
    def __repr__(self):
        return (f"minigrad.return_types.{name}(\nvalues={self.values!r},\n"
                f"indices={self.indices!r})")
    base = collections.namedtuple(name, ["values", "indices"])
    return type(name, (base,), {"__slots__": (), "__repr__": __repr__,
                                "__module__": "minigrad.return_types"})


RETURN_TYPES = {"max": _return_type("max"), "min": _return_type("min")}


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


def _compare(fn, a, b):
    a, b = _promote(a, b)
    other = b._array if isinstance(b, _tensor_cls()) else b
    return _tensor_cls()._make(fn(a._array, other), None)


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
        a, b = _promote(self, other)
        b = b._array if isinstance(b, _tensor_cls()) else b
        fn = np.floor_divide if rounding_mode == "floor" else (
            lambda x, y: np.trunc(x / y).astype(np.result_type(x, y)))
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
        return self.div(other, rounding_mode="floor")

    def __mod__(self, other):
        a, b = _promote(self, other)
        b = b._array if isinstance(b, _tensor_cls()) else b
        return _tensor_cls()._make(np.mod(a._array, b), None)

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
        return self.pow(2)

    def reciprocal(self):
        return _renamed(1 / self._floating(), "ReciprocalBackward0")

    def abs(self):
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
        return self.clamp(min=min)

    def clamp_max(self, max):
        return self.clamp(max=max)

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

    # -- matrix products --------------------------------------------------------------------------
    def matmul(self, other):
        a, b = _promote(self, other)
        if a.ndim == 0 or b.ndim == 0:
            raise RuntimeError("both arguments to matmul need to be at least 1D, but they are "
                               f"{a.ndim}D and {b.ndim}D")
        if a.shape[-1] != b.shape[-2 if b.ndim > 1 else 0]:
            raise RuntimeError(_matmul_message(a, b))
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
        a, b = _promote(self, other)
        if a.shape[0] != b.shape[0] or a.shape[2] != b.shape[1]:
            raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: "
                               f"[{a.shape[0]}, {a.shape[2]}] but got: [{b.shape[0]}, "
                               f"{b.shape[1]}].")
        return linalg.Bmm.apply(a, b)

    def mv(self, vec):
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
        return red.Amax.apply(self, normalize_dims(dim, self._array.ndim), keepdim)

    def amin(self, dim=(), keepdim=False):
        return red.Amin.apply(self, normalize_dims(dim, self._array.ndim), keepdim)

    def argmax(self, dim=None, keepdim=False):
        return _arg_extremum(np.argmax, self, dim, keepdim)

    def argmin(self, dim=None, keepdim=False):
        return _arg_extremum(np.argmin, self, dim, keepdim)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        if isinstance(dim, bool):           # var(unbiased) positional form
            dim, unbiased = None, dim
        if correction is None:
            correction = 1 if unbiased is None or unbiased else 0
        axis = normalize_dims(dim, self._array.ndim)
        count = self._array.size if axis is None else int(
            np.prod([self._array.shape[d] for d in axis]))
        centred = self - self.mean(axis, keepdim=True)
        out = (centred * centred).sum(axis, keepdim=keepdim) / builtins.max(
            count - correction, 0)
        return _renamed(out, "VarBackward0")

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None):
        out = self.var(dim, unbiased, keepdim, correction=correction).sqrt()
        return _renamed(out, "StdBackward0")

    def norm(self, p="fro", dim=None, keepdim=False):
        if p == "fro" and isinstance(dim, (tuple, list)) and len(dim) > 2:
            raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got "
                               + " ".join(str(d) for d in dim))
        axis = normalize_dims(dim, self._array.ndim)
        if p in ("fro", 2, 2.0):
            return red.VectorNorm.apply(self._floating(), axis, bool(keepdim))
        elif p in (float("inf"), "inf"):
            out = self.abs().amax(axis if axis is not None else (), keepdim=keepdim)
        elif p == 1:
            out = self.abs().sum(axis, keepdim=keepdim)
        else:
            out = (self.abs() ** p).sum(axis, keepdim=keepdim) ** (1.0 / p)
        return _renamed(out, "LinalgVectorNormBackward0")

    def logsumexp(self, dim, keepdim=False):
        axis = normalize_dims(dim, self._array.ndim)
        peak = self.detach().amax(axis, keepdim=True)
        peak = peak.masked_fill(~peak.isfinite(), 0)     # rows of -inf stay -inf
        out = (self - peak).exp().sum(axis, keepdim=True).log() + peak
        if not keepdim:
            out = out.squeeze(axis) if axis is not None else out.reshape(())
        return _renamed(out, "LogsumexpBackward0")

    def softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        return sm.Softmax.apply(x._floating(), self._dim(dim))

    def log_softmax(self, dim, dtype=None):
        x = self if dtype is None else self.to(dtype)
        return sm.LogSoftmax.apply(x._floating(), self._dim(dim))


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


def _arg_extremum(pick, t, dim, keepdim):
    Tensor = _tensor_cls()
    if dim is None:
        out = np.asarray(pick(t._array))
        if keepdim:
            out = out.reshape((1,) * t._array.ndim)
    else:
        out = np.asarray(pick(t._array, axis=t._dim(dim), keepdims=keepdim))
    return Tensor._make(out.astype(np.int64, copy=False), None)


def _renamed(t, name):
    """Give a composite's final node the name torch shows for the fused op."""
    if t.grad_fn is not None:
        t.grad_fn.name_override = name
    return t


def _dtype_word(np_dtype) -> str:
    from ._tensor import _type_word
    return _type_word(np_dtype)


def _matmul_message(a, b) -> str:
    if a.ndim == 1 and b.ndim == 1:
        return (f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src "
                f"[{b.shape[0]}] to have the same number of elements, but got {a.shape[0]} "
                f"and {b.shape[0]} elements respectively")
    if b.ndim == 1:
        rows = int(np.prod(a.shape[:-1]))
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
