"""Layers against torch from copied weights: forward values, input and parameter gradients."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import assume, given, strategies as st

import minigrad
from minigrad import nn
import minigrad.nn.functional as F
from nn_helpers import assert_close, check_module, copy_weights
from torch_compat import comparable_repr, requires_torch

DTYPES = [np.float64, np.float32]


def build(name, *args, dtype=np.float64, **kwargs):
    """The same layer in torch and minigrad, minigrad holding torch's weights."""
    th = getattr(torch.nn, name)(*args, **kwargs).to(
        torch.float64 if dtype == np.float64 else torch.float32)
    mg = getattr(nn, name)(*args, **kwargs)
    if dtype == np.float64:
        mg.double()
    copy_weights(th, mg)
    return mg, th


def data(shape, dtype, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(n=st.integers(1, 5), fin=st.integers(1, 7), fout=st.integers(1, 7), bias=st.booleans(),
       lead=st.sampled_from([(), (3,), (2, 2)]))
def test_linear(dtype, n, fin, fout, bias, lead):
    mg, th = build("Linear", fin, fout, bias=bias, dtype=dtype)
    check_module(mg, th, [data(lead + (n, fin), dtype)], dtype)
    out = mg(minigrad.tensor(data((n, fin), dtype)))
    assert out.dtype == minigrad.float32 if dtype == np.float32 else minigrad.float64


def test_linear_grad_fn_names_and_dtype_errors():
    lin = nn.Linear(3, 2)
    x = minigrad.randn(4, 3)
    assert lin(x).grad_fn.name() == "AddmmBackward0"
    assert nn.Linear(3, 2, bias=False)(x).grad_fn.name() == "MmBackward0"
    assert lin(minigrad.randn(2, 4, 3)).grad_fn.name() == "ViewBackward0"
    with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype"):
        lin(x.double())
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(4x2 "
                                           r"and 3x2\)"):
        lin(minigrad.randn(4, 2))


@st.composite
def conv_settings(draw):
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    cin = groups * draw(st.integers(1, 2))
    cout = groups * draw(st.integers(1, 2))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = draw(st.sampled_from([1, 2, (1, 2), (3, 1)]))
    dilation = draw(st.sampled_from([1, 2, (2, 1)]))
    padding = draw(st.sampled_from([0, 1, (2, 0), "valid", "same"]))
    if padding == "same":
        stride = 1
    h, w = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return dict(cin=cin, cout=cout, k=(kh, kw), stride=stride, dilation=dilation,
                padding=padding, groups=groups, bias=draw(st.booleans()), hw=(h, w),
                n=draw(st.integers(1, 3)))


def _conv_out_ok(s):
    pads = (0, 0) if s["padding"] in ("valid", "same") else (
        (s["padding"],) * 2 if isinstance(s["padding"], int) else s["padding"])
    if s["padding"] == "same":
        return True
    dil = (s["dilation"],) * 2 if isinstance(s["dilation"], int) else s["dilation"]
    return all(size + 2 * p - d * (k - 1) - 1 >= 0
               for size, p, d, k in zip(s["hw"], pads, dil, s["k"], strict=False))


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel")
@pytest.mark.parametrize("dtype", DTYPES)
@given(s=conv_settings())
def test_conv2d(dtype, s):
    assume(_conv_out_ok(s))
    mg, th = build("Conv2d", s["cin"], s["cout"], s["k"], stride=s["stride"],
                   padding=s["padding"], dilation=s["dilation"], groups=s["groups"],
                   bias=s["bias"], dtype=dtype)
    check_module(mg, th, [data((s["n"], s["cin"]) + s["hw"], dtype)], dtype)


def test_conv2d_unbatched_conv1d_and_errors():
    mg, th = build("Conv2d", 2, 3, 3, padding=1)
    check_module(mg, th, [data((2, 5, 5), np.float64)])
    mg1, th1 = build("Conv1d", 2, 4, 3, stride=2, padding=1)
    check_module(mg1, th1, [data((3, 2, 9), np.float64)])
    with pytest.raises(RuntimeError, match=r"Given groups=1, weight of size \[3, 2, 3, 3\], "
                                           r"expected input\[1, 4, 5, 5\] to have 2 channels"):
        mg(minigrad.randn(1, 4, 5, 5).double())
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="padding='same' is not supported for strided"):
        nn.Conv2d(3, 3, 3, stride=2, padding="same")
    assert mg(minigrad.randn(1, 2, 5, 5).double()).grad_fn.name() == "ConvolutionBackward0"


