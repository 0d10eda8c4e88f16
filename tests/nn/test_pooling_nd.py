"""Pooling in 1 to 3 dims against torch: MaxPool3d, AvgPool3d, AdaptiveAvgPool3d,
AdaptiveMaxPool1d/2d/3d, max pooling's ``return_indices`` and the ``*_with_indices``
forms: values, indices, dtypes, gradients, grad_fn names, ties and NaN, float64
gradcheck, reprs and torch's errors."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from nn_helpers import assert_close, build, check_module, errors_under_both
from torch_compat import requires_torch

DTYPES = [np.float64, np.float32]


def distinct(shape, dtype=np.float64, seed=0):
    """Values without ties (max pooling's gradient is then unambiguous)."""
    rng = np.random.default_rng(seed)
    return (rng.permutation(int(np.prod(shape))).reshape(shape) / 7.0 - 3).astype(dtype)


def run(fn, x, dtype, seed=1):
    """``fn(lib, tensor)`` under torch and minigrad: (outputs, input gradient, grad_fn name)
    for each, the gradient of the first output from a fixed random output gradient."""
    found = []
    g = None
    for lib in (torch, minigrad):
        t = lib.tensor(x.copy(), requires_grad=True)
        out = fn(lib, t)
        outs = out if isinstance(out, tuple) else (out,)
        if g is None:
            g = np.random.default_rng(seed).standard_normal(tuple(outs[0].shape)).astype(dtype)
        outs[0].backward(lib.tensor(g))
        found.append((outs, t.grad, outs[0].grad_fn.name()))
    return found


def compare(fn, x, dtype=np.float64):
    (theirs, their_grad, their_name), (mine, my_grad, my_name) = run(fn, x, dtype)
    assert my_name == their_name
    for a, b in zip(mine, theirs, strict=True):
        if b.dtype == torch.int64:
            assert a.dtype == minigrad.int64 and np.array_equal(a.numpy(), b.numpy())
        else:
            assert_close(a, b, dtype)
    assert_close(my_grad, their_grad, dtype)


@st.composite
def max_pool_cases(draw):
    d = draw(st.integers(1, 3))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(d))
    stride = draw(st.sampled_from([None, 1, 2] + [tuple(draw(st.integers(1, 3))
                                                        for _ in range(d))]))
    dilation = tuple(draw(st.integers(1, 2)) for _ in range(d))
    padding = tuple(draw(st.integers(0, k // 2)) for k in kernel)
    size = tuple(draw(st.integers((k - 1) * dl + 1, 6)) for k, dl in zip(kernel, dilation,
                                                                        strict=True))
    return dict(d=d, kernel=kernel, stride=stride, padding=padding, dilation=dilation,
                ceil_mode=draw(st.booleans()), shape=draw(st.sampled_from([(), (2,)])) + (3,)
                + size, indices=draw(st.booleans()))


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(c=max_pool_cases())
def test_max_pool_with_indices(dtype, c):
    name = f"max_pool{c['d']}d"
    args = (c["kernel"], c["stride"], c["padding"], c["dilation"], c["ceil_mode"])
    expected = getattr(torch.nn.functional, name)(torch.tensor(distinct(c["shape"])), *args)
    assume(not torch.isinf(expected).any())          # no window wholly in the padding
    x = distinct(c["shape"], dtype)
    compare(lambda T, t: getattr(T.nn.functional, name)(t, *args,
                                                        return_indices=c["indices"]), x, dtype)
    compare(lambda T, t: getattr(T.nn.functional, name + "_with_indices")(t, *args), x, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=30, deadline=None)
@given(k=st.tuples(*[st.integers(1, 3)] * 3), stride=st.sampled_from([None, 1, 2, (1, 2, 3)]),
       pad=st.sampled_from([0, 1, (1, 0, 1)]), ceil_mode=st.booleans(),
       count_include_pad=st.booleans(), divisor=st.sampled_from([None, 3]),
       batch=st.sampled_from([(), (2,)]))
def test_avg_pool3d(dtype, k, stride, pad, ceil_mode, count_include_pad, divisor, batch):
    pads = (pad,) * 3 if isinstance(pad, int) else pad
    assume(all(p <= kk // 2 for p, kk in zip(pads, k, strict=True)))
    x = distinct(batch + (2, 4, 5, 3), dtype)
    compare(lambda T, t: T.nn.functional.avg_pool3d(t, k, stride, pad, ceil_mode,
                                                    count_include_pad, divisor), x, dtype)


@pytest.mark.parametrize("dims", [1, 2, 3])
@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_adaptive_max_pool(dims, dtype, data):
    size = tuple(data.draw(st.integers(1, 7)) for _ in range(dims))
    out = tuple(data.draw(st.one_of(st.integers(1, 8), st.none())) for _ in range(dims))
    out = out[0] or 3 if dims == 1 else out
    batch = data.draw(st.sampled_from([(), (2,)]))
    x = distinct(batch + (3,) + size, dtype)
    name = f"adaptive_max_pool{dims}d"
    for indices in (False, True):
        compare(lambda T, t, i=indices: getattr(T.nn.functional, name)(t, out, i), x, dtype)
    compare(lambda T, t: getattr(T.nn.functional, name + "_with_indices")(t, out), x, dtype)


@pytest.mark.parametrize("fn,shape", [
    (lambda T, t: T.nn.functional.max_pool1d_with_indices(t, 3, 2, 1, 2), (2, 3, 9)),
    (lambda T, t: T.nn.functional.max_pool2d_with_indices(t, (3, 2), 1, 1, ceil_mode=True),
     (3, 5, 6)),
    (lambda T, t: T.nn.functional.max_pool3d_with_indices(t, 2, (1, 2, 1)), (1, 2, 4, 5, 4)),
    (lambda T, t: T.nn.functional.adaptive_max_pool1d_with_indices(t, 4), (2, 3, 9)),
    (lambda T, t: T.nn.functional.adaptive_max_pool2d_with_indices(t, (None, 3)), (2, 3, 5, 7)),
    (lambda T, t: T.nn.functional.adaptive_max_pool3d_with_indices(t, (2, 3, 1)),
     (3, 4, 5, 6)),
])
def test_with_indices_forms(fn, shape):
    for dtype in DTYPES:
        compare(fn, distinct(shape, dtype), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("out", [(2, 3, 4), 1, (None, 2, 5), 3, (4, 1, 2)])
@pytest.mark.parametrize("batch", [(), (2,)])
def test_adaptive_avg_pool3d(dtype, out, batch):
    x = distinct(batch + (3, 4, 5, 6), dtype)
    compare(lambda T, t: T.nn.functional.adaptive_avg_pool3d(t, out), x, dtype)


def test_ties_and_nans_follow_torch():
    """The first maximum gets the gradient; in a window holding NaN, the last NaN."""
    rng = np.random.default_rng(3)
    x = np.round(rng.standard_normal((2, 2, 5, 4, 6)), 0)      # many ties
    x[0, 0, 1, 1, 1] = x[1, 1, 3, 2, 0] = x[1, 1, 3, 2, 2] = np.nan
    compare(lambda T, t: T.nn.functional.max_pool3d(t, 2, 1, 1, return_indices=True), x)
    compare(lambda T, t: T.nn.functional.max_pool3d(t, (2, 3, 2), ceil_mode=True,
                                                    return_indices=True), x)
    compare(lambda T, t: T.nn.functional.max_pool3d(t, 2, return_indices=True), x)
    compare(lambda T, t: T.nn.functional.adaptive_max_pool3d(t, (2, 3, 4), True), x)
    compare(lambda T, t: T.nn.functional.adaptive_max_pool2d(t[0], (3, 5), True), x)
    compare(lambda T, t: T.nn.functional.adaptive_max_pool1d(t[0, 0], 4, True), x)
    compare(lambda T, t: T.nn.functional.max_pool2d(t[0], 2, return_indices=True), x)
    y = x.copy()
    y[0, 1, 2, 0, 3] = np.inf
    compare(lambda T, t: T.nn.functional.adaptive_avg_pool3d(t, (3, 2, 4)), y)
    compare(lambda T, t: T.nn.functional.avg_pool3d(t, 2, 1, 1), y)


def test_integer_inputs_and_float64_gradcheck():
    ints = np.arange(2 * 3 * 4 * 4 * 4).reshape(2, 3, 4, 4, 4) % 7
    for fn in (lambda T, t: T.nn.functional.max_pool3d(t, 2),
               lambda T, t: T.nn.functional.max_pool3d(t, 3, 1, 1, return_indices=True)[1],
               lambda T, t: T.nn.functional.max_pool2d(t[0], 2, 1),
               lambda T, t: T.nn.functional.avg_pool3d(t, 2, 1, 1)):
        mine, theirs = fn(minigrad, minigrad.tensor(ints)), fn(torch, torch.tensor(ints))
        assert mine.dtype == minigrad.int64 and np.array_equal(mine.numpy(), theirs.numpy())
    x = minigrad.tensor(distinct((1, 2, 3, 4, 3)), requires_grad=True)
    for fn in (lambda t: F.max_pool3d(t, 2, 1, 1), lambda t: F.avg_pool3d(t, 2, 1, 1, True),
               lambda t: F.adaptive_avg_pool3d(t, (2, 3, 2)),
               lambda t: F.adaptive_max_pool3d(t, (2, 3, 2)),
               lambda t: F.adaptive_max_pool1d(t[0, 0, 0], 3)):
        assert minigrad.autograd.gradcheck(fn, [x])


@pytest.mark.parametrize("name,args,kwargs,shape", [
    ("MaxPool3d", (2,), {}, (2, 3, 4, 4, 5)),
    ("MaxPool3d", ((2, 1, 3),), dict(stride=1, padding=(1, 0, 1), dilation=(1, 2, 1),
                                     ceil_mode=True), (3, 4, 5, 6)),
    ("MaxPool3d", (2,), dict(return_indices=True), (2, 3, 4, 4, 4)),
    ("MaxPool2d", (3, 2, 1), dict(return_indices=True), (2, 3, 5, 5)),
    ("MaxPool1d", (3, 2, 1), dict(return_indices=True), (2, 3, 9)),
    ("AvgPool3d", (2,), {}, (2, 3, 4, 4, 5)),
    ("AvgPool3d", (3, 2, 1), dict(ceil_mode=True, count_include_pad=False), (3, 5, 5, 6)),
    ("AvgPool3d", (2, 1), dict(divisor_override=3), (1, 2, 3, 4, 3)),
    ("AdaptiveAvgPool3d", ((2, None, 3),), {}, (2, 3, 5, 4, 6)),
    ("AdaptiveAvgPool3d", (1,), {}, (3, 5, 4, 6)),
    ("AdaptiveMaxPool1d", (4,), {}, (2, 3, 9)),
    ("AdaptiveMaxPool1d", (4, True), {}, (3, 9)),
    ("AdaptiveMaxPool2d", ((2, 3),), {}, (2, 3, 7, 8)),
    ("AdaptiveMaxPool2d", ((None, 3),), dict(return_indices=True), (3, 7, 8)),
    ("AdaptiveMaxPool3d", (2,), {}, (1, 2, 5, 4, 4)),
    ("AdaptiveMaxPool3d", ((3, 2, 1),), dict(return_indices=True), (2, 5, 4, 4)),
])
def test_layers(name, args, kwargs, shape):
    mg, th = build(name, *args, **kwargs)
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict()) == []
    x = distinct(shape)
    if not kwargs.get("return_indices") and args[-1] is not True:
        check_module(mg, th, [x])
        return
    (out, index), (out_t, index_t) = mg(minigrad.tensor(x)), th(torch.tensor(x))
    assert_close(out, out_t)
    assert np.array_equal(index.numpy(), index_t.numpy()) and index.dtype == minigrad.int64


def test_2d_tiles_keep_their_fast_path():
    """Non-overlapping 2-d windows still take the tiled path (see minigrad/ops/pooling.py),
    with or without indices; its results match torch."""
    x = distinct((4, 3, 8, 6), np.float32)
    compare(lambda T, t: T.nn.functional.max_pool2d(t, 2), x, np.float32)
    compare(lambda T, t: T.nn.functional.max_pool2d(t, 2, return_indices=True), x, np.float32)
    out = F.max_pool2d(minigrad.tensor(x, requires_grad=True), 2, return_indices=True)[0]
    assert out.grad_fn.winner is not None


X = lambda T, *shape: T.ones(*shape)  # noqa: E731


@pytest.mark.parametrize("fn", [
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 0),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 2, stride=0),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 2, padding=-1),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 2, padding=2),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 2, dilation=0),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 5),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), -1, stride=1),
    lambda T: T.nn.functional.max_pool3d(X(T, 4, 4, 4), 2),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 0, 4, 4, 4), 2),
    lambda T: T.nn.functional.max_pool3d([1.0], 2),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), (2, 2)),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 2, stride=(1, 1)),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 2, padding=(1, 1)),
    lambda T: T.nn.functional.max_pool3d(X(T, 1, 2, 4, 4, 4), 2, dilation=(1, 1)),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 2, 4, 4, 4), 0),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 2, 4, 4, 4), 2, padding=2),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 2, 4, 4, 4), 5),
    lambda T: T.nn.functional.avg_pool3d(X(T, 4, 4), 2),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 2, 4, 4, 4), 2, divisor_override=0),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 0, 4, 4, 4), 2),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 2, 4, 4, 4), (2, 2)),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 2, 4, 4, 4), 2, stride=(1, 1)),
    lambda T: T.nn.functional.avg_pool3d(X(T, 1, 2, 4, 4, 4), 2, padding=(1, 1)),
    lambda T: T.nn.functional.avg_pool3d([1.0], 2),
    lambda T: T.nn.functional.adaptive_avg_pool3d(X(T, 1, 2, 4, 4, 4), (2, 2)),
    lambda T: T.nn.functional.adaptive_avg_pool3d(X(T, 1, 2, 4, 4, 4), -1),
    lambda T: T.nn.functional.adaptive_avg_pool3d(X(T, 4, 4), 2),
    lambda T: T.nn.functional.adaptive_avg_pool3d(X(T, 1, 2, 0, 4, 4), 2),
    lambda T: T.nn.functional.adaptive_avg_pool3d([1.0], 2),
    lambda T: T.nn.functional.adaptive_avg_pool3d(T.ones(1, 2, 4, 4, 4, dtype=T.int64), 2),
    lambda T: T.nn.functional.adaptive_max_pool2d(X(T, 4), 2),
    lambda T: T.nn.functional.adaptive_max_pool2d(X(T, 1, 2, 4, 4), (2, 2, 2)),
    lambda T: T.nn.functional.adaptive_max_pool2d(X(T, 1, 2, 4, 4), -1),
    lambda T: T.nn.functional.adaptive_max_pool2d(X(T, 1, 2, 0, 4), 2),
    lambda T: T.nn.functional.adaptive_max_pool2d([1.0], 2),
    lambda T: T.nn.functional.adaptive_max_pool2d(T.ones(1, 2, 4, 4, dtype=T.int64), 2),
    lambda T: T.nn.functional.adaptive_max_pool1d(X(T, 4), 2),
    lambda T: T.nn.functional.adaptive_max_pool1d(X(T, 2, 3, 4), (2, 2)),
    lambda T: T.nn.functional.adaptive_max_pool1d(X(T, 2, 3, 0), 2),
    lambda T: T.nn.functional.adaptive_max_pool1d(X(T, 2, 3, 4), -1),
    lambda T: T.nn.functional.adaptive_max_pool1d([1.0], 2),
    lambda T: T.nn.functional.adaptive_max_pool1d(X(T, 2, 4), None),
    lambda T: T.nn.functional.adaptive_max_pool3d(X(T, 4, 4), 2),
    lambda T: T.nn.functional.adaptive_max_pool3d(X(T, 1, 2, 4, 4, 4), (2, 2)),
    lambda T: T.nn.functional.adaptive_max_pool3d(X(T, 1, 2, 4, 4, 4), -1),
    lambda T: T.nn.functional.adaptive_max_pool3d(X(T, 1, 2, 4, 0, 4), 2),
    lambda T: T.nn.functional.adaptive_max_pool3d(T.ones(1, 2, 4, 4, 4, dtype=T.int64), 2),
    lambda T: T.nn.functional.max_pool1d_with_indices(X(T, 1, 2, 4), 0),
    lambda T: T.nn.functional.max_pool1d(X(T, 1, 2, 4), 0, return_indices=True),
    lambda T: T.nn.functional.max_pool1d(X(T, 4), 2, return_indices=True),
    lambda T: T.nn.functional.max_pool1d_with_indices(X(T, 1, 2, 4), 5),
    lambda T: T.nn.functional.max_pool1d_with_indices(T.zeros(1, 0, 4), 2),
    lambda T: T.nn.MaxPool3d(2)(X(T, 2, 2)),
    lambda T: T.nn.AvgPool3d(3)(X(T, 1, 2, 2, 2)),
    lambda T: T.nn.AdaptiveMaxPool2d(2)(X(T, 5)),
])
def test_errors_match_torch(fn):
    theirs, mine = errors_under_both(fn)
    assert mine == theirs


