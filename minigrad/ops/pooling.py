"""Max and average pooling over (N, C, *spatial) arrays, any number of spatial dims.

Both view the (padded) input as windows; the backward passes route each output
gradient back to the window positions it came from.  Non-overlapping 2-d max pooling
(the common case) has a faster path on strided views of the tiles.  Adaptive max pooling
and the indices of max pooling pick input elements by flat index (``Pick``).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .. import _parallel
from ..autograd.function import Function


def pool_out_size(size, kernel, stride, padding, dilation, ceil_mode):
    """torch's pooling output length, including the ceil_mode rule."""
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    out = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (out - 1) * stride >= size + padding:
        out -= 1                        # the last window must start inside input or left pad
    return out


def _pad(x, padding, out_size, kernel, stride, dilation, value):
    """Pad each spatial dim by ``padding`` before and as much as the windows need after."""
    pads = []
    for axis, (p, o, k, s, d) in enumerate(zip(padding, out_size, kernel, stride, dilation,
                                                strict=True)):
        need = (o - 1) * s + d * (k - 1) + 1 - x.shape[2 + axis] - p
        pads.append((p, max(need, 0)))
    if not any(a or b for a, b in pads):
        return x
    return np.pad(x, ((0, 0), (0, 0)) + tuple(pads), constant_values=value)


def _windows(x, kernel, stride, dilation, out_size):
    """(N, C, *out, *kernel) strided view of the windows of ``x``."""
    spans = tuple((k - 1) * d + 1 for k, d in zip(kernel, dilation, strict=True))
    view = sliding_window_view(x, spans, axis=tuple(range(2, 2 + len(kernel))))
    return view[(slice(None), slice(None))
                + tuple(slice(0, o * s, s) for o, s in zip(out_size, stride, strict=True))
                + tuple(slice(None, None, d) for d in dilation)]


def _taps_of(kernel):
    """Every kernel tap (a tuple of offsets), in raster order."""
    return itertools.product(*(range(k) for k in kernel))


def _scatter(grads, padded_shape, stride, dilation):
    """Add (N, C, *out, *kernel) window gradients back onto the padded input grid."""
    dims = len(stride)
    out_size = grads.shape[2:2 + dims]
    out = np.zeros(padded_shape, grads.dtype)
    for tap in _taps_of(grads.shape[2 + dims:]):           # one tap: no overlap
        key = tuple(slice(t * d, t * d + s * (o - 1) + 1, s) for t, d, s, o in
                    zip(tap, dilation, stride, out_size, strict=True))
        out[(slice(None), slice(None)) + key] += grads[(Ellipsis,) + tap]
    return out


def _inside(padding, size):
    """The index of the input inside its padded copy."""
    return (slice(None), slice(None)) + tuple(slice(p, p + s) for p, s in
                                              zip(padding, size, strict=True))


