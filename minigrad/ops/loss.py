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


class SoftMarginLoss(Function):
    """``log(1 + exp(-t x))`` for labels t = +-1 (computed as torch does, unguarded)."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, t, reduction):
        z = np.exp(-x * t)
        ctx.save_for_backward(x, t)
        ctx.z, ctx.reduction = z, reduction
        return _reduce(np.log1p(z).astype(x.dtype, copy=False), reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        g = _spread(grad, x.shape, ctx.reduction)
        return g * (-t * ctx.z / (1 + ctx.z)), None, None    # d/dx = -t e^(-tx) / (1 + e^(-tx))


def _target_rows(x, target):
    """Inputs as (frames, classes) and targets as rows (0-d and 1-d inputs are one frame)."""
    rows = x.reshape(-1, x.shape[-1] if x.ndim else 1)
    return rows, np.asarray(target).reshape(rows.shape[0], -1)


class MultiMarginLoss(Function):
    """Multi-class hinge loss: ``sum_{i != y} max(0, margin - x[y] + x[i])^p w[y] / C``.

    ``x`` is (N, C), (C) or (); ``target`` holds the class ``y`` of each frame.
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, target, p, margin, weight, reduction):
        rows, labels = _target_rows(x, target)
        labels = labels.reshape(-1)
        n, c = rows.shape
        frames = np.arange(n)
        z = margin - rows[frames, labels][:, None] + rows           # (N, C)
        active = z > 0
        active[frames, labels] = False                              # the class itself: no term
        scale = np.ones(n, x.dtype) if weight is None else weight[labels].astype(x.dtype)
        terms = np.where(active, z if p == 1 else z * z, 0) * scale[:, None]
        loss = (terms.sum(1) / c).astype(x.dtype, copy=False)
        # d term_i / d x_i = (1 or 2 z) w[y]; the class x_y gets minus the sum of those
        slopes = np.where(active, 1 if p == 1 else 2 * z, 0) * scale[:, None] / c
        slopes[frames, labels] = -slopes.sum(1)
        ctx.slopes, ctx.shape, ctx.reduction = slopes.astype(x.dtype), x.shape, reduction
        if reduction == "none":
            return loss if np.ndim(target) > 0 else loss.reshape(())
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        g = _spread(grad, (ctx.slopes.shape[0],), ctx.reduction) if ctx.reduction != "none" \
            else np.reshape(grad, -1)
        return (ctx.slopes * g[:, None]).reshape(ctx.shape), None, None, None, None, None


class MultilabelMarginLoss(Function):
    """``sum_{j in targets} sum_{i not in targets} max(0, 1 - (x[j] - x[i])) / C``.

    Each target row lists class indices up to the first -1.
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, target, reduction):
        rows, labels = _target_rows(x, target)
        n, c = rows.shape
        # only the labels before each row's first -1 count
        counted = np.cumprod(labels >= 0, axis=1).astype(bool)
        safe = np.where(counted, labels, 0)
        frames = np.arange(n)[:, None]
        is_target = np.zeros((n, c), bool)
        is_target[np.broadcast_to(frames, safe.shape)[counted], safe[counted]] = True
        picked = rows[frames, safe]                                 # x[j] for every label j
        z = 1 - picked[:, :, None] + rows[:, None, :]               # (N, labels, C)
        active = (z > 0) & counted[:, :, None] & ~is_target[:, None, :]
        loss = (np.where(active, z, 0).sum((1, 2)) / c).astype(x.dtype, copy=False)
        # d/dx[i] = +1/C per active pair (j, i); d/dx[j] = -1/C per active pair
        slopes = active.sum(1).astype(x.dtype) / c
        np.add.at(slopes, (np.broadcast_to(frames, safe.shape), safe),
                  -active.sum(2).astype(x.dtype) / c)
        ctx.slopes, ctx.shape, ctx.reduction = slopes, x.shape, reduction
        if reduction == "none":
            return loss if x.ndim == 2 else loss.reshape(())
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        g = _spread(grad, (ctx.slopes.shape[0],), ctx.reduction) if ctx.reduction != "none" \
            else np.reshape(grad, -1)
        return (ctx.slopes * g[:, None]).reshape(ctx.shape), None, None
