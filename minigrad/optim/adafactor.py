"""Adafactor: Adam-like steps whose second moment is stored as row and column averages."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _check_flags, _effective_grad, _increment, _lerp_,
                        _params_with_grad, _step_tensor)
from .._tensor import Tensor


class Adafactor(Optimizer):
    """Adafactor (see ``torch.optim.Adafactor``).

    For step ``t`` and gradient ``g`` (negated when ``maximize``) of a matrix
    parameter (the last two dims are factored; vectors keep a full variance ``v``)::

        beta = t^beta2_decay;   rho = min(lr, 1 / sqrt(t))
        alpha = max(eps2, RMS(p)) * rho
        p = p * (1 - lr * weight_decay)
        r = r + beta * (mean(g^2 over the last dim) - r)
        c = c + beta * (mean(g^2 over the dim before it) - c)
        v = r c / max(mean(r), eps1)                (vector: v = v + beta * (g^2 - v))
        u = g / sqrt(max(v, eps1^2))
        p = p - alpha / max(1, RMS(u) / d) * u

    ``eps1=None`` is the machine epsilon of the parameter's dtype.  ``foreach``
    is accepted and ignored.
    """

    def __init__(self, params, lr: float = 1e-2, beta2_decay: float = -0.8,
                 eps: tuple[float | None, float] = (None, 1e-3), d: float = 1.0,
                 weight_decay: float = 0.0, *, foreach: bool | None = None,
                 maximize: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        defaults = dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d,
                        weight_decay=weight_decay, foreach=foreach, maximize=maximize)
        _check_flags("Adafactor", foreach, None, False)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            shape = p._grad._array.shape
            if len(shape) > 1:
                state["row_var"] = Tensor._make(np.zeros(shape[:-1] + (1,), p._array.dtype),
                                                None)
                state["col_var"] = Tensor._make(
                    np.zeros(shape[:-2] + (1,) + shape[-1:], p._array.dtype), None)
            else:
                state["variance"] = Tensor._make(np.zeros_like(p._array), None)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, beta2_decay, d = float(group["lr"]), float(group["beta2_decay"]), \
                float(group["d"])
            eps1, eps2 = group["eps"]
            weight_decay = float(group["weight_decay"])
            for p in _params_with_grad(group):
                state = self._state_of(p)
                t = _increment(state["step"])
                grad = _effective_grad(p, group["maximize"], 0.0)
                param = p._array
                if eps1 is None:
                    eps1 = float(np.finfo(param.dtype).eps)
                one_minus_beta2 = t ** beta2_decay
                rho = min(lr, 1 / t ** 0.5)
                alpha = max(eps2, _norm(param) / param.size ** 0.5) * rho
                if weight_decay != 0:
                    param *= 1 - lr * weight_decay
                if grad.ndim > 1:
                    row_var, col_var = state["row_var"]._array, state["col_var"]._array
                    _lerp_(row_var, _mean_square(grad, -1), one_minus_beta2)
                    _lerp_(col_var, _mean_square(grad, -2), one_minus_beta2)
                    estimate = np.matmul(row_var, col_var)
                    row_mean = row_var.mean(axis=-2, keepdims=True)
                    estimate /= np.maximum(row_mean, eps1)
                else:
                    variance = state["variance"]._array
                    _lerp_(variance, grad * grad, one_minus_beta2)
                    estimate = variance.copy()
                np.maximum(estimate, eps1 * eps1, out=estimate)
                update = np.sqrt(estimate)
                np.divide(1, update, out=update)
                update *= grad
                denom = max(1.0, _norm(update) / (update.size ** 0.5 * d))
                param -= np.multiply(update, alpha / denom)
                p._version += 1
        return loss


def _norm(array: np.ndarray) -> float:
    """The 2-norm of all elements, as a python float."""
    return float(np.sqrt(np.sum(np.square(array, dtype=np.float64))))


def _mean_square(grad: np.ndarray, dim: int) -> np.ndarray:
    """``vector_norm(grad, dim=dim, keepdim=True)^2 / grad.size(dim)``."""
    norm = np.sqrt(np.sum(grad * grad, axis=dim, keepdims=True))
    return np.square(norm) / grad.shape[dim]