def _tiles(x, kernel):
    """(N*C, Ho, kh, Wo, kw) view of the non-overlapping kernel tiles of ``x`` (no copy)."""
    n, c, h, w = x.shape
    return x.reshape(n * c, h // kernel[0], kernel[0], w // kernel[1], kernel[1])


def _taps(kernel):
    return [(i, j) for i in range(kernel[0]) for j in range(kernel[1])]


def _tiled_max(x, kernel, keep_winner):
    """Maxima of the non-overlapping tiles (NaN wins, as in torch), split over N*C planes,
    and, if ``keep_winner``, which tap won each window (uint8, raster order).

    The winner is the last tap that beat every earlier one strictly, so ties go to the
    first maximum (torch's rule); taps count up, so it is the largest such tap.
    """
    n, c, h, w = x.shape
    tiles = _tiles(x, kernel)
    out = np.empty((n, c, h // kernel[0], w // kernel[1]), x.dtype)
    planes_out = out.reshape(n * c, h // kernel[0], w // kernel[1])
    winner = np.empty(planes_out.shape, np.uint8) if keep_winner else None

    def planes(a, b, best, *won):
        best[...] = tiles[a:b, :, 0, :, 0]
        if won:
            won[0][...] = 0
        for tap, (i, j) in enumerate(_taps(kernel)[1:], start=1):
            value = tiles[a:b, :, i, :, j]
            if won:                          # winner = max(winner, tap * (value > best))
                beats = np.greater(value, best).view(np.uint8)
                np.maximum(won[0], np.multiply(beats, tap, out=beats), out=won[0])
            np.maximum(best, value, out=best)

    _parallel.fill_rows(n * c, max(1, _parallel.COPY_GRAIN // (h * w)), planes, planes_out,
                        *([winner] if keep_winner else []))
    return out, winner


def _tiled_max_backward(x, out, winner, grad, kernel):
    """Each window's gradient goes to the tap that won it (d max = 1 at the winner), or,
    in a window holding NaN, to its last NaN (torch's rule: NaN beats everything)."""
    n, c, h, w = x.shape
    grad_x = np.empty(x.shape, grad.dtype)
    tiles, grad_tiles = _tiles(x, kernel), _tiles(grad_x, kernel)
    out, grad = (a.reshape(winner.shape) for a in (out, grad))
    taps = _taps(kernel)

    def planes(a, b, into):                  # into: the (planes, Ho, kh, Wo, kw) tiles
        mask = np.empty(winner[a:b].shape, grad.dtype)
        for tap, (i, j) in enumerate(taps):
            np.equal(winner[a:b], tap, out=mask)
            np.multiply(grad[a:b], mask, out=into[:, :, i, :, j])
        nan_windows = np.isnan(out[a:b])
        if nan_windows.any():
            for i, j in taps:
                into[:, :, i, :, j][nan_windows] = 0
            for i, j in reversed(taps):
                last = np.isnan(tiles[a:b, :, i, :, j]) & nan_windows
                into[:, :, i, :, j][last] = grad[a:b][last]
                nan_windows &= ~last

    _parallel.fill_rows(n * c, max(1, _parallel.COPY_GRAIN // (h * w)), planes, grad_tiles)
    return grad_x


def _window_argmax(windows):
    """Which tap of each (..., taps) window holds its maximum: the first maximum, or in a
    window holding NaN its last NaN (torch's rules)."""
    index = windows.argmax(axis=-1)[..., None]
    out = np.take_along_axis(windows, index, -1)[..., 0]
    if np.isnan(out).any():              # argmax found the first NaN; torch takes the last
        last = windows.shape[-1] - 1 - np.isnan(windows[..., ::-1]).argmax(-1)
        index = np.where(np.isnan(out), last, index[..., 0])[..., None]
    return out, index


class MaxPool2d(Function):
    """Largest value of each window, over any number of spatial dims (named for its
    common case); the first maximum (raster order) gets the gradient.

    A window holding NaN gives NaN, and its last NaN gets the gradient (torch's rule).
    """

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "MaxPool2DWithIndicesBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode):
        spatial = x.shape[2:]
        out_size = tuple(pool_out_size(s, k, st, p, d, ceil_mode) for s, k, st, p, d in
                         zip(spatial, kernel, stride, padding, dilation, strict=True))
        tiled = (len(spatial) == 2 and kernel == stride and not any(padding)
                 and dilation == (1, 1) and spatial[0] % kernel[0] == 0
                 and spatial[1] % kernel[1] == 0 and kernel[0] * kernel[1] < 256)
        ctx.geometry = (x.shape, kernel, stride, padding, dilation, tiled)
        if tiled:                  # the common case: elementwise maxima of strided views
            out, winner = _tiled_max(x, kernel, keep_winner=bool(ctx.needs_input_grad))
            ctx.save_for_backward(x, out)
            ctx.winner = winner
            return out
        padded = _pad(x, padding, out_size, kernel, stride, dilation, -np.inf)
        windows = _windows(padded, kernel, stride, dilation, out_size)
        out, ctx.index = _window_argmax(windows.reshape(windows.shape[:2 + len(kernel)]
                                                        + (math.prod(kernel),)))
        ctx.padded_shape = padded.shape
        return out

    @staticmethod
    def backward(ctx, grad):
        x_shape, kernel, stride, padding, dilation, tiled = ctx.geometry
        if tiled:
            x, out = ctx.saved_tensors
            return _tiled_max_backward(x, out, ctx.winner, grad, kernel), None, None, None, \
                None, None
        window_grad = np.zeros(grad.shape + (math.prod(kernel),), grad.dtype)
        np.put_along_axis(window_grad, ctx.index, grad[..., None], -1)  # d max = one-hot
        window_grad = window_grad.reshape(grad.shape + tuple(kernel))
        full = _scatter(window_grad, ctx.padded_shape, stride, dilation)
        return full[_inside(padding, x_shape[2:])], None, None, None, None, None


class MaxPool3d(MaxPool2d):
    on_arrays = True
    grad_fn_name = "MaxPool3DWithIndicesBackward0"


def max_indices(x, kernel, stride, padding, dilation, ceil_mode):
    """The flat index (within its (N, C) plane of the unpadded input) of each window's
    maximum, by the rules of ``MaxPool2d``: the ``indices`` of torch's max pooling."""
    out_size = tuple(pool_out_size(s, k, st, p, d, ceil_mode) for s, k, st, p, d in
                     zip(x.shape[2:], kernel, stride, padding, dilation, strict=True))
    padded = _pad(x, padding, out_size, kernel, stride, dilation, -np.inf)
    windows = _windows(padded, kernel, stride, dilation, out_size)
    _, tap = _window_argmax(windows.reshape(windows.shape[:2 + len(kernel)]
                                            + (math.prod(kernel),)))
    offsets = np.unravel_index(tap[..., 0], kernel)            # the tap, per dim
    coords = []
    for axis, (offset, s, d, p) in enumerate(zip(offsets, stride, dilation, padding,
                                                 strict=True)):
        start = np.arange(out_size[axis]) * s - p                # window starts, per dim
        start = start.reshape((-1,) + (1,) * (len(kernel) - 1 - axis))
        coords.append(start + offset * d)
    return np.ravel_multi_index(coords, x.shape[2:]).astype(np.int64)


def adaptive_bounds(size, out):
    """(start, end) of torch's adaptive bins: bin i covers floor(i L / out) to
    ceil((i + 1) L / out)."""
    return [((i * size) // out, -(-((i + 1) * size) // out)) for i in range(out)]


def adaptive_max_indices(x, out_size):
    """The flat index (within its (N, C) plane) of each adaptive bin's maximum.

    Bins of one dim differ in length by at most one: each is read as ``longest`` cells,
    the short ones repeating their last cell (a repeat never changes the first maximum
    or which cell the last NaN is).
    """
    dims = len(out_size)
    cells, index = [], []
    for axis, (size, out) in enumerate(zip(x.shape[2:], out_size, strict=True)):
        bounds = np.array(adaptive_bounds(size, out)).reshape(out, 2)
        longest = int((bounds[:, 1] - bounds[:, 0]).max())
        cells.append(np.minimum(bounds[:, :1] + np.arange(longest), bounds[:, 1:] - 1))
        shape = [1] * (2 * dims)                  # (out_0, len_0, out_1, len_1, ...)
        shape[2 * axis:2 * axis + 2] = cells[-1].shape
        index.append(cells[-1].reshape(shape))
    bins = x[(slice(None), slice(None)) + tuple(index)]
    # (N, C, out_0, len_0, ...) -> (N, C, *out, *len) -> one row of cells per bin
    bins = bins.transpose((0, 1) + tuple(range(2, 2 + 2 * dims, 2))
                          + tuple(range(3, 3 + 2 * dims, 2)))
    _, tap = _window_argmax(bins.reshape(bins.shape[:2 + dims]
                                         + (math.prod(bins.shape[2 + dims:]),)))
    offsets = np.unravel_index(tap[..., 0], tuple(c.shape[1] for c in cells))
    coords = []
    for axis, (dim_cells, offset) in enumerate(zip(cells, offsets, strict=True)):
        position = np.arange(dim_cells.shape[0]).reshape((-1,) + (1,) * (dims - 1 - axis))
        coords.append(dim_cells[position, offset])
    return np.ravel_multi_index(coords, x.shape[2:]).astype(np.int64)


class Pick(Function):
    """Elements of each (N, C) plane of ``x`` at the flat ``indices`` (N, C, *out): the
    maxima that max_indices or adaptive_max_indices found."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, indices):
        n, c = x.shape[:2]
        ctx.x_shape = x.shape
        ctx.flat = indices.reshape(n, c, math.prod(indices.shape[2:]))
        return np.take_along_axis(x.reshape(n, c, math.prod(x.shape[2:])), ctx.flat,
                                  2).reshape(indices.shape)

    @staticmethod
    def backward(ctx, grad):
        # d x[i]/dx = one-hot at i: each output's gradient goes to the element it picked
        # (one picked twice, by overlapping windows, gets both)
        n, c = ctx.x_shape[:2]
        grad_x = np.zeros((n, c, math.prod(ctx.x_shape[2:])), grad.dtype)
        rows = np.arange(n * c).reshape(n, c, 1) * grad_x.shape[2]
        np.add.at(grad_x.reshape(-1), (rows + ctx.flat).reshape(-1), grad.reshape(-1))
        return grad_x.reshape(ctx.x_shape), None


class AdaptiveMaxPool2d(Pick):
    on_arrays = True
    grad_fn_name = "AdaptiveMaxPool2DBackward0"


class AdaptiveMaxPool3d(Pick):
    on_arrays = True
    grad_fn_name = "AdaptiveMaxPool3DBackward0"


class FractionalMaxPool2d(Pick):
    on_arrays = True
    grad_fn_name = "FractionalMaxPool2DBackward0"


class FractionalMaxPool3d(Pick):
    on_arrays = True
    grad_fn_name = "FractionalMaxPool3DBackward0"


def fractional_starts(samples, size, out, kernel):
    """Window starts of fractional max pooling along one dim, one row per (N, C) plane
    (Graham's pseudo-random sequence): alpha = (size - kernel) / (out - 1) and
    start_i = floor((i + u) alpha) - floor(u alpha), the last window flush with the end.
    Computed in the samples' dtype, as torch computes it."""
    dtype = samples.dtype.type
    starts = np.empty(samples.shape + (out,), np.int64)
    if out > 1:
        alpha = dtype(size - kernel) / dtype(out - 1)
        steps = (np.arange(out - 1, dtype=samples.dtype) + samples[..., None]) * alpha
        starts[..., :-1] = steps.astype(np.int64) - (samples * alpha).astype(np.int64)[..., None]
    if out > 0:
        starts[..., -1] = size - kernel
    return starts


def fractional_max_indices(x, kernel, out_size, samples):
    """The flat index (within its (N, C) plane) of each fractional window's maximum, by
    max pooling's rules; ``samples`` (N, C, dims) holds one number in [0, 1) per plane and
    spatial dim."""
    n, c, dims = x.shape[0], x.shape[1], len(kernel)
    index = [np.arange(n).reshape((n,) + (1,) * (2 * dims + 1)),
             np.arange(c).reshape((1, c) + (1,) * (2 * dims))]
    starts = []
    for axis, (size, out, k) in enumerate(zip(x.shape[2:], out_size, kernel, strict=True)):
        starts.append(fractional_starts(samples[..., axis], size, out, k))     # (N, C, out)
        cells = starts[-1][..., None] + np.arange(k)                           # (N, C, out, k)
        shape = [n, c] + [1] * (2 * dims)
        shape[2 + 2 * axis:4 + 2 * axis] = [out, k]
        index.append(cells.reshape(shape))
    windows = x[tuple(index)]                     # (N, C, out_0, k_0, out_1, k_1, ...)
    windows = windows.transpose((0, 1) + tuple(range(2, 2 + 2 * dims, 2))
                                + tuple(range(3, 3 + 2 * dims, 2)))
    _, tap = _window_argmax(windows.reshape(windows.shape[:2 + dims]
                                            + (math.prod(kernel),)))
    offsets = np.unravel_index(tap[..., 0], kernel)
    coords = []
    for axis, (start, offset) in enumerate(zip(starts, offsets, strict=True)):
        start = start.reshape(start.shape[:2] + (1,) * axis + start.shape[2:]
                              + (1,) * (dims - 1 - axis))
        coords.append(start + offset)
    return np.ravel_multi_index(coords, x.shape[2:]).astype(np.int64)


class Unpick(Function):
    """The adjoint of ``Pick``: each element of ``x`` (N, C, *in) put at its flat index
    ``indices`` of an (N, C, *out_size) output of zeros (max unpooling); an index named
    twice keeps the later element."""

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "MaxUnpool2DBackward0"

    @staticmethod
    def forward(ctx, x, indices, out_size):
        n, c = x.shape[:2]
        ctx.x_shape = x.shape
        ctx.flat = indices.reshape(n, c, math.prod(indices.shape[2:]))
        out = np.zeros((n, c, math.prod(out_size)), x.dtype)
        np.put_along_axis(out, ctx.flat, x.reshape(ctx.flat.shape), 2)
        return out.reshape((n, c) + tuple(out_size))

    @staticmethod
    def backward(ctx, grad):
        # d out[i]/d x = one-hot at i: each element reads back the gradient where it went
        n, c = ctx.x_shape[:2]
        flat_grad = grad.reshape(n, c, math.prod(grad.shape[2:]))
        return np.take_along_axis(flat_grad, ctx.flat, 2).reshape(ctx.x_shape), None, None


class MaxUnpool3d(Unpick):
    on_arrays = True
    grad_fn_name = "MaxUnpool3DBackward0"


class AvgPool2d(Function):
    """Mean of each window, over any number of spatial dims (named for its common case);
    ``divisor`` holds each window's element count."""

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "AvgPool2DBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor):
        n, c, spatial, ones = x.shape[0], x.shape[1], x.shape[2:], (1,) * len(kernel)
        out_size = tuple(pool_out_size(s, k, st, p, 1, ceil_mode) for s, k, st, p in
                         zip(spatial, kernel, stride, padding, strict=True))
        padded = _pad(x, padding, out_size, kernel, stride, ones, 0)
        total = np.zeros((n, c) + out_size, x.dtype)
        windows = _windows(padded, kernel, stride, ones, out_size)
        for tap in _taps_of(kernel):
            total += windows[(Ellipsis,) + tap]
        if divisor is None:
            # count the cells of each window that lie in the input (and padding, if counted)
            counted = np.zeros(padded.shape[2:], x.dtype)
            if count_include_pad:
                counted[tuple(slice(0, s + 2 * p) for s, p in zip(spatial, padding,
                                                                  strict=True))] = 1
            else:
                counted[_inside(padding, spatial)[2:]] = 1
            cells = _windows(counted[None, None], kernel, stride, ones, out_size)
            divisor = cells.sum(axis=tuple(range(-len(kernel), 0)))[0, 0]
        ctx.divisor = divisor
        ctx.geometry = (x.shape, padded.shape, kernel, stride, padding)
        return total / np.asarray(divisor, x.dtype)

    @staticmethod
    def backward(ctx, grad):
        x_shape, padded_shape, kernel, stride, padding = ctx.geometry
        share = grad / np.asarray(ctx.divisor, grad.dtype)      # d mean = 1/count per cell
        spread = np.broadcast_to(share[(Ellipsis,) + (None,) * len(kernel)],
                                 share.shape + tuple(kernel))
        full = _scatter(spread, padded_shape, stride, (1,) * len(kernel))
        return full[_inside(padding, x_shape[2:])], None, None, None, None, None, None


class AvgPool3d(AvgPool2d):
    on_arrays = True
    grad_fn_name = "AvgPool3DBackward0"
