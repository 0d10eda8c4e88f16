"""Sliding blocks: ``Im2Col`` copies every kernel-sized block of an image into a column
(torch's unfold) and ``Col2Im`` adds columns back onto the image (fold).  Each is the
other's adjoint, so each one's backward is the other and both differentiate any number
of times.

Layout as torch: columns (N, C * kh * kw, L) with channel slowest and L = Ho * Wo blocks
in raster order.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from . import run


def blocks(size, kernel, dilation, padding, stride):
    """How many blocks fit along each spatial dim (torch's floor formula)."""
    return tuple((n + 2 * p - d * (k - 1) - 1) // s + 1
                 for n, k, d, p, s in zip(size, kernel, dilation, padding, stride,
                                          strict=True))


def _taps(kernel, dilation, stride, out):
    """(tap i, tap j, rows, columns): the padded-image slices each kernel tap reads."""
    (kh, kw), (dh, dw), (sh, sw), (ho, wo) = kernel, dilation, stride, out
    for i in range(kh):
        for j in range(kw):
            yield i, j, slice(i * dh, i * dh + sh * (ho - 1) + 1, sh), \
                slice(j * dw, j * dw + sw * (wo - 1) + 1, sw)


class Im2Col(Function):
    """Every block of (N, C, H, W) ``x`` as a column of (N, C kh kw, L)."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, kernel, dilation, padding, stride):
        n, c, h, w = x.shape
        out = blocks((h, w), kernel, dilation, padding, stride)
        ctx.geometry = ((h, w), kernel, dilation, padding, stride)
        padded = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
        cols = np.empty((n, c, kernel[0], kernel[1]) + out, x.dtype)
        for i, j, rows, columns in _taps(kernel, dilation, stride, out):
            cols[:, :, i, j] = padded[:, :, rows, columns]
        return cols.reshape(n, c * kernel[0] * kernel[1], out[0] * out[1])

    @staticmethod
    def backward(ctx, grad):
        size, kernel, dilation, padding, stride = ctx.geometry
        return run(Col2Im, grad, size, kernel, dilation, padding, stride), \
            None, None, None, None


class Col2Im(Function):
    """Columns (N, C kh kw, L) summed back onto an (N, C, H, W) image; where blocks overlap
    their values add up."""

    on_arrays = True

    @staticmethod
    def forward(ctx, cols, size, kernel, dilation, padding, stride):
        n = cols.shape[0]
        c = cols.shape[1] // (kernel[0] * kernel[1])
        out = blocks(size, kernel, dilation, padding, stride)
        ctx.geometry = (kernel, dilation, padding, stride)
        cols = cols.reshape((n, c) + tuple(kernel) + out)
        padded = np.zeros((n, c, size[0] + 2 * padding[0], size[1] + 2 * padding[1]),
                          cols.dtype)
        for i, j, rows, columns in _taps(kernel, dilation, stride, out):
            padded[:, :, rows, columns] += cols[:, :, i, j]
        return padded[:, :, padding[0]:padding[0] + size[0], padding[1]:padding[1] + size[1]]

    @staticmethod
    def backward(ctx, grad):
        kernel, dilation, padding, stride = ctx.geometry
        return run(Im2Col, grad, kernel, dilation, padding, stride), \
            None, None, None, None, None
