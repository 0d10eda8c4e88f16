"""Fused loss primitives: negative log-likelihood and the two binary cross-entropies.

Each takes a ``reduction`` ('none' | 'mean' | 'sum') and returns the reduced loss;
backward spreads the incoming gradient back over the elements.
"""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def _reduce(loss, reduction):
    if reduction == "none":
        return loss
    return np.asarray(loss.sum() if reduction == "sum" else loss.mean(), loss.dtype)


def _spread(grad, shape, reduction):
    """The gradient of each element of the unreduced loss."""
    if reduction == "none":
        return grad
    scale = 1 if reduction == "sum" else int(np.prod(shape))
    return np.broadcast_to(grad / np.asarray(scale, grad.dtype), shape)


def _sigmoid(x):
    e = np.exp(-np.abs(x))                       # never overflows
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)


class NllLoss(Function):
    """``-weight[t] * logp[n, t]`` for class indices ``t``; ignored targets count 0.

    ``logp`` is (N, C, *) and ``target`` (N, *); 'mean' divides by the summed weights.
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, logp, target, weight, ignore_index, reduction):
        valid = target != ignore_index
        safe = np.where(valid, target, 0)[:, None]
        if logp.ndim == 2:                       # (N, C): plain indexing is quicker
            picked = logp[np.arange(logp.shape[0]), safe[:, 0]]
        else:
            picked = np.take_along_axis(logp, safe, 1)[:, 0]
        w = valid.astype(logp.dtype) if weight is None else weight[safe[:, 0]] * valid
        w = w.astype(logp.dtype, copy=False)
        out = -picked * w
        ctx.safe, ctx.coefficient, ctx.shape = safe, -w, logp.shape
        if reduction == "none":
            return out
        total = out.sum()
        if reduction == "mean":                  # divide by the summed weights
            with np.errstate(invalid="ignore", divide="ignore"):
                total = total / w.sum()
                ctx.coefficient = np.where(valid, -w / w.sum(), 0).astype(logp.dtype)
        return np.asarray(total, logp.dtype)

    @staticmethod
    def backward(ctx, grad):
        # d loss / d logp[n, c] = -w[n] where c == target[n], else 0
        out = np.zeros(ctx.shape, grad.dtype)
        if out.ndim == 2:
            out[np.arange(out.shape[0]), ctx.safe[:, 0]] = ctx.coefficient * grad
        else:
            np.put_along_axis(out, ctx.safe, (ctx.coefficient * grad)[:, None], 1)
        return out, None, None, None, None


class BinaryCrossEntropy(Function):
    """``-w (t log x + (1 - t) log(1 - x))`` with each log clamped at -100 (as torch)."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, t, weight, reduction):
        with np.errstate(divide="ignore"):
            log_x = np.maximum(np.log(x), -100)
            log_1mx = np.maximum(np.log1p(-x), -100)
        loss = -(t * log_x + (1 - t) * log_1mx)
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, t)
        ctx.logs, ctx.weight, ctx.reduction = (log_x, log_1mx), weight, reduction
        return _reduce(loss.astype(x.dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        g = _spread(grad, x.shape, ctx.reduction)
        if ctx.weight is not None:
            g = g * ctx.weight
        eps = np.asarray(np.float32(1e-12), x.dtype)      # torch keeps this constant as float
        grad_x = g * (x - t) / np.maximum((1 - x) * x, eps)    # d/dx = (x - t) / (x (1 - x))
        log_x, log_1mx = ctx.logs
        grad_t = g * (log_1mx - log_x)                          # d/dt = log(1 - x) - log x
        return grad_x, grad_t, None, None


class BinaryCrossEntropyWithLogits(Function):
    """Binary cross-entropy of ``sigmoid(x)`` computed stably from the logits ``x``.

    With ``pos_weight`` p: ``(1 - t) x + (1 + (p - 1) t) softplus(-x)``.
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, t, weight, pos_weight, reduction):
        softplus_neg = np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0)    # -log sigmoid(x)
        scale = 1 if pos_weight is None else 1 + (pos_weight - 1) * t
        loss = (1 - t) * x + scale * softplus_neg
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, t)
        ctx.parts = (softplus_neg, weight, pos_weight, reduction)
        return _reduce(loss.astype(x.dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        softplus_neg, weight, pos_weight, reduction = ctx.parts
        g = _spread(grad, x.shape, reduction)
        if weight is not None:
            g = g * weight
        if pos_weight is None:
            grad_x = g * (_sigmoid(x) - t)                    # d/dx = sigmoid(x) - t
            grad_t = g * -x                                   # d/dt = -x
        else:                                     # d/dx = sigmoid(x)(1 + (p-1)t) - p t
            grad_x = g * (_sigmoid(x) * (1 + (pos_weight - 1) * t) - pos_weight * t)
            grad_t = g * ((pos_weight - 1) * softplus_neg - x)
        return grad_x, grad_t, None, None, None


class MseLoss(Function):
    """Squared error ``(x - t)^2`` of equally shaped ``x`` and ``t``."""

    on_arrays = True

    @staticmethod
    def forward(ctx, x, t, reduction):
        diff = x - t
        ctx.save_for_backward(x, t)
        ctx.count = 1 if reduction != "mean" else x.size     # 'mean' shares g over all
        return _reduce(diff * diff, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        grad_x = (x - t) * grad * (2 / ctx.count)   # d (x - t)^2 / dx = 2 (x - t)
        return grad_x, -grad_x, None
