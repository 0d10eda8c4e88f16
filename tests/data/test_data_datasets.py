"""TensorDataset, Subset, ConcatDataset and random_split against torch.utils.data."""
import warnings

import numpy as np
import pytest
import torch
import torch.utils.data as tdata
from hypothesis import given, strategies as st

import minigrad
from minigrad.utils import data as mdata


def _pair(n=10):
    x = np.arange(n * 3, dtype=np.float32).reshape(n, 3)
    y = np.arange(n, dtype=np.int64) % 4
    return x, y


def _same(ours, theirs):
    assert type(ours) is type(theirs) or isinstance(ours, minigrad.Tensor)
    if isinstance(ours, minigrad.Tensor):
        assert str(theirs.dtype).split(".")[-1] == ours.dtype.name
        np.testing.assert_array_equal(ours.numpy(), theirs.numpy())
    elif isinstance(ours, (tuple, list)):
        assert len(ours) == len(theirs)
        for a, b in zip(ours, theirs, strict=False):
            _same(a, b)
    else:
        assert ours == theirs


@pytest.mark.parametrize("index", [0, 3, -1, slice(2, 5), slice(None, None, 3),
                                   [1, 4, 4], np.array([0, 9])])
def test_tensor_dataset_indexing_matches_torch(index):
    x, y = _pair()
    ours = mdata.TensorDataset(minigrad.tensor(x), minigrad.tensor(y))
    theirs = tdata.TensorDataset(torch.tensor(x), torch.tensor(y))
    t_index = torch.tensor(index) if isinstance(index, np.ndarray) else index
    assert len(ours) == len(theirs) == 10
    _same(ours[index], theirs[t_index])
    assert isinstance(ours[index], tuple)


def test_tensor_dataset_size_mismatch_message():
    with pytest.raises(AssertionError) as theirs:
        tdata.TensorDataset(torch.zeros(3, 2), torch.zeros(4))
    with pytest.raises(AssertionError) as ours:
        mdata.TensorDataset(minigrad.zeros(3, 2), minigrad.zeros(4))
    assert str(ours.value) == str(theirs.value) == "Size mismatch between tensors"


def test_subset_and_concat_match_torch():
    x, y = _pair()
    ours = mdata.TensorDataset(minigrad.tensor(x), minigrad.tensor(y))
    theirs = tdata.TensorDataset(torch.tensor(x), torch.tensor(y))
    indices = [7, 2, 2, 9]
    sub_o, sub_t = mdata.Subset(ours, indices), tdata.Subset(theirs, indices)
    assert len(sub_o) == len(sub_t)
    for i in range(len(indices)):
        _same(sub_o[i], sub_t[i])
    _same(sub_o[[0, 3]], sub_t[[0, 3]])
    cat_o, cat_t = sub_o + ours, tdata.ConcatDataset([sub_t, theirs])
    assert isinstance(cat_o, mdata.ConcatDataset)
    assert len(cat_o) == len(cat_t) == 14
    assert cat_o.cumulative_sizes == cat_t.cumulative_sizes
    for i in list(range(14)) + [-1, -14]:
        _same(cat_o[i], cat_t[i])
    with pytest.raises(ValueError, match="absolute value of index"):
        cat_o[-15]


def test_base_dataset_is_abstract():
    with pytest.raises(NotImplementedError):
        mdata.Dataset()[0]


@given(n=st.integers(0, 300),
       weights=st.lists(st.integers(1, 20), min_size=1, max_size=5))
def test_random_split_fraction_lengths_match_torch(n, weights):
    fractions = [w / sum(weights) for w in weights]
    if not (np.isclose(sum(fractions), 1) and sum(fractions) <= 1):
        fractions[-1] = 1 - sum(fractions[:-1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = tdata.random_split(range(n), fractions)
        ours = mdata.random_split(range(n), fractions)
    assert [len(s) for s in ours] == [len(s) for s in theirs]
    everything = sorted(i for s in ours for i in s.indices)
    assert everything == list(range(n))            # disjoint and covering


def test_random_split_int_lengths_disjoint_and_reproducible():
    x, y = _pair(50)
    ds = mdata.TensorDataset(minigrad.tensor(x), minigrad.tensor(y))
    a, b, c = mdata.random_split(ds, [20, 25, 5], generator=minigrad.Generator().manual_seed(3))
    assert [len(a), len(b), len(c)] == [20, 25, 5]
    assert set(a.indices).isdisjoint(b.indices) and set(b.indices).isdisjoint(c.indices)
    assert sorted(a.indices + b.indices + c.indices) == list(range(50))
    again = mdata.random_split(ds, [20, 25, 5], generator=minigrad.Generator().manual_seed(3))
    assert again[0].indices == a.indices and again[2].indices == c.indices
    other = mdata.random_split(ds, [20, 25, 5], generator=minigrad.Generator().manual_seed(4))
    assert other[0].indices != a.indices
    np.testing.assert_array_equal(a[0][0].numpy(), x[a.indices[0]])
    minigrad.manual_seed(11)
    first = mdata.random_split(ds, [0.5, 0.5])[0].indices
    minigrad.manual_seed(11)
    assert mdata.random_split(ds, [0.5, 0.5])[0].indices == first


def test_random_split_bad_lengths_message_matches_torch():
    with pytest.raises(ValueError) as theirs:
        tdata.random_split(range(10), [3, 3])
    with pytest.raises(ValueError) as ours:
        mdata.random_split(range(10), [3, 3])
    assert str(ours.value) == str(theirs.value)
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        mdata.random_split(range(2), [0.9, 0.1])
