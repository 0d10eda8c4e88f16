"""Adadelta: steps scaled by the ratio of running RMS of updates and of gradients."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _addcmul_, _check_flags, _effective_grad, _increment,
                        _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class Adadelta(Optimizer):
    """Adadelta (see ``torch.optim.Adadelta``).

    For gradient ``g`` (negated when ``maximize``)::

        g = g + weight_decay * p
        v = rho * v + (1 - rho) * g * g
        d = sqrt(u + eps) / sqrt(v + eps) * g
        u = rho * u + (1 - rho) * d * d
        p = p - lr * d

    ``foreach`` is accepted and ignored; ``capturable`` and ``differentiable``
    are not supported.
    """

    def __init__(self, params, lr: float = 1.0, rho: float = 0.9, eps: float = 1e-6,
                 weight_decay: float = 0, foreach: bool | None = None, *,
                 capturable: bool = False, maximize: bool = False,
                 differentiable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize,
                        capturable=capturable, foreach=foreach, differentiable=differentiable)
        _check_flags("Adadelta", foreach, None, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["square_avg"] = _zeros_like(p)
            state["acc_delta"] = _zeros_like(p)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, rho, eps = float(group["lr"]), float(group["rho"]), float(group["eps"])
            weight_decay, maximize = float(group["weight_decay"]), group["maximize"]
            for p in _params_with_grad(group):
                state = self._state_of(p)
                _increment(state["step"])
                grad = _effective_grad(p, maximize, weight_decay)
                square_avg, acc_delta = state["square_avg"]._array, state["acc_delta"]._array
                square_avg *= rho
                scratch = _addcmul_(square_avg, grad, grad, 1 - rho)
                std = np.add(square_avg, eps)
                np.sqrt(std, out=std)
                delta = np.add(acc_delta, eps)
                np.sqrt(delta, out=delta)
                delta /= std
                delta *= grad
                acc_delta *= rho
                _addcmul_(acc_delta, delta, delta, 1 - rho, scratch)
                # p += -lr * d
                np.subtract(p._array, np.multiply(delta, lr, out=scratch), out=p._array)
                p._version += 1
        return loss
