"""repr/str/format of tensors, dtypes and sizes: torch's text with 'torch.' -> 'minigrad.'."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

VALUES = [
    0.0, 1.5, -2.0, 3, True, [], [[]], [1.0, 2.0, 3.0], [1, -20, 300], [True, False],
    [0.1, 2.0, -3.25], [1e-5, 1.0], [1e10, 1.0], [1e9, 2e9], [123456.7, 0.5],
    [float("nan"), 1.0, float("inf"), -float("inf")], [[1.0, -2.5], [3.0, 4.0]],
    [[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [0.0001, 0.5], [1e-8], [[0.5] * 40],
    list(range(40)), [-0.0, 0.0], [1.23456789, 100.0], [5e-5, 5e-3],
]


def twin(T, value, dtype=None):
    return T.tensor(value, dtype=getattr(T, dtype) if dtype else None)


def same_text(mg_text, th_text):
    assert mg_text == th_text.replace("torch.", "minigrad."), (
        f"\nminigrad:\n{mg_text}\ntorch:\n{th_text}")


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
@pytest.mark.parametrize("dtype", [None, "float64", "int32"])
def test_repr_matches_torch(value, dtype):
    if dtype == "int32" and not np.all(np.abs(np.asarray(value, dtype=float)) < 2 ** 31):
        pytest.skip("no int32 value")
    with np.errstate(invalid="ignore"):
        th = twin(torch, value, dtype)
        mg = twin(minigrad, value, dtype)
    same_text(repr(mg), repr(th))
    same_text(str(mg), str(th))


@pytest.mark.parametrize("make", [
    lambda T: T.arange(2000, dtype=T.float32).reshape(40, 50) / 7,
    lambda T: T.arange(1500).reshape(3, 500),
    lambda T: T.arange(3000, dtype=T.float64),
    lambda T: T.linspace(-1, 1, 12).reshape(2, 3, 2),
    lambda T: T.zeros(2, 0),
    lambda T: T.zeros(0, dtype=T.int64),
    lambda T: T.ones(3, requires_grad=True),
    lambda T: T.ones(3, requires_grad=True) * 2,
    lambda T: (T.ones(2, 2, requires_grad=True) @ T.ones(2, 2)).sum(),
    lambda T: T.ones(3, requires_grad=True).mean(),
    lambda T: T.ones(3, dtype=T.float64, requires_grad=True).exp(),
    lambda T: T.eye(3)[1:],
    lambda T: T.ones(3) > 0,
], ids=range(13))
def test_repr_of_computed_tensors(make):
    same_text(repr(make(minigrad)), repr(make(torch)))


def test_repr_of_dtypes_sizes_devices_and_max():
    for T in (minigrad, torch):
        assert repr(T.float32) == f"{T.__name__}.float32"
    same_text(repr(minigrad.ones(2, 3).shape), repr(torch.ones(2, 3).shape))
    same_text(repr(minigrad.ones(2, 3).size()), repr(torch.ones(2, 3).size()))
    same_text(repr(minigrad.device("cpu")), repr(torch.device("cpu")))
    same_text(str(minigrad.ones(1).device), str(torch.ones(1).device))
    x = [[1.0, 5.0], [4.0, 2.0]]
    same_text(repr(minigrad.tensor(x).max(1)), repr(torch.tensor(x).max(1)))
    same_text(repr(minigrad.tensor(x).min(dim=0)), repr(torch.tensor(x).min(dim=0)))


def test_format_and_index_of_zero_dim_tensors():
    for T in (minigrad, torch):
        loss = T.tensor(0.123456)
        assert f"{loss:.3f}" == "0.123"
        assert f"{loss.item():>8.2f}" == "    0.12"
        i = T.tensor(2)
        assert [10, 20, 30][i] == 30
        assert list(range(5))[T.tensor(1):T.tensor(3)] == [1, 2]
        assert float(loss) == pytest.approx(0.123456) and int(T.tensor(3.7)) == 3
    same_text(f"{minigrad.tensor([1.0, 2.0])}", f"{torch.tensor([1.0, 2.0])}")
    for T in (minigrad, torch):
        with pytest.raises(TypeError):
            [1, 2][T.tensor(1.0)]
