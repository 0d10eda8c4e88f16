"""Ops that move elements around without arithmetic: views, indexing, joining."""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import array_module


class View(Function):
    on_arrays = True
    view_op = True

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape), None         # same elements, old shape


class Reshape(View):
    on_arrays = True
    grad_fn_name = "ViewBackward0"


class Squeeze(View):
    on_arrays = True
    grad_fn_name = "SqueezeBackward1"


class Unsqueeze(View):
    on_arrays = True


class Flatten(View):
    on_arrays = True
    grad_fn_name = "ViewBackward0"


class Permute(Function):
    on_arrays = True
    view_op = True

    @staticmethod
    def forward(ctx, a, dims):
        ctx.inverse = tuple(np.argsort(dims))
        return a.transpose(dims)

    @staticmethod
    def backward(ctx, grad):
        if isinstance(grad, np.ndarray):
            return grad.transpose(ctx.inverse), None   # undo the permutation
        return grad.permute(ctx.inverse), None


class Transpose(Permute):
    on_arrays = True


class T(Permute):
    on_arrays = True


class Expand(Function):
    on_arrays = True
    view_op = True

    @staticmethod
    def forward(ctx, a, shape):
        return np.broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad, None                  # the engine sums over the expanded dims


class Clone(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        return np.array(a, copy=True, order="C")

    @staticmethod
    def backward(ctx, grad):
        return grad


class ToCopy(Function):
    """Cast to another dtype; the engine casts the gradient back."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, dtype):
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class Index(Function):
    """``a[key]`` for slices, integers, None, Ellipsis, integer and boolean arrays."""

    on_arrays = True
    view_op = True                       # a view for basic keys, a copy for the others

    @staticmethod
    def forward(ctx, a, key):
        ctx.shape, ctx.key = a.shape, key
        out = a[key]
        if not isinstance(out, np.ndarray):      # one element: as a 0-d view of a instead,
            out = a[(key if isinstance(key, tuple) else (key,)) + (Ellipsis,)]   # shared
        return out

    @staticmethod
    def backward(ctx, grad):
        return IndexAdd.scatter(grad, ctx.key, ctx.shape), None   # route grad back


class Slice(Index):
    on_arrays = True


class Select(Index):
    on_arrays = True


def view_geometry(view: np.ndarray, base: np.ndarray):
    """Where ``view`` lies in ``base``'s memory: (byte offset, shape, strides), or None when
    it cannot be found again in a copy of ``base`` (``base`` not laid out in C or F order,
    ``view`` no longer in its memory, or elements of ``view`` sharing a place)."""
    if not (base.flags.c_contiguous or base.flags.f_contiguous) or not view.size:
        return None
    offset = view.__array_interface__["data"][0] - base.__array_interface__["data"][0]
    last = offset + sum((n - 1) * s for n, s in zip(view.shape, view.strides, strict=True))
    if not 0 <= offset <= last < base.nbytes or min(view.strides, default=1) <= 0:
        return None
    return offset, view.shape, view.strides


def _region(array: np.ndarray, geometry) -> np.ndarray:
    """The elements of ``array`` (laid out like the base ``geometry`` came from) that the
    view of ``geometry`` covers, as a view of ``array``."""
    offset, shape, strides = geometry
    return np.ndarray(shape, array.dtype, buffer=array, offset=offset, strides=strides)


def _order(a: np.ndarray) -> str:
    return "C" if a.flags.c_contiguous else "F"


class CopySlices(Function):
    """``base`` with the elements of one of its views replaced by ``value``: what an
    in-place op on a view does to the tensor the view looks into (torch's CopySlices).
    The result is new memory, so values saved for backward stay as they were."""

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "CopySlices"

    @staticmethod
    def forward(ctx, base, value, geometry):
        ctx.geometry, ctx.order = geometry, _order(base)
        out = np.array(base, order=ctx.order, copy=True)
        _region(out, geometry)[...] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        grad = np.array(grad, order=ctx.order, copy=True)
        covered = _region(grad, ctx.geometry)
        grad_value = covered.copy()                # the view's elements came from value
        covered[...] = 0                           # ... and no longer from base
        return grad, grad_value, None


class AsStrided(Function):
    """The view of ``base`` that ``geometry`` describes (torch's AsStridedBackward0): what
    a view becomes after an in-place op wrote through it into ``base``."""

    on_arrays = True
    once_differentiable = True
    view_op = True
    grad_fn_name = "AsStridedBackward0"

    @staticmethod
    def forward(ctx, base, geometry):
        ctx.shape, ctx.order, ctx.geometry = base.shape, _order(base), geometry
        return _region(base, geometry)

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, grad.dtype, order=ctx.order)   # d view/d base: 1 inside
        _region(out, ctx.geometry)[...] = grad
        return out, None


class IndexAdd(Function):
    """Zeros of ``shape`` with ``values`` added at ``key``; repeated indices add up."""

    on_arrays = True
    grad_fn_name = "IndexPutBackward0"

    @staticmethod
    def forward(ctx, values, key, shape):
        ctx.key = key
        out = np.zeros(shape, values.dtype)
        if _is_basic(key):
            out[key] = values
        else:
            np.add.at(out, key, values)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad[ctx.key], None, None        # the gradient of a scatter is a gather

    @staticmethod
    def scatter(values, key, shape):
        if isinstance(values, np.ndarray):
            return IndexAdd.forward(_NoContext(), values, key, shape)
        return IndexAdd.apply(values, key, shape)


class _NoContext:
    pass


def _is_basic(key) -> bool:
    """True when ``key`` has only slices, ints, None and Ellipsis (no duplicates possible)."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(p is None or p is Ellipsis or isinstance(p, (slice, int, np.integer))
               for p in parts)


class Cat(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim, ctx.sizes = dim, [a.shape[dim] for a in arrays]
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        pieces, start = [None], 0               # each input gets back its own slab
        for size in ctx.sizes:
            pieces.append(grad[(slice(None),) * ctx.dim + (slice(start, start + size),)])
            start += size
        return tuple(pieces)


class Stack(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, dim, *arrays):
        ctx.dim, ctx.count = dim, len(arrays)
        return np.stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return (None,) + tuple(grad[(slice(None),) * ctx.dim + (i,)] for i in range(ctx.count))


class SplitWithSizes(Function):
    """Cut ``a`` along ``dim`` into pieces of the given sizes: one node with one output each.

    (``Tensor.split`` makes one indexing node per piece; the recurrent layers cut
    their input projection into time steps with this single node instead.)
    """

    on_arrays = True

    @staticmethod
    def forward(ctx, a, sizes, dim):
        ctx.dim = dim
        return tuple(np.split(a, np.cumsum(sizes)[:-1], axis=dim))

    @staticmethod
    def backward(ctx, *grads):
        xp = array_module(grads[0])      # each piece's gradient goes back to its own slab
        if xp is np:
            return np.concatenate(grads, axis=ctx.dim), None, None
        return xp.cat(grads, ctx.dim), None, None
