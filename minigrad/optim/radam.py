"""RAdam: Adam whose adaptive step is switched on only once its variance is tractable."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _addcmul_, _check_flags, _effective_grad, _increment,
                        _lerp_, _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class RAdam(Optimizer):
    """RAdam (see ``torch.optim.RAdam``).

    For step ``t`` and gradient ``g`` (negated when ``maximize``)::

        p = p * (1 - lr * weight_decay)   (decoupled_weight_decay)
        g = g + weight_decay * p          (otherwise)
        m = m + (1 - beta1) * (g - m)
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1^t)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
        r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
        p = p - lr * m_hat * sqrt(1 - beta2^t) / (sqrt(v) + eps) * r   (rho_t > 5)
        p = p - lr * m_hat                                             (otherwise)

    ``foreach`` is accepted and ignored; ``capturable`` and ``differentiable``
    are not supported.
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0,
                 decoupled_weight_decay: bool = False, *, foreach: bool | None = None,
                 maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False) -> None:
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
                        maximize=maximize, foreach=foreach, capturable=capturable,
                        decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
        _check_flags("RAdam", foreach, None, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["exp_avg"] = _zeros_like(p)
            state["exp_avg_sq"] = _zeros_like(p)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            beta1, beta2 = (float(b) for b in group["betas"])
            lr, eps, weight_decay = float(group["lr"]), float(group["eps"]), \
                float(group["weight_decay"])
            maximize, decoupled = group["maximize"], group["decoupled_weight_decay"]
            for p in _params_with_grad(group):
                state = self._state_of(p)
                t = _increment(state["step"])
                param = p._array
                if weight_decay != 0 and decoupled:
                    param *= 1 - lr * weight_decay
                    grad = _effective_grad(p, maximize, 0.0)
                else:
                    grad = _effective_grad(p, maximize, weight_decay)
                exp_avg, exp_avg_sq = state["exp_avg"]._array, state["exp_avg_sq"]._array
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                _addcmul_(exp_avg_sq, grad, grad, 1 - beta2)
                bias_correction1 = 1 - beta1 ** t
                bias_correction2 = 1 - beta2 ** t
                update = np.divide(exp_avg, bias_correction1)
                update *= lr
                rho_inf = 2 / (1 - beta2) - 1
                rho_t = rho_inf - 2 * t * beta2 ** t / bias_correction2
                if rho_t > 5.0:
                    # the variance of the adaptive step is tractable: rectify it
                    adaptive = np.sqrt(exp_avg_sq)
                    adaptive += eps
                    np.divide(bias_correction2 ** 0.5, adaptive, out=adaptive)
                    update *= adaptive
                    update *= ((rho_t - 4) * (rho_t - 2) * rho_inf
                               / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                param -= update
                p._version += 1
        return loss
