"""Row lookups: ``weight[indices]`` (Embedding) and sums, means or maxima of looked-up rows
per bag (EmbeddingBag), with torch's gradient rules."""
from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def _frequency_scale(indices):
    """1 / (how often each position's index occurs): scale_grad_by_freq's factor."""
    _, inverse, counts = np.unique(indices, return_inverse=True, return_counts=True)
    return 1.0 / counts[inverse.reshape(-1)]


class Embedding(Function):
    """Pick rows of ``weight``; rows equal to ``padding_idx`` receive no gradient."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq=False):
        ctx.indices, ctx.padding_idx, ctx.shape = indices, padding_idx, weight.shape
        ctx.scale_grad_by_freq = scale_grad_by_freq
        return weight[indices]

    @staticmethod
    def backward(ctx, grad):
        # d out[i] / d weight[indices[i]] = 1: scatter-add each row's gradient back
        rows = grad.reshape(-1, ctx.shape[1])
        if ctx.scale_grad_by_freq:              # each index's rows count once in all
            rows = rows * _frequency_scale(ctx.indices)[:, None].astype(grad.dtype)
        out = np.zeros(ctx.shape, grad.dtype)
        np.add.at(out, ctx.indices.reshape(-1), rows)
        if ctx.padding_idx is not None:
            out[ctx.padding_idx] = 0
        return out, None, None, None


class EmbeddingBag(Function):
    """Reduce the rows ``weight[indices]`` of each bag: 'sum' (optionally weighted per
    index), 'mean' or 'max' (per coordinate).  ``bags`` holds each index's bag; indices
    equal to ``padding_idx`` are left out, and empty bags give zeros."""

    on_arrays = True
    once_differentiable = True

    @staticmethod
    def forward(ctx, weight, per_sample_weights, indices, bags, n_bags, mode, padding_idx,
                scale_grad_by_freq):
        keep = np.ones(indices.shape, bool) if padding_idx is None else indices != padding_idx
        idx, bag = indices[keep], bags[keep]
        rows = weight[idx]
        if per_sample_weights is not None:
            rows = rows * per_sample_weights[keep][:, None]
        counts = np.bincount(bag, minlength=n_bags)
        if mode == "max":
            out = np.full((n_bags, weight.shape[1]), -np.inf, weight.dtype)
            np.maximum.at(out, bag, rows)
            out[counts == 0] = 0
            # the first position holding each maximum gets the gradient (torch's strict >)
            position = np.where(rows == out[bag], np.arange(len(idx))[:, None], len(idx))
            winner = np.full(out.shape, len(idx))
            np.minimum.at(winner, bag, position)
            ctx.winner = winner
        else:
            out = np.zeros((n_bags, weight.shape[1]), weight.dtype)
            np.add.at(out, bag, rows)
            if mode == "mean":
                out /= np.maximum(counts, 1)[:, None].astype(weight.dtype)
        ctx.save_for_backward(weight, per_sample_weights)
        ctx.parts = (idx, bag, keep, counts, mode, scale_grad_by_freq, indices)
        return out

    @staticmethod
    def backward(ctx, grad):
        weight, per_sample_weights = ctx.saved_tensors
        idx, bag, keep, counts, mode, by_freq, indices = ctx.parts
        grad_weight = np.zeros(weight.shape, grad.dtype)
        grad_psw = None
        if mode == "max":                       # d max = 1 at the winning row, per coordinate
            won = ctx.winner < len(idx)
            columns = np.nonzero(won)[1]
            np.add.at(grad_weight, (idx[ctx.winner[won]], columns), grad[won])
            return grad_weight, None, None, None, None, None, None, None
        rows = grad[bag]                        # d sum = 1 per row; d mean = 1 / count
        if mode == "mean":
            rows = rows / np.maximum(counts, 1)[bag][:, None].astype(grad.dtype)
        if per_sample_weights is not None:
            psw = np.zeros(per_sample_weights.shape, grad.dtype)
            psw[keep] = (rows * weight[idx]).sum(1)     # d (w x) / dw = x
            grad_psw = psw
            rows = rows * per_sample_weights[keep][:, None]
        if by_freq:
            rows = rows * _frequency_scale(indices)[keep][:, None].astype(grad.dtype)
        np.add.at(grad_weight, idx, rows)
        return grad_weight, grad_psw, None, None, None, None, None, None
