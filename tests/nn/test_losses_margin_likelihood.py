"""The losses of issue 12 against torch: values, dtypes, input gradients (float32 and
float64), float64 finite differences, grad_fn names, reprs and error messages.

Margin losses are piecewise linear: inputs are drawn so no margin sits within 0.05 of zero
(ties would make the two libraries' subgradients legitimately differ).
"""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad import nn
import minigrad.nn.functional as F
from nn_helpers import assert_close
from torch_compat import Changed, case_function, expected_message

DTYPES = [np.float64, np.float32]
REDUCTIONS = st.sampled_from(["mean", "sum", "none"])


def compare(name, kwargs, floats, fixed=(), dtype=np.float64, function=None, check_name=True,
            gradcheck=True):
    """Loss module ``name`` (or the function ``function`` of F) in both libraries on float
    inputs ``floats`` (differentiable) and ``fixed`` arrays (not): values and gradients.
    NumPy arrays among ``kwargs`` (weights) become each library's tensors."""
    def lib_args(lib):
        diff = [lib.tensor(x.copy(), requires_grad=True) for x in floats]
        const = [lib.tensor(c.copy()) for c in fixed]
        options = {k: lib.tensor(v.copy()) if isinstance(v, np.ndarray) else v
                   for k, v in kwargs.items()}
        return diff, const, options
    mg_diff, mg_const, mg_kw = lib_args(minigrad)
    th_diff, th_const, th_kw = lib_args(torch)
    if function is None:
        mg_loss, th_loss = getattr(nn, name)(**mg_kw), getattr(torch.nn, name)(**th_kw)
        assert repr(mg_loss) == repr(th_loss)
        assert list(mg_loss.state_dict()) == list(th_loss.state_dict())
    else:
        mg_loss = lambda *a: getattr(F, function)(*a, **mg_kw)                   # noqa: E731
        th_loss = lambda *a: getattr(torch.nn.functional, function)(*a, **th_kw)  # noqa: E731
    out_mg, out_th = mg_loss(*mg_diff, *mg_const), th_loss(*th_diff, *th_const)
    assert_close(out_mg, out_th, dtype)
    if check_name:
        assert out_mg.grad_fn.name() == out_th.grad_fn.name()
    g = np.random.default_rng(1).standard_normal(tuple(out_th.shape)).astype(dtype)
    out_mg.backward(minigrad.tensor(g)), out_th.backward(torch.tensor(g))
    for a, t in zip(mg_diff, th_diff, strict=True):
        assert_close(a.grad, t.grad, dtype)
    if dtype == np.float64 and gradcheck:
        assert minigrad.autograd.gradcheck(lambda *xs: mg_loss(*xs, *mg_const),
                                           [minigrad.tensor(x, requires_grad=True)
                                            for x in floats], atol=1e-6, rtol=1e-4)
    return out_mg


def away_from(values, kinks, margin=0.05):
    for k in kinks:
        near = np.abs(values - k) < margin
        values = np.where(near, k + np.where(values >= k, 2, -2) * margin, values)
    return values


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(5,), (3, 4), (2, 3, 2)]), reduction=REDUCTIONS,
       log_input=st.booleans(), full=st.booleans(), seed=st.integers(0, 99))
