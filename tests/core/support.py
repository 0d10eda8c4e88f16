"""Helpers shared by the core tests: building twin inputs and comparing with torch."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

TIGHT64 = (1e-10, 1e-12)        # (rtol, atol) for float64


def mg_dtype_name(t) -> str:
    return str(t.dtype).replace("minigrad.", "")


def th_dtype_name(t) -> str:
    return str(t.dtype).replace("torch.", "")


def without_cpp_origin(message) -> str:
    """A warning's text without the " (Triggered internally at file:line.)" that torch's
    C++ warnings end with, so that it compares with minigrad's."""
    return str(message).split(" (Triggered internally at ")[0]


def make_values(shape, domain, dtype, rng, unique_grid=None):
    """Values of ``shape`` in ``domain`` (kinks avoided) as a NumPy array of ``dtype``."""
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype == "int64":
        low, high = int(np.floor(domain.low)), int(np.ceil(domain.high))
        values = rng.integers(min(low, -3), max(high, 3) + 1, shape)
        for k in domain.avoid:
            values[values == round(k)] = round(k) + 1
        return values.astype(np.int64)
    if unique_grid is not None:
        values = unique_grid
    else:
        values = rng.uniform(domain.low, domain.high, shape)
    for k in domain.avoid:
        near = np.abs(values - k) < domain.margin
        values = np.where(near, k + np.where(values >= k, 1, -1) * domain.margin * 1.5, values)
    return np.asarray(values.reshape(shape), dtype=dtype)


def make_inputs(spec, shapes, dtype, seed):
    """NumPy inputs for ``spec``: one array per shape, distinct values when the row asks."""
    rng = np.random.default_rng(seed)
    grids = [None] * len(shapes)
    if spec.unique and dtype != "int64":
        sizes = [int(np.prod(s, dtype=np.int64)) for s in shapes]
        total = sum(sizes)
        d = spec.domain(0)
        step = (d.high - d.low) / max(total, 1)
        grid = d.low + step * (rng.permutation(total) + 0.5 + rng.uniform(-0.2, 0.2, total))
        cut = np.cumsum([0] + sizes)
        grids = [grid[cut[i]:cut[i + 1]].reshape(s) for i, s in enumerate(shapes)]
    return [make_values(s, spec.domain(i), dtype, rng, grids[i]) for i, s in enumerate(shapes)]


def twins(arrays, requires_grad):
    """The same values as minigrad and torch leaves."""
    mg = [minigrad.tensor(a, requires_grad=requires_grad) for a in arrays]
    th = [torch.tensor(a, requires_grad=requires_grad) for a in arrays]
    return mg, th


def flat(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def assert_same(mg, th, rtol=None, atol=None, check_dtype=True):
    """Same type, shape, dtype and values (torch's tolerances unless given)."""
    if th is None:
        assert mg is None, "torch gives None here, minigrad does not"
        return
    assert isinstance(mg, minigrad.Tensor), f"expected a minigrad.Tensor, got {type(mg)}"
    assert tuple(mg.shape) == tuple(th.shape), f"shape {tuple(mg.shape)} != {tuple(th.shape)}"
    if check_dtype:
        assert mg_dtype_name(mg) == th_dtype_name(th), f"{mg.dtype} != {th.dtype}"
    if rtol is None and th.dtype == torch.float64:
        rtol, atol = TIGHT64
    got = torch.from_numpy(np.array(mg.detach().numpy()))
    torch.testing.assert_close(got, th.detach(), rtol=rtol, atol=atol, equal_nan=True,
                               check_dtype=False)


def catch(fn):
    """Run ``fn`` and return the exception it raises (fails if it raises nothing)."""
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - we compare whatever torch raises
        return error
    pytest.fail(f"{fn} did not raise")


def assert_raises_like(mg_fn, th_fn, exact=True):
    """minigrad raises the same exception type as torch, with the same message."""
    expected = catch(th_fn)
    got = catch(mg_fn)
    assert type(got) is type(expected) or isinstance(got, type(expected)), (
        f"torch raises {type(expected).__name__}, minigrad {type(got).__name__}: {got}")
    want = str(expected).replace("torch.", "minigrad.")
    if exact:
        assert str(got) in (want, str(expected)), f"\nminigrad: {got}\ntorch:    {want}"
    else:
        assert str(got) in want or want.startswith(str(got)[:40]), (
            f"\nminigrad: {got}\ntorch:    {want}")
    return got


def assert_tree_same(mg, th, path="result"):
    """Recursively compare results (tensors, None, numbers, strings, sequences, dicts)."""
    if isinstance(th, torch.Tensor):
        assert isinstance(mg, minigrad.Tensor), f"{path}: {type(mg)} is not a minigrad.Tensor"
        assert_same(mg, th)
        assert mg.requires_grad == th.requires_grad, f"{path}: requires_grad differs"
    elif isinstance(th, (list, tuple)):
        assert isinstance(mg, (list, tuple)) and len(mg) == len(th), f"{path}: {mg} vs {th}"
        for i, (m, t) in enumerate(zip(mg, th, strict=False)):
            assert_tree_same(m, t, f"{path}[{i}]")
    elif isinstance(th, dict):
        assert set(mg) == set(th), f"{path}: keys {set(mg)} vs {set(th)}"
        for k in th:
            assert_tree_same(mg[k], th[k], f"{path}[{k!r}]")
    elif isinstance(th, str):
        assert mg == th.replace("torch.", "minigrad."), f"{path}: {mg!r} vs {th!r}"
    elif isinstance(th, torch.dtype):
        assert str(mg) == str(th).replace("torch.", "minigrad."), f"{path}: {mg} vs {th}"
    else:
        assert mg == th, f"{path}: {mg!r} vs {th!r}"


def both(fn):
    """Run ``fn(T)`` with T = minigrad and T = torch and compare what they return."""
    th = fn(torch)
    mg = fn(minigrad)
    assert_tree_same(mg, th)
    return mg, th
