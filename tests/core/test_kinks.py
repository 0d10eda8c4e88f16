"""Gradients exactly at kinks, ties and domain edges follow torch's conventions."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

import minigrad
from torch_compat import torch_at_least

from .support import both

POINTS = (-1.0, 0.0, 0.5, 1.0, 2.0)

FUNCTIONS = {
    "abs": lambda T, x: x.abs(),
    "relu": lambda T, x: x.relu(),
    "clamp": lambda T, x: x.clamp(0.0, 1.0),
    "clamp_min": lambda T, x: x.clamp(min=0.0),
    "clamp_max": lambda T, x: x.clamp(max=1.0),
    "clamp_tensor": lambda T, x: x.clamp(T.tensor(0.0), T.tensor(1.0)),
    "maximum_tie": lambda T, x: T.maximum(x, T.ones(5)),
    "minimum_tie": lambda T, x: T.minimum(x, T.zeros(5)),
    "max_ties": lambda T, x: T.cat([x, x]).max(),
    "amax_ties": lambda T, x: T.stack([x, x]).amax(0),
    "max_dim_ties": lambda T, x: T.stack([x, x], 1).max(1).values,
    "norm_zero": lambda T, x: (x * 0).norm(),
    "norm_dim_zero": lambda T, x: T.stack([x * 0, x]).norm(dim=1),
    "sqrt_zero": lambda T, x: (x * 0).sqrt(),
    "pow_zero_base": lambda T, x: (x * 0) ** 2,
    "pow_zero_exponent": lambda T, x: x ** 0,
    "pow_tensor_edge": lambda T, x: x ** T.tensor([2.0, 2.0, 0.5, 3.0, 0.0]),
    "rpow_tensor_edge": lambda T, x: T.tensor([-2.0, 0.0, 0.0, 1.0, 2.0]) ** x,
    "where_nan_branch": lambda T, x: T.where(x > 0, x.log(), T.zeros(5)),
    "sigmoid_far": lambda T, x: (x * 100).sigmoid(),
    "tanh_far": lambda T, x: (x * 100).tanh(),
    "softmax_equal": lambda T, x: (x * 0).softmax(0),
    "log_softmax_far": lambda T, x: (x * 1000).log_softmax(0),
    "logsumexp_neg_inf": lambda T, x: T.stack([x * 0 - float("inf"), x]).logsumexp(0),
    "var_single": lambda T, x: x[:1].var(unbiased=False),
}

# Where torch changed its convention: (the torch release that introduced the convention
# minigrad mirrors, x.grad at POINTS in that release).  Up to torch 2.13 clamp passed the
# gradient through at x == min and x == max; from 2.14 on the boundary gets 0, or half of
# it when the bounds are tensors (shared with the bound, like maximum/minimum ties).
CHANGED = {
    "clamp": ("2.14", [0.0, 0.0, 1.0, 0.0, 0.0]),
    "clamp_min": ("2.14", [0.0, 0.0, 1.0, 1.0, 1.0]),
    "clamp_max": ("2.14", [1.0, 1.0, 1.0, 0.0, 0.0]),
    "clamp_tensor": ("2.14", [0.0, 0.5, 1.0, 0.5, 0.0]),
}


def _gradient_at_points(T, name):
    x = T.tensor(POINTS, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = FUNCTIONS[name](T, x)
        y.backward(T.ones_like(y))
    return [y, x.grad]


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_gradient_at_special_points(name):
    if name in CHANGED:
        since, expected = CHANGED[name]
        _, grad = _gradient_at_points(minigrad, name)
        np.testing.assert_array_equal(grad.numpy(), np.array(expected, np.float32))
        if not torch_at_least(since):
            return                           # the installed torch predates this convention
    both(lambda T: _gradient_at_points(T, name))
