"""Python numbers converted to a dtype that cannot hold them, as torch 2.14 converts them.

torch checks a number bound for a tensor (``tensor([200], dtype=int8)``, ``full``,
``fill_``-like ops, clamp bounds, ``alpha``...) and raises "value cannot be converted to
type int8 without overflow" (C++ spelling, "int8_t", for Scalar arguments), while a
number that is the other operand of arithmetic or a comparison wraps around like a 0-d
tensor (``int8 + 300`` adds 44).  Each case runs on torch and on minigrad: the same
values and dtype, or the same error type and message.
"""
import re

import numpy as np
import pytest
import torch

import minigrad
from torch_compat import as_mirrored_torch


def assert_like_torch(case):
    """``case(lib)`` gives torch's values and dtype, or raises torch's error, word for word."""
    with as_mirrored_torch():
        try:
            want = case(torch)
        except Exception as error:               # whatever torch raises, minigrad must too
            with pytest.raises(type(error), match="^" + re.escape(str(error)) + "$") as got:
                case(minigrad)
            assert type(got.value) is type(error)
            return
        got = case(minigrad)
        assert str(got.dtype).split(".")[-1] == str(want.dtype).split(".")[-1]
        assert got.tolist() == want.tolist()


def ints(lib, values, name="int8"):
    return lib.tensor(values, dtype=getattr(lib, name))


def assign(t, key, value):
    t[key] = value
    return t


def mask(lib):
    return lib.tensor([True, False])


@pytest.mark.parametrize("case", [
    lambda lib: ints(lib, [1, 2, 200]),
    lambda lib: ints(lib, 300, "uint8"),
    lambda lib: ints(lib, [1.5, 300.0]),
    lambda lib: ints(lib, [2 ** 40], "int32"),
    lambda lib: ints(lib, [[1, 2], [3, 400]], "int16"),
    lambda lib: ints(lib, [[1, 2], [3, 40000]], "int16"),
    lambda lib: ints(lib, [float("nan")], "int64"),
    lambda lib: ints(lib, [float("inf")], "int32"),
    lambda lib: ints(lib, [1e30], "int64"),
    lambda lib: ints(lib, [127.9, -128.0]),          # truncated toward zero: fits
    lambda lib: ints(lib, [-128.5]),                  # floats are checked before truncating
    lambda lib: ints(lib, [2.0 ** 63], "int64"),
    lambda lib: ints(lib, [1, 2, -1], "uint8"),       # a negative int that fits wraps
    lambda lib: ints(lib, [-255], "uint8"),
    lambda lib: ints(lib, [-256], "uint8"),
    lambda lib: ints(lib, [-0.5], "uint8"),           # a negative float never wraps
    lambda lib: ints(lib, [True, 300]),
    lambda lib: ints(lib, [300, 2 ** 70], "bool"),   # anything fits a bool
    lambda lib: ints(lib, np.int64(300)),
    lambda lib: ints(lib, [lib.tensor(1), 300]),
    lambda lib: ints(lib, np.array([300])),           # arrays are cast, wrapping
    lambda lib: lib.as_tensor([300], dtype=lib.int8),
    lambda lib: lib.as_tensor(300, dtype=lib.uint8),
    lambda lib: lib.asarray([1.5, 300.0], dtype=lib.int8),
    lambda lib: lib.zeros(1, dtype=lib.int8).new_tensor([300]),
    lambda lib: lib.zeros(1).new_tensor([300], dtype=lib.uint8),
])
def test_tensor_checks_python_values(case):
    assert_like_torch(case)


@pytest.mark.parametrize("case", [
    lambda lib: lib.tensor([2 ** 63]),
    lambda lib: lib.tensor(2 ** 64),
    lambda lib: lib.tensor([-2 ** 63 - 1]),
    lambda lib: lib.tensor([True, 2 ** 63]),
    lambda lib: ints(lib, [2 ** 63], "int64"),
    lambda lib: ints(lib, [2 ** 64]),
    lambda lib: lib.tensor([2 ** 64], dtype=lib.float32),    # read as a float
    lambda lib: lib.tensor([1, 2 ** 64, 1.5]),
    lambda lib: lib.tensor([2 ** 64], dtype=lib.bool),
    lambda lib: lib.tensor([2 ** 63, 1], dtype=lib.float64),
    lambda lib: lib.zeros(1).new_tensor([2 ** 64]),
])
def test_python_ints_beyond_int64(case):
    assert_like_torch(case)


