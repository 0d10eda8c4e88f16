"""Type promotion against torch: every pair of operand kinds through the binary ops."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

from .support import assert_same, catch

DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]
OPERANDS = ([("tensor", d) for d in DTYPES] + [("0-d", d) for d in DTYPES] +
            [("python", v) for v in (True, 3, 2.5)] + [("numpy", np.float64(1.5)),
                                                         ("numpy", np.int64(2))])
OPS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b,
    "maximum": lambda a, b: a.maximum(b) if not _is_scalar(b) else a,
    "lt": lambda a, b: a < b,
    "eq": lambda a, b: a == b,
}


def _is_scalar(x):
    return isinstance(x, (bool, int, float, np.generic))


def operand(T, kind, value):
    if kind == "tensor":
        return T.tensor(np.array([1, 2, 3]).astype(value))
    if kind == "0-d":
        return T.tensor(np.array(2).astype(value))
    return value


@pytest.mark.parametrize("op", list(OPS))
@pytest.mark.parametrize("left", [o for o in OPERANDS if o[0] in ("tensor", "0-d")],
                         ids=lambda o: f"{o[0]}-{o[1]}")
def test_binary_op_promotion(op, left):
    fn = OPS[op]
    for right in OPERANDS:
        expected = catch_or_value(lambda r=right: fn(operand(torch, *left), operand(torch, *r)))
        got = catch_or_value(lambda r=right: fn(operand(minigrad, *left), operand(minigrad, *r)))
        context = f"{left} {op} {right}"
        if isinstance(expected, Exception):
            assert isinstance(got, type(expected)), f"{context}: torch raised {expected!r}, " \
                                                    f"minigrad gave {got!r}"
            continue
        assert not isinstance(got, Exception), f"{context}: minigrad raised {got!r}"
        assert_same(got, expected, rtol=1e-6, atol=1e-6)


def catch_or_value(fn):
    try:
        return fn()
    except Exception as error:  # noqa: BLE001
        return error


@pytest.mark.parametrize("expr, dtype", [
    (lambda T: T.tensor([1, 2]) + 2.5, "float32"),
    (lambda T: T.ones(2) + T.tensor(1.0, dtype=T.float64), "float32"),
    (lambda T: T.ones(2, dtype=T.int64) + T.ones(2), "float32"),
    (lambda T: T.tensor([1, 2]) / T.tensor([2, 2]), "float32"),
    (lambda T: T.tensor([True, False, True]).sum(), "int64"),
    (lambda T: T.tensor([1, 2], dtype=T.int32).sum(), "int64"),
    (lambda T: T.ones(2) * np.float64(2.0), "float32"),
    (lambda T: T.tensor([1, 2]) ** 2, "int64"),
    (lambda T: T.tensor([1, 2]) ** 0.5, "float32"),
    (lambda T: T.tensor([1, 2]).exp(), "float32"),
    (lambda T: T.tensor([1, 2]).sqrt(), "float32"),
    (lambda T: T.tensor([1, 2]).float().mean(), "float32"),
    (lambda T: T.tensor([0.5, 1.5]).double().sum(), "float64"),
    (lambda T: T.where(T.tensor([True, False]), T.ones(2), 0), "float32"),
    (lambda T: T.cat([T.ones(2, dtype=T.int64), T.ones(2)]), "float32"),
    (lambda T: T.stack([T.ones(2), T.ones(2, dtype=T.float64)]), "float64"),
    (lambda T: T.arange(3) * 1.5, "float32"),
    (lambda T: 2 ** T.arange(3), "int64"),
    (lambda T: T.tensor([1.0]) @ T.tensor([2.0]), "float32"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_result_dtypes(expr, dtype):
    got, expected = expr(minigrad), expr(torch)
    assert str(expected.dtype) == f"torch.{dtype}"
    assert_same(got, expected)


def test_float32_stays_float32_through_a_chain():
    x = minigrad.randn(3, 4, requires_grad=True)
    y = ((x * 0.5 + np.float64(1.0)) / 3.0 - 2).exp().log().tanh().sigmoid()
    z = (y ** 2).mean() + y.var() + y.std() + y.norm() + y.logsumexp(1).sum()
    z = z + y.softmax(1).sum() + y.log_softmax(0).mean() + (y @ y.T).sum()
    assert z.dtype == minigrad.float32
    z.backward()
    assert x.grad.dtype == minigrad.float32


def test_inplace_cannot_cast_to_integer():
    got = catch(lambda: minigrad.tensor([1, 2]).mul_(1.5))
    expected = catch(lambda: torch.tensor([1, 2]).mul_(1.5))
    assert type(got) is type(expected) and str(got) == str(expected)


def test_default_dtype_switch():
    try:
        for T in (minigrad, torch):
            T.set_default_dtype(T.float64)
        assert str(minigrad.tensor([1.5]).dtype) == "minigrad.float64"
        assert str(minigrad.ones(2).dtype) == "minigrad.float64"
        assert (minigrad.tensor([1, 2]) / 2).dtype == minigrad.float64
    finally:
        for T in (minigrad, torch):
            T.set_default_dtype(T.float32)
    assert minigrad.get_default_dtype() == minigrad.float32
