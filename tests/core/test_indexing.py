"""Indexing (basic and advanced) with gradients, against torch."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

from .support import assert_raises_like, both

KEYS = [
    lambda T: 1,
    lambda T: -1,
    lambda T: (1, 2),
    lambda T: (slice(None), 0),
    lambda T: (Ellipsis, 1),
    lambda T: (None, 0),
    lambda T: slice(None, None, 2),
    lambda T: (slice(1, None), slice(None, 2)),
    lambda T: [0, 0, 2, 0],
    lambda T: T.tensor([2, 2, 1]),
    lambda T: T.tensor(1),
    lambda T: (T.tensor([0, 2, 2]), T.tensor([1, 1, 3])),
    lambda T: (slice(None), [3, 3, 0]),
    lambda T: (T.tensor([[0, 1], [1, 1]]), slice(None)),
    lambda T: T.tensor([True, False, True]),
    lambda T: T.arange(12).reshape(3, 4) % 3 == 0,
    lambda T: (T.tensor([True, True, False]), 1),
    lambda T: range(2, 0, -1),
    lambda T: ([1, 1], [0, 0]),
]


@pytest.mark.parametrize("key", KEYS, ids=range(len(KEYS)))
def test_getitem_values_and_gradients(key):
    def run(T):
        x = T.arange(12, dtype=T.float64).reshape(3, 4).requires_grad_()
        y = x[key(T)]
        weights = T.arange(1, y.numel() + 1, dtype=T.float64).reshape(y.shape)
        (y * weights).sum().backward()
        return [y, x.grad]
    both(run)


def test_index_gradients_in_float32_with_repeats():
    def run(T):
        x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        idx = T.tensor([0, 0, 0, 2])
        (x[idx] ** 2).sum().backward()
        return [x.grad, x.grad.dtype]
    both(run)


def test_indexing_errors():
    for key in (5, (0, 9), [0, 7]):
        assert_raises_like(lambda k=key: minigrad.ones(3, 4)[k],
                           lambda k=key: torch.ones(3, 4)[k])
    assert_raises_like(lambda: minigrad.ones(3)[minigrad.tensor([0.5])],
                       lambda: torch.ones(3)[torch.tensor([0.5])])


def test_index_result_shares_memory_for_basic_keys():
    def run(T):
        x = T.zeros(3, 4)
        x[1][2] = 5.0
        x[:, 0][1] = 3.0
        return x
    both(run)


def test_unbind_split_chunk_narrow_gradients():
    def run(T):
        x = T.arange(12, dtype=T.float64).reshape(4, 3).requires_grad_()
        a, b, c, d = x.unbind(0)
        p, q = x.split(2)
        r = x.split([1, 2], dim=1)[1]
        s = x.chunk(2, dim=0)[1]
        n = x.narrow(1, 1, 2)
        total = (a * 1 + b * 2 + c * 3 + d * 4).sum() + (p * q).sum() + r.sum() * 5
        (total + (s ** 2).sum() + n.sum()).backward()
        return [x.grad, r, s, n]
    both(run)


def test_integer_tensor_indexing_of_zero_dim_and_bool_shape_error():
    assert_raises_like(lambda: minigrad.ones(3)[minigrad.tensor([True, False])],
                       lambda: torch.ones(3)[torch.tensor([True, False])], exact=False)
    x = np.arange(5.0)
    assert minigrad.tensor(x)[minigrad.tensor(3)].item() == 3.0
