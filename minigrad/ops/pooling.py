"""Max and average pooling over (N, C, H, W) arrays.

Both view the (padded) input as windows; the backward passes route each output
gradient back to the window positions it came from.
"""
from __future__ import annotations

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


def _pad(x, padding, out_hw, kernel, stride, dilation, value):
    """Pad H and W by ``padding`` on the left and as much as the windows need on the right."""
    pads = []
    for axis, (p, o, k, s, d) in enumerate(zip(padding, out_hw, kernel, stride, dilation,
                                                strict=True)):
        need = (o - 1) * s + d * (k - 1) + 1 - x.shape[2 + axis] - p
        pads.append((p, max(need, 0)))
    if not any(a or b for a, b in pads):
        return x
    return np.pad(x, ((0, 0), (0, 0)) + tuple(pads), constant_values=value)


def _windows(x, kernel, stride, dilation, out_hw):
    """(N, C, Ho, Wo, kh, kw) strided view of the windows of ``x``."""
    (kh, kw), (sh, sw), (dh, dw), (ho, wo) = kernel, stride, dilation, out_hw
    view = sliding_window_view(x, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3))
    return view[:, :, :ho * sh:sh, :wo * sw:sw, ::dh, ::dw]


def _scatter(grads, padded_shape, stride, dilation):
    """Add (N, C, Ho, Wo, kh, kw) window gradients back onto the padded input grid."""
    n, c, ho, wo, kh, kw = grads.shape
    (sh, sw), (dh, dw) = stride, dilation
    out = np.zeros(padded_shape, grads.dtype)
    for i in range(kh):
        for j in range(kw):
            out[:, :, i * dh:i * dh + sh * (ho - 1) + 1:sh,
                j * dw:j * dw + sw * (wo - 1) + 1:sw] += grads[..., i, j]
    return out


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


class MaxPool2d(Function):
    """Largest value of each window; the first maximum (raster order) gets the gradient.

    A window holding NaN gives NaN, and its last NaN gets the gradient (torch's rule).
    """

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "MaxPool2DWithIndicesBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, ceil_mode):
        n, c, h, w = x.shape
        out_hw = tuple(pool_out_size(s, k, st, p, d, ceil_mode) for s, k, st, p, d in
                       zip((h, w), kernel, stride, padding, dilation, strict=False))
        tiled = (kernel == stride and not any(padding) and dilation == (1, 1)
                 and h % kernel[0] == 0 and w % kernel[1] == 0 and kernel[0] * kernel[1] < 256)
        ctx.geometry = (x.shape, kernel, stride, padding, dilation, tiled)
        if tiled:                  # the common case: elementwise maxima of strided views
            out, winner = _tiled_max(x, kernel, keep_winner=bool(ctx.needs_input_grad))
            ctx.save_for_backward(x, out)
            ctx.winner = winner
            return out
        padded = _pad(x, padding, out_hw, kernel, stride, dilation, -np.inf)
        windows = _windows(padded, kernel, stride, dilation, out_hw)
        windows = windows.reshape(windows.shape[:4] + (-1,))
        index = windows.argmax(axis=-1)[..., None]
        out = np.take_along_axis(windows, index, -1)[..., 0]
        if np.isnan(out).any():              # argmax found the first NaN; torch takes the last
            last = windows.shape[-1] - 1 - np.isnan(windows[..., ::-1]).argmax(-1)
            index = np.where(np.isnan(out), last, index[..., 0])[..., None]
        ctx.index, ctx.padded_shape = index, padded.shape
        return out

    @staticmethod
    def backward(ctx, grad):
        x_shape, kernel, stride, padding, dilation, tiled = ctx.geometry
        if tiled:
            x, out = ctx.saved_tensors
            return _tiled_max_backward(x, out, ctx.winner, grad, kernel), None, None, None, \
                None, None
        n, c, ho, wo = grad.shape
        window_grad = np.zeros(grad.shape + (kernel[0] * kernel[1],), grad.dtype)
        np.put_along_axis(window_grad, ctx.index, grad[..., None], -1)  # d max = one-hot
        window_grad = window_grad.reshape(n, c, ho, wo, kernel[0], kernel[1])
        full = _scatter(window_grad, ctx.padded_shape, stride, dilation)
        h, w = x_shape[2:]
        return full[:, :, padding[0]:padding[0] + h, padding[1]:padding[1] + w], None, None, \
            None, None, None


class AvgPool2d(Function):
    """Mean of each window; ``divisor`` holds each window's element count."""

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "AvgPool2DBackward0"

    @staticmethod
    def forward(ctx, x, kernel, stride, padding, ceil_mode, count_include_pad, divisor):
        n, c, h, w = x.shape
        out_hw = tuple(pool_out_size(s, k, st, p, 1, ceil_mode) for s, k, st, p in
                       zip((h, w), kernel, stride, padding, strict=False))
        padded = _pad(x, padding, out_hw, kernel, stride, (1, 1), 0)
        total = np.zeros((n, c) + out_hw, x.dtype)
        windows = _windows(padded, kernel, stride, (1, 1), out_hw)
        for i in range(kernel[0]):
            for j in range(kernel[1]):
                total += windows[..., i, j]
        if divisor is None:
            # count the cells of each window that lie in the input (and padding, if counted)
            counted = np.zeros(padded.shape[2:], x.dtype)
            lo = (0, 0) if count_include_pad else padding
            hi = (h + 2 * padding[0], w + 2 * padding[1]) if count_include_pad else (
                padding[0] + h, padding[1] + w)
            counted[lo[0]:hi[0], lo[1]:hi[1]] = 1
            cells = _windows(counted[None, None], kernel, stride, (1, 1), out_hw)
            divisor = cells.sum(axis=(-2, -1))[0, 0]
        ctx.divisor = divisor
        ctx.geometry = (x.shape, padded.shape, kernel, stride, padding)
        return total / np.asarray(divisor, x.dtype)

    @staticmethod
    def backward(ctx, grad):
        x_shape, padded_shape, kernel, stride, padding = ctx.geometry
        share = grad / np.asarray(ctx.divisor, grad.dtype)      # d mean = 1/count per cell
        spread = np.broadcast_to(share[..., None, None], share.shape + tuple(kernel))
        full = _scatter(spread, padded_shape, stride, (1, 1))
        h, w = x_shape[2:]
        return full[:, :, padding[0]:padding[0] + h, padding[1]:padding[1] + w], \
            None, None, None, None, None, None
