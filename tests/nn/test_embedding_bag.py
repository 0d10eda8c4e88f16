"""EmbeddingBag and Embedding's max_norm / scale_grad_by_freq against torch: values, weight
and per-sample-weight gradients, padding, empty bags, include_last_offset, reprs, errors."""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad import nn
from minigrad.nn import functional as F
from nn_helpers import assert_close, copy_weights
from torch_compat import torch_at_least


@st.composite
def bags(draw):
    rows = draw(st.integers(2, 8))
    two_d = draw(st.booleans())
    if two_d:
        shape = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
        n = shape[0] * shape[1]
    else:
        n = draw(st.integers(0, 10))
        shape = (n,)
    indices = draw(st.lists(st.integers(0, rows - 1), min_size=n, max_size=n))
    cuts = sorted(draw(st.lists(st.integers(0, n), max_size=4)))
    return rows, two_d, np.array(indices, np.int64).reshape(shape), np.array([0] + cuts)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@given(case=bags(), mode=st.sampled_from(["sum", "mean", "max"]), pad=st.booleans(),
       weighted=st.booleans(), last=st.booleans(), freq=st.booleans())
def test_embedding_bag_matches_torch(dtype, case, mode, pad, weighted, last, freq):
    rows, two_d, indices, offsets = case
    if last:    # offsets then end at len(input); torch 2.14 crashes with padding_idx here
        offsets, pad = np.append(offsets, indices.size), False
    weighted = weighted and mode == "sum"
    freq = freq and mode != "max"
    kwargs = dict(mode=mode, padding_idx=1 if pad else None, include_last_offset=last,
                  scale_grad_by_freq=freq)
    th = torch.nn.EmbeddingBag(rows, 3, **kwargs).to(torch.float64 if dtype == np.float64
                                                      else torch.float32)
    mg = nn.EmbeddingBag(rows, 3, **kwargs)
    if dtype == np.float64:
        mg.double()
    copy_weights(th, mg)
    assert repr(mg) == repr(th)
    psw = np.random.default_rng(0).uniform(0.5, 2, indices.shape).astype(dtype)
    args_th = [torch.tensor(indices)] + ([] if two_d else [torch.tensor(offsets)])
    args_mg = [minigrad.tensor(indices)] + ([] if two_d else [minigrad.tensor(offsets)])
    w_th, w_mg = torch.tensor(psw, requires_grad=True), minigrad.tensor(psw, requires_grad=True)
    out_th = th(*args_th, **({"per_sample_weights": w_th} if weighted else {}))
    out_mg = mg(*args_mg, **({"per_sample_weights": w_mg} if weighted else {}))
    assert_close(out_mg, out_th, dtype)
    assert out_mg.grad_fn.name() == out_th.grad_fn.name()
    g = np.random.default_rng(1).standard_normal(tuple(out_th.shape)).astype(dtype)
    out_th.backward(torch.tensor(g)), out_mg.backward(minigrad.tensor(g))
    if not freq or torch_at_least("2.14"):
        # before 2.14 torch divided some rows' gradients by another row's count
        # (test_embedding_bag_frequency_scaling_of_torch_2_14 writes 2.14's numbers out)
        assert_close(mg.weight.grad, th.weight.grad, dtype)
    if weighted:
        assert_close(w_mg.grad, w_th.grad, dtype)


def test_embedding_bag_frequency_scaling_of_torch_2_14():
    # each row's gradient is divided by how often the row occurs in the whole input
    weight = minigrad.tensor([[1.0, 2, 3], [4, 5, 6]], dtype=minigrad.float64,
                             requires_grad=True)
    out = F.embedding_bag(minigrad.tensor([[0, 0], [0, 1]]), weight, mode="sum",
                          scale_grad_by_freq=True)
    out.backward(minigrad.tensor([[1.0, 1, 1], [2, 2, 2]], dtype=minigrad.float64))
    np.testing.assert_allclose(weight.grad.numpy(), [[4 / 3] * 3, [2.0] * 3], rtol=1e-15)


@pytest.mark.parametrize("max_norm,norm_type", [(1.0, 2.0), (0.5, 1.0)])
@pytest.mark.parametrize("freq", [False, True])
def test_embedding_max_norm_and_frequency_scaling(max_norm, norm_type, freq):
    th = torch.nn.Embedding(6, 4, max_norm=max_norm, norm_type=norm_type,
                            scale_grad_by_freq=freq).double()
    mg = nn.Embedding(6, 4, max_norm=max_norm, norm_type=norm_type,
                      scale_grad_by_freq=freq).double()
    copy_weights(th, mg)
    assert repr(mg) == repr(th)
    indices = np.array([[0, 2, 2], [5, 2, 0]])
    out_th, out_mg = th(torch.tensor(indices)), mg(minigrad.tensor(indices))
    assert_close(out_mg, out_th)
    assert_close(mg.weight, th.weight)              # the looked-up rows were renormed
    out_th.square().sum().backward(), out_mg.square().sum().backward()
    assert_close(mg.weight.grad, th.weight.grad)


def test_from_pretrained_and_errors():
    bag = nn.EmbeddingBag.from_pretrained(minigrad.tensor([[1.0, 2.3, 3], [4, 5.1, 6.3]]))
    np.testing.assert_allclose(bag(minigrad.tensor([[1, 0]])).numpy(), [[2.5, 3.7, 4.65]],
                               rtol=1e-6)
    assert not bag.weight.requires_grad
    w = np.random.default_rng(0).standard_normal((10, 3))
    cases = [
        lambda lib, i, o: lib.nn.functional.embedding_bag(i, w_of(lib), lib.tensor([1, 4])),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i, w_of(lib), lib.tensor([0, 9])),
        lambda lib, i, o: lib.nn.functional.embedding_bag(lib.tensor([1, 12]), w_of(lib),
                                                          lib.tensor([0])),
        lambda lib, i, o: lib.nn.functional.embedding_bag(lib.tensor([1, 12]),
                                                          w_of(lib).float(), lib.tensor([0])),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i.float(), w_of(lib), o),
        lambda lib, i, o: lib.nn.functional.embedding_bag(
            i, w_of(lib), o, per_sample_weights=lib.ones(8), mode="mean"),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i, w_of(lib), o, mode="min"),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i, w_of(lib)),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i, w_of(lib), o.reshape(1, 2)),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i.reshape(1, 2, 4), w_of(lib)),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i, w_of(lib)[0], o),
        lambda lib, i, o: lib.nn.functional.embedding_bag(i, w_of(lib), o, mode="max",
                                                          scale_grad_by_freq=True),
        lambda lib, i, o: lib.nn.EmbeddingBag(3, 2, padding_idx=5),
    ]

    def w_of(lib):
        return lib.tensor(w)
    for case in cases:
        args = (np.array([1, 2, 4, 5, 4, 3, 2, 9]), np.array([0, 4]))
        with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
            case(torch, *(torch.tensor(a) for a in args))
        message = str(want.value).replace("torch.", "minigrad.")
        with pytest.raises(want.type, match="^" + re.escape(message) + "$"):
            case(minigrad, *(minigrad.tensor(a) for a in args))
