"""2-d convolution by im2col: every output pixel's receptive field becomes a row of a
matrix, so the convolution is one (batched over groups) matrix product each way.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..autograd.function import Function


def out_size(size, pad_total, kernel, stride, dilation):
    """Output length of a sliding window (torch's floor formula)."""
    return (size + pad_total - dilation * (kernel - 1) - 1) // stride + 1


def im2col(x, kernel, stride, dilation, out_hw):
    """Windows of a padded NHWC array as (N, Ho, Wo, C, kh, kw) (a strided view)."""
    (kh, kw), (sh, sw), (dh, dw), (ho, wo) = kernel, stride, dilation, out_hw
    span = ((kh - 1) * dh + 1, (kw - 1) * dw + 1)
    windows = sliding_window_view(x, span, axis=(1, 2))
    return windows[:, :ho * sh:sh, :wo * sw:sw, :, ::dh, ::dw]


def col2im(cols, padded_shape, stride, dilation):
    """Adjoint of im2col: add each window's values back where they came from (NHWC)."""
    n, ho, wo, c, kh, kw = cols.shape
    (sh, sw), (dh, dw) = stride, dilation
    out = np.zeros(padded_shape, cols.dtype)
    for i in range(kh):
        for j in range(kw):
            out[:, i * dh:i * dh + sh * (ho - 1) + 1:sh,
                j * dw:j * dw + sw * (wo - 1) + 1:sw, :] += cols[..., i, j]
    return out


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
        nhwc = x.transpose(0, 2, 3, 1)
        if any(padding):
            nhwc = np.pad(nhwc, ((0, 0), (top, bottom), (left, right), (0, 0)))
        cols = im2col(nhwc, (kh, kw), stride, dilation, (ho, wo))
        cols = cols.reshape(n * ho * wo, groups, cg * kh * kw)      # copies the windows
        kernels = weight.reshape(groups, o // groups, cg * kh * kw)
        if groups == 1:
            out = cols[:, 0] @ kernels[0].T                          # (M, O)
        else:
            out = np.matmul(cols.transpose(1, 0, 2), kernels.transpose(0, 2, 1))
            out = out.transpose(1, 0, 2).reshape(n * ho * wo, o)
        if bias is not None:
            out += bias
        ctx.save_for_backward(cols, weight)
        ctx.geometry = (x.shape, nhwc.shape, stride, padding, dilation, groups, (ho, wo))
        ctx.has_bias = bias is not None
        return np.ascontiguousarray(out.reshape(n, ho, wo, o).transpose(0, 3, 1, 2))

    @staticmethod
    def backward(ctx, grad):
        cols, weight = ctx.saved_tensors
        x_shape, padded_shape, stride, padding, dilation, groups, (ho, wo) = ctx.geometry
        n, c, h, w = x_shape
        o, cg, kh, kw = weight.shape
        g = grad.transpose(0, 2, 3, 1).reshape(n * ho * wo, groups, o // groups)
        kernels = weight.reshape(groups, o // groups, cg * kh * kw)
        grad_x = grad_w = grad_b = None
        if ctx.needs_input_grad[1]:
            if groups == 1:                                # dW = G^T cols
                grad_w = (g[:, 0].T @ cols[:, 0]).reshape(weight.shape)
            else:
                grad_w = np.matmul(g.transpose(1, 2, 0), cols.transpose(1, 0, 2))
                grad_w = grad_w.reshape(weight.shape)
        if ctx.has_bias and ctx.needs_input_grad[2]:
            grad_b = grad.sum(axis=(0, 2, 3))              # db = sum of G over N, H, W
        if ctx.needs_input_grad[0]:
            if groups == 1:                                # dcols = G W, then col2im
                dcols = g[:, 0] @ kernels[0]
            else:
                dcols = np.matmul(g.transpose(1, 0, 2), kernels).transpose(1, 0, 2)
            dcols = dcols.reshape(n, ho, wo, c, kh, kw)
            padded = col2im(dcols, padded_shape, stride, dilation)
            top, bottom, left, right = padding
            inner = padded[:, top:top + h, left:left + w, :]
            grad_x = np.ascontiguousarray(inner.transpose(0, 3, 1, 2))
        return grad_x, grad_w, grad_b, None, None, None, None
