"""NaN in, torch's answer out: values and gradients of reductions and max-like ops.

torch has a rule for each op: ``x.max()`` sends the gradient to the NaN elements,
the max-norm gives a slice holding NaN no gradient, ``relu`` and ``elu`` pass the
gradient through a NaN, ``maximum`` gives it to both sides when one is NaN, ``abs``
(and so ``norm(1)`` and ``l1_loss``) has slope 0 at NaN, ``sign(NaN)`` is 0, max pooling
gives a window's gradient to its last NaN, adaptive pooling keeps a NaN in its own bins.
"""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

NAN = float("nan")
VALUES = [[1.0, NAN, 3.0, 3.0], [2.0, 5.0, NAN, NAN], [1.0, -2.0, 2.0, 0.5]]
OTHER = [[NAN, 0.0, 3.0, 4.0], [2.0, NAN, 1.0, NAN], [1.0, -2.0, 2.0, 0.5]]


def F(T):
    return T.nn.functional


OPS = {
    "max": lambda T, x: x.max(),
    "min": lambda T, x: x.min(),
    "max of a NaN-free slice": lambda T, x: x[2].max(),
    "amax": lambda T, x: x.amax(),
    "amax dim": lambda T, x: x.amax(1),
    "amin dim": lambda T, x: x.amin(0),
    "max dim": lambda T, x: x.max(1).values,
    "min dim": lambda T, x: x.min(1).values,
    "max dim indices": lambda T, x: x.max(1).indices,
    "argmax": lambda T, x: x.argmax(),
    "argmin dim": lambda T, x: x.argmin(1),
    "sum": lambda T, x: x.sum(),
    "mean dim": lambda T, x: x.mean(1),
    "var dim": lambda T, x: x.var(1),
    "std": lambda T, x: x.std(),
    "norm": lambda T, x: x.norm(),
    "norm 1": lambda T, x: x.norm(1),
    "norm 3 dim": lambda T, x: x.norm(3, 1),
    "norm inf": lambda T, x: x.norm(float("inf")),
    "norm inf dim": lambda T, x: x.norm(float("inf"), 1),
    "logsumexp": lambda T, x: x.logsumexp(1),
    "softmax": lambda T, x: x.softmax(1),
    "log_softmax": lambda T, x: x.log_softmax(0),
    "maximum": lambda T, x: x.maximum(T.tensor(OTHER, dtype=T.float64)),
    "minimum": lambda T, x: x.minimum(T.tensor(OTHER, dtype=T.float64)),
    "abs": lambda T, x: x.abs(),
    "sign": lambda T, x: x.sign(),
    "relu": lambda T, x: x.relu(),
    "clamp": lambda T, x: x.clamp(0, 2),
    "hardtanh": lambda T, x: F(T).hardtanh(x),
    "leaky_relu": lambda T, x: F(T).leaky_relu(x),
    "elu": lambda T, x: F(T).elu(x),
    "l1_loss": lambda T, x: F(T).l1_loss(x, T.zeros_like(x)),
    "mse_loss": lambda T, x: F(T).mse_loss(x, T.zeros_like(x)),
    "smooth_l1_loss": lambda T, x: F(T).smooth_l1_loss(x, T.zeros_like(x)),
    "cross_entropy": lambda T, x: F(T).cross_entropy(x, T.tensor([0, 1, 2])),
    "max_pool1d tiles": lambda T, x: F(T).max_pool1d(x[None], 2),
    "max_pool1d overlapping": lambda T, x: F(T).max_pool1d(x[None], 3, 1),
    "max_pool2d overlapping": lambda T, x: F(T).max_pool2d(x[None], 2, 1),
    "max_pool2d padded": lambda T, x: F(T).max_pool2d(x[None], 3, 2, 1),
    "adaptive_avg_pool1d": lambda T, x: F(T).adaptive_avg_pool1d(x[None], 2),
    "adaptive_avg_pool2d": lambda T, x: F(T).adaptive_avg_pool2d(x[None, None], (2, 3)),
}


@pytest.mark.parametrize("name", list(OPS))
def test_nan_values_and_gradients_follow_torch(name):
    results = []
    for T in (torch, minigrad):
        x = T.tensor(VALUES, dtype=T.float64, requires_grad=True)
        out = OPS[name](T, x)
        grad = None
        if out.requires_grad:
            out.sum().backward()
            grad = np.asarray(x.grad.tolist())
        results.append((np.asarray(out.tolist(), dtype=np.float64), grad))
    (th_out, th_grad), (mg_out, mg_grad) = results
    np.testing.assert_allclose(mg_out, th_out, rtol=1e-12, atol=1e-12, equal_nan=True)
    assert (mg_grad is None) == (th_grad is None)
    if th_grad is not None:
        np.testing.assert_allclose(mg_grad, th_grad, rtol=1e-12, atol=1e-12, equal_nan=True)
