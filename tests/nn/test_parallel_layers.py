"""Convolution, batch norm, pooling and linear layers on one thread and split over three:
torch's values and gradients either way, and the same bits where the split does not
change the order of a sum."""
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minigrad
import minigrad.nn.functional as F
from minigrad import _parallel
from minigrad.ops import conv as conv_ops
from minigrad.ops.conv import Convolution

TORCH_CONV = {1: torch.nn.functional.conv1d, 2: torch.nn.functional.conv2d,
              3: torch.nn.functional.conv3d}


@st.composite
def conv_cases(draw):
    d = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 2]))
    c, o = groups * draw(st.integers(1, 3)), groups * draw(st.integers(1, 3))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(d))
    stride = tuple(draw(st.integers(1, 2)) for _ in range(d))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(d))
    padding = tuple(draw(st.integers(0, 3)) for _ in range(d))
    size = tuple(draw(st.integers(max(1, dl * (k - 1) + 1 - 2 * p), 7))
                 for k, dl, p in zip(kernel, dilation, padding, strict=True))
    n = draw(st.integers(1, 10))
    return dict(d=d, groups=groups, shape=(n, c) + size, weight=(o, c // groups) + kernel,
                stride=stride, dilation=dilation, padding=padding,
                bias=draw(st.booleans()), seed=draw(st.integers(0, 2 ** 31)))


def _conv_minigrad(case, x, w, b, g):
    xs, ws = minigrad.tensor(x, requires_grad=True), minigrad.tensor(w, requires_grad=True)
    bs = minigrad.tensor(b, requires_grad=True) if b is not None else None
    pads = tuple(v for p in case["padding"] for v in (p, p))
    out = Convolution.apply(xs, ws, bs, case["stride"], pads, case["dilation"], case["groups"])
    out.backward(minigrad.from_numpy(g))
    grads = [xs.grad.numpy(), ws.grad.numpy()] + ([bs.grad.numpy()] if bs is not None else [])
    return [out.detach().numpy()] + grads


@pytest.mark.parametrize("images_first", [0, 10 ** 6], ids=["channels-first", "images-first"])
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                  HealthCheck.too_slow])
@given(case=conv_cases())
def test_convolution_in_1_2_3_dims_on_any_thread_count(images_first, case, monkeypatch):
    """Both column layouts (see minigrad/ops/conv.py): any weight size takes one of them."""
    monkeypatch.setattr(conv_ops, "IMAGES_FIRST_ROWS", images_first)
    rng = np.random.default_rng(case["seed"])
    x, w = rng.standard_normal(case["shape"]), rng.standard_normal(case["weight"])
    b = rng.standard_normal(case["weight"][0]) if case["bias"] else None
    tensors = [torch.tensor(a, requires_grad=True) for a in (x, w) + ((b,) if b is not None
                                                                     else ())]
    out = TORCH_CONV[case["d"]](tensors[0], tensors[1], tensors[2] if b is not None else None,
                                stride=case["stride"], padding=case["padding"],
                                dilation=case["dilation"], groups=case["groups"])
    g = rng.standard_normal(tuple(out.shape))
    out.backward(torch.from_numpy(g))
    expected = [out.detach().numpy()] + [t.grad.numpy() for t in tensors]
    with _parallel.split_everything(1):
        alone = _conv_minigrad(case, x, w, b, g)
    with _parallel.split_everything(3):
        split = _conv_minigrad(case, x, w, b, g)
    for mine, theirs, other in zip(alone, expected, split, strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-10)
        np.testing.assert_array_equal(mine, other)   # batch chunks depend on shapes only


def _batch_norm(lib, x, w, b, g, rm, rv):
    xs = lib.tensor(x, requires_grad=True)
    ws = lib.tensor(w, requires_grad=True) if w is not None else None
    bs = lib.tensor(b, requires_grad=True) if b is not None else None
    rms, rvs = lib.tensor(rm), lib.tensor(rv)
    out = lib.nn.functional.batch_norm(xs, rms, rvs, ws, bs, training=True, momentum=0.2)
    out.backward(lib.tensor(g))
    found = [out, xs.grad, rms, rvs] + [t.grad for t in (ws, bs) if t is not None]
    return [t.detach().numpy() for t in found], out.grad_fn.name()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(6, 3), (5, 4, 7), (4, 3, 5, 6), (2, 3, 2, 3, 4)])
@pytest.mark.parametrize("affine", [(True, True), (True, False), (False, True), (False, False)])
def test_batch_norm_on_any_thread_count(dtype, shape, affine):
    rng = np.random.default_rng(sum(shape))
    x = (rng.standard_normal(shape) * 3 + 1).astype(dtype)
    c = shape[1]
    w = rng.standard_normal(c).astype(dtype) if affine[0] else None
    b = rng.standard_normal(c).astype(dtype) if affine[1] else None
    g = rng.standard_normal(shape).astype(dtype)
    rm, rv = rng.standard_normal(c).astype(dtype), rng.random(c).astype(dtype) + 0.5
    expected, name = _batch_norm(torch, x, w, b, g, rm, rv)
    tol = dict(rtol=1e-4, atol=1e-5) if dtype == "float32" else dict(rtol=1e-10, atol=1e-12)
    for threads in (1, 3):
        with _parallel.split_everything(threads):
            found, mine = _batch_norm(minigrad, x, w, b, g, rm, rv)
        assert mine == name == "NativeBatchNormBackward0"
        for a, e in zip(found, expected, strict=True):
            assert a.dtype == e.dtype
            np.testing.assert_allclose(a, e, **tol)


@pytest.mark.parametrize("kernel", [2, 3, (2, 1)])
def test_max_pool_ties_and_nans_on_any_thread_count(kernel):
    rng = np.random.default_rng(1)
    x = np.maximum(rng.standard_normal((3, 4, 6, 6)), 0).astype(np.float32)  # zero ties
    x[0, 0, 0, 1] = np.nan
    g = rng.standard_normal((3, 4) + tuple(6 // k for k in np.broadcast_to(kernel, 2)))
    xt = torch.tensor(x, requires_grad=True)
    out_t = torch.nn.functional.max_pool2d(xt, kernel)
    out_t.backward(torch.tensor(g, dtype=torch.float32))
    found = []
    for threads in (1, 3):
        with _parallel.split_everything(threads):
            xs = minigrad.tensor(x, requires_grad=True)
            out = F.max_pool2d(xs, kernel)
            out.backward(minigrad.tensor(g.astype(np.float32)))
        found.append((out.detach().numpy(), xs.grad.numpy()))
        np.testing.assert_array_equal(found[-1][0], out_t.detach().numpy())
        np.testing.assert_array_equal(found[-1][1], xt.grad.numpy())
    np.testing.assert_array_equal(found[0][1], found[1][1])


@pytest.mark.parametrize("shape", [(7, 5), (3, 4, 5)])
def test_linear_on_any_thread_count(shape):
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal(shape), rng.standard_normal((6, 5)), rng.standard_normal(6)
    g = rng.standard_normal(shape[:-1] + (6,))
    ts = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    out_t = torch.nn.functional.linear(*ts)
    out_t.backward(torch.tensor(g))
    for threads in (1, 3):
        with _parallel.split_everything(threads):
            ms = [minigrad.tensor(a, requires_grad=True) for a in (x, w, b)]
            out = F.linear(*ms)
            out.backward(minigrad.tensor(g))
        assert out.grad_fn.name() == type(out_t.grad_fn).__name__
        for m, t in zip([out] + [m.grad for m in ms], [out_t] + [t.grad for t in ts],
                        strict=True):
            np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-12,
                                       atol=1e-12)