def test_poisson_nll_loss(dtype, shape, reduction, log_input, full, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, shape) if log_input else rng.uniform(0.2, 3, shape)
    target = rng.integers(0, 5, shape).astype(dtype)
    compare("PoissonNLLLoss", dict(log_input=log_input, full=full, reduction=reduction),
            [x.astype(dtype)], [target], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(case=st.sampled_from([((4, 3), (4, 3)), ((4, 3), (4,)), ((4, 3), (4, 1)),
                             ((2, 3, 4), (2, 1, 4)), ((5,), (5,))]),
       reduction=REDUCTIONS, full=st.booleans(), seed=st.integers(0, 99))
def test_gaussian_nll_loss(dtype, case, reduction, full, seed):
    rng = np.random.default_rng(seed)
    shape, var_shape = case
    x, t = rng.standard_normal(shape), rng.standard_normal(shape)
    var = rng.uniform(0.1, 2, var_shape)
    var.reshape(-1)[0] = 1e-8                     # below eps: clamped, gradient unchanged
    compare("GaussianNLLLoss", dict(full=full, reduction=reduction),
            [x.astype(dtype), t.astype(dtype), var.astype(dtype)], dtype=dtype,
            check_name=False, gradcheck=False)   # not differentiable where var is clamped


def test_gaussian_nll_loss_float_var_and_errors():
    x, t = minigrad.randn(3, 2), minigrad.randn(3, 2)
    want = torch.nn.functional.gaussian_nll_loss(torch.tensor(x.numpy()), torch.tensor(
        t.numpy()), 0.5)
    assert_close(F.gaussian_nll_loss(x, t, 0.5), want, np.float32)
    check_errors([
        lambda lib, F: F.gaussian_nll_loss(lib.ones(3, 2), lib.ones(3, 2), -1.0),
        lambda lib, F: F.gaussian_nll_loss(lib.ones(3, 2), lib.ones(3, 2), -lib.ones(3, 2)),
        lambda lib, F: F.gaussian_nll_loss(lib.ones(3, 2), lib.ones(3, 2), lib.ones(2, 3)),
        lambda lib, F: F.gaussian_nll_loss(lib.ones(3, 2), lib.ones(3, 2), lib.ones(3, 2),
                                           reduction="max"),
    ])


@pytest.mark.parametrize("dtype", DTYPES)
@given(n=st.integers(1, 6), margin=st.sampled_from([0.0, 0.5]), reduction=REDUCTIONS,
       seed=st.integers(0, 99))
def test_margin_ranking_loss(dtype, n, margin, reduction, seed):
    rng = np.random.default_rng(seed)
    x1, x2 = rng.standard_normal(n), rng.standard_normal(n)
    y = rng.choice([-1.0, 1.0], n)
    x2 = x1 - away_from(x1 - x2, [margin, -margin])      # -y (x1 - x2) + margin != 0
    compare("MarginRankingLoss", dict(margin=margin, reduction=reduction),
            [x1.astype(dtype), x2.astype(dtype)], [y.astype(dtype)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(5,), (3, 4)]), margin=st.sampled_from([1.0, 0.3]),
       reduction=REDUCTIONS, seed=st.integers(0, 99))
def test_hinge_embedding_loss(dtype, shape, margin, reduction, seed):
    rng = np.random.default_rng(seed)
    x = away_from(rng.uniform(-1, 2, shape), [margin])
    y = rng.choice([-1.0, 1.0], shape)
    compare("HingeEmbeddingLoss", dict(margin=margin, reduction=reduction),
            [x.astype(dtype)], [y.astype(dtype)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(5,), (3, 4), (2, 2, 3)]), reduction=REDUCTIONS,
       seed=st.integers(0, 99))
def test_soft_margin_loss(dtype, shape, reduction, seed):
    rng = np.random.default_rng(seed)
    compare("SoftMarginLoss", dict(reduction=reduction),
            [rng.standard_normal(shape).astype(dtype)],
            [rng.choice([-1.0, 1.0], shape).astype(dtype)], dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(5,), (3, 4), (2, 3, 4)]), reduction=REDUCTIONS,
       weighted=st.booleans(), seed=st.integers(0, 99))
def test_multilabel_soft_margin_loss(dtype, shape, reduction, weighted, seed):
    rng = np.random.default_rng(seed)
    kwargs = dict(reduction=reduction)
    if weighted:
        kwargs["weight"] = rng.uniform(0.5, 2, shape[-1:]).astype(dtype)
    x, y = rng.standard_normal(shape).astype(dtype), rng.integers(0, 2, shape).astype(dtype)
    compare("MultiLabelSoftMarginLoss", kwargs, [x], [y], dtype)
    compare("", kwargs, [x], [y], dtype, function="multilabel_soft_margin_loss")


@pytest.mark.parametrize("dtype", DTYPES)
@given(case=st.sampled_from([(4, 3, 1), (3, 5, 0), (5, 1, 1)]),
       margin=st.sampled_from([0.0, 0.4]), reduction=REDUCTIONS, seed=st.integers(0, 99))
def test_cosine_embedding_loss(dtype, case, margin, reduction, seed):
    n, d, batched = case
    rng = np.random.default_rng(seed)
    shape = (n, d) if batched else (d,)
    x1, x2 = rng.standard_normal(shape), rng.standard_normal(shape)
    y = rng.choice([-1.0, 1.0], n if batched else ())
    cos = (x1 * x2).sum(-1) / np.sqrt((x1 * x1).sum(-1) * (x2 * x2).sum(-1))
    if np.any(np.abs(cos - margin) < 0.05):
        return                                    # at the kink of max(0, cos - margin)
    compare("CosineEmbeddingLoss", dict(margin=margin, reduction=reduction),
            [x1.astype(dtype), x2.astype(dtype)], [np.asarray(y, dtype)], dtype)


