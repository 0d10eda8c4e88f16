"""AdaptiveLogSoftmaxWithLoss, SyncBatchNorm (one process: BatchNorm) and the deprecated
Container against torch."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
from nn_helpers import assert_close, check_module, copy_weights, data
from torch_compat import comparable_repr, requires_torch


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("head_bias", [False, True])
@pytest.mark.parametrize("batched", [True, False])
def test_adaptive_log_softmax_with_loss(dtype, head_bias, batched):
    tdtype = torch.float64 if dtype == np.float64 else torch.float32
    th = torch.nn.AdaptiveLogSoftmaxWithLoss(8, 12, [3, 7], div_value=2.0,
                                             head_bias=head_bias).to(tdtype)
    mg = nn.AdaptiveLogSoftmaxWithLoss(8, 12, [3, 7], div_value=2.0, head_bias=head_bias)
    if dtype == np.float64:
        mg.double()
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    copy_weights(th, mg)
    x = data((6, 8), dtype)
    target = np.array([0, 5, 11, 2, 7, 4])
    if not batched:
        x, target = x[1], target[1]
    mx, tx = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out_mg, out_th = mg(mx, minigrad.tensor(target)), th(tx, torch.tensor(target))
    assert_close(out_mg.output, out_th.output, dtype)
    assert_close(out_mg.loss, out_th.loss, dtype)
    assert out_mg.loss.grad_fn.name() == out_th.loss.grad_fn.name()
    (out_mg.loss + out_mg.output.sum()).backward(), (out_th.loss + out_th.output.sum()).backward()
    assert_close(mx.grad, tx.grad, dtype)
    grads = dict(th.named_parameters())
    for name, p in mg.named_parameters():
        if grads[name].grad is None:             # a cluster no target fell into
            assert p.grad is None, name
        else:
            assert_close(p.grad, grads[name].grad, dtype)
    batch = data((5, 8), dtype, seed=2)
    assert_close(mg.log_prob(minigrad.tensor(batch)), th.log_prob(torch.tensor(batch)), dtype)
    np.testing.assert_array_equal(mg.predict(minigrad.tensor(batch * 5)).numpy(),
                                  th.predict(torch.tensor(batch * 5)).numpy())


def test_adaptive_log_softmax_errors():
    with pytest.raises(ValueError, match="cutoffs should be a sequence of unique"):
        nn.AdaptiveLogSoftmaxWithLoss(8, 12, [7, 3])
    layer = nn.AdaptiveLogSoftmaxWithLoss(8, 12, [3])
    with pytest.raises(RuntimeError, match=r"Target values should be in \[0, 11\]"):
        layer(minigrad.randn(2, 8), minigrad.tensor([0, 12]))
    with pytest.raises(RuntimeError, match="Input and target should have the same size"):
        layer(minigrad.randn(2, 8), minigrad.tensor([0, 1, 2]))


def test_sync_batch_norm_is_batch_norm_in_one_process():
    mg, th = nn.SyncBatchNorm(3).double(), torch.nn.SyncBatchNorm(3).double()
    assert comparable_repr(repr(mg)) == repr(th)
    assert repr(mg) == ("SyncBatchNorm(3, eps=1e-05, momentum=0.1, affine=True, bias=True, "
                        "track_running_stats=True)")             # as torch 2.14 prints it
    copy_weights(th, mg)
    for _ in range(2):
        check_module(mg, th, [data((4, 3, 5))])
    assert_close(mg.running_var, th.running_var)
    model = nn.Sequential(nn.Conv2d(1, 3, 3), nn.BatchNorm2d(3))
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    assert type(converted[1]) is nn.SyncBatchNorm
    with pytest.raises(ValueError, match=r"expected at least 2D input \(got 1D input\)"):
        mg(minigrad.ones(3))


def test_container_is_deprecated():
    with pytest.warns(FutureWarning, match="`nn.Container` is deprecated"):
        box = nn.Container(a=nn.Linear(2, 2))
    with pytest.warns(FutureWarning):
        assert repr(box) == repr(torch.nn.Container(a=torch.nn.Linear(2, 2)))


@pytest.mark.parametrize("out_features,probabilities", [((), False), ((2, 3), False),
                                                        ((2,), True)])
@pytest.mark.parametrize("bias", [False, True])
@requires_torch("2.13", "torch 2.11 has no nn.LinearCrossEntropyLoss (torch 2.13 has)")
def test_linear_cross_entropy_loss(out_features, probabilities, bias):
    kw = dict(out_features=out_features, bias=bias, label_smoothing=0.1)
    th = torch.nn.LinearCrossEntropyLoss(5, 4, **kw).double()
    mg = nn.LinearCrossEntropyLoss(5, 4, **kw).double()
    assert repr(mg) == repr(th)
    assert list(mg.state_dict()) == list(th.state_dict())
    copy_weights(th, mg)
    x = data((3, 5))
    rng = np.random.default_rng(0)
    if probabilities:
        target = rng.dirichlet(np.ones(4), (3,) + out_features)
        target = np.moveaxis(target, -1, 1)
    else:
        target = rng.integers(0, 4, (3,) + out_features)
    mx, tx = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out_mg, out_th = mg(mx, minigrad.tensor(target)), th(tx, torch.tensor(target))
    assert_close(out_mg, out_th)
    out_mg.backward(), out_th.backward()
    assert_close(mx.grad, tx.grad)
    assert_close(mg.linear.weight.grad, th.linear.weight.grad)
    options = nn.LinearCrossEntropyOptions()
    assert repr(options) == repr(torch.nn.LinearCrossEntropyOptions())


@pytest.mark.parametrize("out_features", [(), (2, 3)])
def test_linear_cross_entropy_loss_is_linear_then_cross_entropy(out_features):
    """Checked with any torch: torch's linear and cross_entropy on the same weights, and
    torch 2.14's printout written out."""
    mg = nn.LinearCrossEntropyLoss(5, 4, out_features=out_features, bias=True,
                                   label_smoothing=0.1).double()
    if out_features:
        assert repr(mg) == (
            "LinearCrossEntropyLoss(\n  in_features=5, num_classes=4, out_features=(2, 3), "
            "bias=True, reduction=mean, ignore_index=None, label_smoothing=0.1, options=None\n"
            "  (linear): Linear(in_features=5, out_features=24, bias=True)\n)")
    assert list(mg.state_dict()) == ["linear.weight", "linear.bias"]
    weight, bias = mg.linear.weight.detach().numpy(), mg.linear.bias.detach().numpy()
    x = data((3, 5))
    target = np.random.default_rng(0).integers(0, 4, (3,) + out_features)
    mx, tx = minigrad.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    tw = torch.tensor(weight, requires_grad=True)
    logits = torch.nn.functional.linear(tx, tw, torch.tensor(bias)).reshape(
        (3, 4) + out_features)
    out_th = torch.nn.functional.cross_entropy(logits, torch.tensor(target),
                                               label_smoothing=0.1)
    out_mg = mg(mx, minigrad.tensor(target))
    assert_close(out_mg, out_th)
    out_mg.backward(), out_th.backward()
    assert_close(mx.grad, tx.grad)
    assert_close(mg.linear.weight.grad, tw.grad)
    assert repr(nn.LinearCrossEntropyOptions()) == (
        "LinearCrossEntropyOptions(allow_retain_graph=False, batch_chunk_size=None, "
        "chunking_method='auto', acc_policy='auto', acc_dtype=None)")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name,kwargs,shapes", [
    ("PairwiseDistance", {}, [(4, 5), (4, 5)]),
    ("PairwiseDistance", dict(p=1.0, eps=1e-3, keepdim=True), [(4, 5), (1, 5)]),
    ("PairwiseDistance", dict(p=3.0), [(5,), (5,)]),
    ("CosineSimilarity", {}, [(4, 5, 2), (4, 5, 2)]),
    ("CosineSimilarity", dict(dim=-1, eps=1e-6), [(3, 4), (1, 4)])])
def test_distance_layers(name, kwargs, shapes, dtype):
    mg, th = getattr(nn, name)(**kwargs), getattr(torch.nn, name)(**kwargs)
    assert repr(mg) == repr(th)
    check_module(mg, th, [data(s, dtype, seed=i) for i, s in enumerate(shapes)], dtype)
