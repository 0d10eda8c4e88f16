"""Reductions beyond the op table: return types, ties, empty inputs, dtype arguments."""
from __future__ import annotations

import pytest
import torch

import minigrad

from .support import assert_raises_like, both


def test_max_dim_returns_named_tuple():
    def run(T):
        x = T.tensor([[1.0, 5.0, 2.0], [7.0, 0.0, 3.0]], requires_grad=True)
        out = x.max(dim=1)
        values, indices = out
        same = T.max(x, 1, keepdim=True)
        low = T.min(x, dim=0)
        (out.values.sum() + low[0].sum()).backward()
        return [values, indices, out.values, out.indices, out[0], same.values, same.indices,
                low.indices, type(out).__name__, isinstance(out, tuple), x.grad]
    both(run)


def test_tie_rules_match_torch():
    def run(T):
        x = T.tensor([[2.0, 2.0, 1.0], [0.0, 3.0, 3.0]], requires_grad=True)
        a = x.max()                        # gradient split evenly among the ties
        b = x.amax(dim=1)                  # amax splits evenly too
        c = x.max(dim=1)                   # max(dim) sends it to the returned index
        d = T.maximum(x, T.tensor(2.0))    # maximum splits a tie in half
        ga = T.autograd.grad(a, x, retain_graph=True)[0]
        gb = T.autograd.grad(b.sum(), x, retain_graph=True)[0]
        gc = T.autograd.grad(c.values.sum(), x, retain_graph=True)[0]
        gd = T.autograd.grad(d.sum(), x)[0]
        return [a, b, c.values, c.indices, x.argmax(), x.argmax(1), x.argmin(1), ga, gb, gc, gd]
    both(run)


def test_reductions_with_dtype_and_empty_inputs():
    def run(T):
        x = T.tensor([[1, 2], [3, 4]])
        e = T.zeros(0, 3)
        return [x.sum(), x.sum(dim=0, dtype=T.float64), x.float().mean(1), e.sum(), e.sum(0),
                e.mean(0), x.sum((0, 1), keepdim=True), T.tensor([True, True]).sum(),
                x.float().var(0, unbiased=False), x.float().std(correction=0)]
    both(run)


def test_reduction_errors():
    assert_raises_like(lambda: minigrad.tensor([1, 2]).mean(), lambda: torch.tensor([1, 2]).mean())
    assert_raises_like(lambda: minigrad.ones(2, 3).sum(2), lambda: torch.ones(2, 3).sum(2))
    assert_raises_like(lambda: minigrad.zeros(0).max(), lambda: torch.zeros(0).max())
    assert_raises_like(lambda: minigrad.ones(2, 3).softmax(3), lambda: torch.ones(2, 3).softmax(3))


def test_softmax_is_stable_for_large_inputs():
    def run(T):
        x = T.tensor([[1000.0, 0.0, -1000.0], [-1e4, -1e4, -1e4]], requires_grad=True)
        s, ls = x.softmax(1), x.log_softmax(1)
        lse = x.logsumexp(1)
        (s[:, 0].sum() + ls[:, 1].sum() + lse.sum()).backward()
        return [s, ls, lse, x.grad]
    both(run)


@pytest.mark.parametrize("p", [1, 2, 3, float("inf"), "fro"])
def test_norm_orders(p):
    def run(T):
        x = T.tensor([[3.0, -4.0], [1.0, 2.0]], dtype=T.float64, requires_grad=True)
        n = x.norm(p) + x.norm(p, dim=1).sum()
        n.backward()
        return [n, x.grad]
    both(run)