@pytest.mark.parametrize("case", [
    lambda lib: lib.full((2,), 300, dtype=lib.int8),
    lambda lib: lib.full((2,), 300, dtype=lib.uint8),
    lambda lib: lib.full((2,), -1, dtype=lib.uint8),
    lambda lib: lib.full((2,), -256, dtype=lib.uint8),
    lambda lib: lib.full((2,), -1.0, dtype=lib.uint8),
    lambda lib: lib.full((2,), 2 ** 40, dtype=lib.int16),
    lambda lib: lib.full((2,), 2 ** 40, dtype=lib.int32),
    lambda lib: lib.full((2,), 2 ** 63, dtype=lib.int64),
    lambda lib: lib.full((2,), 2 ** 63),
    lambda lib: lib.full((2,), 2 ** 64, dtype=lib.float32),
    lambda lib: lib.full((2,), -2 ** 63 - 1, dtype=lib.int64),
    lambda lib: lib.full((2,), 127.5, dtype=lib.int8),
    lambda lib: lib.full((2,), 300.5, dtype=lib.int8),
    lambda lib: lib.full((2,), float("nan"), dtype=lib.int8),
    lambda lib: lib.full((2,), float("inf"), dtype=lib.int32),
    lambda lib: lib.full((2,), 300, dtype=lib.bool),
    lambda lib: lib.full((2,), 1e300, dtype=lib.float32),
    lambda lib: lib.full((2,), 3.4028235e38, dtype=lib.float32),
    lambda lib: lib.full((2,), float("inf"), dtype=lib.float32),
    lambda lib: lib.full((2,), np.int64(300), dtype=lib.int8),
    lambda lib: lib.full((2,), lib.tensor(300), dtype=lib.int8),
    lambda lib: lib.zeros(2, dtype=lib.int8).new_full((2,), 300),
    lambda lib: lib.full_like(lib.zeros(2, dtype=lib.int8), 300),
    lambda lib: lib.full_like(lib.zeros(2, dtype=lib.int32), 2 ** 40),
    lambda lib: lib.full_like(lib.zeros(2), 300, dtype=lib.uint8),
    lambda lib: lib.linspace(0, 300, 3, dtype=lib.int8),
    lambda lib: lib.linspace(0, 300, 1, dtype=lib.int8),       # one step: start alone
    lambda lib: lib.linspace(0, 127.5, 3, dtype=lib.int8),
    lambda lib: lib.linspace(0, 1e300, 3),
    lambda lib: lib.logspace(0, 300, 3, dtype=lib.int8),
    lambda lib: lib.arange(0, 10, 2 ** 63),
    lambda lib: lib.arange(2 ** 64),
    lambda lib: lib.arange(1e20, 1e20 + 1, dtype=lib.int64),
    lambda lib: lib.arange(0, 200, 50, dtype=lib.int8),        # computed values wrap
])
def test_full_and_ranges_check_the_fill_value(case):
    assert_like_torch(case)


@pytest.mark.parametrize("case", [
    lambda lib: lib.zeros(2, dtype=lib.int8).masked_fill(mask(lib), 300),
    lambda lib: lib.zeros(2, dtype=lib.int8).masked_fill_(mask(lib), 300),
    lambda lib: lib.masked_fill(lib.zeros(2, dtype=lib.int8), mask(lib), 300.5),
    lambda lib: lib.zeros(2, dtype=lib.int8).masked_fill(mask(lib), lib.tensor(300)),
    lambda lib: lib.zeros(2, dtype=lib.int8).masked_fill(mask(lib), 2 ** 64),
    lambda lib: lib.zeros(2, dtype=lib.uint8).masked_fill(mask(lib), -1),
    lambda lib: lib.zeros(2).masked_fill(mask(lib), 1e300),
    lambda lib: lib.zeros(2, dtype=lib.int8).index_fill(0, lib.tensor([0]), 300),
    lambda lib: lib.zeros(2, dtype=lib.int8).index_fill_(0, lib.tensor([0]), 300),
    lambda lib: lib.zeros(2, dtype=lib.int8).index_fill(0, lib.tensor([0]), lib.tensor(300)),
    lambda lib: lib.zeros(2, dtype=lib.uint8).index_fill(0, lib.tensor([0]), -1),
    lambda lib: lib.zeros(2, dtype=lib.int8).scatter(0, lib.tensor([0]), 300),
    lambda lib: lib.zeros(2, dtype=lib.int8).scatter_(0, lib.tensor([0]), 300.5),
    lambda lib: lib.zeros(2, dtype=lib.int8).scatter(0, lib.tensor([0]), 300, reduce="add"),
    lambda lib: assign(lib.zeros(2, dtype=lib.int8), 0, 300),
    lambda lib: assign(lib.zeros(2, dtype=lib.int8), slice(None), 300),
    lambda lib: assign(lib.zeros(2, dtype=lib.int8), mask(lib), 300),
    lambda lib: assign(lib.zeros(2, dtype=lib.int8), lib.tensor([0]), 300.5),
    lambda lib: assign(lib.zeros(2, dtype=lib.int8), 0, float("nan")),
    lambda lib: assign(lib.zeros(2, dtype=lib.int8), 0, np.int64(300)),
    lambda lib: assign(lib.zeros(2, dtype=lib.uint8), 0, -1),
    lambda lib: assign(lib.zeros(2, dtype=lib.int8), 0, lib.tensor(300)),   # a tensor wraps
    lambda lib: assign(lib.zeros(2, dtype=lib.int64), 0, 2 ** 63),
    lambda lib: assign(lib.zeros(2), 0, 2 ** 63),
    lambda lib: assign(lib.zeros(2), 0, 1e300),
    lambda lib: assign(lib.zeros(2, dtype=lib.float16), 0, 1e300),           # Half: unchecked
    lambda lib: assign(lib.zeros(2, dtype=lib.bool), 0, 300),
    lambda lib: lib.where(mask(lib), lib.zeros(2, dtype=lib.int8), 300),
    lambda lib: lib.where(mask(lib), 300, lib.zeros(2, dtype=lib.int8)),
    lambda lib: lib.where(mask(lib), lib.zeros(2, dtype=lib.uint8), -1),
    lambda lib: lib.where(mask(lib), lib.zeros(2, dtype=lib.int8), 2 ** 64),
    lambda lib: lib.where(mask(lib), lib.ones(2), 1e300),
    lambda lib: lib.where(mask(lib), lib.ones(2, dtype=lib.float16), 1e300),
    lambda lib: lib.where(mask(lib), 300, 2),
    lambda lib: lib.ones(2, dtype=lib.int8).where(mask(lib), 300),
])
def test_fill_ops_and_assignment_check_the_number(case):
    assert_like_torch(case)


