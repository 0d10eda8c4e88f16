"""Samplers against torch.utils.data samplers."""
import numpy as np
import pytest
import torch.utils.data as tdata

import minigrad
from minigrad.utils import data as mdata


@pytest.mark.parametrize("n, batch_size, drop_last", [(10, 3, False), (10, 3, True),
                                                      (9, 3, True), (2, 5, False),
                                                      (2, 5, True), (0, 2, False)])
def test_sequential_and_batch_sampler_match_torch(n, batch_size, drop_last):
    ours = mdata.BatchSampler(mdata.SequentialSampler(range(n)), batch_size, drop_last)
    theirs = tdata.BatchSampler(tdata.SequentialSampler(range(n)), batch_size, drop_last)
    assert list(ours) == list(theirs)
    assert len(ours) == len(theirs)


@pytest.mark.parametrize("args", [(0, False), (-1, False), (2.0, False), (True, False),
                                  (2, 1)])
def test_batch_sampler_errors_match_torch(args):
    with pytest.raises(ValueError) as theirs:
        tdata.BatchSampler(range(3), *args)
    with pytest.raises(ValueError) as ours:
        mdata.BatchSampler(range(3), *args)
    assert str(ours.value) == str(theirs.value)


def test_random_sampler_permutation_and_replacement():
    gen = minigrad.Generator().manual_seed(0)
    order = list(mdata.RandomSampler(range(20), generator=gen))
    assert sorted(order) == list(range(20)) and order != list(range(20))
    longer = list(mdata.RandomSampler(range(5), num_samples=12, generator=gen))
    assert len(longer) == 12 and sorted(longer[:10]) == sorted(list(range(5)) * 2)
    drawn = list(mdata.RandomSampler(range(4), replacement=True, num_samples=50,
                                     generator=gen))
    assert len(drawn) == 50 and set(drawn) <= {0, 1, 2, 3} and len(set(drawn)) == 4
    assert len(mdata.RandomSampler(range(7))) == 7
    for kwargs, error in ((dict(num_samples=0), ValueError), (dict(replacement=1), TypeError)):
        with pytest.raises(error) as theirs:
            tdata.RandomSampler(range(3), **kwargs)
        with pytest.raises(error) as ours:
            mdata.RandomSampler(range(3), **kwargs)
        assert str(ours.value) == str(theirs.value)


def test_subset_and_weighted_random_samplers():
    indices = [10, 20, 30, 40]
    gen = minigrad.Generator().manual_seed(1)
    got = list(mdata.SubsetRandomSampler(indices, generator=gen))
    assert sorted(got) == indices and len(mdata.SubsetRandomSampler(indices)) == 4
    again = list(mdata.SubsetRandomSampler(indices, minigrad.Generator().manual_seed(1)))
    assert again == got
    weighted = list(mdata.WeightedRandomSampler([0.0, 1.0, 3.0], 200, generator=gen))
    assert 0 not in weighted and len(weighted) == 200
    counts = np.bincount(weighted, minlength=3)
    assert counts[2] > counts[1] > 0
    distinct = list(mdata.WeightedRandomSampler([1, 1, 1, 1], 4, replacement=False))
    assert sorted(distinct) == [0, 1, 2, 3]
