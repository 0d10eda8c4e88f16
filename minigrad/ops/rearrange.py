"""Ops that copy elements to new places without arithmetic.

Flips, rolls, rotations, repeats, triangles, diagonals, block diagonals and
the cross product's shuffle.  Each backward moves the gradient back the
inverse way, through ``run`` so that it stays differentiable.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import array_module, run
from .indexing import zeros


class Flip(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return np.flip(a, dims).copy()

    @staticmethod
    def backward(ctx, grad):
        return run(Flip, grad, ctx.dims), None      # flipping twice is the identity


class Roll(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return np.roll(a, shifts, dims)

    @staticmethod
    def backward(ctx, grad):
        back = tuple(-s for s in ctx.shifts) if isinstance(ctx.shifts, tuple) else -ctx.shifts
        return run(Roll, grad, back, ctx.dims), None, None      # roll back by the same amount


class Rot90(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, k, dims):
        ctx.k, ctx.dims = k, dims
        return np.rot90(a, k, dims).copy()

    @staticmethod
    def backward(ctx, grad):
        return run(Rot90, grad, -ctx.k, ctx.dims), None, None    # rotate back


class Repeat(Function):
    """``a`` tiled ``sizes`` times along each dim (leading dims added as needed)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, sizes):
        shape = (1,) * (len(sizes) - a.ndim) + a.shape
        ctx.shape, ctx.sizes, ctx.padded = a.shape, sizes, shape
        return np.tile(a.reshape(shape), sizes)

    @staticmethod
    def backward(ctx, grad):
        # every copy of an element sends its gradient back: sum over the copies
        split = tuple(n for pair in zip(ctx.sizes, ctx.padded, strict=True) for n in pair)
        copies = tuple(range(0, len(split), 2))
        return grad.reshape(split).sum(copies).reshape(ctx.shape), None


class Tril(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, diagonal):
        ctx.diagonal = diagonal
        return np.tril(a, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return run(Tril, grad, ctx.diagonal), None      # kept entries pass, zeroed ones don't


class Triu(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, diagonal):
        ctx.diagonal = diagonal
        return np.triu(a, diagonal)

    @staticmethod
    def backward(ctx, grad):
        return run(Triu, grad, ctx.diagonal), None


# -- diagonals ---------------------------------------------------------------------------------
def diagonal_view(a, offset, dim1, dim2):
    """A view of the ``offset`` diagonal of dims ``dim1``/``dim2``, as a new last dim.

    The diagonal steps one row and one column at a time, so its stride is the
    sum of the two dims' strides; writing into the view writes into ``a``.
    """
    n1, n2 = a.shape[dim1], a.shape[dim2]
    length = max(0, min(n1, n2 - offset) if offset >= 0 else min(n1 + offset, n2))
    others = [d for d in range(a.ndim) if d not in (dim1, dim2)]
    shape = tuple(a.shape[d] for d in others) + (length,)
    if length == 0:
        return np.empty(shape, a.dtype)
    start = [slice(None)] * a.ndim
    start[dim2 if offset >= 0 else dim1] = slice(abs(offset), None)
    first = a[tuple(start)]
    strides = tuple(a.strides[d] for d in others) + (a.strides[dim1] + a.strides[dim2],)
    return np.lib.stride_tricks.as_strided(first, shape, strides)


class Diagonal(Function):
    on_arrays = True
    view_op = True

    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.shape, ctx.where = a.shape, (offset, dim1, dim2)
        return diagonal_view(a, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, grad):
        # the diagonal's gradient goes back onto the diagonal of zeros
        return (run(DiagonalScatter, zeros(grad, ctx.shape), grad, *ctx.where),
                None, None, None)


class DiagonalScatter(Function):
    """``a`` with ``src`` written onto its ``offset`` diagonal, out of place."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, src, offset, dim1, dim2):
        ctx.src_shape, ctx.where = src.shape, (offset, dim1, dim2)
        out = a.copy()
        diagonal_view(out, offset, dim1, dim2)[...] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        grad_a = run(DiagonalScatter, grad, zeros(grad, ctx.src_shape), *ctx.where)
        return grad_a, run(Diagonal, grad, *ctx.where), None, None, None


class DiagEmbed(Function):
    """Zeros with the last dim of ``a`` on the ``offset`` diagonal of new dims dim1, dim2."""

    on_arrays = True

    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.where = (offset, dim1, dim2)
        side = a.shape[-1] + abs(offset)
        shape = list(a.shape[:-1])
        for d in sorted((dim1, dim2)):
            shape.insert(d, side)
        out = np.zeros(shape, a.dtype)
        diagonal_view(out, offset, dim1, dim2)[...] = a
        return out

    @staticmethod
    def backward(ctx, grad):
        return run(Diagonal, grad, *ctx.where), None, None, None    # read the diagonal back


class Trace(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a):
        ctx.shape = a.shape
        return np.asarray(np.trace(a))

    @staticmethod
    def backward(ctx, grad):
        # d trace(A)/dA = I
        return grad * array_module(grad).eye(*ctx.shape, dtype=grad.dtype)


class BlockDiag(Function):
    """Matrices placed corner to corner on the diagonal of a zero matrix."""

    on_arrays = True

    @staticmethod
    def forward(ctx, *blocks):
        rows, cols = sum(b.shape[0] for b in blocks), sum(b.shape[1] for b in blocks)
        out = np.zeros((rows, cols), np.result_type(*blocks))
        ctx.places, r, c = [], 0, 0
        for b in blocks:
            place = (slice(r, r + b.shape[0]), slice(c, c + b.shape[1]))
            out[place] = b
            ctx.places.append(place)
            r, c = r + b.shape[0], c + b.shape[1]
        return out

    @staticmethod
    def backward(ctx, grad):
        return tuple(grad[place] for place in ctx.places)     # each block its own part


class Cross(Function):
    """The cross product of 3-vectors along ``dim`` (torch's LinalgCrossBackward0)."""

    on_arrays = True
    grad_fn_name = "LinalgCrossBackward0"

    @staticmethod
    def forward(ctx, a, b, dim):
        ctx.save_for_backward(a, b)
        ctx.dim = dim
        return np.cross(a, b, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        # d(a x b) = da x b + a x db, and <g, da x b> = <b x g, da>
        return run(Cross, b, grad, ctx.dim), run(Cross, grad, a, ctx.dim), None
