"""Fused loss primitives: negative log-likelihood and the two binary cross-entropies.

Each takes a ``reduction`` ('none' | 'mean' | 'sum') and returns the reduced loss;
backward spreads the incoming gradient back over the elements.
"""
from __future__ import annotations

import math

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
    scale = 1 if reduction == "sum" else math.prod(shape)
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

    With ``pos_weight`` p: ``(1 - t) x + (1 + (p - 1) t) softplus(-x)``.  Computed in
    ``x``'s dtype; the loss comes in ``t``'s, as torch writes it (into ``1 - t``).
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, x, t, weight, pos_weight, reduction):
        ctx.loss_dtype = t.dtype
        t = t.astype(x.dtype, copy=False)
        softplus_neg = np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0)    # -log sigmoid(x)
        scale = 1 if pos_weight is None else 1 + (pos_weight - 1) * t
        loss = (1 - t) * x + scale * softplus_neg
        if weight is not None:
            loss = loss * weight
        ctx.save_for_backward(x, t)
        ctx.parts = (softplus_neg, weight, pos_weight, reduction)
        return _reduce(loss.astype(x.dtype, copy=False), reduction).astype(ctx.loss_dtype,
                                                                          copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        softplus_neg, weight, pos_weight, reduction = ctx.parts
        g = _spread(grad.astype(x.dtype, copy=False), x.shape, reduction)
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
    target = np.asarray(target)
    if rows.shape[0] == 0:                   # no frames: one (multi) or C (multilabel) each
        return rows, target.reshape(0, target.shape[-1] if target.ndim > 1 else 1)
    return rows, target.reshape(rows.shape[0], -1)


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


def _logsumexp(a, b):
    """log(exp(a) + exp(b)) elementwise, with -inf handled (both -inf gives -inf)."""
    high = np.maximum(a, b)
    safe = np.where(np.isfinite(high), high, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.isneginf(high), -np.inf,
                        safe + np.log(np.exp(a - safe) + np.exp(b - safe)))


def _shift(values, k):
    """``values`` moved k places right (left for k < 0), -inf filling the gap."""
    out = np.full_like(values, -np.inf)
    if k >= 0:
        out[k:] = values[:len(values) - k]
    else:
        out[:k] = values[-k:]
    return out


class CtcLoss(Function):
    """Connectionist temporal classification: ``-log p(target | input)`` summed over every
    alignment of the target (with blanks and repeats) to the input frames, by the
    forward (alpha) and backward (beta) recursions over the extended target
    ``blank, l1, blank, l2, ..., blank``.

    ``log_probs`` is (T, N, C); the result is each sample's loss (N,).  As in torch, the
    gradient returned is ``softmax - posterior``: the gradient with respect to the logits
    behind ``log_probs = log_softmax(logits)`` (which torch passes on as the gradient of
    ``log_probs``; through log_softmax it yields the right logits' gradient).
    """

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, log_probs, targets, input_lengths, target_lengths, blank,
                zero_infinity):
        t_max, n, c = log_probs.shape
        losses = np.zeros(n, log_probs.dtype)
        grads = np.zeros((t_max, n, c), log_probs.dtype)
        for b in range(n):
            length, label = int(input_lengths[b]), targets[b][:int(target_lengths[b])]
            lp = log_probs[:length, b].astype(np.float64)
            extended = np.full(2 * len(label) + 1, blank)
            extended[1::2] = label
            s = len(extended)
            # a path may skip a blank between two different labels
            skip = np.zeros(s, bool)
            skip[3::2] = extended[3::2] != extended[1:-2:2]
            alpha = np.full((length, s), -np.inf)
            if length:
                alpha[0, :min(2, s)] = lp[0, extended[:min(2, s)]]
            for t in range(1, length):       # from the same, the previous, or (skip) two back
                previous = alpha[t - 1]
                reach = _logsumexp(previous, _shift(previous, 1))
                reach = _logsumexp(reach, np.where(skip, _shift(previous, 2), -np.inf))
                alpha[t] = reach + lp[t, extended]
            beta = np.full((length, s), -np.inf)
            if length:
                beta[-1, max(s - 2, 0):] = lp[-1, extended[max(s - 2, 0):]]
            skip_ahead = np.concatenate([skip[2:], [False, False]])[:s]
            for t in range(length - 2, -1, -1):       # the mirror image of alpha
                following = beta[t + 1]
                reach = _logsumexp(following, _shift(following, -1))
                reach = _logsumexp(reach, np.where(skip_ahead, _shift(following, -2), -np.inf))
                beta[t] = reach + lp[t, extended]
            if length:
                log_p = _logsumexp(alpha[-1, -1], alpha[-1, -2] if s > 1 else -np.inf)
            else:
                log_p = 0.0 if s == 1 else -np.inf
            nll = -log_p
            if not length:
                losses[b] = 0.0 if zero_infinity and np.isinf(nll) else nll
                continue
            # posterior of each (t, class): paths through it, alpha beta / y (lp counted twice)
            both = alpha + beta
            gathered = np.full((length, c), -np.inf)
            for k in range(s):
                gathered[:, extended[k]] = _logsumexp(gathered[:, extended[k]], both[:, k])
            with np.errstate(invalid="ignore", over="ignore"):
                grad = np.exp(lp) - np.exp(gathered + nll - lp)
            if zero_infinity and np.isinf(nll):
                nll, grad = 0.0, np.zeros_like(grad)
            losses[b] = nll
            grads[:length, b] = grad
        ctx.grads = grads
        return losses

    @staticmethod
    def backward(ctx, grad):
        return ctx.grads * grad[None, :, None], None, None, None, None, None
