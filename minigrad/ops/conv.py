"""Convolution by im2col, one chunk of the batch at a time, for any number of spatial dims.

For a chunk of images, the receptive field of every output pixel becomes a column of a
matrix laid out (C, *kernel) x (images, *pixels), as in Caffe, so that the convolution
is one (per-group) matrix product.  The weight reshapes to (O, C*prod(kernel)) without a
copy, and the bias rides along as one more column of it against a row of ones.

Working chunk by chunk keeps a chunk's columns in the cache while the product reads
them, saves no columns for the backward pass (rebuilding them costs less than reading
them back from memory) and gives the thread pool independent pieces of work.  Chunk
boundaries depend on the shapes only, never on the thread count, so the weight gradient
(a sum over chunks) is the same number however many threads ran.

Which layout pays depends on the layer (each choice below was measured on the SimpleCNN
and ResBlock layers, 1 to 64 channels, 7x7 to 28x28 images):

* stride 1 uses a wider grid: the columns of each image cover every position of the
  padded rows (padded width instead of output width), so kernel tap t reads the padded
  image shifted by one flat offset, and building the columns is one strided copy with
  long contiguous runs.  The extra positions are cropped away;
* on that grid the input gradient is itself a stride-1 correlation, of the output
  gradient (padded by the kernel's extent) with the flipped, transposed kernel, which
  beats scattering columns back (col2im) while O <= C;
* the weight gradient can skip columns altogether: per tap, the output gradient on the
  full padded grid times the padded input shifted by that tap's offset, a strided view
  that BLAS reads directly (it pays when few output channels meet a wide grid's waste);
* layers with few weights per output channel (first layers: 1 or 3 input channels)
  build columns image by image, so that the product lands in (N, O, *out) order.

The transposed convolution (``ConvolutionTranspose``) is this op's adjoint and runs the
same two functions the other way round: its forward is ``adjoints``' input gradient, its
backward ``correlate`` (input gradient) and ``adjoints``' weight gradient.
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .. import _parallel
from ..autograd.function import Function

# column entries per chunk (2 MiB of float32): measured on the SimpleCNN/ResBlock layers,
# 2^19 is as fast as 2^18 or faster; smaller chunks make the products too small and the
# per-chunk Python work too large, bigger ones fall out of the cache
CHUNK_COLUMNS = 1 << 19
# below this many weights per output channel (C/groups * taps), columns go image by image
# (measured: 9 and 27 win, as in first layers; 144 and more lose)
IMAGES_FIRST_ROWS = 64
MIN_CHUNKS = 16                # so that 16 threads find work even in small batches
# but a chunk does at least this many multiply-adds (some tens of microseconds): below
# that, a chunk's Python work costs more than its product (first layers, 1 to 3 channels)
MIN_CHUNK_MACS = 1 << 21


def out_size(size, pad_total, kernel, stride, dilation):
    """Output length of a sliding window (torch's floor formula)."""
    return (size + pad_total - dilation * (kernel - 1) - 1) // stride + 1


def batch_chunks(n, per_image, rows):
    """(start, stop) of the batch chunks: about CHUNK_COLUMNS column entries each, for
    ``per_image`` column entries per image and ``rows`` rows of kernel per column."""
    cap = max(1, CHUNK_COLUMNS // max(per_image, 1))
    least = -(-MIN_CHUNK_MACS // max(per_image * rows, 1))
    size = min(cap, max(least, -(-n // MIN_CHUNKS)))
    return [(a, min(n, a + size)) for a in range(0, n, size)]


class Grid:
    """Where one image's columns sit, for a correlation of padded size ``padded``.

    ``shape`` is the per-image grid of column positions: the output shape, or for
    stride 1 the output's first dim by the padded size of the others (the wide grid).
    Columns are read through one strided view of the padded chunk (``_taps``), so
    building them is a single copy.
    """

    def __init__(self, padded, kernel, stride, dilation, wide=True):
        self.padded, self.kernel, self.stride, self.dilation = padded, kernel, stride, dilation
        self.out = tuple((p - d * (k - 1) - 1) // s + 1 for p, k, s, d in
                         zip(padded, kernel, stride, dilation, strict=True))
        # the wide grid computes padded width / output width times more products, and
        # still wins (measured: 7x7 to 28x28 images, 3x3 kernels)
        self.wide = wide and all(s == 1 for s in stride)
        self.shape = self.out[:1] + tuple(padded[1:]) if self.wide else self.out
        self.pixels = math.prod(self.shape)
        self.taps = math.prod(kernel)
        self.image = math.prod(padded)
        self.steps = [math.prod(padded[t + 1:]) for t in range(len(padded))]  # flat strides
        # how far the last tap of the last grid position reads past the last image
        last = sum((k - 1) * d * st for k, d, st in zip(kernel, dilation, self.steps,
                                                         strict=True)) + \
            sum((g - 1) * s * st for g, s, st in zip(self.shape, stride, self.steps,
                                                     strict=True))
        self.reach = sum((k - 1) * d * st for k, d, st in zip(kernel, dilation, self.steps,
                                                              strict=True))
        self.tail = max(0, last + 1 - self.image, self.reach)

    def pad(self, x, pads):
        """Zero-padded channel-major copy of an (n, C, *spatial) chunk, as a flat
        (C, n * image + tail) buffer (taps on the wide grid read into the tail).  Only
        the frame and the tail are zeroed: the copy fills the rest."""
        n, c = x.shape[:2]
        flat = np.empty((c, n * self.image + self.tail), x.dtype)
        flat[:, n * self.image:] = 0
        padded = flat[:, :n * self.image].reshape((c, n) + tuple(self.padded))
        for axis, (lo, hi) in enumerate(pads, start=2):
            before = (slice(None),) * axis
            padded[before + (slice(0, lo),)] = 0
            padded[before + (slice(padded.shape[axis] - hi, None),)] = 0
        inside = tuple(slice(lo, lo + s) for s, (lo, _) in zip(x.shape[2:], pads, strict=True))
        padded[(slice(None), slice(None)) + inside] = x.swapaxes(0, 1)
        return flat

    def _taps(self, flat, n):
        """(C, *kernel, n, *shape) strided view of a flat padded chunk: entry
        [c, tap, i, p] is the pixel that kernel tap ``tap`` reads for grid position ``p``
        of image ``i``."""
        item = flat.itemsize
        strides = ((flat.strides[0],)
                   + tuple(d * st * item for d, st in zip(self.dilation, self.steps,
                                                          strict=True))
                   + (self.image * item,)
                   + tuple(s * st * item for s, st in zip(self.stride, self.steps,
                                                          strict=True)))
        shape = flat.shape[:1] + tuple(self.kernel) + (n,) + tuple(self.shape)
        return as_strided(flat, shape, strides)

    def im2col(self, flat, n, groups=1, ones=False, images_first=False):
        """Columns of a padded chunk made by ``pad``: (groups, C/groups * taps, n * pixels),
        or with ``images_first`` (n, groups, C/groups * taps, pixels).

        With ``ones`` every group gets one more row of ones, so that a kernel with the
        bias as its last column adds the bias inside the product (and the weight
        gradient's last column is then the bias gradient).
        """
        view = self._taps(flat, n)                   # (C, *kernel, n, *shape)
        cg = view.shape[0] // groups
        rows = cg * self.taps
        if images_first:
            view = np.moveaxis(view, 1 + len(self.kernel), 0)
            cols = np.empty((n, groups, rows + ones, self.pixels), flat.dtype)
            target = cols[:, :, :rows].reshape((n, groups, cg) + view.shape[2:])
            view = view.reshape(target.shape)
            if ones:
                cols[:, :, rows] = 1
        else:
            cols = np.empty((groups, rows + ones, n * self.pixels), flat.dtype)
            target = cols[:, :rows].reshape((groups, cg) + view.shape[1:])
            view = view.reshape(target.shape)
            if ones:
                cols[:, rows] = 1
        np.copyto(target, view)
        return cols

    def col2im(self, cols, n):
        """Adjoint of ``im2col``: add every entry back onto the padded pixel it came from.

        Returns the (C, n, *padded) padded gradient.  On the wide grid the entries off
        the output are zero (the output gradient is zero there), so adding them is free.
        """
        c = cols.shape[0] // self.taps
        flat = np.zeros((c, n * self.image + self.tail), cols.dtype)
        view = self._taps(flat, n)
        cols = cols.reshape(view.shape)
        for tap in itertools.product(*(range(k) for k in self.kernel)):
            view[(slice(None),) + tap] += cols[(slice(None),) + tap]   # one tap: no overlap
        return flat[:, :n * self.image].reshape((c, n) + tuple(self.padded))

    def to_grid(self, g):
        """(O, n * pixels) copy of an (n, O, *out) chunk, zeros off the output."""
        n, o = g.shape[:2]
        grid = np.empty((o, n) + self.shape, g.dtype)
        for axis, (size, out) in enumerate(zip(self.shape, self.out, strict=True), start=2):
            grid[(slice(None),) * axis + (slice(out, size),)] = 0      # wide-grid junk
        grid[(slice(None), slice(None)) + tuple(slice(0, s) for s in self.out)] = \
            g.swapaxes(0, 1)
        return grid.reshape(o, -1)

    def to_full(self, g):
        """(O, n * image) copy of an (n, O, *out) chunk on the full padded grid (every
        padded position of every image), zeros off the output."""
        n, o = g.shape[:2]
        grid = np.empty((o, n) + tuple(self.padded), g.dtype)
        for axis, (size, out) in enumerate(zip(self.padded, self.out, strict=True), start=2):
            grid[(slice(None),) * axis + (slice(out, size),)] = 0
        grid[(slice(None), slice(None)) + tuple(slice(0, s) for s in self.out)] = \
            g.swapaxes(0, 1)
        return grid.reshape(o, -1)

    def weight_products(self, g_full, flat, n, groups):
        """dW = G x^T without columns (stride 1): per kernel tap, G on the full padded grid
        times the padded chunk shifted by the tap's flat offset, a strided view that BLAS
        reads directly.  Returns (groups, O/groups, C/groups * taps)."""
        c, o, item = flat.shape[0], g_full.shape[0], flat.itemsize
        length = n * self.image
        shifted = as_strided(flat, tuple(self.kernel) + (groups, length, c // groups),
                             tuple(d * st * item for d, st in zip(self.dilation, self.steps,
                                                                   strict=True))
                             + (c // groups * flat.strides[0], item, flat.strides[0]))
        per_tap = np.matmul(g_full.reshape(groups, o // groups, length), shifted)
        dims = len(self.kernel)                # (*kernel, groups, O/g, C/g) -> (groups, ...)
        per_tap = np.moveaxis(per_tap, tuple(range(dims)), tuple(range(-dims, 0)))
        return per_tap.reshape(groups, o // groups, -1)

    def from_grid(self, product, n):
        """(n, O, *out) view of an (O, n * pixels) product, cropped to the output."""
        o = product.shape[0]
        full = product.reshape((o, n) + self.shape)
        return full[(slice(None), slice(None)) + tuple(slice(0, s) for s in self.out)] \
            .swapaxes(0, 1)


def _products(kernels, cols):
    """Per-group ``kernels[g] @ cols[g]`` as one (rows, columns) array."""
    groups = kernels.shape[0]
    return np.matmul(kernels, cols.reshape(groups, kernels.shape[2], -1)).reshape(
        kernels.shape[0] * kernels.shape[1], -1)


def _with_bias(kernels, bias):
    """(groups, O/groups, K + 1) kernels whose last column is the bias (see im2col)."""
    return np.concatenate([kernels, bias.reshape(kernels.shape[:2] + (1,))], axis=2)


class Convolution(Function):
    """Cross-correlation of (N, C, *spatial) input with (O, C/groups, *kernel) weight.

    ``stride`` and ``dilation`` have one entry per spatial dim; ``padding`` has two,
    (before, after), per spatial dim in order: (top, bottom, left, right) in 2-d.
    Zeros are added outside the input.
    """

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        plan = conv_plan(x.shape, weight, stride, padding, dilation, groups)
        ctx.save_for_backward(x, weight)
        ctx.plan = plan
        ctx.has_bias = bias is not None
        return correlate(x, weight, bias, plan)

    @staticmethod
    def backward(ctx, grad):
        # dX = W^T G (col2im, or a correlation with the flipped kernel), dW = G cols^T,
        # db = sum of G over N and *out (see ``adjoints``)
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        grad_x, grad_w, grad_b = adjoints(x, weight, grad, ctx.plan, need_x, need_w,
                                          need_b and ctx.has_bias)
        return grad_x, grad_w, grad_b, None, None, None, None


class ConvolutionTranspose(Function):
    """Transposed convolution: the adjoint of ``Convolution`` in its input.

    ``x`` is (N, C_in, *in) and ``weight`` (C_in, C_out/groups, *kernel), the weight of a
    convolution from C_out channels to C_in.  The output z (N, C_out, *out) is that
    convolution's input gradient for the output gradient x, with
    out = (in - 1) stride - 2 padding + dilation (kernel - 1) + 1 + output_padding given
    as ``out_shape``.  So the backward pass is the convolution itself:
    dx = conv(G, W), dW = the convolution's weight gradient for input G and output
    gradient x, db = sum of G.
    """

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups, out_shape):
        z_shape = (x.shape[0], weight.shape[1] * groups) + tuple(out_shape)
        plan = conv_plan(z_shape, weight, stride, padding, dilation, groups)
        x_grid = _fit(x, plan[1].out)
        # z = conv^T x: the convolution's input gradient, ``placeholder`` standing for its
        # input (only its shape and dtype are read when the weight gradient is not wanted)
        placeholder = np.broadcast_to(np.zeros((), x.dtype), z_shape)
        z, _, _ = adjoints(placeholder, weight, x_grid, plan, True, False, False)
        if bias is not None:
            z += bias.reshape((-1,) + (1,) * len(out_shape))
        ctx.save_for_backward(x, weight)
        ctx.plan = plan
        ctx.has_bias = bias is not None
        return z

    @staticmethod
    def backward(ctx, grad):
        # d(conv^T x)/dx = conv: dx = conv(G, W); dW[i, o] = sum x_i * (G_o shifted):
        # the convolution's weight gradient with input G; db = sum of G over N, *out
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        plan = ctx.plan
        grad_x = grad_w = grad_b = None
        if need_x:
            grad_x = _fit(correlate(grad, weight, None, plan), x.shape[2:])
        if need_w:
            _, grad_w, _ = adjoints(grad, weight, _fit(x, plan[1].out), plan, False, True,
                                    False)
        if need_b and ctx.has_bias:
            grad_b = grad.sum(axis=(0,) + tuple(range(2, grad.ndim)))
        return grad_x, grad_w, grad_b, None, None, None, None, None


def _fit(a, spatial):
    """``a`` (N, C, *s) cut or zero-filled at the end of each spatial dim to ``spatial``
    (an output_padding of at least the stride gives the convolution more outputs than
    the transposed one had inputs; they read only the extra zeros)."""
    spatial = tuple(spatial)
    if a.shape[2:] == spatial:
        return a
    out = np.zeros(a.shape[:2] + spatial, a.dtype)
    common = tuple(slice(0, min(s, t)) for s, t in zip(a.shape[2:], spatial, strict=True))
    out[(slice(None), slice(None)) + common] = a[(slice(None), slice(None)) + common]
    return out


def conv_plan(x_shape, weight, stride, padding, dilation, groups):
    """The pads, Grid and column layout of a convolution of an ``x_shape`` input."""
    kernel = weight.shape[2:]
    pads = tuple(zip(padding[::2], padding[1::2], strict=True))
    padded = tuple(s + lo + hi for s, (lo, hi) in zip(x_shape[2:], pads, strict=True))
    # first layers (few input channels): columns image by image, so that the product
    # lands in (N, O, *out) order with no transpose and no wide-grid waste
    images_first = weight[0].size < IMAGES_FIRST_ROWS
    grid = Grid(padded, kernel, stride, dilation, wide=not images_first)
    return pads, grid, groups, images_first


def _geometry(plan):
    """What tells one convolution's work from another's of the same shapes (for the
    thread pool's judgement of whether splitting pays)."""
    pads, grid, groups, images_first = plan
    return pads, grid.stride, grid.dilation, groups, images_first


def correlate(x, weight, bias, plan):
    """out = W * x + b: the convolution's forward pass, chunk by chunk."""
    pads, grid, groups, images_first = plan
    n, o = x.shape[0], weight.shape[0]
    kernels = weight.reshape(groups, o // groups, -1)
    out = np.empty((n, o) + grid.out, x.dtype)

    if bias is not None:              # out = [W b] [cols; 1]: the bias in the product
        kernels = _with_bias(kernels, bias)

    def compute(a, b):                # W cols + b for images a..b
        cols = grid.im2col(grid.pad(x[a:b], pads), b - a, groups, bias is not None,
                           images_first)
        return np.matmul(kernels, cols) if images_first else _products(kernels, cols)

    def store(a, b, product):
        out[a:b] = product.reshape(out[a:b].shape) if images_first else \
            grid.from_grid(product, b - a)

    _parallel.run(batch_chunks(n, weight[0].size * groups * grid.pixels, o // groups), compute,
                  store, kind=("correlate", x.shape, weight.shape, bias is None,
                               _geometry(plan)))
    return out


def adjoints(x, weight, grad, plan, need_x, need_w, need_b):
    """(dX, dW, db) of ``correlate`` for the output gradient ``grad`` (None where not
    needed); ``x`` is read only for its shape and dtype unless dW is needed."""
    pads, grid, groups, images_first = plan
    n, c, o, kernel = x.shape[0], x.shape[1], weight.shape[0], weight.shape[2:]
    kernels = weight.reshape(groups, o // groups, -1)
    # the input gradient as a stride-1 correlation (needs padding of at most the
    # kernel's extent) builds O*taps rows of columns, col2im scatters C*taps rows:
    # measured, the correlation wins while O <= C
    extent = [d * (k - 1) for k, d in zip(kernel, grid.dilation, strict=True)]
    as_correlation = o <= c and grid.wide and all(lo <= e and hi <= e for (lo, hi), e in
                                                  zip(pads, extent, strict=True))
    if need_x and as_correlation:
        # dX = correlation of G, padded by extent - pad, with the flipped kernel whose
        # input and output channels swap places (per group)
        g_pads = tuple((e - lo, e - hi) for (lo, hi), e in zip(pads, extent, strict=True))
        g_grid = Grid(tuple(s + e for s, e in zip(x.shape[2:], extent, strict=True)),
                      kernel, grid.stride, grid.dilation)
        flipped = weight[(slice(None), slice(None)) + (slice(None, None, -1),) * len(kernel)]
        flipped = flipped.reshape((groups, o // groups, c // groups) + kernel)
        back_kernels = np.ascontiguousarray(flipped.swapaxes(1, 2)).reshape(
            groups, c // groups, -1)
    bounds = batch_chunks(n, weight[0].size * groups * grid.pixels, o // groups)
    size = bounds[0][1] - bounds[0][0] if bounds else 1
    grad_x = np.empty(x.shape, x.dtype) if need_x else None
    # dW from shifted views instead of columns costs image/pixels - 1 more products
    # per output channel: measured, it wins while (O/groups) * that is below 2
    shifted = need_w and grid.wide and (o // groups) * (grid.image / grid.pixels - 1) < 2
    # otherwise the bias gradient comes with the weight gradient (a row of ones)
    fused_b = need_w and need_b and not shifted
    partial_w = np.empty((len(bounds), groups, o // groups, kernels.shape[2] + fused_b),
                         x.dtype) if need_w else None
    partial_b = np.empty((len(bounds), o), grad.dtype) if need_b and not fused_b else None
    wide_g = not images_first and (not shifted or (need_x and not as_correlation))
    # with "same" padding (pad before + after = extent in every dim) G padded for the
    # input gradient sits in frames of the padded input's size: shifted by the pad
    # before, that buffer is G on the full padded grid too (the zeros past the output
    # are the frames' pads), so the weight gradient reads it and skips its own copy
    same_frame = shifted and need_x and as_correlation and g_grid.padded == grid.padded
    if same_frame:
        g_shift = sum((e - lo) * st for (lo, _), e, st in zip(pads, extent, grid.steps,
                                                             strict=True))

    def compute(a, b):                # this chunk's (db, dW, dX) parts
        db = dw = dx = None
        g = grid.to_grid(grad[a:b]) if wide_g else None    # G: (O, images * pixels)
        if same_frame:
            g_flat = g_grid.pad(grad[a:b], g_pads)
            g_full = g_flat[:, g_shift:g_shift + (b - a) * grid.image]
        else:
            g_full = grid.to_full(grad[a:b]) if shifted else None
        if images_first:                                   # G: (n, groups, O/g, pixels)
            g = grad[a:b].reshape(b - a, groups, o // groups, -1)
        if partial_b is not None and images_first:        # db = sum of G over N, *out
            db = g.sum(axis=(0, 3)).reshape(o)
        elif partial_b is not None:
            db = (g_full if shifted else g).sum(axis=1)
        if images_first and need_w:                        # dW = sum over images G cols^T
            cols = grid.im2col(grid.pad(x[a:b], pads), b - a, groups, fused_b, True)
            dw = np.matmul(g, cols.swapaxes(-1, -2)).sum(axis=0)
        elif shifted:                                      # dW = G x^T, tap by tap
            dw = grid.weight_products(g_full, grid.pad(x[a:b], pads), b - a, groups)
        elif need_w:                                       # dW = G cols^T
            cols = grid.im2col(grid.pad(x[a:b], pads), b - a, groups, fused_b)
            # as (cols G^T)^T: BLAS is faster with the long images*pixels axis inner
            dw = np.matmul(cols, g.reshape(groups, o // groups, -1)
                           .swapaxes(1, 2)).swapaxes(1, 2)
        if need_x and as_correlation:                      # dX = W~ * G (see above)
            g_cols = g_grid.im2col(g_flat if same_frame else g_grid.pad(grad[a:b], g_pads),
                                   b - a)
            dx = g_grid.from_grid(_products(back_kernels, g_cols), b - a)
        elif need_x:                                       # dcols = W^T G, col2im
            if images_first:          # (n, groups, K/g, pixels) -> (K, n * pixels)
                dcols = np.matmul(kernels.swapaxes(1, 2), g)
                dcols = np.moveaxis(dcols, 0, 2).reshape(kernels.shape[0] *
                                                         kernels.shape[2], -1)
            else:
                dcols = np.matmul(kernels.swapaxes(1, 2),
                                  g.reshape(groups, o // groups, -1)).reshape(
                                      kernels.shape[0] * kernels.shape[2], -1)
            full = grid.col2im(dcols, b - a)
            inside = tuple(slice(lo, lo + s) for s, (lo, _) in
                           zip(x.shape[2:], pads, strict=True))
            dx = full[(slice(None), slice(None)) + inside].swapaxes(0, 1)
        return db, dw, dx

    def store(a, b, parts):
        db, dw, dx = parts
        if db is not None:
            partial_b[a // size] = db
        if dw is not None:
            partial_w[a // size] = dw
        if dx is not None:
            grad_x[a:b] = dx

    _parallel.run(bounds, compute, store, kind=("adjoints", x.shape, weight.shape,
                                                 _geometry(plan), need_x, need_w, need_b))
    grad_w = grad_b = None
    if need_w:
        total = partial_w.sum(axis=0)
        grad_w = total[..., :kernels.shape[2]].reshape(weight.shape)
        grad_b = total[..., -1].reshape(o) if fused_b else None    # db = sum of G
    if partial_b is not None:
        grad_b = partial_b.sum(axis=0)
    return grad_x, grad_w, grad_b


Conv2d = Convolution            # the 2-d case, as nn.functional.conv2d calls it
