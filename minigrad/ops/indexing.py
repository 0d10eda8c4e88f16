"""Ops that read or write elements at computed positions.

gather/scatter along a dim, index_select/index_add/index_copy/index_fill
(whole slices along a dim), index_put, masked_select/masked_scatter, take/put
(flat positions).  A read's gradient is a write and a write's gradient a read,
so each backward calls its partner through ``run``, which keeps it
differentiable for ``create_graph=True``.

Arguments arrive checked and normalised by the Tensor methods: ``dim`` is
non-negative, indices are in range and int64 NumPy arrays.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import array_module, run
from .shape import Index
from .shape import IndexAdd as PlaceAt     # zeros of a shape with values added at a key


def along(index, dim):
    """The NumPy key picking, for each entry of ``index``, element ``index[...]`` along ``dim``
    (all other coordinates being the entry's own): torch's gather/scatter addressing."""
    grid = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(grid)


def leading(shape):
    """The key of the leading block of size ``shape`` (all a smaller index can reach)."""
    return tuple(slice(0, n) for n in shape)


def zeros(like, shape):
    """Zeros of ``shape`` in ``like``'s kind (array or Tensor) and dtype."""
    return array_module(like).zeros(shape, dtype=like.dtype)


def padded(grad, shape):
    """``grad`` placed at the start of zeros of ``shape`` (src larger than its index)."""
    if tuple(grad.shape) == tuple(shape):
        return grad
    return PlaceAt.scatter(grad, leading(grad.shape), shape)


# -- gather and scatter along a dim -------------------------------------------------------------
class Gather(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        return a[along(index, dim)]

    @staticmethod
    def backward(ctx, grad):
        # out[i] = a[index[i]]: each gradient goes back where its value came from (adding up)
        return run(ScatterAdd, zeros(grad, ctx.shape), ctx.dim, ctx.index, grad), None, None


class ScatterAdd(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index, src):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = a.copy()
        np.add.at(out, along(index, dim), src[leading(index.shape)])
        return out

    @staticmethod
    def backward(ctx, grad):
        # d/da = 1; d/dsrc[i] = grad at the place src[i] was added to
        picked = run(Gather, grad, ctx.dim, ctx.index)
        return grad, None, None, padded(picked, ctx.src_shape)


class Scatter(Function):
    """``a`` with ``src`` written at ``index`` along ``dim`` (torch's ScatterBackward0)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index, src):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = a.copy()
        out[along(index, dim)] = src[leading(index.shape)]
        return out

    @staticmethod
    def backward(ctx, grad):
        # overwritten places of a get no gradient; src[i] gets the gradient of its place
        grad_a = run(ScatterFill, grad, ctx.dim, ctx.index, 0)
        picked = run(Gather, grad, ctx.dim, ctx.index)
        return grad_a, None, None, padded(picked, ctx.src_shape)


class ScatterFill(Function):
    """``a`` with the number ``value`` written at ``index`` along ``dim``."""

    on_arrays = True
    grad_fn_name = "ScatterBackward1"

    @staticmethod
    def forward(ctx, a, dim, index, value):
        ctx.dim, ctx.index = dim, index
        out = a.copy()
        out[along(index, dim)] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        return run(ScatterFill, grad, ctx.dim, ctx.index, 0), None, None, None  # 0 where filled


REDUCERS = {"sum": np.add, "prod": np.multiply, "mean": np.add, "amax": np.maximum,
            "amin": np.minimum}


def _start(reduce, dtype):
    """The value a reduction starts from when ``include_self=False``."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    info = np.finfo(dtype) if dtype.kind == "f" else np.iinfo(dtype)
    big = np.inf if dtype.kind == "f" else info.max
    return -big if reduce == "amax" else big


def reduce_into(a, key, values, reduce, include_self):
    """``a`` with ``values`` reduced into the places ``key`` names (repeats combine)."""
    out = a.copy()
    if not include_self:
        out[key] = _start(reduce, a.dtype)
    REDUCERS[reduce].at(out, key, values)
    if reduce == "mean":
        count = np.full(a.shape, 1 if include_self else 0, np.int64)
        np.add.at(count, key, 1)
        count = np.maximum(count, 1)
        out = out / count if a.dtype.kind == "f" else out // count
    return out.astype(a.dtype, copy=False)


class ScatterReduce(Function):
    """``scatter_reduce``: src combined into ``a`` at ``index`` by sum/prod/mean/amax/amin."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index, src, reduce, include_self):
        ctx.dim, ctx.index, ctx.reduce, ctx.include_self = dim, index, reduce, include_self
        ctx.src_shape = src.shape
        out = reduce_into(a, along(index, dim), src[leading(index.shape)], reduce, include_self)
        ctx.save_for_backward(a, src, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, src, out = ctx.saved_tensors
        dim, index, reduce, include_self = ctx.dim, ctx.index, ctx.reduce, ctx.include_self
        src = src[leading(index.shape)]           # the part of src that took part
        xp = array_module(grad)
        if reduce == "sum":                     # d sum = 1 for every term
            grad_a, grad_src = grad, run(Gather, grad, dim, index)
        elif reduce == "mean":                  # d mean = 1/n for each of the n terms
            count = np.full(a.shape, 1.0 if include_self else 0.0)
            np.add.at(count, along(index, dim), 1.0)
            count = np.maximum(count, 1.0).astype(_np_dtype(grad))
            grad_a = grad / count
            grad_src = run(Gather, grad_a, dim, index)
        elif reduce == "prod":                  # d prod/dx = prod of the other terms
            grad_a, grad_src = _prod_backward(grad, a, src, out, dim, index, include_self, xp)
        else:                                   # amax/amin: the winners share the gradient
            value = run(Gather, out, dim, index)
            a_wins = (_plain(a) == _plain(out)).astype(_np_dtype(grad))
            src_wins = (_plain(src) == _plain(value)).astype(_np_dtype(grad))
            shares = ScatterAdd.forward(_Scratch(), a_wins, dim, index, src_wins)
            grad_a = grad * a_wins / shares
            grad_src = run(Gather, grad / shares, dim, index) * src_wins
        if not include_self:                    # a's overwritten places took no part
            grad_a = run(ScatterFill, grad_a, dim, index, 0)
        return grad_a, None, None, padded(grad_src, ctx.src_shape), None, None


def _prod_backward(grad, a, src, out, dim, index, include_self, xp):
    """Gradients of a product, also where a term is 0 (the product of the others then)."""
    key = along(index, dim)
    a_safe = xp.where(_plain(a) == 0, 1, a)
    # every place's product with a's zeros replaced by ones, over a's own value
    out_a = run(ScatterReduce, a_safe, dim, index, src, "prod", include_self)
    grad_a = grad * out_a / a_safe
    src_zero = _plain(src) == 0
    zeros_in_place = np.zeros(a.shape, np.int64)
    np.add.at(zeros_in_place, key, src_zero.astype(np.int64))
    single_zero = src_zero & (zeros_in_place[key] == 1)
    # the lone zero of a place gets the product of the others; other terms get out / term
    src_safe = xp.where(single_zero, 1, src)
    out_without = run(ScatterReduce, a, dim, index, src_safe, "prod", include_self)
    divisor = xp.where(src_zero, 1, src)
    grad_src = xp.where(single_zero, run(Gather, grad * out_without, dim, index),
                        run(Gather, grad * out, dim, index) / divisor)
    return grad_a, grad_src


def _plain(x):
    """The NumPy array of an array or Tensor (for masks and counts, which carry no gradient)."""
    return x if isinstance(x, np.ndarray) else x._array


def _np_dtype(x):
    return _plain(x).dtype


class _Scratch:
    """A throwaway ctx for calling a forward rule directly."""


# -- whole slices along a dim ---------------------------------------------------------------------
def _slices(a, dim):
    """``a`` with ``dim`` moved first (a view), so ``[index]`` picks slices along it."""
    return np.moveaxis(a, dim, 0)


class IndexSelect(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        return np.take(a, index, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        # each selected slice sends its gradient back to where it came from (adding up)
        grad_a = run(IndexAdd, zeros(grad, ctx.shape), ctx.dim, ctx.index, grad, 1)
        return grad_a, None, None


class IndexAdd(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index, source, alpha):
        ctx.dim, ctx.index, ctx.alpha = dim, index, alpha
        out = a.copy()
        np.add.at(_slices(out, dim), index, _slices(source if alpha == 1 else source * alpha,
                                                    dim))
        return out

    @staticmethod
    def backward(ctx, grad):
        # d/da = 1; d/dsource = alpha * grad of the slice it was added to
        picked = run(IndexSelect, grad, ctx.dim, ctx.index)
        return grad, None, None, picked if ctx.alpha == 1 else picked * ctx.alpha, None


class IndexCopy(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index, source):
        ctx.dim, ctx.index = dim, index
        out = a.copy()
        _slices(out, dim)[index] = _slices(source, dim)
        return out

    @staticmethod
    def backward(ctx, grad):
        # replaced slices of a get no gradient; source slices get their place's
        grad_a = run(IndexFill, grad, ctx.dim, ctx.index, 0)
        return grad_a, None, None, run(IndexSelect, grad, ctx.dim, ctx.index)


class Overwrite(Function):
    """Every element of ``a`` replaced by ``value`` (broadcast, in ``a``'s dtype): the new
    value of an in-place op that does not read the old one (``fill_``, ``zero_``,
    ``copy_``, ``uniform_``...).  The old values no longer reach the result, so their
    gradient is zero; ``value`` gets the whole gradient (summed where it was broadcast)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, value):
        return np.broadcast_to(value, a.shape).astype(a.dtype)

    @staticmethod
    def backward(ctx, grad):
        return array_module(grad).zeros_like(grad), grad


class IndexFill(Function):
    """``a`` with the slices at ``index`` along ``dim`` set to the number ``value``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim, index, value):
        ctx.dim, ctx.index = dim, index
        out = a.copy()
        _slices(out, dim)[index] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        return run(IndexFill, grad, ctx.dim, ctx.index, 0), None, None, None   # 0 where filled


class IndexFillTensor(Function):
    """index_fill with a 0-d tensor ``value``, which gets the gradient of every filled place."""

    on_arrays = True
    grad_fn_name = "IndexFillBackward1"

    @staticmethod
    def forward(ctx, a, dim, index, value):
        return IndexFill.forward(ctx, a, dim, index, value)

    @staticmethod
    def backward(ctx, grad):
        grad_a = run(IndexFill, grad, ctx.dim, ctx.index, 0)
        filled = run(IndexSelect, grad, ctx.dim, np.unique(ctx.index))    # each place once
        return grad_a, None, None, filled.sum().reshape(())


class IndexPut(Function):
    """``a[key] = values`` (or ``+=`` with ``accumulate``) out of place."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, key, values, accumulate):
        ctx.key, ctx.accumulate = key, accumulate
        out = a.copy()
        if accumulate:
            np.add.at(out, key, values)
        else:
            out[key] = values
        return out

    @staticmethod
    def backward(ctx, grad):
        # written places of a get no gradient (unless accumulated); values get theirs
        grad_a = grad if ctx.accumulate else run(IndexPut, grad, ctx.key, 0, False)
        return grad_a, None, run(Index, grad, ctx.key), None


# -- boolean masks --------------------------------------------------------------------------------
class MaskedSelect(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, mask):
        shape = np.broadcast_shapes(a.shape, mask.shape)
        ctx.shape, ctx.mask = shape, np.broadcast_to(mask, shape)
        return np.broadcast_to(a, shape)[ctx.mask]

    @staticmethod
    def backward(ctx, grad):
        # the picked values' gradients go back to their places (the engine un-broadcasts)
        return run(MaskedScatter, zeros(grad, ctx.shape), ctx.mask, grad), None


class MaskedScatter(Function):
    """``a`` with the first values of ``source`` written, in order, where ``mask`` is true."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, mask, source):
        shape = np.broadcast_shapes(a.shape, mask.shape)
        ctx.mask, ctx.source_shape = np.broadcast_to(mask, shape), source.shape
        ctx.count = int(ctx.mask.sum())
        out = np.array(np.broadcast_to(a, shape))
        out[ctx.mask] = source.reshape(-1)[:ctx.count]
        return out

    @staticmethod
    def backward(ctx, grad):
        # masked places of a get no gradient; source[i] gets the gradient of its place
        grad_a = grad * ~ctx.mask
        used = run(MaskedSelect, grad, ctx.mask)
        size = int(np.prod(ctx.source_shape, dtype=np.int64))
        return grad_a, None, padded(used, (size,)).reshape(ctx.source_shape)


# -- flat positions -------------------------------------------------------------------------------
class Take(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, index):
        ctx.shape, ctx.index = a.shape, index
        return a.reshape(-1)[index]

    @staticmethod
    def backward(ctx, grad):
        # each taken value's gradient adds up at its flat position
        return run(Put, zeros(grad, ctx.shape), ctx.index, grad, True), None


class Put(Function):
    """``a`` with ``source``'s values written (or added) at flat positions ``index``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, index, source, accumulate):
        ctx.index, ctx.accumulate = index, accumulate
        ctx.source_shape = np.shape(source)
        out = a.copy()
        flat, values = out.reshape(-1), np.reshape(source, -1)
        if accumulate:
            np.add.at(flat, index.reshape(-1), values)
        else:
            flat[index.reshape(-1)] = values
        return out

    @staticmethod
    def backward(ctx, grad):
        grad_a = grad if ctx.accumulate else run(Put, grad, ctx.index, 0, False)
        grad_source = run(Take, grad, ctx.index).reshape(ctx.source_shape)
        return grad_a, None, grad_source, None


# -- embedding a tensor into a slice of another ----------------------------------------------------
class SliceScatter(Function):
    """``a`` with ``src`` written into the basic-index ``key`` (slices and ints) out of place."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, src, key):
        ctx.key, ctx.src_shape = key, src.shape
        out = a.copy()
        out[key] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        # the covered part of a gets no gradient; src gets the gradient of its part
        grad_a = run(ctx.fn, grad, zeros(grad, ctx.src_shape), ctx.key)
        return grad_a, run(Index, grad, ctx.key), None


class SelectScatter(SliceScatter):
    on_arrays = True