@pytest.mark.parametrize("case", [
    lambda lib: ints(lib, [1, 2]).clamp(0, 300),
    lambda lib: lib.clamp(ints(lib, [1, 2]), -300),
    lambda lib: lib.clip(ints(lib, [1, 2]), 0, 300),
    lambda lib: ints(lib, [1, 2]).clamp_min(300),
    lambda lib: ints(lib, [1, 2]).clamp_max(-300),
    lambda lib: lib.clamp_min(ints(lib, [1, 2]), 300),
    lambda lib: ints(lib, [1, 2]).clamp_(max=300),
    lambda lib: ints(lib, [1, 2]).clip_(-300),
    lambda lib: ints(lib, [1, 2]).clamp_min_(300),
    lambda lib: ints(lib, [1, 2]).clamp_max_(300),
    lambda lib: ints(lib, [1, 2]).clamp(max=np.int64(300)),
    lambda lib: ints(lib, [1, 2, 5], "uint8").clamp(min=-1),      # -1 wraps to 255
    lambda lib: ints(lib, [1, 2, 5], "uint8").clamp(-1, 3),
    lambda lib: ints(lib, [1, 2, 5], "uint8").clamp(0, -1),
    lambda lib: ints(lib, [1, 2], "uint8").clamp_min(-1),
    lambda lib: ints(lib, [1, 2], "uint8").clamp(min=-256),
    lambda lib: ints(lib, [1, 2], "int16").clamp(max=2 ** 40),
    lambda lib: ints(lib, [1, 2], "int32").clamp(max=2 ** 40),
    lambda lib: ints(lib, [1, 2], "int64").clamp(max=2 ** 63),
    lambda lib: ints(lib, [1, 2], "int64").clamp(max=2 ** 70),
    lambda lib: ints(lib, [1, 2], "int64").clamp(min=-2 ** 70),
    lambda lib: ints(lib, [1, 2]).clamp(min=-1e300),             # a float bound: float32
    lambda lib: ints(lib, [1, 2]).clamp(0, 200.5),
    lambda lib: lib.ones(2).clamp(max=1e300),
    lambda lib: lib.ones(2, dtype=lib.float16).clamp(max=70000),
    lambda lib: ints(lib, [1, 2]).clamp(max=lib.tensor(300)),    # a tensor bound wraps
])
def test_clamp_checks_number_bounds(case):
    assert_like_torch(case)


