"""Every row of error_specs.py: the same exception (type and message) or torch's result."""
from __future__ import annotations

import inspect
import math
import re
import warnings

import numpy as np
import pytest
import torch

import minigrad
from torch_compat import torch_at_least

from .error_specs import ROWS

# Tensor methods that take no argument a beginner could get wrong, and ``cuda`` (torch's
# answer depends on the machine: no CUDA build, no driver...; minigrad is CPU-only)
NO_BAD_CALL = {"bool", "cpu", "cuda", "data_ptr", "detach_", "dim", "double", "element_size",
               "float", "half", "int", "is_contiguous", "is_floating_point", "long",
               "nelement"}


# the modules of the public functions that compute (factories, math, indexing, the
# functions of minigrad.functional...), as opposed to settings, seeds and serialization
OP_MODULES = {"minigrad", "minigrad._creation", "minigrad._math_functions",
              "minigrad.functional", "minigrad._tensor", "minigrad._tensor_math",
              "minigrad._tensor_reduce", "minigrad._tensor_shape", "minigrad._tensor_indexing",
              "minigrad._tensor_other"}


# torch 2.14 (the mirrored release) raises NotImplementedError where older releases raised
# RuntimeError, with the same words, for these kernels of bool tensors; on an older torch the
# rows assert 2.14's type
BOOL_KERNELS_2_14 = ("Subtraction, the `-` operator, with", "Negation, the `-` operator, on a "
                     "bool tensor", "Boolean inputs not supported for relu",
                     "Bool inputs not supported for hardtanh",
                     "The `+` operator, on a bool tensor is not supported.")


def _as_mirrored(error):
    """The error torch 2.14 raises where the installed torch raised ``error``."""
    if (not torch_at_least("2.14") and type(error) is RuntimeError
            and str(error).startswith(BOOL_KERNELS_2_14)):
        return NotImplementedError(str(error))
    return error


def _run(call, T):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return call(T), None
        except Exception as error:  # noqa: BLE001 - whatever torch raises is the spec
            return None, error


def _same_result(mg, th, where="result"):
    if isinstance(th, torch.Tensor):
        assert isinstance(mg, minigrad.Tensor), f"{where}: {type(mg).__name__} is not a Tensor"
        assert tuple(mg.shape) == tuple(th.shape), f"{where}: shape {mg.shape} != {th.shape}"
        assert str(mg.dtype).split(".")[-1] == str(th.dtype).split(".")[-1], (
            f"{where}: dtype {mg.dtype} != {th.dtype}")
        assert mg.requires_grad == th.requires_grad, f"{where}: requires_grad differs"
        np.testing.assert_allclose(mg.detach().numpy().astype(np.float64),
                                   th.detach().numpy().astype(np.float64),
                                   rtol=1e-5, atol=1e-6, err_msg=where)
    elif isinstance(th, torch.nn.Module):
        assert repr(mg) == repr(th), f"{where}: {mg!r} != {th!r}"
    elif isinstance(th, (tuple, list)):
        assert isinstance(mg, (tuple, list)) and len(mg) == len(th), f"{where}: {mg} vs {th}"
        for i, (m, t) in enumerate(zip(mg, th, strict=True)):
            _same_result(m, t, f"{where}[{i}]")
    elif isinstance(th, torch.dtype):
        assert str(mg) == str(th).replace("torch.", "minigrad."), f"{where}: {mg} vs {th}"
    elif isinstance(th, float) and math.isnan(th):
        assert isinstance(mg, float) and math.isnan(mg), f"{where}: {mg!r} vs nan"
    else:
        assert mg == th and type(mg) is type(th), f"{where}: {mg!r} vs {th!r}"