@pytest.mark.parametrize("fn", [
    lambda T: T.nn.functional.max_pool3d(T.zeros(0, 2, 4, 4, 4), 2),
    lambda T: T.nn.functional.avg_pool3d(T.zeros(0, 2, 4, 4, 4), 2),
    lambda T: T.nn.functional.adaptive_max_pool2d(T.zeros(0, 2, 4, 4), 2),
    lambda T: T.nn.functional.adaptive_max_pool2d(X(T, 1, 2, 4, 4), 0),
    lambda T: T.nn.functional.adaptive_avg_pool3d(X(T, 1, 2, 4, 4, 4), 0),
])
def test_empty_results_match_torch(fn):
    mine, theirs = fn(minigrad), fn(torch)
    assert tuple(mine.shape) == tuple(theirs.shape) and mine.dtype.itemsize == \
        theirs.dtype.itemsize


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn,shape", [
    (lambda T, t: T.nn.functional.lp_pool1d(t, 2, 3), (2, 3, 8)),
    (lambda T, t: T.nn.functional.lp_pool1d(t, 1.5, 3, 2, True), (3, 8)),
    (lambda T, t: T.nn.functional.lp_pool2d(t, 2, 3), (2, 3, 7, 8)),
    (lambda T, t: T.nn.functional.lp_pool2d(t, 3, (2, 3), (1, 2), True), (3, 7, 8)),
    (lambda T, t: T.nn.functional.lp_pool3d(t, 2, 2), (2, 3, 4, 5, 4)),
    (lambda T, t: T.nn.functional.lp_pool3d(t, 1.0, (1, 2, 3), 1), (2, 4, 5, 4)),
])
def test_lp_pool(dtype, fn, shape):
    x = (np.abs(distinct(shape, dtype)) + 0.5).astype(dtype)
    compare(fn, x, dtype)


