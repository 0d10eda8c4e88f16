"""Scans along one dim: cumsum, cumprod, logcumsumexp, cummax and cummin."""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import array_module, run
from .sorting import PickAlong


def flip(x, dim):
    """``x`` reversed along ``dim`` (a view for arrays, a Slice op for Tensors)."""
    return x[(slice(None),) * dim + (slice(None, None, -1),)]


def reverse_cumsum(x, dim):
    """out_k = sum_{j >= k} x_j along ``dim``."""
    return flip(flip(x, dim).cumsum(dim), dim)


class Cumsum(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim if a.ndim else None
        return np.cumsum(a, axis=dim) if a.ndim else a.copy()   # a 0-d scan is the identity

    @staticmethod
    def backward(ctx, grad):
        if ctx.dim is None:
            return grad, None
        # out_j = sum_{k <= j} a_k, so a_k reaches every out_j with j >= k
        return reverse_cumsum(grad, ctx.dim), None


class Cumprod(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim):
        out = np.cumprod(a, axis=dim) if a.ndim else a.copy()
        ctx.save_for_backward(a, out)
        ctx.dim = dim if a.ndim else None
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        dim = ctx.dim
        if dim is None:
            return grad, None
        # d out_j/d a_k = out_j / a_k for j >= k: a reverse cumsum, when no a_k is zero
        if not bool((a == 0).any()):
            return reverse_cumsum(grad * out, dim) / a, None
        return _cumprod_backward_with_zeros(a, grad, dim), None


def _cumprod_backward_with_zeros(a, grad, dim):
    """The same gradient without dividing by a_k.

    grad_k = L_k S_k with L_k = a_0 ... a_{k-1} (the product before k) and
    S_k = sum_{j >= k} g_j a_{k+1} ... a_j, which obeys S_k = g_k + a_{k+1} S_{k+1}.
    One pass per position along ``dim``.
    """
    xp = array_module(grad)
    x, g = a.swapaxes(0, dim), grad.swapaxes(0, dim)
    n = x.shape[0]
    tail = [None] * n
    tail[n - 1] = g[n - 1]
    for k in range(n - 2, -1, -1):
        tail[k] = g[k] + x[k + 1] * tail[k + 1]
    before = x[0] * 0 + 1
    rows = []
    for k in range(n):
        rows.append(before * tail[k])
        before = before * x[k]
    return xp.stack(rows).swapaxes(0, dim)


class Logcumsumexp(Function):
    on_arrays = True

    @staticmethod
    def forward(ctx, a, dim):
        out = np.logaddexp.accumulate(a, axis=dim) if a.ndim else a.copy()
        ctx.save_for_backward(a, out)
        ctx.dim = dim if a.ndim else None
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        xp = array_module(grad)
        dim = ctx.dim
        if dim is None:
            return grad, None
        # d out_j/d a_k = e^(a_k - out_j) for j >= k, so grad_k = sum_{j>=k} g_j e^(a_k - out_j).
        # Summed in log space, positive and negative g apart, so nothing overflows:
        # sum_{j>=k} |g_j| e^(a_k - out_j) = e^(a_k + logcumsumexp_reverse(log|g| - out)_k).
        # The other sign's entries count as the tiniest float, not as log 0 = -inf (which
        # would make inf - inf in the derivative); that adds at most n * 1e-308 (1e-38).
        tiny = np.finfo(out.dtype if isinstance(out, np.ndarray) else out._array.dtype).tiny
        parts = []
        for sign in (1, -1):
            part = grad * sign
            log_part = xp.log(xp.where(part > tiny, part, tiny))
            tail = flip(run(Logcumsumexp, flip(log_part - out, dim), dim), dim)
            parts.append(xp.exp(a + tail))
        return parts[0] - parts[1], None


def cumulative_extremum_indices(a, dim, larger):
    """The index behind each running max (``larger``) or min along ``dim``.

    torch takes the later index on a tie, and a NaN, once met, stays the running
    value (its index moving on to each later NaN).  The running value up to j is
    a_i for the last i <= j with a_i equal to the running value at i, so marking
    those positions and carrying the last mark forward finds it.
    """
    running = (np.maximum if larger else np.minimum).accumulate(a, axis=dim)
    marked = (a == running) | np.isnan(a)
    shape = [1] * a.ndim
    shape[dim] = a.shape[dim]
    position = np.broadcast_to(np.arange(a.shape[dim]).reshape(shape), a.shape)
    return np.maximum.accumulate(np.where(marked, position, 0), axis=dim)


class Cummax(PickAlong):
    on_arrays = True


class Cummin(PickAlong):
    on_arrays = True
