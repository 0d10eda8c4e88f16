"""The fused affine map ``x @ W^T + b`` behind ``nn.Linear``: one matmul each way."""
from __future__ import annotations

import numpy as np

from .. import _parallel
from ..autograd.function import Function


class Linear(Function):
    """``x @ weight.T + bias`` for ``x`` of shape (*, in_features).

    Arguments come in torch's addmm order (bias, x, weight), so ``next_functions``
    lists the same nodes as torch's AddmmBackward0.  Products go through
    ``_parallel.matmul`` (split over threads when large).
    """

    on_arrays = True
    grad_fn_name = "AddmmBackward0"

    @staticmethod
    def forward(ctx, bias, x, weight):
        ctx.save_for_backward(x, weight)
        ctx.has_bias = bias is not None
        if x.ndim != 2:
            ctx.name_override = "ViewBackward0"
        elif bias is None:
            ctx.name_override = "MmBackward0"
        rows = x.reshape((-1, x.shape[-1]))
        # computed as (W x^T)^T: OpenBLAS is about 20% faster with the batch axis last;
        # the bias is added while the transpose is copied into row-major order
        product = _parallel.matmul(weight, rows.T).T
        out = np.empty(product.shape, product.dtype)
        if bias is not None:
            np.add(product, bias, out=out)
        else:
            out[...] = product
        return out.reshape(x.shape[:-1] + (weight.shape[0],))

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_b, need_x, need_w = ctx.needs_input_grad
        g2 = grad.reshape((-1, grad.shape[-1]))
        grad_x = _parallel.matmul(g2, weight).reshape(x.shape) if need_x else None   # dX = G W
        grad_w = (_parallel.matmul(g2.T, x.reshape((-1, x.shape[-1]))) if need_w   # dW = G^T X
                  else None)
        grad_b = g2.sum(0) if need_b and ctx.has_bias else None             # db = sum_rows G
        return grad_b, grad_x, grad_w