def _pool_then_unpool(pool, unpool, x):
    """max pooling's values and indices, unpooled, under each library."""
    def fn(T, t):
        out, indices = getattr(T.nn.functional, pool[0])(t, *pool[1], return_indices=True)
        return getattr(T.nn.functional, unpool[0])(out, indices, *unpool[1], **unpool[2])
    return fn


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("pool,unpool,shape", [
    (("max_pool1d", (2,)), ("max_unpool1d", (2,), {}), (2, 3, 8)),
    (("max_pool1d", (3, 2, 1)), ("max_unpool1d", (3, 2, 1), dict(output_size=(9,))), (3, 9)),
    (("max_pool2d", (2,)), ("max_unpool2d", (2,), {}), (2, 3, 4, 6)),
    (("max_pool2d", (3, 2, 1)), ("max_unpool2d", (3, 2, 1), dict(output_size=[2, 3, 5, 6])),
     (2, 3, 5, 6)),
    (("max_pool2d", (2, 1)), ("max_unpool2d", (2, 1), {}), (3, 4, 5)),     # overlapping
    (("max_pool3d", (2,)), ("max_unpool3d", (2,), {}), (1, 2, 4, 4, 6)),
    (("max_pool3d", ((1, 2, 3), 1, (0, 1, 1))), ("max_unpool3d", ((1, 2, 3), 1, (0, 1, 1)),
                                                 dict(output_size=(3, 4, 5))), (2, 3, 4, 5)),
])
def test_max_unpool(dtype, pool, unpool, shape):
    compare(_pool_then_unpool(pool, unpool, distinct(shape, dtype)), distinct(shape, dtype),
            dtype)


