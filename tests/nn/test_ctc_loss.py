"""CTCLoss against torch: random lengths, repeated labels (which force blanks), padded and
concatenated targets, every reduction, zero_infinity, unbatched input, gradients (torch's
convention: the gradient of log_probs is the logits' gradient through log_softmax)."""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad import nn
from nn_helpers import assert_close


@st.composite
def ctc_case(draw):
    t_max, n, c = draw(st.integers(1, 8)), draw(st.integers(1, 3)), draw(st.integers(2, 5))
    blank = draw(st.integers(0, c - 1))
    labels = [i for i in range(c) if i != blank]
    input_lengths = [draw(st.integers(1, t_max)) for _ in range(n)]
    target_lengths = [draw(st.integers(0, 4)) for _ in range(n)]
    targets = [[draw(st.sampled_from(labels)) for _ in range(k)] for k in target_lengths]
    seed = draw(st.integers(0, 1000))
    return t_max, n, c, blank, input_lengths, target_lengths, targets, seed


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@given(case=ctc_case(), reduction=st.sampled_from(["mean", "sum", "none"]),
       zero_infinity=st.booleans(), concatenated=st.booleans())
def test_ctc_loss_matches_torch(dtype, case, reduction, zero_infinity, concatenated):
    t_max, n, c, blank, input_lengths, target_lengths, targets, seed = case
    logits = np.random.default_rng(seed).standard_normal((t_max, n, c))
    log_probs = (logits - np.log(np.exp(logits).sum(-1, keepdims=True))).astype(dtype)
    if concatenated:
        flat = np.array([x for row in targets for x in row], np.int64)
    else:
        flat = np.zeros((n, max(target_lengths + [1])), np.int64) + (blank + 1) % c
        for i, row in enumerate(targets):
            flat[i, :len(row)] = row
    mg = nn.CTCLoss(blank, reduction, zero_infinity)
    th = torch.nn.CTCLoss(blank, reduction, zero_infinity)
    mx, tx = minigrad.tensor(log_probs, requires_grad=True), torch.tensor(log_probs,
                                                                           requires_grad=True)
    out_mg = mg(mx, minigrad.tensor(flat), minigrad.tensor(input_lengths),
                minigrad.tensor(target_lengths))
    out_th = th(tx, torch.tensor(flat), torch.tensor(input_lengths),
                torch.tensor(target_lengths))
    tol = {} if dtype == np.float64 else dict(rtol=1e-4, atol=1e-4)
    assert_close(out_mg, out_th, dtype, **tol)
    assert out_mg.grad_fn.name() == out_th.grad_fn.name()
    if not np.isfinite(out_th.detach().numpy()).all():
        return                                  # inf losses: torch's gradients are nan
    g = np.random.default_rng(1).uniform(0.5, 1.5, tuple(out_th.shape)).astype(dtype)
    out_mg.backward(minigrad.tensor(g)), out_th.backward(torch.tensor(g))
    assert_close(mx.grad, tx.grad, dtype, **tol)


def test_unbatched_and_lengths_as_tuples():
    lp = torch.randn(6, 4, dtype=torch.float64).log_softmax(-1)
    target = torch.tensor([1, 2, 2])
    want = torch.nn.functional.ctc_loss(lp, target, (6,), (3,), reduction="none")
    got = minigrad.nn.functional.ctc_loss(minigrad.tensor(lp.numpy()),
                                          minigrad.tensor(target.numpy()), (6,), (3,),
                                          reduction="none")
    assert_close(got, want)


def test_errors_match_torch():
    lp = np.log(np.full((6, 3, 4), 0.25))
    targets = np.array([[1, 2, 3], [1, 1, 0], [2, 0, 0]])
    cases = [
        lambda lib: lib.nn.functional.ctc_loss(lib.tensor(lp), lib.tensor(targets),
                                               lib.tensor([6, 6, 6]), lib.tensor([3, 2])),
        lambda lib: lib.nn.functional.ctc_loss(lib.tensor(lp), lib.tensor(targets),
                                               lib.tensor([7, 6, 6]), lib.tensor([3, 2, 1])),
        lambda lib: lib.nn.functional.ctc_loss(lib.tensor(lp), lib.tensor(targets),
                                               lib.tensor([6, 6, 6]), lib.tensor([4, 2, 1])),
        lambda lib: lib.nn.functional.ctc_loss(lib.tensor(lp), lib.tensor(targets),
                                               lib.tensor([6, 6, 6]), lib.tensor([3, 2, 1]),
                                               blank=5),
        lambda lib: lib.nn.functional.ctc_loss(lib.tensor(lp), lib.tensor(targets),
                                               lib.tensor([6, 6, 6]), lib.tensor([3, 2, 1]),
                                               reduction="max"),
    ]
    for case in cases:
        with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
            case(torch)
        with pytest.raises(want.type, match="^" + re.escape(str(want.value)) + "$"):
            case(minigrad)
