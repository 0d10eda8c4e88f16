"""Calls on dtypes other than float32 against torch: result dtypes, values and refusals.

Each case runs on both libraries; the answers must agree: the same values and dtype, or
the same error type and message.  Found by calling the public functions on every dtype
(int64 ... uint8, bool, float16, float64) and comparing with torch.
"""
from __future__ import annotations

import warnings

import pytest
import torch

import minigrad

from .support import without_cpp_origin


def _bools(lib, *shape):
    return lib.ones(*shape, dtype=lib.bool)


CASES = {
    # sums and products keep the dtype they are asked for, wrapping like C
    "sum dtype int32": lambda lib: lib.tensor([[1, 2]], dtype=lib.int16).sum(dtype=lib.int32),
    "sum dim dtype int32": lambda lib: lib.tensor([[1, 2], [3, 4]]).sum(0, dtype=lib.int32),
    "sum dtype int8 wraps": lambda lib: lib.tensor([100, 100], dtype=lib.int8).sum(dtype=lib.int8),
    "sum dtype bool": lambda lib: lib.tensor([True, True]).sum(dtype=lib.bool),
    "prod dtype uint8 wraps": lambda lib: lib.tensor([16, 17], dtype=lib.uint8).prod(
        dtype=lib.uint8),
    "nansum dtype int32": lambda lib: lib.tensor([1, 2]).nansum(dtype=lib.int32),
    "sum of int16": lambda lib: lib.tensor([1, 2], dtype=lib.int16).sum(),
    # any/all of uint8 answer in uint8
    "any uint8": lambda lib: lib.tensor([[0, 2], [0, 0]], dtype=lib.uint8).any(),
    "all uint8 dim": lambda lib: lib.all(lib.tensor([[0, 2], [1, 1]], dtype=lib.uint8), 1),
    "any int8": lambda lib: lib.tensor([0, 2], dtype=lib.int8).any(),
    # the 0-"norm" counts the elements that are not zero
    "norm 0": lambda lib: lib.tensor([[1.0, 0, 3], [0, 0, 2]]).norm(0),
    "norm 0 dim keepdim": lambda lib: lib.tensor([[1.0, 0, 3], [0, 0, 2]]).norm(0, 1, True),
    "norm 0 float64": lambda lib: lib.norm(lib.tensor([1.0, 0, -3], dtype=lib.float64), 0),
    "normalize p 0": lambda lib: lib.nn.functional.normalize(lib.tensor([[1.0, 0, 3]]), p=0),
    "pairwise_distance p 0": lambda lib: lib.nn.functional.pairwise_distance(
        lib.tensor([[1.0, 0, 3]]), lib.tensor([[1.0, 2, 3]]), 0),
    "pdist p 0": lambda lib: lib.nn.functional.pdist(lib.tensor([[1.0, 0, 3], [0, 0, 2]]), 0),
    # defaults and refusals
    "histogram default bins": lambda lib: lib.histogram(lib.tensor([1.0, 2, 3, 4])).hist,
    "nanmean of int64 to float64": lambda lib: lib.tensor([1, 2]).nanmean(dtype=lib.float64),
    "argmax bool": lambda lib: lib.tensor([True, False]).argmax(),
    "argmin bool dim": lambda lib: lib.argmin(lib.tensor([[True, False]]), 1),
    "one_hot int32": lambda lib: lib.nn.functional.one_hot(lib.tensor([1, 2], dtype=lib.int32)),
    "one_hot bool": lambda lib: lib.nn.functional.one_hot(lib.tensor([True])),
    "one_hot int64": lambda lib: lib.nn.functional.one_hot(lib.tensor([1, 2])),
    # no matrix product of bools; torch names the kernel the product ends in
    "mm bool": lambda lib: _bools(lib, 2, 2).mm(_bools(lib, 2, 2)),
    "dot bool": lambda lib: _bools(lib, 2) @ _bools(lib, 2),
    "mv bool": lambda lib: _bools(lib, 2, 2) @ _bools(lib, 2),
    "vector @ matrix bool": lambda lib: _bools(lib, 2) @ _bools(lib, 2, 2),
    "batch @ vector bool": lambda lib: _bools(lib, 2, 2, 2) @ _bools(lib, 2),
    "batch @ matrix bool": lambda lib: _bools(lib, 2, 2, 2) @ _bools(lib, 2, 2),
    "matrix @ batch bool": lambda lib: _bools(lib, 2, 2) @ _bools(lib, 2, 2, 2),
    "bmm bool": lambda lib: _bools(lib, 2, 2, 2).bmm(_bools(lib, 2, 2, 2)),
    "inner bool": lambda lib: lib.inner(_bools(lib, 2), _bools(lib, 2)),
    "linear bool": lambda lib: lib.nn.functional.linear(_bools(lib, 2, 2), _bools(lib, 2, 2)),
    "linear bool vector weight": lambda lib: lib.nn.functional.linear(_bools(lib, 2, 2),
                                                                     _bools(lib, 2)),
    "conv2d bool": lambda lib: lib.nn.functional.conv2d(_bools(lib, 1, 1, 3, 3),
                                                        _bools(lib, 1, 1, 2, 2)),
    "mm bool of bad shapes": lambda lib: _bools(lib, 2, 3) @ _bools(lib, 2, 2),
    "mm int64": lambda lib: lib.ones(2, 2, dtype=lib.int64).mm(lib.ones(2, 2, dtype=lib.int64)),
    # integer powers with negative tensor exponents: 1, +-1 for a base of -1, else 0
    "int ** negative int tensor": lambda lib: lib.tensor([-2, -1, 0, 1, 2, 3, -1]) ** lib.tensor(
        [-1, -1, -2, -3, -1, 2, -4]),
    "int8 ** negative int8": lambda lib: lib.tensor([-2, -1, 1, 2], dtype=lib.int8) ** lib.tensor(
        [-1, -2, -3, -1], dtype=lib.int8),
    "int pow_ negative": lambda lib: lib.tensor([2, -1]).pow_(lib.tensor([-1, -3])),
    "number ** negative int tensor": lambda lib: 2 ** lib.tensor([-1, 0, 3]),
    "pow number, negative int tensor": lambda lib: lib.pow(-3, lib.tensor([-1, -2, 2])),
    "int ** negative number": lambda lib: lib.tensor([2]) ** -1,
    # a float number divided by an int tensor divides floats (inf where the tensor is 0)
    "float number // int tensor": lambda lib: 2.5 // lib.tensor([0, 2, -3]),
    "int number // int tensor": lambda lib: 2 // lib.tensor([0, 2, -3]),
    # uint8 as a condition or an index is a (deprecated) mask
    "where uint8": lambda lib: lib.where(lib.tensor([1, 0, 2], dtype=lib.uint8),
                                         lib.tensor([1.0, 2, 3]), 0.0),
    "index with uint8": lambda lib: lib.arange(6.0).reshape(2, 3)[
        lib.tensor([[1, 0, 1], [0, 2, 0]], dtype=lib.uint8)],
    "index with 0-d uint8": lambda lib: lib.tensor([1.0, 2, 3])[lib.tensor(0, dtype=lib.uint8)],
    "index with int16": lambda lib: lib.tensor([1.0, 2, 3])[lib.tensor([0, 1], dtype=lib.int16)],
    "index with 0-d int16": lambda lib: lib.tensor([1.0, 2, 3])[lib.tensor(1, dtype=lib.int16)],
    "fill by uint8 mask": lambda lib: lib.tensor([1.0, 2, 3]).__setitem__(
        lib.tensor([1, 0, 1], dtype=lib.uint8), 5.0),
    # bools add and power in bool; integers cast back in place as torch allows
    "add bools alpha": lambda lib: lib.add(lib.tensor([True, False]), lib.tensor([True, True]),
                                           alpha=2),
    "add_ bools alpha": lambda lib: lib.tensor([True, False]).add_(lib.tensor([False, True]),
                                                                   alpha=3),
    "bool ** True": lambda lib: lib.tensor([True, False]) ** True,
    "bool ** False": lambda lib: lib.tensor([True, False]) ** False,
    "bool ** bool tensor": lambda lib: lib.tensor([True, False]) ** lib.tensor(True),
    "True ** bool tensor": lambda lib: True ** lib.tensor([True, False]),
    "cumsum_ uint8": lambda lib: lib.tensor([[1, 0], [200, 100]], dtype=lib.uint8).cumsum_(0),
    "uint8 add_ int64": lambda lib: lib.tensor([1, 2], dtype=lib.uint8).add_(lib.tensor([255, 1])),
    "copy_ number": lambda lib: lib.zeros(2, dtype=lib.int8).copy_(300),
    "copy_ float number": lambda lib: lib.zeros(2).copy_(2.5),
    "threshold uint8 to -1": lambda lib: lib.nn.functional.threshold(
        lib.tensor([1, 0, 2], dtype=lib.uint8), 0.5, -1),
    "dist int, float": lambda lib: lib.dist(lib.tensor([1, 2]), lib.tensor([1.5, 4.0])),
    # the same bytes read as another dtype
    "view float as int32": lambda lib: lib.tensor([[1.0, 2.0]]).view(lib.int32),
    "view float as int16": lambda lib: lib.tensor([[1.0, -2.0]]).view(lib.int16),
    "view int16 as int32": lambda lib: lib.arange(8, dtype=lib.int16).reshape(2, 4).view(
        lib.int32),
    "view odd size": lambda lib: lib.tensor([[1.0, 2.0, 3.0]]).view(lib.float64),
    "view offset": lambda lib: lib.arange(12, dtype=lib.int16).reshape(3, 4)[:, 1:3].view(
        lib.int32),
    "view stride": lambda lib: lib.arange(12, dtype=lib.int16).reshape(4, 3)[:, :2].view(
        lib.int32),
    "view transposed": lambda lib: lib.tensor([[1.0, 2.0]]).t().view(lib.int16),
    "view 0-d": lambda lib: lib.tensor(1.0).view(lib.int16),
    "view bool as uint8": lambda lib: lib.tensor([True, False]).view(lib.uint8),
    # no clamp kernel for bools, except one-sided by a tensor (maximum, minimum)
    "clamp bool min": lambda lib: lib.tensor([True, False]).clamp(True),
    "clamp bool max": lambda lib: lib.tensor([True, False]).clamp(max=True),
    "clamp bool both": lambda lib: lib.tensor([True, False]).clamp(True, True),
    "clamp_ bool": lambda lib: lib.tensor([True, False]).clamp_(True),
    "clamp bool by tensors": lambda lib: lib.tensor([True, False]).clamp(
        lib.tensor([True, True]), lib.tensor([True, True])),
    "clamp bool by one tensor": lambda lib: lib.tensor([True, False]).clamp(
        max=lib.tensor([True, False])),
    "clamp bool to a float": lambda lib: lib.tensor([True, False]).clamp(0.5),
    # clamp_/clip_ name the tensor's C++ type when a number would change it
    "clamp_ bool to an int": lambda lib: lib.tensor([True, False]).clamp_(0),
    "clip_ bool to an int": lambda lib: lib.tensor([True, False]).clip_(max=2),
    "clamp_min_ bool to an int": lambda lib: lib.tensor([True, False]).clamp_min_(0),
    "clip_ int to a float": lambda lib: lib.tensor([1, 2]).clip_(2.5),
    "clip_ int16 to ints": lambda lib: lib.tensor([1, 5], dtype=lib.int16).clip_(0, 3),
    # logit's clamp: eps below eps, else 1 - eps above it (not clamp's rule when eps > 0.5)
    "logit eps above a half": lambda lib: lib.logit(lib.tensor([0.2, 0.9, 0.5]), eps=0.75),
}