@pytest.mark.parametrize("name,args,shape,pool,size", [
    ("MaxUnpool1d", (3, 2, 1), (2, 3, 9), ("max_pool1d", (3, 2, 1)), (2, 3, 9)),
    ("MaxUnpool2d", (2,), (2, 3, 4, 6), ("max_pool2d", (2,)), (5, 7)),
    ("MaxUnpool3d", ((1, 2, 2),), (2, 2, 4, 4), ("max_pool3d", ((1, 2, 2),)), (2, 5, 4)),
])
def test_unpool_and_lp_pool_layers(name, args, shape, pool, size):
    mg, th = build(name, *args)
    assert repr(mg) == repr(th) and list(mg.state_dict()) == []
    x = distinct(shape)
    out, index = getattr(F, pool[0])(minigrad.tensor(x), *pool[1], return_indices=True)
    out_t, index_t = getattr(torch.nn.functional, pool[0])(torch.tensor(x), *pool[1],
                                                          return_indices=True)
    assert_close(mg(out, index), th(out_t, index_t))
    assert_close(mg(out, index, size), th(out_t, index_t, size))
    for lp, lp_args, lp_shape in (("LPPool1d", (2, 3, 2), (2, 3, 8)),
                                  ("LPPool2d", (1.5, (2, 3)), (3, 6, 7)),
                                  ("LPPool3d", (2, 2, 1, True), (1, 2, 3, 4, 3))):
        mg, th = build(lp, *lp_args)
        assert repr(mg) == repr(th) and list(mg.state_dict()) == []
        check_module(mg, th, [np.abs(distinct(lp_shape)) + 0.5])


