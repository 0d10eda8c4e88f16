"""Gradient clipping, done in place on ``.grad`` without recording."""
from __future__ import annotations

import numpy as np

from ..._tensor import Tensor


def _as_list(parameters):
    return [parameters] if isinstance(parameters, Tensor) else list(parameters)


def clip_grad_norm_(parameters, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach=None) -> Tensor:
    """Scale all gradients together so their joint norm is at most ``max_norm``.

    Returns the total norm before clipping (a 0-d tensor).
    """
    grads = [p._grad for p in _as_list(parameters) if p._grad is not None]
    if not grads:
        return Tensor._make(np.zeros((), np.float32), None)
    norm_type = float(norm_type)
    dtype = grads[0]._array.dtype
    if norm_type == float("inf"):
        total = max(float(np.abs(g._array).max()) for g in grads)
    else:
        total = sum(float((np.abs(g._array.astype(np.float64)) ** norm_type).sum())
                    for g in grads) ** (1.0 / norm_type)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                           "`parameters` is non-finite, so it cannot be clipped. To disable "
                           "this error and scale the gradients by the non-finite norm anyway, "
                           "set `error_if_nonfinite=False`")
    coefficient = min(max_norm / (total + 1e-6), 1.0)
    for g in grads:
        g._array *= dtype.type(coefficient)
    return Tensor._make(np.asarray(total, dtype), None)


def clip_grad_value_(parameters, clip_value: float, foreach=None) -> None:
    """Clamp every gradient element to [-clip_value, clip_value]."""
    for p in _as_list(parameters):
        if p._grad is not None:
            np.clip(p._grad._array, -clip_value, clip_value, out=p._grad._array)


def parameters_to_vector(parameters) -> Tensor:
    """All parameters flattened and joined into one 1-d tensor."""
    from ... import _creation
    return _creation.cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec: Tensor, parameters) -> None:
    """Copy consecutive slices of ``vec`` into the parameters (not recorded)."""
    start = 0
    for p in parameters:
        n = p.numel()
        p.data = Tensor._make(vec._array[start:start + n].reshape(p._array.shape).copy(), None)
        start += n
