"""nn.functional forms called directly against torch (their layers are tested elsewhere):
value, dtype and the gradient of every floating input, in float64."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad
from nn_helpers import assert_close, data
from torch_compat import requires_name

LABELS = np.array([0, 2, 1, 2])
SIGNS = np.array([1.0, -1.0, -1.0, 1.0])


def _mha(T, q, w_in, w_out):
    out, weights = T.nn.functional.multi_head_attention_forward(
        q, q, q, 4, 2, w_in, None, None, None, False, 0.0, w_out, None, need_weights=True)
    return out.sum() + weights.sum()


CASES = {
    "adaptive_avg_pool1d": (lambda T, x: T.nn.functional.adaptive_avg_pool1d(x, 3),
                            [(2, 3, 7)]),
    "adaptive_avg_pool2d": (lambda T, x: T.nn.functional.adaptive_avg_pool2d(x, (2, 3)),
                            [(2, 3, 5, 7)]),
    "avg_pool1d": (lambda T, x: T.nn.functional.avg_pool1d(x, 3, 2, 1), [(2, 3, 8)]),
    "max_pool1d": (lambda T, x: T.nn.functional.max_pool1d(x, 2), [(2, 3, 8)]),
    "conv1d": (lambda T, x, w, b: T.nn.functional.conv1d(x, w, b, 2, 1),
               [(2, 3, 9), (4, 3, 3), (4,)]),
    "binary_cross_entropy_with_logits": (
        lambda T, x, t: T.nn.functional.binary_cross_entropy_with_logits(x, t.sigmoid()),
        [(4, 3), (4, 3)]),
    "embedding": (lambda T, w: T.nn.functional.embedding(T.tensor(LABELS), w), [(3, 5)]),
    "group_norm": (lambda T, x, w, b: T.nn.functional.group_norm(x, 2, w, b),
                   [(2, 4, 3), (4,), (4,)]),
    "hinge_embedding_loss": (lambda T, x: T.nn.functional.hinge_embedding_loss(
        x, T.tensor(SIGNS), margin=3.5), [(4,)]),
    "huber_loss": (lambda T, x, t: T.nn.functional.huber_loss(x, t * 3, delta=0.5),
                   [(4, 3), (4, 3)]),
    "kl_div": (lambda T, x, t: T.nn.functional.kl_div(x.log_softmax(1), t.softmax(1),
                                                      reduction="batchmean"),
               [(4, 3), (4, 3)]),
    "l1_loss": (lambda T, x, t: T.nn.functional.l1_loss(x, t), [(4, 3), (4, 3)]),
    "smooth_l1_loss": (lambda T, x, t: T.nn.functional.smooth_l1_loss(x, t * 3, beta=0.5),
                       [(4, 3), (4, 3)]),
    "nll_loss": (lambda T, x: T.nn.functional.nll_loss(x.log_softmax(1), T.tensor(LABELS)),
                 [(4, 3)]),
    "soft_margin_loss": (lambda T, x: T.nn.functional.soft_margin_loss(x, T.tensor(SIGNS)),
                         [(4,)]),
    "linear_cross_entropy": (lambda T, x, w, b: T.nn.functional.linear_cross_entropy(
        x, w, T.tensor(LABELS), linear_bias=b, label_smoothing=0.2), [(4, 5), (3, 5), (3,)]),
    # the same against torch's linear and cross_entropy, which every admitted torch has
    "linear_cross_entropy_composite": (lambda T, x, w, b: (
        T.nn.functional.linear_cross_entropy(x, w, T.tensor(LABELS), linear_bias=b,
                                             label_smoothing=0.2) if T is minigrad
        else T.nn.functional.cross_entropy(T.nn.functional.linear(x, w, b), T.tensor(LABELS),
                                           label_smoothing=0.2)), [(4, 5), (3, 5), (3,)]),
    "multi_head_attention_forward": (_mha, [(3, 2, 4), (12, 4), (4, 4)]),
    "native_channel_shuffle": (lambda T, x: T.nn.functional.native_channel_shuffle(x, 2),
                               [(2, 4, 3)]),
}


@pytest.mark.parametrize("name", [pytest.param(name, marks=requires_name(name))
                                  for name in CASES])
def test_functional_form_matches_torch(name):
    fn, shapes = CASES[name]
    arrays = [data(s, seed=i) for i, s in enumerate(shapes)]
    grad = name != "native_channel_shuffle"      # torch 2.14 has no derivative for it
    mg_in = [minigrad.tensor(a, requires_grad=grad) for a in arrays]
    th_in = [torch.tensor(a, requires_grad=grad) for a in arrays]
    out_mg, out_th = fn(minigrad, *mg_in), fn(torch, *th_in)
    assert_close(out_mg, out_th)
    if not grad:
        return
    g = data(tuple(out_th.shape), seed=9)
    out_mg.backward(minigrad.tensor(g)), out_th.backward(torch.tensor(g))
    for a, t in zip(mg_in, th_in, strict=True):
        assert_close(a.grad, t.grad)
