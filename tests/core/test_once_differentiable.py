"""Fused ops with array-only backward refuse double backward instead of returning zeros."""
import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn


def test_double_backward_through_conv_raises():
    conv = nn.Conv2d(1, 2, 3).double()
    x = minigrad.randn(1, 1, 5, 5, dtype=minigrad.float64, requires_grad=True)
    (g,) = minigrad.autograd.grad(conv(x).pow(2).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError, match="differentiate twice"):
        g.sum().backward()


def test_first_order_gradient_under_create_graph_is_still_right():
    torch_conv = torch.nn.Conv2d(1, 2, 3).double()
    conv = nn.Conv2d(1, 2, 3).double()
    conv.load_state_dict({k: minigrad.from_numpy(v.detach().numpy().copy())
                          for k, v in torch_conv.state_dict().items()})
    data = np.random.default_rng(0).standard_normal((1, 1, 5, 5))
    x = minigrad.tensor(data, requires_grad=True)
    tx = torch.tensor(data, requires_grad=True)
    (g,) = minigrad.autograd.grad(conv(x).pow(2).sum(), x, create_graph=True)
    (tg,) = torch.autograd.grad(torch_conv(tx).pow(2).sum(), tx, create_graph=True)
    np.testing.assert_allclose(g.detach().numpy(), tg.detach().numpy(), rtol=1e-10)


def test_gradgradcheck_accepts_a_first_derivative_independent_of_the_inputs():
    w = minigrad.randn(2, 3, dtype=minigrad.float64, requires_grad=True)
    b = minigrad.randn(2, dtype=minigrad.float64, requires_grad=True)
    x = minigrad.randn(4, 3, dtype=minigrad.float64, requires_grad=True)
    assert minigrad.autograd.gradgradcheck(lambda x, w, b: x @ w.t() + b, (x, w, b))
