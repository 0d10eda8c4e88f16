"""DataLoader and default_collate against torch.utils.data on deterministic datasets."""
import collections

import numpy as np
import pytest
import torch
import torch.utils.data as tdata

import minigrad
from minigrad.utils import data as mdata

Point = collections.namedtuple("Point", "x y")


def plain(obj):
    """A comparable picture of a (minigrad or torch) batch: containers, dtypes, values."""
    if isinstance(obj, (minigrad.Tensor, torch.Tensor)):
        return ("tensor", str(obj.dtype).split(".")[-1], tuple(obj.shape),
                np.asarray(obj.numpy()).tolist())
    if isinstance(obj, Point):
        return ("Point",) + tuple(plain(v) for v in obj)
    if isinstance(obj, dict):
        return (type(obj).__name__, [(k, plain(v)) for k, v in obj.items()])
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [plain(v) for v in obj])
    return (type(obj).__name__, obj)


def loaders(n=11, **kwargs):
    x = np.arange(n * 2, dtype=np.float32).reshape(n, 2)
    y = np.arange(n, dtype=np.int64) * 3
    ours = mdata.TensorDataset(minigrad.tensor(x), minigrad.tensor(y))
    theirs = tdata.TensorDataset(torch.tensor(x), torch.tensor(y))
    return mdata.DataLoader(ours, **kwargs), tdata.DataLoader(theirs, **kwargs)


@pytest.mark.parametrize("batch_size", [1, 3, 4, 11, 20])
@pytest.mark.parametrize("drop_last", [False, True])
def test_sequential_batches_match_torch(batch_size, drop_last):
    ours, theirs = loaders(batch_size=batch_size, drop_last=drop_last)
    assert len(ours) == len(theirs)
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]
    assert len(iter(ours)) == len(theirs)


def test_batch_size_none_matches_torch():
    ours, theirs = loaders(batch_size=None)
    assert len(ours) == len(theirs) == 11
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]


class Mixed:
    """Samples holding every kind of value default_collate knows."""

    def __init__(self, torch_mode):
        self.t = torch if torch_mode else minigrad

    def __len__(self):
        return 5

    def __getitem__(self, i):
        return {"tensor": self.t.tensor([i, i + 1.0]), "array": np.full((2, 2), i, np.int32),
                "float": i / 2, "int": i, "bool": i % 2 == 0, "str": f"s{i}",
                "np32": np.float32(i), "np64": np.float64(i) / 3, "npint": np.int16(i),
                "tuple": (i, self.t.tensor(i)), "list": [i, [i * 2.0]],
                "point": Point(i, np.arange(3) + i),
                "ordered": collections.OrderedDict(b=i, a=float(i))}


@pytest.mark.parametrize("batch_size", [2, 5])
def test_default_collate_structure_matches_torch(batch_size):
    ours = list(mdata.DataLoader(Mixed(False), batch_size=batch_size))
    theirs = list(tdata.DataLoader(Mixed(True), batch_size=batch_size))
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]


def test_default_collate_errors_match_torch():
    from torch.utils.data import default_collate as torch_collate
    for batch in ([object(), object()], [np.array(["a"]), np.array(["b"])]):
        with pytest.raises(TypeError) as theirs:
            torch_collate(batch)
        with pytest.raises(TypeError) as ours:
            mdata.default_collate(batch)
        assert str(ours.value) == str(theirs.value).replace("torch", "minigrad")
    with pytest.raises(RuntimeError, match="each element in list of batch should be of "
                                           "equal size"):
        mdata.default_collate([[1, 2], [3]])


class Numbers:
    """Samples whose python numbers change kind along the dataset (int, then float...)."""

    def __init__(self, values):
        self.values = values

    def __len__(self):
        return len(self.values)

    def __getitem__(self, i):
        return {"value": self.values[i], "pair": (self.values[i], i)}


@pytest.mark.parametrize("values", [[1, 2.5, 3], [2.5, 1, 3], [True, 2, 0], [True, False],
                                    [1, True, 2.5]])
def test_mixed_python_numbers_collate_like_torch(values):
    """[1, 2.5] is float32 [1.0, 2.5] as in torch (the first sample once made it int64)."""
    ours = list(mdata.DataLoader(Numbers(values), batch_size=len(values)))
    theirs = list(tdata.DataLoader(Numbers(values), batch_size=len(values)))
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]