UNPOOLED = lambda T, *shape: T.nn.functional.max_pool2d(  # noqa: E731
    T.arange(float(np.prod(shape))).reshape(shape), 2, return_indices=True)


@pytest.mark.parametrize("fn", [
    lambda T: T.nn.functional.max_unpool2d(*UNPOOLED(T, 1, 2, 4, 4), 2, output_size=(6, 5)),
    lambda T: T.nn.functional.max_unpool2d(*UNPOOLED(T, 1, 2, 4, 4), 2, output_size=(5,)),
    lambda T: T.nn.functional.max_unpool2d(UNPOOLED(T, 1, 2, 4, 4)[0],
                                           UNPOOLED(T, 1, 2, 4, 4)[1].float(), 2),
    lambda T: T.nn.functional.max_unpool2d(UNPOOLED(T, 1, 2, 4, 4)[0],
                                           UNPOOLED(T, 1, 2, 4, 4)[1][..., :1], 2),
    lambda T: T.nn.functional.max_unpool2d(UNPOOLED(T, 1, 2, 4, 4)[0],
                                           UNPOOLED(T, 1, 2, 4, 4)[1] + 100, 2),
    lambda T: T.nn.functional.max_unpool2d(UNPOOLED(T, 1, 2, 4, 4)[0],
                                           UNPOOLED(T, 1, 2, 4, 4)[1] - 100, 2),
    lambda T: T.nn.functional.max_unpool2d(UNPOOLED(T, 1, 2, 4, 4)[0][0, 0],
                                           UNPOOLED(T, 1, 2, 4, 4)[1][0, 0], 2),
    lambda T: T.nn.functional.max_unpool2d(*UNPOOLED(T, 1, 2, 4, 4), 2, stride=0),
    lambda T: T.nn.functional.max_unpool2d(UNPOOLED(T, 1, 2, 4, 4)[0], [1], 2),
    lambda T: T.nn.functional.max_unpool1d(X(T, 2, 3, 4), T.ones(2, 3, 4).long() * 50, 2),
    lambda T: T.nn.functional.max_unpool1d(X(T, 2, 3, 4), T.ones(2, 3, 4).long(), 2,
                                           output_size=(20,)),
    lambda T: T.nn.functional.max_unpool3d(X(T, 1, 2, 2, 2, 2), T.ones(1, 2, 2, 2, 2).long()
                                           * 100, 2),
    lambda T: T.nn.functional.max_unpool3d(X(T, 2, 2, 2), T.ones(2, 2, 2).long(), 2),
    lambda T: T.nn.functional.max_unpool3d(X(T, 1, 2, 2, 2, 2), T.ones(1, 2, 2, 2, 1).long(),
                                           2),
    lambda T: T.nn.functional.max_unpool3d(X(T, 1, 2, 2, 2, 2), T.ones(1, 2, 2, 2, 2).long(),
                                           2, stride=0),
    lambda T: T.nn.functional.lp_pool2d(X(T, 1, 2, 2, 2), 2, 3),
    lambda T: T.nn.functional.lp_pool3d(X(T, 1, 2, 2, 2, 2), 2, (2, 2)),
    lambda T: T.nn.functional.lp_pool1d(X(T, 4), 2, 3),
])
def test_unpool_and_lp_pool_errors_match_torch(fn):
    theirs, mine = errors_under_both(fn)
    assert mine == theirs


