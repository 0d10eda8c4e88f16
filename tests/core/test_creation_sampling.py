"""The remaining creation and random sampling functions against torch.

Deterministic ones (range, logspace, asarray, frombuffer, the queries) must give
torch's values; random ones give torch's shapes, dtypes and errors, and their
samples follow the right distribution (the values come from minigrad's generator).
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import minigrad

from .support import assert_raises_like, assert_same, both


@pytest.mark.parametrize("args, kwargs", [((0, 1, 0.25), {}), ((1, 4), {}),
                                          ((2.5, -1, -0.5), {}), ((0, 1, 0.3),
                                                                  dict(dtype="float64"))])
def test_range_includes_the_end_like_torch(args, kwargs):
    def run(T):
        extra = {k: getattr(T, v) for k, v in kwargs.items()}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = T.range(*args, **extra)
        return [out, [str(w.message) for w in caught]]
    both(run)


@pytest.mark.parametrize("args", [(0, 2, 5), (-1, 1, 4, 2.0), (1, 3, 1), (0, 0, 0)])
def test_logspace_matches_torch(args):
    for dtype in (None, "float64"):
        kw = {} if dtype is None else {"dtype": getattr(minigrad, dtype)}
        tkw = {} if dtype is None else {"dtype": getattr(torch, dtype)}
        assert_same(minigrad.logspace(*args, **kw), torch.logspace(*args, **tkw),
                    rtol=1e-6, atol=0)


def test_asarray_shares_or_copies_like_torch():
    array = np.arange(4.0)
    for T in (torch, minigrad):
        shared = T.asarray(array)
        shared[0] = 9.0
        assert array[0] == 9.0                          # memory shared with NumPy
        array[0] = 0.0
        copied = T.asarray(array, copy=True)
        copied[1] = 7.0
        assert array[1] == 1.0
        t = T.tensor([1.0, 2.0])
        assert T.asarray(t) is t
        assert T.asarray(t, dtype=T.float64).dtype == T.float64
    both(lambda T: [T.asarray([[1, 2], [3, 4]]), T.asarray([1.5, 2.0], dtype=T.float64),
                    T.asarray(3.0), T.asarray(np.float32(2.5))])
    assert_raises_like(lambda: minigrad.asarray(np.arange(3), dtype=minigrad.float32,
                                                copy=False),
                       lambda: torch.asarray(np.arange(3), dtype=torch.float32, copy=False))
    assert_raises_like(lambda: minigrad.range(5), lambda: torch.range(5), exact=False)


def test_frombuffer_views_the_bytes_like_torch():
    data = bytearray(np.arange(6, dtype=np.int32).tobytes())
    for T in (torch, minigrad):
        view = T.frombuffer(data, dtype=T.int32, count=3, offset=4)
        assert view.tolist() == [1, 2, 3]
        view[0] = 42
        assert np.frombuffer(data, np.int32)[1] == 42      # shares the buffer
        np.frombuffer(data, np.int32)[1] = 1


def test_queries_and_flush_denormal():
    both(lambda T: [T.is_complex(T.ones(2)), T.is_nonzero(T.tensor([3])),
                    T.is_nonzero(T.tensor(0.0))])
    for bad in ([1, 2], []):
        assert_raises_like(lambda bad=bad: minigrad.is_nonzero(minigrad.tensor(bad)),
                           lambda bad=bad: torch.is_nonzero(torch.tensor(bad)))
    assert_raises_like(lambda: minigrad.is_complex(3), lambda: torch.is_complex(3))
    assert minigrad.set_flush_denormal(False) is True
    assert minigrad.set_flush_denormal(True) is False      # NumPy cannot flush denormals


# -- random sampling ---------------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda T: T.bernoulli(T.tensor([[0.2, 0.7], [1.0, 0.0]], dtype=T.float64)),
    lambda T: T.bernoulli(T.zeros(3), 0.5),
    lambda T: T.multinomial(T.tensor([0.2, 0.3, 0.5]), 2),
    lambda T: T.multinomial(T.tensor([[1.0, 0.0, 3.0], [1.0, 1.0, 1.0]]), 5, replacement=True),
    lambda T: T.normal(T.zeros(2, 3, dtype=T.float64), 1.0),
    lambda T: T.normal(0.5, T.ones(4)),
    lambda T: T.normal(T.zeros(3), T.ones(2, 1)),
    lambda T: T.normal(2.0, 3.0, size=(2, 5)),
    lambda T: T.normal(2.0, 3.0, size=(2,), dtype=T.float64),
    lambda T: T.poisson(T.tensor([[1.0, 4.0]])),
    lambda T: T.randint_like(T.zeros(2, 3), 5),
    lambda T: T.randint_like(T.zeros(4, dtype=T.int32), 3, 9),
])
def test_random_sampling_shapes_and_dtypes_match_torch(make):
    t, m = make(torch), make(minigrad)
    assert tuple(m.shape) == tuple(t.shape) and str(m.dtype)[9:] == str(t.dtype)[6:]
    assert not m.requires_grad


def test_random_samples_follow_their_distributions():
    minigrad.manual_seed(0)
    p = np.array([0.1, 0.6, 0.3])
    draws = minigrad.multinomial(minigrad.tensor(p), 20000, replacement=True).numpy()
    np.testing.assert_allclose(np.bincount(draws, minlength=3) / 20000, p, atol=0.015)
    firsts = [int(minigrad.multinomial(minigrad.tensor(p), 3)[0]) for _ in range(3000)]
    np.testing.assert_allclose(np.bincount(firsts, minlength=3) / 3000, p, atol=0.03)
    rows = minigrad.multinomial(minigrad.tensor(p).expand(500, 3).contiguous(), 3).numpy()
    assert all(sorted(r) == [0, 1, 2] for r in rows)           # no repeats
    coins = minigrad.bernoulli(minigrad.full((20000,), 0.3)).numpy()
    assert abs(coins.mean() - 0.3) < 0.015 and set(np.unique(coins)) == {0.0, 1.0}
    gauss = minigrad.normal(minigrad.full((20000,), 2.0), 3.0).numpy()
    assert abs(gauss.mean() - 2.0) < 0.1 and abs(gauss.std() - 3.0) < 0.1
    counts = minigrad.poisson(minigrad.full((20000,), 4.0)).numpy()
    assert abs(counts.mean() - 4.0) < 0.1 and abs(counts.var() - 4.0) < 0.2
    ints = minigrad.randint_like(minigrad.zeros(20000), 2, 6).numpy()
    assert set(np.unique(ints)) == {2.0, 3.0, 4.0, 5.0}
    minigrad.manual_seed(5)
    first = minigrad.normal(0.0, 1.0, size=(3,)).tolist()
    minigrad.manual_seed(5)
    assert minigrad.normal(0.0, 1.0, size=(3,)).tolist() == first


@pytest.mark.parametrize("make", [
    lambda T: T.multinomial(T.tensor([0.2, 0.8]), 3),
    lambda T: T.multinomial(T.tensor([-0.2, 0.8]), 1),
    lambda T: T.multinomial(T.tensor([0.0, 0.0]), 1),
    lambda T: T.bernoulli(T.tensor([1.5])),
    lambda T: T.poisson(T.tensor([-1.0])),
    lambda T: T.normal(T.tensor([0.0]), T.tensor([-1.0])),
])
def test_random_sampling_errors_match_torch(make):
    assert_raises_like(lambda: make(minigrad), lambda: make(torch))


@pytest.mark.parametrize("options", [dict(precision=2), dict(threshold=5), dict(edgeitems=1,
                                                                                threshold=4),
                                     dict(profile="short"), dict(profile="full"),
                                     dict(sci_mode=True), dict(sci_mode=False, precision=6),
                                     dict(linewidth=30)])
def test_set_printoptions_changes_reprs_like_torch(options):
    values = [lambda T: T.tensor([1.12345, -20.5, 3e-3]), lambda T: T.arange(10),
              lambda T: T.arange(2000.0).reshape(40, 50) / 7, lambda T: T.tensor([1e-6, 1.0])]
    try:
        for T in (torch, minigrad):
            T.set_printoptions(**options)
        for make in values:
            assert repr(make(minigrad)) == repr(make(torch)).replace("torch.", "minigrad.")
    finally:
        for T in (torch, minigrad):
            T.set_printoptions(profile="default", sci_mode=None)
    assert repr(minigrad.tensor([1.12345])) == "tensor([1.1235])"


def test_from_dlpack_shares_memory_with_torch_and_numpy():
    source = torch.arange(4.0)
    view = minigrad.from_dlpack(source)
    assert view.dtype == minigrad.float32 and view.tolist() == [0.0, 1.0, 2.0, 3.0]
    source[1] = 9.0
    assert view.tolist()[1] == 9.0
    array = np.ones(3)
    assert minigrad.from_dlpack(array).numpy() is not None
    back = torch.from_dlpack(np.asarray(minigrad.from_dlpack(array).numpy()))
    assert back.tolist() == [1.0, 1.0, 1.0]
