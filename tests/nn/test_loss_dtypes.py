"""Losses of two tensors of different dtypes against torch: result dtypes, values, refusals.

torch's fused kernels promote (``mse_loss`` of an int input and a float target is a float
loss, not an int one); ``huber_loss`` writes into a tensor like the input; the logits BCE
answers in the target's dtype; ``soft_margin_loss`` refuses integer inputs.  Each loss runs
on every pair of dtypes in both libraries: the same dtype and values, or the same error.
"""
from __future__ import annotations

import pytest
import torch

import minigrad
from torch_compat import as_mirrored_torch

DTYPES = ["float16", "float32", "float64", "int64", "bool"]
LOSSES = ["mse_loss", "smooth_l1_loss", "huber_loss", "l1_loss",
          "binary_cross_entropy_with_logits", "soft_margin_loss"]


def _answer(lib, loss, a, b, reduction):
    x = lib.tensor([1, 0, 1]).to(getattr(lib, a))
    y = lib.tensor([0, 1, 1]).to(getattr(lib, b))
    try:
        out = getattr(lib.nn.functional, loss)(x, y, reduction=reduction)
    except Exception as error:                    # noqa: BLE001 - the error is the answer
        return type(error).__name__, str(error)
    return str(out.dtype).split(".")[-1], [round(v, 3) for v in out.reshape(-1).tolist()]


@pytest.mark.parametrize("loss", LOSSES)
def test_every_pair_of_dtypes_like_torch(loss):
    with as_mirrored_torch():
        for a in DTYPES:
            for b in DTYPES:
                for reduction in ("mean", "none"):
                    want = _answer(torch, loss, a, b, reduction)
                    assert _answer(minigrad, loss, a, b, reduction) == want, (a, b, reduction)


@pytest.mark.parametrize("loss", ["mse_loss", "binary_cross_entropy_with_logits",
                                  "smooth_l1_loss"])
def test_gradients_come_back_in_each_input_dtype(loss):
    grads = []
    with as_mirrored_torch():                   # torch 2.11's mse backward fails here
        for lib in (torch, minigrad):
            x = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
            y = lib.tensor([1.0, 0.0, 1.0], dtype=lib.float16, requires_grad=True)
            out = getattr(lib.nn.functional, loss)(x, y)
            out.backward()
            grads.append((str(out.dtype).split(".")[-1], out.grad_fn.name(),
                          str(x.grad.dtype).split(".")[-1], str(y.grad.dtype).split(".")[-1],
                          [round(v, 3) for v in x.grad.tolist()]))
        assert grads[1] == grads[0]


@pytest.mark.parametrize("a", ["int64", "int16", "float64"])
@pytest.mark.parametrize("margin", [0, 0.5, 1])
def test_margin_ranking_loss_of_integers_is_a_float(a, margin):
    answers = []
    for lib in (torch, minigrad):
        x = lib.tensor([1, 0, 3]).to(getattr(lib, a))
        target = lib.tensor([1, -1, 1]).to(getattr(lib, a))
        out = lib.nn.functional.margin_ranking_loss(x, x * 2, target, margin=margin)
        answers.append((str(out.dtype).split(".")[-1], round(out.item(), 4)))
    assert answers[1] == answers[0]


def test_kl_div_is_t_log_t_minus_t_x_like_torch():
    """A zero target contributes 0, a negative one NaN (log of a negative number); integer
    tensors are refused."""
    answers = []
    for lib in (torch, minigrad):
        x = lib.tensor([[-1.0, -2, -0.5], [-1, -1, -1]], requires_grad=True)
        t = lib.tensor([[0.2, 0.0, 0.8], [-0.1, 0.5, 0.6]], requires_grad=True)
        out = lib.nn.functional.kl_div(x, t, reduction="none")
        out.sum().backward()
        try:
            lib.nn.functional.kl_div(x.detach(), lib.tensor([[1, 0, 3], [0, 1, 1]]),
                                     reduction="sum")
            refusal = None
        except RuntimeError as error:
            refusal = str(error)
        answers.append([str(v) for v in out.detach().reshape(-1).tolist()]
                       + [str(v) for v in x.grad.reshape(-1).tolist()]
                       + [str(round(v, 4)) for v in t.grad.reshape(-1).tolist()]
                       + [out.grad_fn.name(), refusal])
    assert answers[1] == answers[0]
