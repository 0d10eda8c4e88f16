"""Fold and Unfold against torch: reprs, hypothesis-drawn geometries (values, gradients of
both, float64 finite differences), unbatched inputs, errors.  Also op-table rows
(tests/core/op_specs_nn.py) with second derivatives."""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch
from hypothesis import given, strategies as st

import minigrad
from minigrad import nn
from nn_helpers import check_module, data


@st.composite
def geometry(draw):
    kernel = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = (draw(st.integers(0, 2)), draw(st.integers(0, 1)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 2)))
    size = tuple(max(d * (k - 1) + 1 - 2 * p, 1) + draw(st.integers(0, 4)) for k, d, p in zip(
        kernel, dilation, padding, strict=True))
    compact = draw(st.booleans())                 # int arguments where the pair is equal
    as_arg = (lambda v: v[0] if compact and v[0] == v[1] else v)   # noqa: E731
    return dict(kernel_size=as_arg(kernel), dilation=as_arg(dilation),
                padding=as_arg(padding), stride=as_arg(stride)), size, kernel, \
        draw(st.sampled_from([(2, 3), (1,), (3, 1)]))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@given(case=geometry())
def test_unfold_and_fold_match_torch(dtype, case):
    kw, size, kernel, lead = case
    mg, th = nn.Unfold(**kw), torch.nn.Unfold(**kw)
    assert repr(mg) == repr(th)
    x = data(lead + size, dtype)
    check_module(mg, th, [x], dtype)
    cols = th(torch.tensor(x))
    mg_fold, th_fold = nn.Fold(size, **kw), torch.nn.Fold(size, **kw)
    assert repr(mg_fold) == repr(th_fold)
    check_module(mg_fold, th_fold, [data(tuple(cols.shape), dtype, seed=2)], dtype)
    if dtype == np.float64 and x.size <= 40:
        assert minigrad.autograd.gradcheck(mg, [minigrad.tensor(x, requires_grad=True)])
        assert minigrad.autograd.gradcheck(mg_fold, [minigrad.tensor(
            data(tuple(cols.shape), dtype, seed=2), requires_grad=True)])


def test_fold_adds_overlapping_blocks():
    ones = minigrad.ones(1, 4, 9)
    counts = nn.Fold((4, 4), 2)(ones)[0, 0].numpy()
    np.testing.assert_array_equal(counts, [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2],
                                           [1, 2, 2, 1]])
    assert nn.Fold((4, 4), 2)(minigrad.ones(4, 9, requires_grad=True)).grad_fn.name() == \
        "Col2ImBackward0"


def test_errors_match_torch():
    cases = [
        lambda lib: lib.nn.functional.unfold(lib.ones(5, 6), 2),
        lambda lib: lib.nn.functional.unfold(lib.ones(1, 3, 5, 6), 7),
        lambda lib: lib.nn.functional.unfold(lib.ones(1, 3, 5, 6), 0),
        lambda lib: lib.nn.functional.unfold(lib.ones(1, 3, 5, 6), 2, stride=0),
        lambda lib: lib.nn.functional.unfold(lib.ones(1, 3, 5, 6), 2, padding=-1),
        lambda lib: lib.nn.functional.unfold(lib.ones(1, 3, 5, 6), 2, dilation=0),
        lambda lib: lib.nn.functional.unfold(lib.ones(1, 3, 5, 6), (2, 2, 2)),
        lambda lib: lib.nn.functional.fold(lib.ones(2, 5, 9), (4, 4), 2),
        lambda lib: lib.nn.functional.fold(lib.ones(2, 4, 8), (4, 4), 2),
        lambda lib: lib.nn.functional.fold(lib.ones(4, 4, 4, 4), (4, 4), 2),
        lambda lib: lib.nn.functional.fold(lib.ones(2, 4, 9), (1, 1), 2),
    ]
    for case in cases:
        with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
            case(torch)
        with pytest.raises(want.type, match="^" + re.escape(str(want.value)) + "$"):
            case(minigrad)