def test_shuffle_is_a_reproducible_permutation_per_generator():
    def epochs(seed, count=3):
        ours, _ = loaders(n=23, batch_size=5, shuffle=True,
                          generator=minigrad.Generator().manual_seed(seed))
        return [np.concatenate([b[1].numpy() for b in ours]) // 3 for _ in range(count)]

    first, again, other = epochs(0), epochs(0), epochs(1)
    for order in first:
        assert sorted(order.tolist()) == list(range(23))
    assert all((a == b).all() for a, b in zip(first, again, strict=False))
    assert not (first[0] == first[1]).all()          # a new order each epoch
    assert not (first[0] == other[0]).all()


def test_shuffle_without_generator_follows_manual_seed():
    ours, _ = loaders(n=30, batch_size=7, shuffle=True)
    minigrad.manual_seed(5)
    a = [b[1].numpy().tolist() for b in ours]
    minigrad.manual_seed(5)
    assert [b[1].numpy().tolist() for b in ours] == a
    assert sorted(sum(a, [])) == list(range(0, 90, 3))


def test_custom_sampler_batch_sampler_and_collate_fn():
    order = [4, 0, 7, 7, 2]
    ours, theirs = loaders(batch_size=2, sampler=order)
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]
    batches = [[1, 2], [10], [0, 5, 3]]
    ours, theirs = loaders(batch_sampler=batches)
    assert len(ours) == 3
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]
    ours, _ = loaders(batch_size=4, collate_fn=lambda samples: len(samples))
    assert list(ours) == [4, 4, 3]


@pytest.mark.parametrize("kwargs", [
    dict(sampler=[0, 1], shuffle=True),
    dict(batch_sampler=[[0]], batch_size=2),
    dict(batch_sampler=[[0]], drop_last=True),
    dict(batch_size=None, drop_last=True),
    dict(num_workers=-1),
    dict(persistent_workers=True),
    dict(prefetch_factor=2),
])
def test_option_errors_match_torch(kwargs):
    with pytest.raises(ValueError) as theirs:
        loaders(**kwargs)[1]
    with pytest.raises(ValueError) as ours:
        mdata.DataLoader(mdata.TensorDataset(minigrad.zeros(3)), **kwargs)
    assert str(ours.value) == str(theirs.value)


def test_num_workers_run_in_process_with_same_batches():
    ours, theirs = loaders(batch_size=4, num_workers=2)
    assert mdata.DataLoader(ours.dataset, pin_memory=True, timeout=5).num_workers == 0
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]


def test_fast_path_equals_slow_path_and_skips_getitem(monkeypatch):
    def slow_collate(samples):
        return mdata.default_collate(samples)

    x = minigrad.randn(37, 3, 4)
    y = minigrad.randint(0, 10, (37,))
    ds = mdata.TensorDataset(x, y)
    fast = mdata.DataLoader(ds, batch_size=8, shuffle=True,
                            generator=minigrad.Generator().manual_seed(2))
    slow = mdata.DataLoader(ds, batch_size=8, shuffle=True, collate_fn=slow_collate,
                            generator=minigrad.Generator().manual_seed(2))
    expected = [plain(b) for b in slow]
    monkeypatch.setattr(mdata.TensorDataset, "__getitem__",
                        lambda self, i: pytest.fail("the fast path indexed a single sample"))
    assert [plain(b) for b in fast] == expected
    train, _ = mdata.random_split(ds, [30, 7], generator=minigrad.Generator().manual_seed(0))
    assert [plain(b) for b in mdata.DataLoader(train, batch_size=8)] == \
        [plain(mdata.default_collate([(x[i], y[i]) for i in train.indices[k:k + 8]]))
         for k in range(0, 30, 8)]


def test_tensor_dataset_subclass_uses_its_own_getitem():
    class Doubled(mdata.TensorDataset):
        def __getitem__(self, i):
            return (self.tensors[0][i] * 2,)

    loader = mdata.DataLoader(Doubled(minigrad.arange(6)), batch_size=4)
    assert [b[0].tolist() for b in loader] == [[0, 2, 4, 6], [8, 10]]


class Stream(tdata.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        return self.n


class MiniStream(mdata.IterableDataset):
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return iter(range(self.n))

    def __len__(self):
        return self.n


@pytest.mark.parametrize("kwargs", [dict(batch_size=3), dict(batch_size=3, drop_last=True),
                                    dict(batch_size=None)])
def test_iterable_dataset_matches_torch(kwargs):
    ours = mdata.DataLoader(MiniStream(8), **kwargs)
    theirs = tdata.DataLoader(Stream(8), **kwargs)
    assert len(ours) == len(theirs)
    assert [plain(b) for b in ours] == [plain(b) for b in theirs]
    with pytest.raises(ValueError, match="expected unspecified shuffle option"):
        mdata.DataLoader(MiniStream(3), shuffle=True)
