"""2-d convolution by im2col: the receptive field of every output pixel becomes a column
of a matrix, so the convolution is one (per-group) matrix product each way.

Columns are laid out (C, kh, kw) x (N, Ho, Wo), as in Caffe, from a channel-major
(C, N, H, W) copy of the input: the weight reshapes to (O, C*kh*kw) without a copy and
every slab copy moves contiguous image rows.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def out_size(size, pad_total, kernel, stride, dilation):
    """Output length of a sliding window (torch's floor formula)."""
    return (size + pad_total - dilation * (kernel - 1) - 1) // stride + 1


def _window(i, j, out_hw, stride, dilation):
    """Slices of the padded input that kernel tap (i, j) sees for every output pixel."""
    (ho, wo), (sh, sw), (dh, dw) = out_hw, stride, dilation
    return (slice(i * dh, i * dh + sh * (ho - 1) + 1, sh),
            slice(j * dw, j * dw + sw * (wo - 1) + 1, sw))


def im2col(x, kernel, stride, dilation, out_hw):
    """(C, kh, kw, N, Ho, Wo) columns of a padded channel-major (C, N, H, W) array."""
    c, n = x.shape[:2]
    cols = np.empty((c, kernel[0], kernel[1], n) + tuple(out_hw), x.dtype)
    for i in range(kernel[0]):
        for j in range(kernel[1]):
            rows, columns = _window(i, j, out_hw, stride, dilation)
            cols[:, i, j] = x[:, :, rows, columns]
    return cols


def col2im(cols, padded_shape, stride, dilation):
    """Adjoint of im2col: add every column entry back onto the pixel it was read from."""
    c, kh, kw, n, ho, wo = cols.shape
    out = np.zeros(padded_shape, cols.dtype)
    for i in range(kh):
        for j in range(kw):
            rows, columns = _window(i, j, (ho, wo), stride, dilation)
            out[:, :, rows, columns] += cols[:, i, j]
    return out


def col2im_unit_stride(dcols_of, grad, padded_shape, kernel):
    """Input gradient of a stride-1, dilation-1 convolution, with long contiguous adds.

    On a grid whose rows are as wide as the padded input (Wp instead of Wo), kernel tap
    (i, j) moves every output pixel by the same flat offset i*Wp + j, so adding a tap back
    is one contiguous add of Ho*Wp numbers instead of Ho rows of Wo.  The Wp - Wo extra
    columns of each row carry zero gradient, so what they add is zero.
    ``dcols_of(g)`` turns (O, N*Ho*Wp) gradients into (C*kh*kw, N*Ho*Wp) columns.
    """
    c, n, hp, wp = padded_shape
    o, _, ho, wo = grad.shape
    kh, kw = kernel
    wide = np.zeros((o, n, ho, wp), grad.dtype)
    wide[..., :wo] = grad
    dcols = dcols_of(wide.reshape(o, -1)).reshape(c, kh, kw, n, ho * wp)
    flat = np.zeros((c, n, hp * wp + kw), grad.dtype)   # the last tap runs kw - 1 past the end
    for i in range(kh):
        for j in range(kw):
            start = i * wp + j
            flat[:, :, start:start + ho * wp] += dcols[:, i, j]
    return flat[:, :, :hp * wp].reshape(padded_shape)


def _per_group(fn, *stacks):
    """``fn`` on matching 2-d slices of (groups, rows, cols) stacks (2-d matmuls hit BLAS)."""
    if len(stacks[0]) == 1:
        return fn(*(s[0] for s in stacks))[None]
    return np.stack([fn(*mats) for mats in zip(*stacks, strict=False)])


class Conv2d(Function):
    """Cross-correlation of (N, C, H, W) input with (O, C/groups, kh, kw) weight.

    ``padding`` is (top, bottom, left, right); zeros are added outside the input.
    """

    on_arrays = True
    once_differentiable = True
    grad_fn_name = "ConvolutionBackward0"

    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        n, c, h, w = x.shape
        o, cg, kh, kw = weight.shape
        top, bottom, left, right = padding
        ho = out_size(h, top + bottom, kh, stride[0], dilation[0])
        wo = out_size(w, left + right, kw, stride[1], dilation[1])
        # a padded channel-major (C, N, H, W) copy: every slab copy below moves whole rows
        x = np.pad(x.transpose(1, 0, 2, 3), ((0, 0), (0, 0), (top, bottom), (left, right)))
        cols = im2col(x, (kh, kw), stride, dilation, (ho, wo))
        cols = cols.reshape(groups, cg * kh * kw, n * ho * wo)
        kernels = weight.reshape(groups, o // groups, cg * kh * kw)
        out = _per_group(np.matmul, kernels, cols).reshape(o, n, ho, wo)   # (O, N, Ho, Wo)
        if bias is not None:
            out += bias.reshape(o, 1, 1, 1)
        ctx.save_for_backward(cols, weight)
        ctx.geometry = (x.shape, stride, padding, dilation, groups, (h, w))
        ctx.has_bias = bias is not None
        return np.ascontiguousarray(out.transpose(1, 0, 2, 3))

    @staticmethod
    def backward(ctx, grad):
        cols, weight = ctx.saved_tensors
        padded_shape, stride, padding, dilation, groups, (h, w) = ctx.geometry
        o, cg, kh, kw = weight.shape
        n, _, ho, wo = grad.shape
        g = np.ascontiguousarray(grad.transpose(1, 0, 2, 3)).reshape(groups, o // groups, -1)
        kernels = weight.reshape(groups, o // groups, cg * kh * kw)
        grad_x = grad_w = grad_b = None
        if ctx.needs_input_grad[1]:                        # dW = G cols^T
            # (cols G^T)^T: BLAS is much faster with the long N*Ho*Wo axis in this order
            grad_w = _per_group(lambda gk, ck: (ck @ gk.T).T, g, cols).reshape(weight.shape)
        if ctx.has_bias and ctx.needs_input_grad[2]:
            grad_b = g.sum(axis=2).reshape(o)              # db = sum of G over N, H, W
        if ctx.needs_input_grad[0]:                        # dcols = W^T G, then col2im
            def dcols_of(gk):
                return _per_group(lambda wk, gg: wk.T @ gg, kernels,
                                  gk.reshape(groups, o // groups, -1))
            if stride == (1, 1) and dilation == (1, 1):
                padded = col2im_unit_stride(dcols_of, g.reshape(o, n, ho, wo), padded_shape,
                                            (kh, kw))
            else:
                dcols = dcols_of(g).reshape(groups * cg, kh, kw, n, ho, wo)
                padded = col2im(dcols, padded_shape, stride, dilation)
            top, _, left, _ = padding
            grad_x = np.ascontiguousarray(
                padded[:, :, top:top + h, left:left + w].transpose(1, 0, 2, 3))
        return grad_x, grad_w, grad_b, None, None, None, None
