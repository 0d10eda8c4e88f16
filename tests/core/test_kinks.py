"""Gradients exactly at kinks, ties and domain edges follow torch's conventions."""
from __future__ import annotations

import warnings

import pytest

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


@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_gradient_at_special_points(name):
    def run(T):
        x = T.tensor(POINTS, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            y = FUNCTIONS[name](T, x)
            y.backward(T.ones_like(y))
        return [y, x.grad]
    both(run)
