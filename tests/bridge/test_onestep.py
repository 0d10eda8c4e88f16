"""Lock-step proof: after ``to_torch``, one step in each engine agrees (and a planted bug shows)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import user_models as um

import minigrad
import minigrad.nn.functional as F
import minigrad.optim
from minigrad import nn

import bridge
from bridge.models import build
from bridge.onestep import check_step


def _batch(shape, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape), rng.integers(0, classes, shape[0])


def test_user_model_one_step_with_adam_float64():
    model = um.Net().double()
    optimizer = minigrad.optim.Adam(model.parameters(), lr=0.01)
    x, y = _batch((8, 4))
    result = check_step(model, x, y, nn.CrossEntropyLoss(), optimizer)
    assert result.ok, str(result)
    assert result.tol == 1e-9 and result.dtype == "float64"
    names = [q.name for q in result.quantities]
    assert names[0] == "loss" and "grad head.weight" in names and "after step shift" in names
    assert result.worst.max_rel < 1e-12


@pytest.mark.parametrize("name,dtype", [("simplecnn", "float32"), ("resnet", "float64")])
def test_bridge_models_one_step(name, dtype):
    model = build(name, nn, image_size=8).to(getattr(minigrad, dtype))
    optimizer = minigrad.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    x, y = _batch((6, 1, 8, 8), classes=10)
    result = check_step(model, x, y, nn.CrossEntropyLoss(), optimizer)      # dropout shared
    assert result.ok, str(result)


def test_loss_written_as_a_minigrad_function_is_rebound():
    def loss_fn(output, target):
        return F.cross_entropy(output, target) + 0.01 * (output ** 2).mean()

    model = um.Net().double()
    result = check_step(model, *_batch((5, 4)), loss_fn)
    assert result.ok, str(result)
    assert not any(q.name.startswith("after step") for q in result.quantities)


def test_a_planted_difference_breaches():
    model = um.Net().double()
    optimizer = minigrad.optim.SGD(model.parameters(), lr=0.1)
    twin = bridge.to_torch(model)
    with torch.no_grad():
        twin.blocks[1].fc.weight[0, 0] += 1e-6
    result = check_step(model, *_batch((5, 4)), nn.CrossEntropyLoss(), optimizer, twin=twin)
    assert not result.ok
    assert "after step blocks.1.fc.weight" in result.breaches
    assert "DIFFERENT" in str(result)
