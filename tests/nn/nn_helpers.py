"""Shared helpers of the nn parity tests: move tensors and weights between torch and minigrad."""
from __future__ import annotations

import numpy as np
import pytest
import torch

import minigrad

TOL = {np.float64: dict(rtol=1e-10, atol=1e-10), np.float32: dict(rtol=1e-4, atol=1e-5)}
TORCH_DTYPE = {np.float64: torch.float64, np.float32: torch.float32}
MG_DTYPE = {np.float64: minigrad.float64, np.float32: minigrad.float32}


def pair(array: np.ndarray, requires_grad: bool = True):
    """The same values as a minigrad and a torch tensor (separate storage)."""
    a = minigrad.tensor(array.copy(), requires_grad=requires_grad and array.dtype.kind == "f")
    t = torch.tensor(array.copy(), requires_grad=requires_grad and array.dtype.kind == "f")
    return a, t


def copy_weights(torch_module, mg_module) -> None:
    """Load torch's parameters and buffers into the minigrad module (strict, torch's keys)."""
    state = {k: minigrad.tensor(v.detach().numpy().copy()) for k, v in
             torch_module.state_dict().items()}
    mg_module.load_state_dict(state)


def assert_close(mg, th, dtype=np.float64, **kwargs) -> None:
    """Compare a minigrad tensor with a torch tensor: shape, dtype and values."""
    tol = dict(TOL[np.dtype(dtype).type])
    tol.update(kwargs)
    got = mg.detach().numpy() if hasattr(mg, "detach") else np.asarray(mg)
    want = th.detach().numpy()
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_allclose(got, want, **tol)


def check_module(mg_module, torch_module, inputs, dtype=np.float64, grad_out_seed=0,
                 **tol) -> None:
    """Forward and backward parity of a module on ``inputs`` (numpy arrays)."""
    pairs = [pair(x) for x in inputs]
    out_mg = mg_module(*[p[0] for p in pairs])
    out_th = torch_module(*[p[1] for p in pairs])
    assert_close(out_mg, out_th, dtype, **tol)
    rng = np.random.default_rng(grad_out_seed)
    g = rng.standard_normal(out_th.shape).astype(dtype)
    out_mg.backward(minigrad.tensor(g))
    out_th.backward(torch.tensor(g))
    for (a, t) in pairs:
        if t.grad is not None:
            assert_close(a.grad, t.grad, dtype, **tol)
    named_th = dict(torch_module.named_parameters())
    for name, p in mg_module.named_parameters():
        assert_close(p.grad, named_th[name].grad, dtype, **tol)


def build(name, *args, dtype=np.float64, **kwargs):
    """The same layer in torch and minigrad (``torch.nn.<name>``), minigrad holding torch's
    weights and buffers; both in ``dtype``."""
    th = getattr(torch.nn, name)(*args, **kwargs).to(TORCH_DTYPE[np.dtype(dtype).type])
    mg = getattr(minigrad.nn, name)(*args, **kwargs)
    if np.dtype(dtype) == np.float64:
        mg.double()
    copy_weights(th, mg)
    return mg, th


def data(shape, dtype=np.float64, seed=0, low=None, high=None):
    """Standard normal values (or uniform in [low, high]) of ``shape``."""
    rng = np.random.default_rng(seed)
    if low is not None:
        return rng.uniform(low, high, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def errors_under_both(fn):
    """[(type, message) under torch, (type, message) under minigrad] that ``fn(lib)``
    raises, torch's module name written as minigrad's."""
    found = []
    for lib in (torch, minigrad):
        with pytest.raises(Exception) as info:
            fn(lib)
        found.append((type(info.value), str(info.value).replace("torch.", "minigrad.")))
    return found
