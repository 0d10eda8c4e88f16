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

from .error_specs import ROWS

# Tensor methods that take no argument a beginner could get wrong, and ``cuda`` (torch's
# answer depends on the machine: no CUDA build, no driver...; minigrad is CPU-only)
NO_BAD_CALL = {"bool", "cpu", "cuda", "data_ptr", "detach_", "dim", "double", "element_size",
               "float", "half", "int", "is_contiguous", "is_floating_point", "long",
               "nelement"}


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


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_same_error_or_result_as_torch(row):
    check(row)


def _public_names() -> set:
    names = {f"F.{n}" for n in minigrad.nn.functional.__all__}
    names |= {f"nn.{n}" for n in minigrad.nn.__all__
              if inspect.isclass(getattr(minigrad.nn, n))}
    names |= {f"minigrad.{n}" for n in minigrad.__all__
              if getattr(getattr(minigrad, n), "__module__", "") == "minigrad._creation"}
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
