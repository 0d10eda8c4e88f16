"""nn.init: fans and gains equal torch's; sampled values follow the stated distributions."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad import nn
from minigrad.nn import init

SHAPES = st.lists(st.integers(1, 6), min_size=2, max_size=4).map(tuple)


@given(shape=SHAPES)
def test_fans_equal_torch(shape):
    got = init._calculate_fan_in_and_fan_out(minigrad.empty(*shape))
    want = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))
    assert got == want
    for mode in ("fan_in", "fan_out", "FAN_IN"):
        assert init._calculate_correct_fan(minigrad.empty(*shape), mode) == \
            torch.nn.init._calculate_correct_fan(torch.empty(*shape), mode)


def test_fan_errors_and_gains():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init._calculate_fan_in_and_fan_out(minigrad.empty(3))
    with pytest.raises(ValueError, match="Mode fan_avg not supported"):
        init.kaiming_uniform_(minigrad.empty(3, 3), mode="fan_avg")
    for name, param in [("linear", None), ("conv2d", None), ("sigmoid", None), ("tanh", None),
                        ("relu", None), ("leaky_relu", None), ("leaky_relu", 0.2),
                        ("leaky_relu", math.sqrt(5)), ("selu", None)]:
        assert init.calculate_gain(name, param) == torch.nn.init.calculate_gain(name, param)
    with pytest.raises(ValueError, match="Unsupported nonlinearity softsign"):
        init.calculate_gain("softsign")


def _sample(fill, shape=(400, 250), dtype=minigrad.float32):
    t = minigrad.empty(*shape, dtype=dtype)
    out = fill(t)
    assert out is t and t.dtype == dtype
    return t.numpy().astype(np.float64)


def test_uniform_inits_respect_bounds_and_fill_the_range():
    minigrad.manual_seed(0)
    fan_in, fan_out = 250, 400
    cases = [
        (lambda t: init.uniform_(t, -0.3, 0.7), -0.3, 0.7),
        (lambda t: init.xavier_uniform_(t, gain=2.0), *(
            (lambda b: (-b, b))(2.0 * math.sqrt(6.0 / (fan_in + fan_out))))),
        (lambda t: init.kaiming_uniform_(t, a=math.sqrt(5)), -1 / math.sqrt(fan_in),
         1 / math.sqrt(fan_in)),
        (lambda t: init.kaiming_uniform_(t, mode="fan_out", nonlinearity="relu"),
         -math.sqrt(6 / fan_out), math.sqrt(6 / fan_out)),
    ]
    for fill, low, high in cases:
        values = _sample(fill)
        assert values.min() >= low and values.max() <= high
        width = high - low
        assert values.min() < low + 0.01 * width and values.max() > high - 0.01 * width
        assert abs(values.mean() - (low + high) / 2) < 0.01 * width
        assert abs(values.std() - width / math.sqrt(12)) < 0.01 * width


def test_normal_inits_have_the_right_mean_and_std():
    minigrad.manual_seed(1)
    fan_in, fan_out = 250, 400
    cases = [
        (lambda t: init.normal_(t, 0.5, 2.0), 0.5, 2.0),
        (lambda t: init.xavier_normal_(t), 0.0, math.sqrt(2.0 / (fan_in + fan_out))),
        (lambda t: init.kaiming_normal_(t, nonlinearity="relu"), 0.0, math.sqrt(2 / fan_in)),
        (lambda t: init.kaiming_normal_(t, a=0.1, mode="fan_out"), 0.0,
         math.sqrt(2 / (1 + 0.01)) / math.sqrt(fan_out)),
    ]
    for fill, mean, std in cases:
        values = _sample(fill)
        assert abs(values.mean() - mean) < 0.01 * std + 1e-12 + 5 * std / math.sqrt(values.size)
        assert abs(values.std() / std - 1) < 0.01


def test_trunc_normal_constant_eye_orthogonal():
    minigrad.manual_seed(2)
    values = _sample(lambda t: init.trunc_normal_(t, 0.0, 1.0, -0.5, 1.5))
    assert values.min() >= -0.5 and values.max() <= 1.5 and values.std() > 0.3
    assert np.all(_sample(lambda t: init.constant_(t, 0.25), (3, 4)) == 0.25)
    assert np.all(_sample(init.ones_, (2, 2)) == 1) and np.all(_sample(init.zeros_, (2,)) == 0)
    assert np.array_equal(_sample(init.eye_, (2, 3)), np.eye(2, 3))
    q = _sample(lambda t: init.orthogonal_(t), (3, 5))
    np.testing.assert_allclose(q @ q.T, np.eye(3), atol=1e-5)


def test_init_runs_without_recording_on_parameters():
    p = nn.Parameter(minigrad.empty(3, 4))
    init.kaiming_uniform_(p, a=math.sqrt(5))
    init.zeros_(p)
    assert p.is_leaf and p.requires_grad and p.grad_fn is None
    with pytest.warns(UserWarning, match="Initializing zero-element tensors is a no-op"):
        init.kaiming_uniform_(minigrad.empty(0, 3))


@pytest.mark.parametrize("layer,args", [("Linear", (300, 200)), ("Conv2d", (16, 32, 5)),
                                        ("Conv2d", (8, 32, 3, 1, 0, 1, 4)),
                                        ("Conv1d", (20, 30, 7))])
def test_default_layer_inits_match_torch_distribution(layer, args):
    minigrad.manual_seed(3)
    mg = getattr(nn, layer)(*args)
    th = getattr(torch.nn, layer)(*args)
    fan_in = torch.nn.init._calculate_fan_in_and_fan_out(th.weight)[0]
    bound = 1 / math.sqrt(fan_in)
    for p in (mg.weight, mg.bias):
        values = p.detach().numpy()
        assert p.dtype == minigrad.float32
        assert values.min() >= -bound and values.max() <= bound
        assert abs(values.std() - bound / math.sqrt(3)) < 0.1 * bound
    assert mg.weight.shape == th.weight.shape and mg.bias.shape == th.bias.shape


def test_norm_layers_start_as_identity():
    bn, ln = nn.BatchNorm2d(4), nn.LayerNorm(4)
    for m in (bn, ln):
        assert np.all(m.weight.detach().numpy() == 1) and np.all(m.bias.detach().numpy() == 0)
    assert np.all(bn.running_var.numpy() == 1) and int(bn.num_batches_tracked) == 0