@st.composite
def class_scores(draw, max_frames=5):
    """Scores (N, C), (C) or () with margins kept away from the hinge kinks."""
    kind = draw(st.sampled_from(["batch", "batch", "vector", "scalar"]))
    c = 1 if kind == "scalar" else draw(st.integers(2, 5))
    n = draw(st.integers(1, max_frames)) if kind == "batch" else 1
    seed = draw(st.integers(0, 10 ** 6))
    rng = np.random.default_rng(seed)
    # values on a coarse grid plus small jitter: every difference is far from 0.5, 1 and 0
    x = rng.permutation(np.arange(n * c)).reshape(n, c) * 0.23 + rng.uniform(0, 0.01, (n, c))
    x = {"batch": x, "vector": x[0], "scalar": x[0, 0]}[kind]
    return np.asarray(x), n, c, kind, rng


@pytest.mark.parametrize("dtype", DTYPES)
@given(scores=class_scores(), p=st.sampled_from([1, 2]), margin=st.sampled_from([1.0, 0.7]),
       weighted=st.booleans(), reduction=REDUCTIONS)
def test_multi_margin_loss(dtype, scores, p, margin, weighted, reduction):
    x, n, c, kind, rng = scores
    target = rng.integers(0, c, n) if kind == "batch" else np.asarray(rng.integers(0, c))
    kwargs = dict(p=p, margin=margin, reduction=reduction)
    if weighted:
        kwargs["weight"] = rng.uniform(0.5, 2, c).astype(dtype)
    compare("MultiMarginLoss", kwargs, [x.astype(dtype)], [target], dtype)
    compare("", kwargs, [x.astype(dtype)], [target], dtype, function="multi_margin_loss")


@pytest.mark.parametrize("dtype", DTYPES)
@given(scores=class_scores(), reduction=REDUCTIONS)
def test_multilabel_margin_loss(dtype, scores, reduction):
    x, n, c, kind, rng = scores
    labels = np.full((n, c), -1)
    for row in labels:
        k = rng.integers(0, c + 1)
        row[:k] = rng.permutation(c)[:k]
        row[k + 1:] = rng.integers(-1, c, max(c - k - 1, 0))   # after the first -1: ignored
    target = labels if kind == "batch" else labels[0]
    compare("MultiLabelMarginLoss", dict(reduction=reduction), [x.astype(dtype)], [target],
            dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(4, 3), (5,), (2, 3, 4)]), margin=st.sampled_from([1.0, 0.3]),
       p=st.sampled_from([2.0, 1.0, 3.0]), swap=st.booleans(), reduction=REDUCTIONS,
       seed=st.integers(0, 99))
