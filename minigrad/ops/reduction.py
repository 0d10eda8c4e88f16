"""Reductions over dimensions: sum, mean, max/min and their dim-wise forms.

``axis`` is None (reduce everything) or a tuple of non-negative dims.
"""
from __future__ import annotations

import math

import numpy as np

from .. import _parallel
from ..autograd.function import Function
from . import array_module
from .pointwise import _sgn


def _expand_back(grad, shape, axis, keepdim):
    """Broadcast a reduced gradient back to the input ``shape``."""
    if axis is not None and not keepdim:
        kept = list(shape)
        for d in axis:
            kept[d] = 1
        grad = grad.reshape(tuple(kept))
    return array_module(grad).broadcast_to(grad, shape)


def _as_dtype_of(a, total):
    """``total`` in ``a``'s dtype: NumPy sums and multiplies small integers (and bools) in
    int64, torch in the dtype it was asked for (``sum(dtype=torch.int32)``), wrapping
    around as C does; the low bits of the int64 result are that answer."""
    return np.asarray(total).astype(a.dtype, copy=False)


class Sum(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        ctx.name_override = "SumBackward0" if axis is None else "SumBackward1"
        return _as_dtype_of(a, _parallel.reduce_rows("sum", a, axis, keepdim))

    @staticmethod
    def backward(ctx, grad):
        return _expand_back(grad, ctx.shape, ctx.axis, ctx.keepdim), None, None   # d sum = 1


class Mean(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        ctx.count = a.size if axis is None else math.prod([a.shape[d] for d in axis])
        ctx.name_override = "MeanBackward0" if axis is None else "MeanBackward1"
        if ctx.count == 0:                       # torch answers nan without a warning
            return np.full(np.sum(a, axis=axis, keepdims=keepdim).shape, np.nan, a.dtype)
        return np.asarray(_parallel.reduce_rows("mean", a, axis, keepdim))

    @staticmethod
    def backward(ctx, grad):
        grad = _expand_back(grad, ctx.shape, ctx.axis, ctx.keepdim)
        return grad / ctx.count, None, None      # d mean = 1/n


def _save_extremum(ctx, a, kept, axis, keepdim):
    """Shared forward tail of Amax/Amin/Max/Min: save, then drop the reduced dims."""
    ctx.save_for_backward(a, kept)
    ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
    if keepdim:
        return kept
    return kept.reshape(()) if axis is None else np.squeeze(kept, axis=axis)


def _extremum_backward(ctx, grad):
    a, kept = ctx.saved_tensors
    winners = a == kept                  # ties share the gradient evenly (torch's rule)
    count = winners.sum(axis=ctx.axis, keepdims=True)
    keep = ctx.keepdim or ctx.axis is None
    with np.errstate(invalid="ignore", divide="ignore"):   # a NaN slice: NaN, as in torch
        return _expand_back(grad, ctx.shape, ctx.axis, keep) * winners / count, None, None


def _full_extremum_backward(ctx, grad):
    """``max()``/``min()`` over everything: a NaN result is shared by the NaN elements."""
    a, kept = ctx.saved_tensors
    nan_result = bool(np.isnan(np.asarray(kept)).any())
    winners = array_module(a).isnan(a) if nan_result else a == kept
    return grad * winners / winners.sum(), None, None


class Amax(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        return _save_extremum(ctx, a, np.amax(a, axis=axis, keepdims=True), axis, keepdim)

    backward = staticmethod(_extremum_backward)


class Amin(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        return _save_extremum(ctx, a, np.amin(a, axis=axis, keepdims=True), axis, keepdim)

    backward = staticmethod(_extremum_backward)


class Max(Amax):
    """``a.max()`` over everything (torch's MaxBackward1)."""

    on_arrays = True
    grad_fn_name = "MaxBackward1"
    backward = staticmethod(_full_extremum_backward)


class Min(Amin):
    on_arrays = True
    grad_fn_name = "MinBackward1"
    backward = staticmethod(_full_extremum_backward)


class MaxDim(Function):
    """Values of ``max(dim)`` picked by precomputed ``indices`` (torch's MaxBackward0)."""

    on_arrays = True
    grad_fn_name = "MaxBackward0"

    @staticmethod
    def forward(ctx, a, dim, indices, keepdim):
        kept_indices = np.expand_dims(indices, dim)      # indices come without the dim
        ctx.shape, ctx.dim, ctx.keepdim = a.shape, dim, keepdim
        ctx.picked = np.zeros(a.shape, bool)
        np.put_along_axis(ctx.picked, kept_indices, True, dim)
        out = np.take_along_axis(a, kept_indices, dim)
        return out if keepdim else out.squeeze(dim)

    @staticmethod
    def backward(ctx, grad):
        grad = _expand_back(grad, ctx.shape, (ctx.dim,), ctx.keepdim)
        return grad * ctx.picked, None, None, None   # only the picked element gets it


class MinDim(MaxDim):
    on_arrays = True
    grad_fn_name = "MinBackward0"


class ZeroNorm(Function):
    """The "0-norm" over ``axis``: how many elements are not zero, in ``a``'s dtype."""

    on_arrays = True
    grad_fn_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        return np.asarray(np.count_nonzero(a, axis=axis, keepdims=keepdim)).astype(a.dtype)

    @staticmethod
    def backward(ctx, grad):
        # a count is flat wherever it has a slope; torch gives no gradient at all, so the
        # input's .grad stays None rather than becoming zeros
        return None, None, None


class InfNorm(Function):
    """The max-norm ``max |a|`` over ``axis`` (torch's LinalgVectorNormBackward0)."""

    on_arrays = True
    grad_fn_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        return _save_extremum(ctx, a, np.amax(np.abs(a), axis=axis, keepdims=True), axis,
                              keepdim)

    @staticmethod
    def backward(ctx, grad):
        a, kept = ctx.saved_tensors
        xp = array_module(a)
        size = xp.abs(a)
        # d max|a|/da = sign(a) at the largest |a|, ties sharing; a NaN counts as one of the
        # largest but has sign 0, so a slice holding NaN gets no gradient (torch's rule)
        winners = (size == kept) | xp.isnan(size)
        count = winners.sum(axis=ctx.axis, keepdims=True)
        keep = ctx.keepdim or ctx.axis is None
        g = _expand_back(grad, ctx.shape, ctx.axis, keep)
        return _sgn(a) * g * winners / count, None, None


class VectorNorm(Function):
    """The 2-norm over ``axis`` (torch's LinalgVectorNormBackward0)."""

    on_arrays = True
    grad_fn_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        out = np.sqrt(np.sum(a * a, axis=axis, keepdims=keepdim))
        ctx.save_for_backward(a, out)
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        xp = array_module(grad)
        # d |a|/da = a / |a|, and 0 for a zero vector (torch's subgradient)
        norm = _expand_back(xp.where(out == 0, 1, out), ctx.shape, ctx.axis, ctx.keepdim)
        return _expand_back(grad, ctx.shape, ctx.axis, ctx.keepdim) / norm * a, None, None


# -- products and NaN-skipping sums (issue 12) ---------------------------------------------
class Prod(Function):
    """The product over one dim (``axis`` an int) or over everything (``axis`` None)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        ctx.name_override = "ProdBackward0" if axis is None else "ProdBackward1"
        if a.ndim == 0:               # dim 0 of a 0-d tensor: the product of its one element
            axis = None
        ctx.save_for_backward(a)
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        return _as_dtype_of(a, np.prod(a, axis=axis, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        axes = None if ctx.axis is None else (ctx.axis,)
        grad = _expand_back(grad, ctx.shape, axes, ctx.keepdim or ctx.axis is None)
        if ctx.axis is None:          # the product of everything: one long dim
            others = _products_of_others(a.reshape(-1), 0).reshape(ctx.shape)
        else:
            others = _products_of_others(a, ctx.axis)
        return grad * others, None, None   # d prod/da_k = the product of all the other a_i


def _products_of_others(x, dim):
    """prod_{i != k} x_i along ``dim``, without dividing (exact when some x_i are 0):
    the product before k (an exclusive cumprod) times the product after k."""
    from .cumulative import flip
    xp = array_module(x)
    n = x.shape[dim]
    shape = [1] * x.ndim
    shape[dim] = n
    first = (np.arange(n) == 0).reshape(shape)
    shift = (slice(None),) * dim + (np.maximum(np.arange(n) - 1, 0),)
    before = xp.where(first, 1, x.cumprod(dim)[shift])
    after = flip(xp.where(first, 1, flip(x, dim).cumprod(dim)[shift]), dim)
    return before * after


class Nansum(Function):
    """The sum with NaN counted as zero."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        ctx.save_for_backward(a)
        ctx.shape, ctx.axis, ctx.keepdim = a.shape, axis, keepdim
        return _as_dtype_of(a, np.nansum(a, axis=axis, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        grad = _expand_back(grad, ctx.shape, ctx.axis, ctx.keepdim)
        return array_module(a).where(array_module(a).isnan(a), 0, grad), None, None  # NaN: flat