@st.composite
def pool_settings(draw, max_pool=True):
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = draw(st.sampled_from([None, 1, 2, (2, 1), 3]))
    s = stride if stride is not None else (kh, kw)
    s = (s, s) if isinstance(s, int) else s
    dilation = draw(st.sampled_from([1, 2])) if max_pool else 1
    padding = (draw(st.integers(0, kh // 2)), draw(st.integers(0, kw // 2)))
    h = draw(st.integers((kh - 1) * dilation + 1, 9))
    w = draw(st.integers((kw - 1) * dilation + 1, 9))
    return dict(k=(kh, kw), stride=stride, padding=padding, dilation=dilation,
                ceil_mode=draw(st.booleans()), hw=(h, w), n=draw(st.integers(1, 2)))


def distinct(shape, dtype, seed=0):
    """Values without ties (max pooling's gradient is then unambiguous)."""
    rng = np.random.default_rng(seed)
    return (rng.permutation(int(np.prod(shape))).reshape(shape) / 7.0 - 3).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(s=pool_settings())
def test_max_pool2d(dtype, s):
    mg = nn.MaxPool2d(s["k"], s["stride"], s["padding"], s["dilation"], ceil_mode=s["ceil_mode"])
    th = torch.nn.MaxPool2d(s["k"], s["stride"], s["padding"], s["dilation"],
                            ceil_mode=s["ceil_mode"])
    check_module(mg, th, [distinct((s["n"], 2) + s["hw"], dtype)], dtype)


def test_max_pool2d_ties_follow_torch_and_fast_path():
    x = np.zeros((1, 1, 4, 4))                 # all ties: torch picks the first of each window
    x[0, 0, 1, 1] = x[0, 0, 2, 3] = -1.0
    check_module(nn.MaxPool2d(2), torch.nn.MaxPool2d(2), [x])
    check_module(nn.MaxPool2d(2), torch.nn.MaxPool2d(2), [distinct((2, 3, 6, 8), np.float64)])
    check_module(nn.MaxPool2d(3, 1, 1), torch.nn.MaxPool2d(3, 1, 1), [x])
    with pytest.raises(RuntimeError, match="pad should be at most half of effective kernel "
                                           "size, but got pad=2, kernel_size=2 and dilation=1"):
        F.max_pool2d(minigrad.randn(1, 1, 4, 4), 2, padding=2)
    with pytest.raises(RuntimeError, match="Output size is too small"):
        F.max_pool2d(minigrad.randn(1, 1, 4, 4), 5)


@pytest.mark.parametrize("dtype", DTYPES)
@given(s=pool_settings(max_pool=False), include=st.booleans(),
       divisor=st.sampled_from([None, None, 3]))
def test_avg_pool2d(dtype, s, include, divisor):
    args = (s["k"], s["stride"], s["padding"], s["ceil_mode"], include, divisor)
    check_module(nn.AvgPool2d(*args), torch.nn.AvgPool2d(*args),
                 [data((s["n"], 2) + s["hw"], dtype)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(h=st.integers(1, 9), w=st.integers(1, 9), oh=st.sampled_from([1, 2, 3, 5, None]),
       ow=st.integers(1, 4))
def test_adaptive_avg_pool2d(dtype, h, w, oh, ow):
    size = (oh, ow)
    check_module(nn.AdaptiveAvgPool2d(size), torch.nn.AdaptiveAvgPool2d(size),
                 [data((2, 3, h, w), dtype)], dtype)
    check_module(nn.AdaptiveAvgPool2d(1), torch.nn.AdaptiveAvgPool2d(1),
                 [data((2, 3, h, w), dtype)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(momentum=st.sampled_from([0.1, 0.5, None]), affine=st.booleans(),
       track=st.booleans(), two_d=st.booleans(), length=st.sampled_from([None, 3]))
def test_batchnorm_training_steps_and_eval(dtype, momentum, affine, track, two_d, length):
    name = "BatchNorm2d" if two_d else "BatchNorm1d"
    mg, th = build(name, 3, momentum=momentum, affine=affine, track_running_stats=track,
                   dtype=dtype)
    if affine:                           # non-trivial affine parameters
        with torch.no_grad():
            th.weight.uniform_(0.5, 1.5)
            th.bias.uniform_(-1, 1)
        copy_weights(th, mg)
    shape = (4, 3, 3, 2) if two_d else ((5, 3) if length is None else (4, 3, length))
    for step in range(3):
        check_module(mg, th, [data(shape, dtype, seed=step) * 2 + step], dtype)
        for n, buf in th.named_buffers():
            assert_close(dict(mg.named_buffers())[n], buf, dtype)
    mg.eval()
    th.eval()
    check_module(mg, th, [data(shape, dtype, seed=9)], dtype)


def test_batchnorm_errors_and_names():
    bn = nn.BatchNorm1d(3)
    with pytest.raises(ValueError, match="Expected more than 1 value per channel when "
                                         "training"):
        bn(minigrad.randn(1, 3))
    with pytest.raises(ValueError, match=r"expected 4D input \(got 2D input\)"):
        nn.BatchNorm2d(3)(minigrad.randn(2, 3))
    out = bn(minigrad.randn(4, 3))
    assert out.grad_fn.name() == "NativeBatchNormBackward0"
    assert int(bn.num_batches_tracked) == 2     # torch counts the failed call too


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(4,), (3, 4), (2, 3)]), affine=st.booleans(),
       bias=st.booleans())
def test_layernorm(dtype, shape, affine, bias):
    mg, th = build("LayerNorm", shape, elementwise_affine=affine, bias=bias, dtype=dtype)
    if affine:
        with torch.no_grad():
            th.weight.uniform_(0.5, 1.5)
            if th.bias is not None:
                th.bias.uniform_(-1, 1)
        copy_weights(th, mg)
    check_module(mg, th, [data((2,) + shape, dtype) * 3 + 1], dtype)


ACTIVATIONS = [("ReLU", (), {}), ("LeakyReLU", (0.2,), {}), ("Sigmoid", (), {}),
               ("Tanh", (), {}), ("GELU", (), {}), ("GELU", (), {"approximate": "tanh"}),
               ("Softmax", (), {"dim": 1}), ("LogSoftmax", (), {"dim": -1}),
               ("Softplus", (), {}), ("Softplus", (2.0, 1.0), {}), ("ELU", (0.5,), {}),
               ("SiLU", (), {}), ("ReLU6", (), {}), ("Hardtanh", (-0.5, 0.5), {}),
               ("LogSigmoid", (), {}), ("Softmin", (1,), {}), ("Identity", (), {}),
               ("Flatten", (), {}), ("Flatten", (0, 1), {}), ("Unflatten", (1, (2, 3)), {})]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,args,kwargs", ACTIVATIONS)
def test_activations(dtype, name, args, kwargs):
    x = data((4, 6), dtype) * 4
    x[np.abs(x) < 1e-3] = 0.5                # keep away from kinks
    x[np.abs(np.abs(x) - 0.5) < 1e-3] = 0.25
    x[np.abs(x - 6) < 1e-3] = 5.0
    mg, th = getattr(nn, name)(*args, **kwargs), getattr(torch.nn, name)(*args, **kwargs)
    check_module(mg, th, [x], dtype)
    check_module(mg, th, [x[None, :, :, None]] if name not in ("Unflatten",) else [x], dtype)


def test_gelu_softplus_large_inputs_are_stable():
    x = np.array([[-100.0, -30.0, 0.5, 30.0, 100.0]])
    for name in ("GELU", "Softplus", "LogSigmoid", "SiLU"):
        check_module(getattr(nn, name)(), getattr(torch.nn, name)(), [x])


def test_softmax_implicit_dim_warns_like_torch():
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        out = F.softmax(minigrad.randn(2, 3))
    assert np.allclose(out.detach().numpy().sum(1), 1)


def test_dropout_statistics_scaling_and_eval_identity():
    minigrad.manual_seed(0)
    drop = nn.Dropout(0.3)
    x = minigrad.ones(200, 500, requires_grad=True)
    y = drop(x)
    values = y.detach().numpy()
    kept = values != 0
    assert abs(kept.mean() - 0.7) < 0.01                   # keep probability 1 - p
    assert np.allclose(values[kept], 1 / 0.7)              # survivors scaled by 1 / (1 - p)
    y.sum().backward()
    assert np.allclose(x.grad.numpy(), values)             # gradient uses the same mask
    assert y.dtype == minigrad.float32
    drop.eval()
    z = minigrad.randn(3, 4)
    assert np.array_equal(drop(z).numpy(), z.numpy())
    assert np.all(nn.Dropout(1.0)(minigrad.ones(10)).numpy() == 0)
    assert np.array_equal(nn.Dropout(0.0)(z).numpy(), z.numpy())
    with pytest.raises(ValueError, match="dropout probability has to be between 0 and 1, but "
                                         "got 1.5"):
        nn.Dropout(1.5)


def test_float32_stays_float32_through_layers():
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
                          nn.MaxPool2d(2), nn.AvgPool2d(1), nn.AdaptiveAvgPool2d((2, 2)),
                          nn.Flatten(), nn.LayerNorm(16), nn.GELU(), nn.Dropout(0.1),
                          nn.Linear(16, 3), nn.LogSoftmax(1))
    x = minigrad.randn(2, 1, 8, 8)
    out = model(x)
    assert out.dtype == minigrad.float32
    out.sum().backward()
    for n, p in model.named_parameters():
        assert p.grad.dtype == minigrad.float32, n


@pytest.mark.parametrize("dtype", DTYPES)
@given(rows=st.integers(2, 8), dim=st.integers(1, 4), pad=st.sampled_from([None, 0, -1]),
       shape=st.sampled_from([(3,), (2, 4)]))
def test_embedding(dtype, rows, dim, pad, shape):
    mg, th = build("Embedding", rows, dim, padding_idx=pad, dtype=dtype)
    assert repr(mg) == repr(th)
    idx = np.random.default_rng(rows).integers(0, rows, shape)
    out_mg, out_th = mg(minigrad.tensor(idx)), th(torch.tensor(idx))
    assert_close(out_mg, out_th, dtype)
    g = np.random.default_rng(0).standard_normal(out_th.shape).astype(dtype)
    out_mg.backward(minigrad.tensor(g))
    out_th.backward(torch.tensor(g))
    assert_close(mg.weight.grad, th.weight.grad, dtype)


def test_embedding_init_and_errors():
    minigrad.manual_seed(0)
    emb = nn.Embedding(400, 50, padding_idx=3)
    w = emb.weight.detach().numpy()
    assert np.all(w[3] == 0) and abs(w.std() - 1) < 0.02 and abs(w.mean()) < 0.02
    with pytest.raises(IndexError, match="index out of range in self"):
        emb(minigrad.tensor([400]))
    frozen = nn.Embedding.from_pretrained(minigrad.ones(2, 3))
    assert not frozen.weight.requires_grad


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,args,kwargs,shape", [
    ("MaxPool1d", (3, 2), dict(padding=1, ceil_mode=True), (2, 3, 9)),
    ("MaxPool1d", (2,), {}, (3, 8)),
    ("AvgPool1d", (3,), dict(stride=2, padding=1, count_include_pad=False), (2, 3, 8)),
    ("AdaptiveAvgPool1d", (3,), {}, (2, 3, 7)),
    ("GroupNorm", (2, 4), {}, (3, 4, 5)),
    ("GroupNorm", (4, 4), dict(affine=False), (2, 4, 3, 2)),
    pytest.param("GroupNorm", (1, 4), dict(bias=False), (2, 4, 3), marks=requires_torch(
        "2.12", "GroupNorm takes bias= since torch 2.12"))])
def test_1d_pools_and_group_norm(dtype, name, args, kwargs, shape):
    mg, th = build(name, *args, dtype=dtype, **kwargs)
    if name == "GroupNorm" and th.weight is not None:
        with torch.no_grad():
            th.weight.uniform_(0.5, 1.5)
        copy_weights(th, mg)
    assert comparable_repr(repr(mg)) == repr(th)
    x = distinct(shape, dtype) if "Max" in name else data(shape, dtype)
    check_module(mg, th, [x], dtype)


def test_channel_dropout_zeroes_whole_channels():
    minigrad.manual_seed(0)
    x = minigrad.ones(50, 40, 3, 3)
    out = nn.Dropout2d(0.4)(x).numpy()
    per_channel = out.reshape(50, 40, -1)
    assert np.all((per_channel == 0).all(-1) | (per_channel == per_channel[..., :1]).all(-1))
    assert abs((per_channel[..., 0] == 0).mean() - 0.4) < 0.03
    assert np.allclose(per_channel[per_channel != 0], 1 / 0.6)
    out1 = nn.Dropout1d(0.5)(minigrad.ones(4, 6, 5)).numpy()
    assert np.all((out1 == 0).all(-1) | (out1 != 0).all(-1))
    d = nn.Dropout2d().eval()
    assert d(x) is x and repr(d) == repr(torch.nn.Dropout2d())
