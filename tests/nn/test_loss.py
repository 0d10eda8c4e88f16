"""Loss modules and functions against torch: values, input gradients, options, errors."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

import minigrad
from minigrad import nn
import minigrad.nn.functional as F
from nn_helpers import assert_close, pair

DTYPES = [np.float64, np.float32]
REDUCTIONS = st.sampled_from(["mean", "sum", "none"])


def run_both(name, kwargs, inputs, dtype, const=()):
    """Apply loss ``name`` from both libraries; compare value and input gradients.

    ``inputs`` are differentiable arrays; ``const`` arrays are passed without grad.
    ``kwargs`` values that are numpy arrays become tensors of each library.
    """
    def convert(lib, value):
        if isinstance(value, np.ndarray):
            return lib.tensor(value.copy())
        return value
    mg_loss = getattr(nn, name)(**{k: convert(minigrad, v) for k, v in kwargs.items()})
    th_loss = getattr(torch.nn, name)(**{k: convert(torch, v) for k, v in kwargs.items()})
    diff = [pair(x) for x in inputs]
    fixed = [pair(c, requires_grad=False) for c in const]
    out_mg = mg_loss(*[p[0] for p in diff], *[p[0] for p in fixed])
    out_th = th_loss(*[p[1] for p in diff], *[p[1] for p in fixed])
    assert_close(out_mg, out_th, dtype)
    g = np.random.default_rng(5).standard_normal(out_th.shape).astype(dtype) + 2
    out_mg.backward(minigrad.tensor(g))
    out_th.backward(torch.tensor(g))
    for a, t in diff:
        assert_close(a.grad, t.grad, dtype)
    return out_mg, out_th


def logits(shape, dtype, seed=0, scale=3.0):
    return (np.random.default_rng(seed).standard_normal(shape) * scale).astype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(n=st.integers(1, 6), c=st.integers(2, 6), reduction=REDUCTIONS,
       smoothing=st.sampled_from([0.0, 0.0, 0.1, 0.5]), weighted=st.booleans(),
       ignore=st.booleans(), extra=st.sampled_from([(), (), (3,), (2, 2)]), seed=st.integers(0, 9))
def test_cross_entropy_class_indices(dtype, n, c, reduction, smoothing, weighted, ignore, extra,
                                     seed):
    rng = np.random.default_rng(seed)
    target = rng.integers(0, c, (n,) + extra)
    kwargs = dict(reduction=reduction, label_smoothing=smoothing)
    if ignore:
        target.reshape(-1)[0] = 1
        kwargs["ignore_index"] = 1
    if weighted:
        kwargs["weight"] = rng.uniform(0.5, 2.0, c).astype(dtype)
    x = logits((n, c) + extra, dtype, seed)
    out, th = run_both("CrossEntropyLoss", kwargs, [x], dtype, const=[target])
    if reduction != "none" and smoothing == 0:     # NllLoss2DBackward0 with extra dims
        assert out.grad_fn.name() == th.grad_fn.name()


@pytest.mark.parametrize("dtype", DTYPES)
@given(n=st.integers(1, 5), c=st.integers(2, 5), reduction=REDUCTIONS,
       smoothing=st.sampled_from([0.0, 0.2]), weighted=st.booleans(),
       extra=st.sampled_from([(), (3,)]))
def test_cross_entropy_class_probabilities(dtype, n, c, reduction, smoothing, weighted, extra):
    rng = np.random.default_rng(n * 10 + c)
    probs = rng.dirichlet(np.ones(c), (n,) + extra)
    probs = np.moveaxis(probs, -1, 1).astype(dtype)
    kwargs = dict(reduction=reduction, label_smoothing=smoothing)
    if weighted:
        kwargs["weight"] = rng.uniform(0.5, 2.0, c).astype(dtype)
    run_both("CrossEntropyLoss", kwargs, [logits((n, c) + extra, dtype)], dtype, const=[probs])


def test_cross_entropy_unbatched_large_logits_and_errors():
    run_both("CrossEntropyLoss", {}, [np.array([1000.0, -1000.0, 3.0])], np.float64,
             const=[np.array(2)])
    x = np.array([[1e4, -1e4, 0.0], [-5e3, 5e3, 1.0]], np.float32)
    out, _ = run_both("CrossEntropyLoss", {}, [x], np.float32, const=[np.array([1, 0])])
    assert np.isfinite(out.item())
    with pytest.raises(IndexError, match="Target 5 is out of bounds."):
        F.cross_entropy(minigrad.randn(2, 3), minigrad.tensor([0, 5]))
    with pytest.raises(ValueError, match=r"Expected input batch_size \(2\) to match target "
                                         r"batch_size \(3\)."):
        F.cross_entropy(minigrad.randn(2, 3), minigrad.tensor([0, 1, 2]))
    with pytest.raises(RuntimeError, match="expected target dtype to be Long or Byte, but got "
                                           "Int"):
        F.cross_entropy(minigrad.randn(2, 3), minigrad.tensor([0, 1], dtype=minigrad.int32))
    with pytest.raises(ValueError, match="wrong is not a valid value for reduction"):
        F.cross_entropy(minigrad.randn(2, 3), minigrad.tensor([0, 1]), reduction="wrong")


@pytest.mark.parametrize("dtype", DTYPES)
@given(n=st.integers(1, 5), c=st.integers(2, 5), reduction=REDUCTIONS, weighted=st.booleans(),
       ignore=st.booleans())
def test_nll_loss(dtype, n, c, reduction, weighted, ignore):
    rng = np.random.default_rng(n + c)
    target = rng.integers(0, c, n)
    kwargs = dict(reduction=reduction)
    if weighted:
        kwargs["weight"] = rng.uniform(0.5, 2.0, c).astype(dtype)
    if ignore:
        kwargs["ignore_index"] = int(target[0])
    logp = np.log(rng.dirichlet(np.ones(c), n)).astype(dtype)
    run_both("NLLLoss", kwargs, [logp], dtype, const=[target])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,kwargs", [
    ("MSELoss", {}), ("L1Loss", {}), ("SmoothL1Loss", {}), ("SmoothL1Loss", {"beta": 0.5}),
    ("SmoothL1Loss", {"beta": 0.0}), ("HuberLoss", {"delta": 0.7})])
@given(shape=st.sampled_from([(3,), (2, 4), (2, 3, 2)]), reduction=REDUCTIONS)
def test_regression_losses(dtype, name, kwargs, shape, reduction):
    rng = np.random.default_rng(len(shape))
    x = rng.standard_normal(shape).astype(dtype)
    t = (x + rng.choice([-1.5, -0.3, 0.2, 2.0], shape)).astype(dtype)   # |d| away from kinks
    out, th = run_both(name, dict(kwargs, reduction=reduction), [x, t], dtype)
    assert out.grad_fn.name() == th.grad_fn.name()


def test_mse_broadcast_warning():
    with pytest.warns(UserWarning, match="Using a target size"):
        F.mse_loss(minigrad.randn(3, 1), minigrad.randn(3))


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(4,), (3, 2)]), reduction=REDUCTIONS, weighted=st.booleans())
def test_bce_loss(dtype, shape, reduction, weighted):
    rng = np.random.default_rng(len(shape))
    x = rng.uniform(0.05, 0.95, shape).astype(dtype)
    t = rng.uniform(0, 1, shape).astype(dtype)
    kwargs = dict(reduction=reduction)
    if weighted:
        kwargs["weight"] = rng.uniform(0.5, 2, shape[-1:]).astype(dtype)
    out, th = run_both("BCELoss", kwargs, [x, t], dtype)
    assert out.grad_fn.name() == th.grad_fn.name() == "BinaryCrossEntropyBackward0"


def test_bce_clamps_log_at_minus_100_and_checks_range():
    x = np.array([0.0, 1.0, 1e-50, 0.5])
    t = np.array([1.0, 0.0, 1.0, 0.5])
    run_both("BCELoss", {"reduction": "none"}, [x], np.float64, const=[t])
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        F.binary_cross_entropy(minigrad.tensor([1.5]), minigrad.tensor([1.0]))
    with pytest.raises(ValueError, match="Using a target size"):
        F.binary_cross_entropy(minigrad.tensor([0.5, 0.5]), minigrad.tensor([1.0]))


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(5,), (3, 4)]), reduction=REDUCTIONS, weighted=st.booleans(),
       positive=st.booleans(), scale=st.sampled_from([1.0, 50.0]))
def test_bce_with_logits(dtype, shape, reduction, weighted, positive, scale):
    rng = np.random.default_rng(shape[-1])
    x = (rng.standard_normal(shape) * scale).astype(dtype)
    t = rng.uniform(0, 1, shape).astype(dtype)
    kwargs = dict(reduction=reduction)
    if weighted:
        kwargs["weight"] = rng.uniform(0.5, 2, shape[-1:]).astype(dtype)
    if positive:
        kwargs["pos_weight"] = rng.uniform(0.5, 3, shape[-1:]).astype(dtype)
    out, th = run_both("BCEWithLogitsLoss", kwargs, [x, t], dtype)
    assert out.grad_fn.name() == th.grad_fn.name()


def test_bce_with_logits_extreme_logits_are_finite():
    x = np.array([1e4, -1e4, 88.0, -88.0, 0.0], np.float32)
    t = np.array([0.0, 1.0, 1.0, 0.0, 1.0], np.float32)
    out, _ = run_both("BCEWithLogitsLoss", {"reduction": "none"}, [x, t], np.float32)
    assert np.all(np.isfinite(out.detach().numpy()))


@pytest.mark.filterwarnings("ignore:reduction. 'mean' divides the total loss")
@pytest.mark.parametrize("log_target", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none", "batchmean"])
def test_kl_div(log_target, reduction):
    rng = np.random.default_rng(0)
    x = np.log(rng.dirichlet(np.ones(4), 3))
    t = rng.dirichlet(np.ones(4), 3)
    t[0, 0] = 0.0
    if log_target:
        t = np.log(t + 0.1)
    run_both("KLDivLoss", dict(reduction=reduction, log_target=log_target), [x], np.float64,
             const=[t])


@pytest.mark.filterwarnings("ignore:size_average and reduce args")
def test_legacy_size_average_and_reduce_flags():
    for size_average, reduce in [(False, None), (None, False), (True, True)]:
        with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated"):
            mg = nn.MSELoss(size_average=size_average, reduce=reduce)
        th = torch.nn.MSELoss(size_average=size_average, reduce=reduce)
        assert mg.reduction == th.reduction


def test_loss_module_repr_and_weight_buffer():
    loss = nn.CrossEntropyLoss(weight=minigrad.ones(3))
    assert repr(loss) == "CrossEntropyLoss()"
    assert list(loss.state_dict()) == list(torch.nn.CrossEntropyLoss(
        weight=torch.ones(3)).state_dict())


@settings(max_examples=10)
@given(n=st.integers(1, 4), c=st.integers(1, 5))
def test_one_hot(n, c):
    labels = np.random.default_rng(n).integers(0, c, n)
    got = F.one_hot(minigrad.tensor(labels), c)
    want = torch.nn.functional.one_hot(torch.tensor(labels), c)
    assert got.dtype == minigrad.int64
    np.testing.assert_array_equal(got.numpy(), want.numpy())
    np.testing.assert_array_equal(F.one_hot(minigrad.tensor(labels)).numpy(),
                                  torch.nn.functional.one_hot(torch.tensor(labels)).numpy())