def test_triplet_margin_loss(dtype, shape, margin, p, swap, reduction, seed):
    rng = np.random.default_rng(seed)
    a, pos, neg = (rng.standard_normal(shape) for _ in range(3))
    compare("TripletMarginLoss", dict(margin=margin, p=p, swap=swap, reduction=reduction),
            [a.astype(dtype), pos.astype(dtype), neg.astype(dtype)], dtype=dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@given(shape=st.sampled_from([(4, 3), (5,)]), swap=st.booleans(), reduction=REDUCTIONS,
       custom=st.booleans(), seed=st.integers(0, 99))
def test_triplet_margin_with_distance_loss(dtype, shape, swap, reduction, custom, seed):
    rng = np.random.default_rng(seed)
    a, pos, neg = (rng.standard_normal(shape) for _ in range(3))
    kwargs = dict(swap=swap, reduction=reduction, margin=0.8)
    if custom:      # a plain function in each library: 1 - cosine similarity
        mg = nn.TripletMarginWithDistanceLoss(
            distance_function=lambda x, y: 1 - F.cosine_similarity(x, y, dim=-1), **kwargs)
        th = torch.nn.TripletMarginWithDistanceLoss(
            distance_function=lambda x, y: 1 - torch.nn.functional.cosine_similarity(
                x, y, dim=-1), **kwargs)
        args = [a.astype(dtype), pos.astype(dtype), neg.astype(dtype)]
        out_mg = mg(*[minigrad.tensor(x) for x in args])
        assert_close(out_mg, th(*[torch.tensor(x) for x in args]), dtype)
        return
    compare("TripletMarginWithDistanceLoss", kwargs,
            [a.astype(dtype), pos.astype(dtype), neg.astype(dtype)], dtype=dtype)


@pytest.mark.filterwarnings("ignore:`NLLLoss2d` has been deprecated")
def test_nll_loss_2d_is_nll_loss():
    logp = np.log(np.random.default_rng(0).dirichlet(np.ones(3), (2, 4, 4)))
    logp = np.moveaxis(logp, -1, 1)
    target = np.random.default_rng(1).integers(0, 3, (2, 4, 4))
    compare("NLLLoss2d", {}, [logp], [target])


def check_errors(cases):
    """Each case raises the same error type and message in torch and minigrad (torch 2.14's
    message, written out, for a :class:`Changed` case when the installed torch is older)."""
    for case in cases:
        try:
            case_function(case)(torch, torch.nn.functional)
        except Exception as error:           # noqa: BLE001 - any error type torch raises
            want = error
        else:
            raise AssertionError("torch raised nothing")
        message = expected_message(case, str(want))
        with pytest.raises(type(want), match="^" + re.escape(message) + "$"):
            case_function(case)(minigrad, F)


# torch 2.13 (not 2.11) names the function and the input's shape when multi_margin_loss's
# target has the wrong size
def _target_size(expected: int, shape: str) -> str:
    return ("multi_margin_loss: target tensor should be 1-D with size equal to the number of "
            f"input samples (batch size). Expected target size [{expected}], but got [2]. "
            f"Input has shape {shape}.")


def test_errors_match_torch():
    check_errors([
        lambda lib, F: F.margin_ranking_loss(lib.ones(3), lib.ones(3, 1), lib.ones(3)),
        lambda lib, F: F.cosine_embedding_loss(lib.ones(3, 2), lib.ones(3, 2), lib.ones(3, 1)),
        lambda lib, F: F.cosine_embedding_loss(lib.ones(3), lib.ones(3), lib.ones(3)),
        lambda lib, F: F.multi_margin_loss(lib.ones(3, 2), lib.tensor([0, 1]), p=3),
        Changed("2.13", _target_size(3, "[3, 2]"),
                lambda lib, F: F.multi_margin_loss(lib.ones(3, 2), lib.tensor([0, 1]))),
        lambda lib, F: F.multi_margin_loss(lib.ones(2, 3), lib.tensor([0, 3])),
        lambda lib, F: F.multi_margin_loss(lib.ones(2, 3), lib.tensor([0, 1]),
                                           weight=lib.ones(2)),
        lambda lib, F: F.multi_margin_loss(lib.ones(2, 3), lib.tensor([0, 1]),
                                           weight=lib.ones(2, 3)),
        Changed("2.13", _target_size(1, "[3]"),
                lambda lib, F: F.multi_margin_loss(lib.ones(3), lib.tensor([0, 1]))),
        lambda lib, F: F.multi_margin_loss(lib.ones(2, 3, 1), lib.tensor([0, 1])),
        lambda lib, F: F.multi_margin_loss(lib.ones(2, 0), lib.tensor([0, 1])),
        lambda lib, F: F.multi_margin_loss(lib.ones(2, 3), lib.tensor([0.0, 1.0])),
        lambda lib, F: F.multilabel_margin_loss(lib.ones(2, 3), lib.tensor([0, 1])),
        lambda lib, F: F.multilabel_margin_loss(lib.ones(3), lib.tensor([[0, 1, 2]])),
        lambda lib, F: F.multilabel_margin_loss(lib.ones(2, 3), lib.tensor([[0, 1, 3]] * 2)),
        lambda lib, F: F.multilabel_margin_loss(lib.ones(2, 3), lib.tensor([[0, -2, 1]] * 2)),
        lambda lib, F: F.triplet_margin_loss(lib.ones(3), lib.ones(3), lib.ones(3), margin=0),
        lambda lib, F: F.triplet_margin_loss(lib.ones(3), lib.ones(3), lib.ones(1, 3)),
        lambda lib, F: lib.nn.TripletMarginLoss(margin=-1),
        lambda lib, F: lib.nn.TripletMarginWithDistanceLoss(margin=0),
        lambda lib, F: F.triplet_margin_with_distance_loss(lib.ones(3), lib.ones(3),
                                                           lib.ones(3), reduction="max"),
        lambda lib, F: lib.nn.MultiMarginLoss(p=3),
        lambda lib, F: F.poisson_nll_loss(lib.ones(3), lib.ones(3), reduction="max"),
    ])