@st.composite
def fractional_cases(draw):
    d = draw(st.integers(2, 3))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(d))
    size = tuple(draw(st.integers(k + 1, 8)) for k in kernel)
    out = tuple(draw(st.integers(1, s - k)) for s, k in zip(size, kernel, strict=True))
    batch = draw(st.sampled_from([(), (2,)]))
    return dict(d=d, kernel=kernel, out=out, shape=batch + (3,) + size,
                samples=((batch or (1,))[0], 3, d), seed=draw(st.integers(0, 2 ** 16)))


@pytest.mark.parametrize("dtype", DTYPES)
@settings(max_examples=40, deadline=None)
@given(c=fractional_cases())
def test_fractional_max_pool_with_given_samples(dtype, c):
    """torch's windows exactly (its start formula evaluated in the input's dtype)."""
    samples = np.random.default_rng(c["seed"]).random(c["samples"]).astype(dtype)
    x = distinct(c["shape"], dtype, c["seed"])
    fn = {2: lambda T, t: T.nn.functional.fractional_max_pool2d(
              t, c["kernel"], c["out"], return_indices=True, _random_samples=T.tensor(samples)),
          3: lambda T, t: T.nn.functional.fractional_max_pool3d(
              t, c["kernel"], c["out"], return_indices=True, _random_samples=T.tensor(samples))}
    compare(fn[c["d"]], x, dtype)


