"""Separable resampling: every output position along one axis is a weighted sum of a few
input positions ("taps") along that axis.

Nearest (one tap), linear (two), cubic (four) and antialiased interpolation and adaptive
average pooling are all of this form, one axis at a time; a 2-d or 3-d resize applies it
to each spatial axis in turn.  ``Gather`` is the map and ``Spread`` its adjoint (the
transposed map), so each one's backward is the other and both differentiate any number
of times.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import run


def _along(weight, trailing):
    """Weights shaped to broadcast against arrays with ``trailing`` dims after theirs."""
    return weight.reshape(weight.shape + (1,) * trailing)


class Gather(Function):
    """``out[.., o, ..] = sum_k weight[o, k] * x[.., index[o, k], ..]`` along ``axis``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, axis, index, weight):
        ctx.geometry = (axis, index, weight, x.shape[axis])
        if index.shape[1] == 1 and weight is None:          # nearest: a plain take
            return np.take(x, index[:, 0], axis=axis)
        taken = np.take(x, index, axis=axis)                # (.., out, taps, ..)
        return (taken * _along(weight, x.ndim - axis - 1)).sum(axis=axis + 1)

    @staticmethod
    def backward(ctx, grad):
        axis, index, weight, size = ctx.geometry
        return run(Spread, grad, axis, index, weight, size), None, None, None


class Spread(Function):
    """The adjoint of ``Gather``: each output's value is added back onto its taps,
    ``out[.., index[o, k], ..] += weight[o, k] * g[.., o, ..]``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, g, axis, index, weight, size):
        ctx.geometry = (axis, index, weight)
        shape = list(g.shape)
        shape[axis] = size
        out = np.zeros(shape, g.dtype)
        lead = (slice(None),) * axis
        for k in range(index.shape[1]):
            part = g if weight is None else g * _along(weight[:, k], g.ndim - axis - 1)
            np.add.at(out, lead + (index[:, k],), part)
        return out

    @staticmethod
    def backward(ctx, grad):
        axis, index, weight = ctx.geometry
        return run(Gather, grad, axis, index, weight), None, None, None, None
