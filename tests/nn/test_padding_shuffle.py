"""Padding, pixel-shuffle and channel-shuffle layers against torch: reprs, values, gradients,
unbatched inputs and errors.  ``F.pad``'s modes and the shuffles are also op-table rows
(tests/core/op_specs_nn.py): random shapes, negative amounts, finite differences."""
from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import minigrad
from minigrad import nn
from nn_helpers import build, check_module, data
from torch_compat import torch_at_least

DTYPES = [np.float64, np.float32]
PADS = [("ZeroPad1d", (2,)), ("ZeroPad1d", ((1, 0),)), ("ZeroPad2d", ((1, 2, 0, 3),)),
        ("ZeroPad3d", (1,)), ("ConstantPad1d", (2, 3.5)), ("ConstantPad2d", ((0, 1, 2, 1), -1)),
        ("ConstantPad3d", ((1, 0, 0, 1, 2, 0), 0.5)), ("ReflectionPad1d", ((2, 1),)),
        ("ReflectionPad2d", (1,)), ("ReflectionPad3d", ((1, 0, 2, 1, 0, 1),)),
        ("ReplicationPad1d", (3,)), ("ReplicationPad2d", ((0, 2, 3, 1),)),
        ("ReplicationPad3d", (2,)), ("CircularPad1d", (2,)), ("CircularPad2d", ((1, 0, 2, 1),)),
        ("CircularPad3d", (1,))]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,args", PADS)
@pytest.mark.parametrize("batched", [True, False])
def test_padding_layers_match_torch(name, args, batched, dtype):
    mg, th = build(name, *args, dtype=dtype)
    assert repr(mg) == repr(th)
    dims = int(name[-2])
    shape = (2, 3)[(0 if batched else 1):] + (4, 3, 5)[3 - dims:]
    check_module(mg, th, [data(shape, dtype)], dtype)
    x = minigrad.tensor(data(shape, dtype), requires_grad=True)
    assert mg(x).grad_fn.name() in (th(torch.tensor(data(shape, dtype), requires_grad=True))
                                    .grad_fn.name(), "CopySlices")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,arg,shape", [
    ("PixelShuffle", 2, (2, 8, 3, 2)), ("PixelShuffle", 3, (9, 2, 2)),
    ("PixelUnshuffle", 2, (2, 3, 4, 6)), ("PixelUnshuffle", 3, (1, 3, 3)),
    ("ChannelShuffle", 2, (2, 4, 3, 2)), ("ChannelShuffle", 3, (1, 6, 5))])
def test_shuffle_layers_match_torch(name, arg, shape, dtype):
    mg, th = build(name, arg, dtype=dtype)
    assert repr(mg) == repr(th)
    check_module(mg, th, [data(shape, dtype)], dtype)


def test_pixel_shuffle_inverts_pixel_unshuffle():
    x = minigrad.randn(2, 3, 6, 4)
    back = nn.PixelShuffle(2)(nn.PixelUnshuffle(2)(x))
    np.testing.assert_array_equal(back.numpy(), x.numpy())


def test_errors_match_torch():
    cases = [
        lambda lib: lib.nn.CircularPad2d(1)(lib.ones(3, 3)),
        lambda lib: lib.nn.ReflectionPad1d(3)(lib.ones(2, 3)),
        lambda lib: lib.nn.ReflectionPad2d((0, 0, 4, 1))(lib.ones(1, 2, 4, 5)),
        lambda lib: lib.nn.ReflectionPad1d((-3, -2))(lib.ones(1, 1, 5)),
        lambda lib: lib.nn.ReplicationPad1d((-3, -3))(lib.ones(1, 1, 5)),
        lambda lib: lib.nn.CircularPad1d(6)(lib.ones(1, 3, 5)),
        lambda lib: lib.nn.CircularPad1d((-3, -3))(lib.ones(1, 1, 5)),
        lambda lib: lib.nn.ReflectionPad2d(1)(lib.ones(3, 3)),
        lambda lib: lib.nn.ZeroPad1d(-6)(lib.ones(2, 5)),
        lambda lib: lib.nn.functional.pad(lib.ones(2, 3), (1, 1), "wrap"),
        lambda lib: lib.nn.functional.pad(lib.ones(2, 3), (1, 1), "reflect", value=2.0),
        lambda lib: lib.nn.functional.pad(lib.ones(2, 3), (1, 1, 1)),
        lambda lib: lib.nn.functional.pixel_shuffle(lib.ones(2, 8, 3, 3), 3),
        lambda lib: lib.nn.functional.pixel_shuffle(lib.ones(8, 3), 2),
        lambda lib: lib.nn.functional.pixel_shuffle(lib.ones(4, 3, 3), 0),
        lambda lib: lib.nn.functional.pixel_unshuffle(lib.ones(2, 8, 3, 4), 2),
        lambda lib: lib.nn.functional.pixel_unshuffle(lib.ones(2, 8, 4, 3), 2),
        lambda lib: lib.nn.functional.channel_shuffle(lib.ones(2, 8, 3), 3),
        lambda lib: lib.nn.functional.channel_shuffle(lib.ones(3), 2),
        lambda lib: lib.nn.functional.channel_shuffle(lib.ones(2, 8, 3), 0),
    ]
    for case in cases:
        with pytest.raises(Exception) as want:      # noqa: B017 - any type torch raises
            case(torch)
        with pytest.raises(want.type, match="^" + re.escape(str(want.value)) + "$"):
            case(minigrad)


# torch before 2.14 returns an empty tensor for these; 2.14 raises, and minigrad with it
EMPTY_AFTER_CROPPING = [
    (lambda lib: lib.nn.ReplicationPad2d((-3, -2, 0, 0))(lib.ones(1, 4, 5)),
     "Calculated output H: 4 W: 0 must be >= 1 in every dimension (input H: 4, W: 5)"),
    (lambda lib: lib.nn.ReplicationPad3d((0, 0, 0, 0, -1, -1))(lib.ones(1, 2, 4, 5)),
     "Calculated output D: 0 H: 4 W: 5 must be >= 1 in every dimension (input D: 2, H: 4, "
     "W: 5)"),
]


@pytest.mark.parametrize("case,message", EMPTY_AFTER_CROPPING)
def test_cropping_to_nothing_raises_like_torch_2_14(case, message):
    with pytest.raises(RuntimeError, match="^" + re.escape(message) + "$"):
        case(minigrad)
    if torch_at_least("2.14"):
        with pytest.raises(RuntimeError, match="^" + re.escape(message) + "$"):
            case(torch)