@pytest.mark.parametrize("fn,shape", [
    (lambda T, t, s: T.nn.functional.fractional_max_pool2d_with_indices(
        t, 2, output_ratio=(0.5, 0.7), _random_samples=s), (2, 3, 8, 7)),
    (lambda T, t, s: T.nn.functional.fractional_max_pool3d_with_indices(
        t, (1, 2, 2), output_ratio=0.5, _random_samples=s), (2, 3, 4, 6, 5)),
    (lambda T, t, s: T.nn.FractionalMaxPool2d(3, output_size=(4, 3), _random_samples=s)(t),
     (2, 3, 8, 7)),
    (lambda T, t, s: T.nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.6, 0.7),
                                              return_indices=True, _random_samples=s)(t),
     (2, 3, 6, 6, 6)),
])
def test_fractional_forms_and_layers(fn, shape):
    dims = len(shape) - 2
    samples = np.random.default_rng(dims).random((shape[0], shape[1], dims))
    compare(lambda T, t: fn(T, t, T.tensor(samples)), distinct(shape))
    # without samples the starts are random: values then come from the input's windows
    out = fn(minigrad, minigrad.tensor(distinct(shape)), None)
    assert isinstance(out, tuple) or out.shape[:2] == shape[:2]


def test_fractional_layers_repr_state_and_random_draws():
    for name in ("FractionalMaxPool2d", "FractionalMaxPool3d"):
        mine, theirs = getattr(nn, name)(2, output_size=3), getattr(torch.nn, name)(2, 3)
        assert repr(mine) == repr(theirs) and list(mine.state_dict()) == []
    fixed = nn.FractionalMaxPool2d(2, 3, _random_samples=minigrad.rand(1, 2, 2))
    assert list(fixed.state_dict()) == ["_random_samples"]
    pool = nn.FractionalMaxPool2d(2, output_size=4, return_indices=True)
    x = minigrad.tensor(distinct((1, 2, 9, 9)))         # alpha = 7/3: starts depend on u
    seen = {tuple(pool(x)[1].numpy().ravel()) for _ in range(8)}
    assert len(seen) > 1                                  # new starts on every call
    out, index = pool(x)
    picked = np.take_along_axis(x.numpy().reshape(1, 2, -1), index.numpy().reshape(1, 2, -1), 2)
    np.testing.assert_array_equal(out.numpy().reshape(1, 2, -1), picked)
    with pytest.raises(ValueError, match="only one of output_size and output_ratio"):
        nn.FractionalMaxPool3d(2, 3, 0.5)


