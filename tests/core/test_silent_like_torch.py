"""inf and nan come out of torch's kernels silently; NumPy warns ("invalid value encountered
in log") or, under ``np.seterr(all="raise")``, raises.  minigrad answers like torch, with
no warning of NumPy's (only torch's own, such as var's "degrees of freedom is <= 0") and no
FloatingPointError, whatever NumPy's error settings: in ops, in the functional layers that
compute on arrays themselves, in casts and in optimizer steps.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest
import torch

import minigrad

from .support import without_cpp_origin

INF, NAN = float("inf"), float("nan")
SPECIAL = [INF, -INF, NAN, 0.0, -1.0, 1e30, 2.0, -1e30]


def special(T, shape=(2, 2, 8)):
    """A float32 tensor of ``shape`` filled with inf, -inf, nan, 0, negatives, huge values."""
    values = np.resize(np.array(SPECIAL, np.float32), int(np.prod(shape))).reshape(shape)
    return T.tensor(values, requires_grad=True)


def F(T):
    return T.nn.functional


def stepped(T, name, **options):
    """A parameter after two steps of optimizer ``name`` on an inf/nan/0 gradient."""
    p = T.nn.Parameter(T.ones(4))
    p.grad = T.tensor([INF, -1.0, 0.0, NAN])
    optimizer = getattr(T.optim, name)([p], **options)
    optimizer.step()
    optimizer.step()
    return p


# name -> (computation, whether its values are compared with torch's); a float output
# that requires grad is also differentiated (its sum's backward)
CASES = {
    "sqrt": (lambda T: T.sqrt(special(T)), True),
    "log": (lambda T: special(T).log(), True),
    "division": (lambda T: special(T) / special(T), True),
    "exp overflow": (lambda T: special(T).exp(), True),
    "power": (lambda T: special(T) ** 0.5, True),
    "inf * 0": (lambda T: special(T) * 0, True),
    "sum overflow": (lambda T: T.tensor([3e38, 3e38], requires_grad=True).sum(), True),
    "float64 to float32 overflow": (lambda T: T.tensor([1e300], dtype=T.float64).float(), True),
    "matmul overflow": (lambda T: special(T) @ special(T, (8, 3)), True),
    "softmax": (lambda T: F(T).softmax(special(T), -1), True),
    "log_softmax": (lambda T: F(T).log_softmax(special(T), -1), True),
    "cross_entropy": (lambda T: F(T).cross_entropy(special(T, (4, 8)), T.tensor([0, 1, 2, 3])),
                      True),
    "var of one element": (lambda T: T.tensor([1.0], requires_grad=True).var(), True),
    "std_mean of one element": (lambda T: T.std_mean(T.ones(1, requires_grad=True))[0],
                                True),
    "layer_norm": (lambda T: F(T).layer_norm(special(T), (8,)), True),
    "group_norm": (lambda T: F(T).group_norm(special(T), 2), True),
    "instance_norm": (lambda T: F(T).instance_norm(special(T)), True),
    "batch_norm": (lambda T: F(T).batch_norm(special(T), None, None, training=True), True),
    "normalize": (lambda T: F(T).normalize(special(T)), True),
    "embedding max_norm": (lambda T: F(T).embedding(
        T.tensor([0, 1]), T.tensor([[1e30, 1e30], [1.0, 2.0]]), max_norm=1.0), True),
    "to int32": (lambda T: special(T).int(), False),
    "tensor(..., dtype=int64)": (lambda T: T.tensor(np.array([INF, NAN]), dtype=T.int64),
                                 False),
    "SGD": (lambda T: stepped(T, "SGD", lr=0.0), True),
    "SGD momentum": (lambda T: stepped(T, "SGD", lr=0.1, momentum=0.9), True),
    "Adam": (lambda T: stepped(T, "Adam"), True),
    "AdamW": (lambda T: stepped(T, "AdamW"), True),
    "RMSprop": (lambda T: stepped(T, "RMSprop"), True),
    "Adagrad": (lambda T: stepped(T, "Adagrad"), True),
    "Adadelta": (lambda T: stepped(T, "Adadelta"), True),
}


def run(T, compute):
    """``compute(T)`` (and its backward); returns the output and the warnings' messages,
    without the "(Triggered internally at ...)" that torch's C++ warnings end with."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = compute(T)
        if out.requires_grad and out.dtype.is_floating_point:
            out.sum().backward()
    return out, [without_cpp_origin(w.message) for w in caught]


@pytest.mark.parametrize("name", CASES)
def test_inf_and_nan_come_out_silently(name):
    compute, compare = CASES[name]
    expected, torch_said = run(torch, compute)
    found, minigrad_said = run(minigrad, compute)
    assert minigrad_said == torch_said                # no NumPy warning; torch's own ones
    with np.errstate(all="raise"):                    # a user's NumPy settings
        run(minigrad, compute)
    assert tuple(found.shape) == tuple(expected.shape)
    assert str(found.dtype) == str(expected.dtype).replace("torch", "minigrad")
    if compare:
        np.testing.assert_allclose(found.detach().numpy(), expected.detach().numpy(),
                                   rtol=1e-6, equal_nan=True)
