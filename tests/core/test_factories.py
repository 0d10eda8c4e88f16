"""Factories, conversions and tensor attributes against torch."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

from .support import assert_raises_like, assert_same, both

DETERMINISTIC = [
    lambda T: T.tensor(3.5),
    lambda T: T.tensor([1, 2, 3]),
    lambda T: T.tensor([[1.5, 2], [3, 4]]),
    lambda T: T.tensor([True, False]),
    lambda T: T.tensor([1, 2], dtype=T.float64),
    lambda T: T.tensor([0.1, 0.2], dtype=T.float64),
    lambda T: T.tensor(np.array([1.5, 2.5])),
    lambda T: T.tensor(np.arange(3, dtype=np.int32)),
    lambda T: T.tensor([T.tensor(1.0), T.tensor(2.0)]),
    lambda T: T.tensor([]),
    lambda T: T.zeros(2, 3),
    lambda T: T.zeros((2, 3), dtype=T.int64),
    lambda T: T.zeros([]),
    lambda T: T.ones(4),
    lambda T: T.ones(2, 1, dtype=T.bool),
    lambda T: T.ones(T.Size([2, 2])),
    lambda T: T.zeros_like(T.ones(2, dtype=T.float64)),
    lambda T: T.ones_like(T.tensor([1, 2])),
    lambda T: T.ones_like(T.tensor([1, 2]), dtype=T.float32),
    lambda T: T.full((2, 2), 7),
    lambda T: T.full((2,), 1.5),
    lambda T: T.full((2,), True),
    lambda T: T.full((2,), 3, dtype=T.float64),
    lambda T: T.full_like(T.ones(3), 4),
    lambda T: T.arange(5),
    lambda T: T.arange(1, 4),
    lambda T: T.arange(0, 1, 0.25),
    lambda T: T.arange(5.0),
    lambda T: T.arange(10, 0, -3),
    lambda T: T.arange(3, dtype=T.float32),
    lambda T: T.linspace(0, 1, 5),
    lambda T: T.linspace(-2, 2, steps=4, dtype=T.float64),
    lambda T: T.linspace(3, 3, 1),
    lambda T: T.eye(3),
    lambda T: T.eye(2, 4),
    lambda T: T.eye(3, dtype=T.int64),
    lambda T: T.cat([T.ones(2, 2), T.zeros(1, 2)]),
    lambda T: T.cat([T.ones(2, 2), T.zeros(2, 1)], dim=1),
    lambda T: T.cat([T.ones(2), T.tensor([])]),
    lambda T: T.stack([T.ones(2), T.zeros(2)], dim=1),
    lambda T: T.where(T.tensor([True, False, True]), T.ones(3), T.zeros(3)),
    lambda T: T.where(T.tensor([True, False]), 1.0, 0.0),
    lambda T: T.where(T.tensor([[0, 1], [1, 1]]) > 0),
    lambda T: T.ones(3, requires_grad=True),
    lambda T: T.zeros(2, dtype=T.float64, requires_grad=True),
    lambda T: T.empty(2, 3).shape,
    lambda T: T.empty(0, 3).shape,
    lambda T: T.empty_like(T.ones(2, dtype=T.int64)).dtype,
    lambda T: T.as_tensor([1.0, 2.0]),
    lambda T: T.zeros_like(T.ones(2, 2), memory_format=T.preserve_format),
    lambda T: T.ones(2).clone(memory_format=T.contiguous_format),
    lambda T: T.Tensor(),
    lambda T: T.Tensor([1, 2]),
    lambda T: T.Tensor(2, 3).shape,
]


@pytest.mark.parametrize("make", DETERMINISTIC, ids=range(len(DETERMINISTIC)))
def test_factory_matches_torch(make):
    both(make)


@pytest.mark.parametrize("make, dtype, shape", [
    (lambda T: T.rand(2, 3), "float32", (2, 3)),
    (lambda T: T.rand((4,), dtype=T.float64), "float64", (4,)),
    (lambda T: T.randn(3, 2), "float32", (3, 2)),
    (lambda T: T.randn(5, dtype=T.float64), "float64", (5,)),
    (lambda T: T.randint(0, 10, (3, 4)), "int64", (3, 4)),
    (lambda T: T.randint(5, (2,)), "int64", (2,)),
    (lambda T: T.rand_like(T.ones(2, 2)), "float32", (2, 2)),
    (lambda T: T.randn_like(T.ones(3, dtype=T.float64)), "float64", (3,)),
    (lambda T: T.randperm(6), "int64", (6,)),
    (lambda T: T.rand(()), "float32", ()),
], ids=range(10))
def test_random_factories_dtype_and_shape(make, dtype, shape):
    for T in (minigrad, torch):
        t = make(T)
        assert str(t.dtype).split(".")[-1] == dtype and tuple(t.shape) == shape


def test_random_values_ranges_and_seed():
    minigrad.manual_seed(0)
    a = minigrad.rand(1000)
    b = minigrad.randn(1000)
    c = minigrad.randint(-3, 4, (1000,))
    minigrad.manual_seed(0)
    assert minigrad.rand(1000).equal(a)
    assert minigrad.randn(1000).equal(b)
    assert minigrad.randint(-3, 4, (1000,)).equal(c)
    assert 0 <= a.min().item() and a.max().item() < 1
    assert abs(b.mean().item()) < 0.15 and abs(b.std().item() - 1) < 0.15
    assert c.min().item() == -3 and c.max().item() == 3
    assert sorted(minigrad.randperm(7).tolist()) == list(range(7))
    g = minigrad.Generator().manual_seed(5)
    h = minigrad.Generator().manual_seed(5)
    assert minigrad.rand(4, generator=g).equal(minigrad.rand(4, generator=h))


def test_factory_errors():
    assert_raises_like(lambda: minigrad.zeros(-1), lambda: torch.zeros(-1))
    assert_raises_like(lambda: minigrad.zeros(2, 1.5), lambda: torch.zeros(2, 1.5),
                       exact=False)
    assert_raises_like(lambda: minigrad.ones(2, requires_grad=True, dtype=minigrad.int64),
                       lambda: torch.ones(2, requires_grad=True, dtype=torch.int64))
    assert_raises_like(lambda: minigrad.stack([minigrad.ones(2), minigrad.ones(3)]),
                       lambda: torch.stack([torch.ones(2), torch.ones(3)]))
    assert_raises_like(lambda: minigrad.cat([minigrad.ones(2, 2), minigrad.ones(2, 3)]),
                       lambda: torch.cat([torch.ones(2, 2), torch.ones(2, 3)]))
    assert_raises_like(lambda: minigrad.ones(2).item(), lambda: torch.ones(2).item())


def test_attributes_and_conversions():
    def run(T):
        x = T.arange(6.0).reshape(2, 3)
        return [x.shape, x.size(), x.size(1), x.size(-1), x.dim(), x.ndim, x.numel(),
                x.dtype, x.T, x.mT, x.data, x.tolist(), T.tensor(2.5).item(),
                T.tensor(3).item(), T.tensor(True).item(), x.is_floating_point(),
                x.is_contiguous(), x.t().is_contiguous(), x.element_size(), x.stride(),
                x.t().contiguous().stride(), x.long(), x.double(), x.bool(), x.int(),
                x.to(T.float64), x.to("cpu"), x.to(T.tensor([1])), x.type_as(T.tensor([1])),
                x.cpu(), x.requires_grad, len(x), list(x)[1], x.shape.numel(),
                T.is_tensor(x), T.numel(x), x.new_tensor([1, 2]), x.new_zeros(2),
                x.new_ones((1, 2)), x.new_full((2,), 3), x.long().new_zeros(2)]
    both(run)


def test_device_and_accelerator_queries():
    assert minigrad.device("cpu") == minigrad.ones(1).device
    assert str(minigrad.device("cpu")) == "cpu" and minigrad.device("cpu").type == "cpu"
    assert minigrad.cuda.is_available() is False
    assert minigrad.cuda.device_count() == 0
    assert minigrad.backends.mps.is_available() is False
    assert minigrad.accelerator.is_available() is False
    device = "cuda" if minigrad.cuda.is_available() else "cpu"
    assert minigrad.ones(2, device=device).to(device).device.type == "cpu"
    with pytest.raises(RuntimeError):
        minigrad.device("cuda")


def test_tensor_copies_and_as_tensor_shares():
    arr = np.ones(3, np.float32)
    copied = minigrad.tensor(arr)
    shared = minigrad.as_tensor(arr)
    arr[0] = 5.0
    assert copied[0].item() == 1.0 and shared[0].item() == 5.0
    x = minigrad.ones(2)
    assert minigrad.as_tensor(x) is x


def test_tensor_of_float64_values_is_exact_in_float64():
    for value in (0.1, 1 / 3, 1e-300):
        got = minigrad.tensor([value], dtype=minigrad.float64)
        assert_same(got, torch.tensor([value], dtype=torch.float64), 0, 0)


def test_rng_state_round_trip_without_pickle():
    state = minigrad.get_rng_state()
    assert state.dtype == minigrad.uint8
    a = minigrad.rand(5)
    minigrad.set_rng_state(state)
    assert minigrad.rand(5).equal(a)
    with pytest.raises(RuntimeError):
        minigrad.set_rng_state(minigrad.tensor(np.frombuffer(b"cos\nsystem\n", np.uint8)))