S2 = lambda T: T.rand(1, 2, 2)  # noqa: E731


@pytest.mark.parametrize("fn", [
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 3, 6,
                                                    _random_samples=S2(T)),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 3, _random_samples=S2(T)),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 3,
                                                    output_ratio=(0.5, 0.5, 0.5)),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), (3, 3, 3), 3,
                                                    _random_samples=S2(T)),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 3, (3, 3, 3),
                                                    _random_samples=S2(T)),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 7, 7), 3, 3),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 0, 7, 7), 3, 3),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 3, 3,
                                                    _random_samples=T.rand(1, 2, 3)),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 3, 3,
                                                    _random_samples=S2(T).double()),
    pytest.param(lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 0, 3,
                                                                 _random_samples=S2(T)),
                 marks=requires_torch("2.14", "torch 2.13 pools with a zero kernel")),
    lambda T: T.nn.functional.fractional_max_pool2d(X(T, 1, 2, 7, 7), 3, -1,
                                                    _random_samples=S2(T)),
    lambda T: T.nn.functional.fractional_max_pool3d(X(T, 1, 2, 5, 5, 5), 2, 4,
                                                    _random_samples=T.rand(1, 2, 3)),
    lambda T: T.nn.functional.fractional_max_pool3d(X(T, 1, 2, 5, 5, 5), 2, (3, 4, 4),
                                                    _random_samples=T.rand(1, 2, 3)),
    lambda T: T.nn.functional.fractional_max_pool3d(X(T, 1, 2, 5, 5, 5), 2, (3, 3),
                                                    _random_samples=T.rand(1, 2, 3)),
    lambda T: T.nn.functional.fractional_max_pool3d(X(T, 5, 5, 5), 2, 3),
    lambda T: T.nn.functional.fractional_max_pool3d(X(T, 1, 2, 5, 5, 5), 2, output_ratio=0.5,
                                                    _random_samples=S2(T)),
    lambda T: T.nn.FractionalMaxPool2d(3),
    lambda T: T.nn.FractionalMaxPool2d(3, output_size=2, output_ratio=0.5),
    lambda T: T.nn.FractionalMaxPool3d(3, output_ratio=1.5),
])
def test_fractional_errors_match_torch(fn):
    theirs, mine = errors_under_both(fn)
    assert mine == theirs
