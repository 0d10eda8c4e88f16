"""Dropout3d, AlphaDropout and FeatureAlphaDropout (and the channel dropouts' torch rules):
reprs, which elements share a draw, scaling, the statistics alpha dropout preserves,
eval mode, gradients, warnings and errors.  Masks are random in both libraries, so the
tests check properties torch guarantees rather than torch's values."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
import minigrad.nn.functional as F


@pytest.mark.parametrize("name", ["Dropout3d", "AlphaDropout", "FeatureAlphaDropout"])
def test_reprs_and_eval_identity(name):
    for args in [(), (0.2,), (0.3, True)]:
        mg, th = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
        assert repr(mg) == repr(th)
    layer = getattr(nn, name)(0.5).eval()
    x = minigrad.randn(2, 3, 2, 2, 2)
    assert layer(x) is x
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but "
                                         "got 1.5"):
        getattr(nn, name)(1.5)


@pytest.mark.parametrize("shape,batched", [((4, 6, 2, 3, 2), True), ((6, 2, 3, 2), False)])
def test_dropout3d_zeroes_whole_channels(shape, batched):
    minigrad.manual_seed(0)
    x = minigrad.ones(*shape, requires_grad=True)
    out = F.dropout3d(x, 0.5, training=True)
    values = out.detach().numpy()
    per_channel = values.reshape(shape[:2 if batched else 1] + (-1,))
    assert set(np.unique(values)) <= {0.0, 2.0}
    assert (per_channel.min(-1) == per_channel.max(-1)).all()      # one draw per channel
    assert 0 < (per_channel[..., 0] == 0).mean() < 1
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), values)


def test_dropout2d_reads_3d_input_as_batch_of_channels_and_warns():
    minigrad.manual_seed(1)
    with pytest.warns(UserWarning, match="dropout2d: Received a 3D input to dropout2d"):
        out = F.dropout2d(minigrad.ones(8, 5, 30), 0.5).numpy()
    assert (out.min(-1) == out.max(-1)).all() and 0 < (out[..., 0] == 0).mean() < 1
    with pytest.warns(UserWarning, match="dropout3d: Received a 3-D input to dropout3d"):
        F.dropout3d(minigrad.ones(2, 3, 4), 0.5)
    with pytest.raises(RuntimeError, match="dropout1d: Expected 2D or 3D input, but received "
                                           "a 4D input"):
        F.dropout1d(minigrad.ones(2, 3, 4, 5))


def test_inplace_channel_dropout_writes_the_input():
    minigrad.manual_seed(2)
    x = minigrad.ones(6, 3, 2, 2)
    out = F.dropout3d(x, 0.5, inplace=True)
    assert out is x and set(np.unique(x.numpy())) <= {0.0, 2.0}


@pytest.mark.parametrize("fn,shape", [(F.alpha_dropout, (200, 500)),
                                      (F.feature_alpha_dropout, (400, 300, 4))])
@pytest.mark.parametrize("p", [0.2, 0.5])
def test_alpha_dropout_keeps_zero_mean_unit_variance(fn, shape, p):
    minigrad.manual_seed(3)
    x = minigrad.randn(*shape, dtype=minigrad.float64)
    out = fn(x, p, training=True).numpy()
    assert abs(out.mean()) < 0.02 and abs(out.std() - 1) < 0.02
    # dropped values all sit at a * (-alpha') + b: one value, the most common
    values, counts = np.unique(np.round(out, 12), return_counts=True)
    assert counts.max() / out.size == pytest.approx(p, abs=0.03)
    if fn is F.feature_alpha_dropout:      # whole channels share a draw
        dropped = np.isclose(out, values[counts.argmax()], rtol=0, atol=1e-12)
        assert (dropped.all(-1) | ~dropped.any(-1)).all()


def test_alpha_dropout_gradient_is_the_scale():
    minigrad.manual_seed(4)
    x = minigrad.randn(50, 40, dtype=minigrad.float64, requires_grad=True)
    out = F.alpha_dropout(x, 0.3, training=True)
    assert out.grad_fn.name() == "AddBackward0"
    out.sum().backward()
    a = 1 / np.sqrt((1.7580993408473766 ** 2 * 0.3 + 1) * 0.7)
    assert set(np.round(np.unique(x.grad.numpy()), 12)) <= {0.0, round(a, 12)}
    assert F.alpha_dropout(x, 1.0, training=True).abs().sum().item() == 0
    assert F.alpha_dropout(x, 0.3) is x                 # training defaults to False