def _answer(lib, case):
    try:
        with warnings.catch_warnings():           # deprecation warnings: tested below
            warnings.simplefilter("ignore")
            out = case(lib)
    except Exception as error:                    # noqa: BLE001 - the error is the answer
        return type(error).__name__, str(error).replace("minigrad", "torch")
    return str(out.dtype).replace("minigrad", "torch"), out.tolist()


@pytest.mark.parametrize("name", CASES)
def test_matches_torch(name):
    want = _answer(torch, CASES[name])
    assert _answer(minigrad, CASES[name]) == want


def test_zero_norm_has_a_node_but_gives_no_gradient():
    """torch's 0-norm output requires grad, yet backward leaves the input's .grad None."""
    grads = []
    for lib in (torch, minigrad):
        x = lib.tensor([[1.0, 0, 3], [0, 0, 2]], requires_grad=True)
        n = x.norm(0)
        assert n.requires_grad and n.grad_fn.name() == "LinalgVectorNormBackward0"
        (n * 2 + x.sum()).backward()
        grads.append(x.grad.tolist())
        y = lib.tensor([1.0, 2.0], requires_grad=True)
        y.norm(0).backward()
        assert y.grad is None
    assert grads[0] == grads[1]


def test_byte_masks_warn_like_torch():
    """Indexing by a uint8 tensor warns every time; where's uint8 condition warns once."""
    said = []
    for lib in (torch, minigrad):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            mask = lib.tensor([1, 0, 1], dtype=lib.uint8)
            values = lib.tensor([1.0, 2.0, 3.0])
            values[mask], values[mask]
        said.append([without_cpp_origin(str(w.message)) for w in caught])
    assert said[1] == said[0] and len(said[0]) == 2


def test_view_as_dtype_shares_memory_and_has_no_gradient():
    for lib in (torch, minigrad):
        x = lib.ones(2, requires_grad=True)
        assert not x.view(lib.int32).requires_grad
        y = lib.zeros(2)
        y.view(lib.int32)[0] = 1065353216            # the bits of 1.0
        assert y.tolist() == [1.0, 0.0]
        assert lib.arange(6).reshape(2, 3)[1:, 1:].storage_offset() == 4