def _same_message(mg: str, th: str) -> bool:
    """torch's message, read with ``minigrad.`` for ``torch.`` (or word for word).

    For arguments no overload accepts, torch lists every overload; only its first
    line (the function and the types it got) is compared.  Sets printed in a message
    (``{'zeros', 'reflect'}``) are compared in sorted order.
    """
    if "received an invalid combination of arguments" in th:
        mg, th = mg.split("\n")[0], th.split("\n")[0]
    mg, th = _sorted_sets(mg), _sorted_sets(th)
    return mg in (th, th.replace("torch.", "minigrad."))


def _sorted_sets(message: str) -> str:
    """A python set of strings printed in a message has no fixed order: sort it."""
    return re.sub(r"\{'[^{}]*'\}", lambda m: "{" + ", ".join(sorted(
        m.group(0)[1:-1].split(", "))) + "}", message)


def check(row) -> None:
    """Raise AssertionError unless minigrad does what torch does for ``row``."""
    th, th_error = _run(row.call, torch)
    th_error = _as_mirrored(th_error)
    mg, mg_error = _run(row.call, minigrad)
    if th_error is None:
        assert mg_error is None, f"torch returns, minigrad raises {mg_error!r}"
        _same_result(mg, th)
        return
    assert mg_error is not None, f"torch raises {th_error!r}, minigrad returns {mg!r}"
    assert type(mg_error) is type(th_error), (
        f"torch raises {type(th_error).__name__}, minigrad "
        f"{type(mg_error).__name__}: {mg_error}")
    assert _same_message(str(mg_error), str(th_error)), (
        f"\nminigrad: {mg_error}\ntorch:    {th_error}")


def _by_public_name(rows) -> dict:
    groups = {}
    for row in rows:
        groups.setdefault(row.covers, []).append(row)
    return groups


GROUPS = _by_public_name(ROWS)


@pytest.mark.parametrize("name", list(GROUPS))
def test_same_error_or_result_as_torch(name):
    """Every row of one public name (one test each keeps the ~2,600 rows fast); the message
    lists each row that disagrees with torch."""
    failures = []
    for row in GROUPS[name]:
        if not torch_at_least(row.since):      # the installed torch predates this behaviour
            continue
        try:
            check(row)
        except AssertionError as error:
            failures.append(f"{row.name}: {error}")
    assert not failures, "\n\n".join(failures)


def _public_names() -> set:
    names = {f"F.{n}" for n in minigrad.nn.functional.__all__}
    names |= {f"nn.{n}" for n in minigrad.nn.__all__
              if inspect.isclass(getattr(minigrad.nn, n))}
    names |= {f"minigrad.{n}" for n in minigrad.__all__
              if getattr(getattr(minigrad, n), "__module__", "") in OP_MODULES
              and n not in ("is_tensor", "is_storage", "compile")}
    names |= {f"Tensor.{n}" for n in dir(minigrad.Tensor)
              if not n.startswith("_") and callable(getattr(minigrad.Tensor, n))
              and n not in NO_BAD_CALL}
    return names


def test_every_public_name_has_a_row():
    covered = {row.covers for row in ROWS}
    missing = sorted(_public_names() - covered)
    assert not missing, f"add rows to tests/errors/error_specs.py for: {missing}"


def test_row_names_are_unique_and_name_real_things():
    names = [row.name for row in ROWS]
    assert len(names) == len(set(names))
    for row in ROWS:
        scope, _, attr = row.covers.partition(".")
        owner = {"F": minigrad.nn.functional, "nn": minigrad.nn, "minigrad": minigrad,
                 "Tensor": minigrad.Tensor, "utils": minigrad.utils}[scope]
        for part in attr.split("."):
            owner = getattr(owner, part)


def test_compile_refuses_what_it_cannot_call():
    """``compile`` has no row: calling torch.compile imports dynamo, which turns off
    torch.distributions' argument checks for the rest of the process.  torch 2.14's words:"""
    with pytest.raises(AssertionError) as got:
        minigrad.compile(3)
    assert str(got.value) == "A callable function is expected, but <class 'int'> is provided."
    model = minigrad.nn.Linear(2, 2)
    assert minigrad.compile(model) is model and minigrad.compile()(model) is model
