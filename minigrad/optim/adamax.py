"""Adamax: Adam with the infinity norm of past gradients in place of their RMS."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _check_flags, _effective_grad, _increment, _lerp_,
                        _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class Adamax(Optimizer):
    """Adamax (see ``torch.optim.Adamax``).

    For step ``t`` and gradient ``g`` (negated when ``maximize``)::

        g = g + weight_decay * p
        m = m + (1 - beta1) * (g - m)
        u = max(beta2 * u, |g| + eps)
        p = p - lr / (1 - beta1^t) * m / u

    ``foreach`` is accepted and ignored; ``capturable`` and ``differentiable``
    are not supported.
    """

    def __init__(self, params, lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, foreach: bool | None = None, *,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize, differentiable=differentiable,
                        capturable=capturable)
        _check_flags("Adamax", foreach, None, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["exp_avg"] = _zeros_like(p)
            state["exp_inf"] = _zeros_like(p)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            beta1, beta2 = (float(b) for b in group["betas"])
            lr, eps, weight_decay = float(group["lr"]), float(group["eps"]), \
                float(group["weight_decay"])
            for p in _params_with_grad(group):
                state = self._state_of(p)
                t = _increment(state["step"])
                grad = _effective_grad(p, group["maximize"], weight_decay)
                exp_avg, exp_inf = state["exp_avg"]._array, state["exp_inf"]._array
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_inf *= beta2
                bound = np.abs(grad)
                bound += eps
                np.maximum(exp_inf, bound, out=exp_inf)
                # p += -clr * m / u
                clr = lr / (1 - beta1 ** t)
                np.multiply(exp_avg, -clr, out=bound)
                bound /= exp_inf
                p._array += bound
                p._version += 1
        return loss
