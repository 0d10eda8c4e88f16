"""Lazy modules against torch: reprs and state_dict keys before the first forward, the
shapes inferred from it, the class they become, loading a checkpoint into an
uninitialised module, dtype changes before initialisation, and errors."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
from nn_helpers import assert_close, check_module, copy_weights, data
from torch_compat import comparable_repr

CASES = [("LazyLinear", (3,), (4, 5)), ("LazyLinear", (2, False), (2, 3, 4)),
         ("LazyBatchNorm1d", (), (4, 3)), ("LazyBatchNorm2d", (), (2, 3, 4, 4)),
         ("LazyBatchNorm3d", (1e-3,), (2, 3, 2, 2, 2)), ("LazyInstanceNorm1d", (), (2, 3, 5)),
         ("LazyInstanceNorm2d", (), (2, 3, 4, 4)), ("LazyInstanceNorm3d", (), (2, 3, 2, 3, 2)),
         ("LazyConv1d", (4, 3, 2, 1), (2, 3, 7)), ("LazyConv2d", (4, 3), (3, 5, 5)),
         ("LazyConv3d", (4, 2, 1, 0, 1, 2), (2, 4, 3, 3, 3)),
         ("LazyConvTranspose1d", (4, 3, 2), (2, 3, 5)),
         ("LazyConvTranspose2d", (4, 3, 2, 1, 1, 2, False), (2, 4, 3, 3)),
         ("LazyConvTranspose3d", (2, 2), (3, 2, 2, 2))]


@pytest.mark.parametrize("name,args,shape", CASES)
def test_lazy_module_becomes_its_eager_class(name, args, shape):
    mg, th = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert comparable_repr(repr(mg)) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    assert mg.has_uninitialized_params()
    x = data(shape, np.float32)
    mg(minigrad.tensor(x)), th(torch.tensor(x))
    assert type(mg).__name__ == type(th).__name__ and not hasattr(mg, "has_uninitialized_params")
    assert comparable_repr(repr(mg)) == repr(th)
    for (key, value), (_, want) in zip(mg.state_dict().items(), th.state_dict().items(),
                                       strict=True):
        assert value.shape == tuple(want.shape), key
    copy_weights(th, mg)
    mg.eval(), th.eval()
    check_module(mg, th, [data(shape, np.float32, seed=1)], np.float32)


def test_checkpoint_materialises_and_dtype_is_kept():
    lazy = nn.LazyLinear(3)
    lazy.load_state_dict(nn.Linear(5, 3).state_dict())
    assert lazy.weight.shape == (3, 5) and type(lazy).__name__ == "LazyLinear"
    assert lazy(minigrad.randn(2, 5)).shape == (2, 3)
    double = nn.LazyBatchNorm1d().double()
    double(minigrad.randn(4, 2, dtype=minigrad.float64))
    assert double.weight.dtype == minigrad.float64 == double.running_mean.dtype
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
        _ = nn.LazyLinear(2).weight.shape
    model = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(2))
    out = model(minigrad.randn(3, 7))
    assert out.shape == (3, 2) and model[0].weight.shape == (4, 7)
    assert repr(nn.UninitializedParameter()) == repr(torch.nn.UninitializedParameter())
    assert_close(minigrad.tensor(1.0), torch.tensor(1.0), np.float32)
