"""Sorting and order statistics: sort, topk, kthvalue, median, mode (and cummax/cummin in
``cumulative``).

All of them pick elements of the input along one dim at indices found by a
stable sort, so they share one differentiable op, :class:`PickAlong`, named
after each torch function.  The index-finding helpers below run on plain
arrays and fix the tie rules: a stable sort keeps tied elements in input order
(also when descending), NaN sorts above every number, as in torch.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from .shape import IndexAdd


def along(indices, dim):
    """The NumPy index picking ``indices`` along ``dim`` (``take_along_axis`` as a key)."""
    key = []
    for d, n in enumerate(indices.shape):
        if d == dim:
            key.append(indices)
        else:
            shape = [1] * indices.ndim
            shape[d] = n
            key.append(np.arange(n).reshape(shape))
    return tuple(key)


def stable_argsort(a, dim, descending=False):
    """Indices that sort ``a`` along ``dim``; ties keep input order, NaN counts as largest."""
    if not descending:
        return np.argsort(a, axis=dim, kind="stable")
    # sort the reversed input ascending and read it backwards: largest first, ties in order
    n = a.shape[dim]
    flip = (slice(None),) * dim + (slice(None, None, -1),)
    return n - 1 - np.argsort(a[flip], axis=dim, kind="stable")[flip]


def kth_index(a, dim, k):
    """Index of the k-th smallest (0-based) element along ``dim``, keeping the dim."""
    order = stable_argsort(a, dim)
    return np.take(order, [k], axis=dim)


def median_index(a, dim, ignore_nan):
    """Index of the lower median along ``dim`` (the dim kept, size 1).

    ``median`` answers the first NaN of a row that has one; ``nanmedian`` skips NaN
    and answers the first element of an all-NaN row.
    """
    order = stable_argsort(a, dim)
    valid = np.sum(~np.isnan(a), axis=dim, keepdims=True)
    if ignore_nan:
        position = np.maximum(valid - 1, 0) // 2
    else:
        position = np.where(valid < a.shape[dim], valid, (a.shape[dim] - 1) // 2)
    return np.take_along_axis(order, position, dim)


def mode_index(a, dim):
    """Index of the most frequent value along ``dim`` (kept, size 1).

    Ties between values go to the smallest; the index is that value's last
    occurrence.  NaN never equals NaN, so each NaN counts once (as in torch).
    """
    order = stable_argsort(a, dim)
    ordered = np.take_along_axis(a, order, dim)
    n = a.shape[dim]
    shape = [1] * a.ndim
    shape[dim] = n
    position = np.arange(n).reshape(shape)
    head = (slice(None),) * dim
    starts_run = np.ones(a.shape, bool)
    starts_run[head + (slice(1, None),)] = (ordered[head + (slice(1, None),)] !=
                                            ordered[head + (slice(None, -1),)])
    run_start = np.maximum.accumulate(np.where(starts_run, position, 0), axis=dim)
    # the count so far within a run first reaches its maximum at the end of the longest
    # run (the first such, i.e. the smallest value), where stable order puts the last index
    best = np.argmax(position - run_start, axis=dim)
    return np.take_along_axis(order, np.expand_dims(best, dim), dim)


class PickAlong(Function):
    """Elements of ``a`` at ``indices`` along ``dim`` (shaped like ``a`` except along dim).

    With ``keepdim=False`` the size-1 ``dim`` of a reduction is dropped.
    """

    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, indices, keepdim=True):
        ctx.shape, ctx.key = a.shape, along(indices, dim)
        out = a[ctx.key]
        ctx.kept_shape = out.shape
        return out if keepdim else out.squeeze(dim)

    @staticmethod
    def backward(ctx, grad):
        grad = grad.reshape(ctx.kept_shape)
        # each picked element gets its gradient back; one picked twice gets both
        return IndexAdd.scatter(grad, ctx.key, ctx.shape), None, None, None


class Sort(PickAlong):
    on_arrays = True


class Topk(PickAlong):
    on_arrays = True


class Kthvalue(PickAlong):
    on_arrays = True


class MedianDim(PickAlong):
    on_arrays = True
    grad_fn_name = "MedianBackward1"


class NanmedianDim(PickAlong):
    on_arrays = True
    grad_fn_name = "NanmedianBackward1"


class Mode(PickAlong):
    on_arrays = True


class Median(Function):
    """``median()`` of all elements: the lower median, NaN if any element is NaN."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, ignore_nan=False):
        flat = a.reshape(-1)
        out = flat[median_index(flat, 0, ignore_nan)].reshape(())
        # ties share the gradient evenly (torch's rule for the full reduction)
        hits = (flat == out) | (np.isnan(flat) & np.isnan(out))
        ctx.share = (hits / max(int(hits.sum()), 1)).astype(a.dtype).reshape(a.shape)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.share, None


class Nanmedian(Median):
    """``nanmedian()``: the lower median of the non-NaN elements."""

    on_arrays = True