@pytest.mark.parametrize("case", [
    lambda lib: lib.zeros(2, dtype=lib.int8) + 300,
    lambda lib: 300 + lib.zeros(2, dtype=lib.int8),
    lambda lib: ints(lib, [1, 2]) - 300,
    lambda lib: 300 - ints(lib, [1, 2]),
    lambda lib: ints(lib, [1, 2]) * 300,
    lambda lib: ints(lib, [1, 2]) / 300,                 # true division: 300 stays 300
    lambda lib: 300 / ints(lib, [1, 2]),
    lambda lib: ints(lib, [1, 2]) // 300,
    lambda lib: ints(lib, [1, 2]) % -300,
    lambda lib: ints(lib, [1, 2]).div(300, rounding_mode="floor"),
    lambda lib: 300 ** ints(lib, [1, 2]),
    lambda lib: ints(lib, [1, 2]) & 300,
    lambda lib: ints(lib, [1, 2]) << 300,
    lambda lib: ints(lib, [44, 2]) == 300,
    lambda lib: ints(lib, [44, 2]) < 300,
    lambda lib: ints(lib, [44, 2]) >= -300,
    lambda lib: lib.ne(ints(lib, [44, 2]), 300),
    lambda lib: ints(lib, [255, 2], "uint8") == -1,
    lambda lib: ints(lib, [255, 2], "uint8") + -1,
    lambda lib: ints(lib, [1, 2]) + 2 ** 63,
    lambda lib: ints(lib, [1, 2], "int64") + (2 ** 63 + 5),
    lambda lib: ints(lib, [1, 2]) + np.int64(300),
    lambda lib: ints(lib, [1, 2]) + 2 ** 64,
    lambda lib: ints(lib, [1, 2]) + (-2 ** 63 - 1),
    lambda lib: lib.ones(2) + 2 ** 64,
    lambda lib: lib.ones(2) == 2 ** 64,
    lambda lib: ints(lib, [1, 2]).add_(300),
    lambda lib: ints(lib, [1, 2]).mul_(300),
])
def test_number_operands_wrap_like_torch(case):
    assert_like_torch(case)


@pytest.mark.parametrize("case", [
    lambda lib: ints(lib, [1, 2]).add(1, alpha=300),
    lambda lib: ints(lib, [1, 2]).sub(1, alpha=-300),
    lambda lib: ints(lib, [1, 2]).add_(ints(lib, [1, 1]), alpha=300),
    lambda lib: ints(lib, [1, 2]).add(1, alpha=2 ** 64),
    lambda lib: ints(lib, [1, 2], "uint8").add(1, alpha=-1),
    lambda lib: lib.ones(2).add(1, alpha=1e300),
    lambda lib: ints(lib, [1, 2]) ** 300,
    lambda lib: ints(lib, [1, 2]).pow(2 ** 63),
    lambda lib: ints(lib, [1, 2]).pow_(300),
    lambda lib: ints(lib, [1, 2], "uint8") ** 256,
    lambda lib: ints(lib, [1, 2]) ** -300,
    lambda lib: ints(lib, [True, False], "bool") ** 300,
    lambda lib: ints(lib, [True, False], "bool") ** 2 ** 63,
    lambda lib: lib.ones(2, dtype=lib.float16) ** 70000,
    lambda lib: lib.ones(2) ** 2 ** 64,
])
def test_alpha_and_exponent_are_checked(case):
    assert_like_torch(case)


@pytest.mark.parametrize("case", [
    lambda lib: lib.randint(0, 300, (3,), dtype=lib.int8),
    lambda lib: lib.randint(0, 129, (3,), dtype=lib.int8),
    lambda lib: lib.randint(-129, 0, (3,), dtype=lib.int8),
    lambda lib: lib.randint(-200, 300, (3,), dtype=lib.int8),
    lambda lib: lib.randint(300, 200, (3,), dtype=lib.int8),
    lambda lib: lib.randint(0, 257, (3,), dtype=lib.uint8),
    lambda lib: lib.randint(-1, 2, (3,), dtype=lib.uint8),
    lambda lib: lib.randint(0, 2 ** 16, (3,), dtype=lib.int16),
    lambda lib: lib.randint(0, 2 ** 40, (3,), dtype=lib.int32),
    lambda lib: lib.randint(0, 3, (3,), dtype=lib.bool),
    lambda lib: lib.randint(0, 65506, (3,), dtype=lib.float16),
    lambda lib: lib.randint(0, 2 ** 63, (3,)),
    lambda lib: lib.randint_like(lib.zeros(2, dtype=lib.int8), 300),
    lambda lib: lib.randint_like(lib.zeros(2), -1, 3, dtype=lib.uint8),
])
def test_randint_bounds_must_fit_the_dtype(case):
    assert_like_torch(case)


@pytest.mark.parametrize("low, high, name", [(0, 128, "int8"), (-128, 0, "int8"),
                                             (0, 256, "uint8"), (0, 2, "bool"),
                                             (0, 2 ** 31, "int32"), (0, 65505, "float16")])
def test_randint_bounds_that_fit_are_taken(low, high, name):
    values = minigrad.randint(low, high, (50,), dtype=getattr(minigrad, name))
    assert values.dtype.name == name
    array = values.numpy().astype(np.float64)
    assert low <= array.min() and array.max() < high
