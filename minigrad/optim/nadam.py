"""NAdam: Adam with Nesterov momentum and a warming-up momentum schedule."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _addcmul_, _check_flags, _effective_grad, _increment,
                        _lerp_, _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class NAdam(Optimizer):
    """NAdam (see ``torch.optim.NAdam``).

    For step ``t`` and gradient ``g`` (negated when ``maximize``)::

        p = p * (1 - lr * weight_decay)   (decoupled_weight_decay)
        g = g + weight_decay * p          (otherwise)
        mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))
        prod = mu_1 * ... * mu_t          (state 'mu_product')
        m = m + (1 - beta1) * (g - m)
        v = beta2 * v + (1 - beta2) * g * g
        denom = sqrt(v / (1 - beta2^t)) + eps
        p = p - lr (1 - mu_t) / (1 - prod) * g / denom
              - lr mu_{t+1} / (1 - prod * mu_{t+1}) * m / denom

    'step' and 'mu_product' are 0-d tensors of the default dtype, as in torch
    (so the product is rounded to float32 by default).  ``foreach`` is accepted
    and ignored; ``capturable`` and ``differentiable`` are not supported.
    """

    def __init__(self, params, lr: float = 2e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, momentum_decay: float = 4e-3,
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
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay,
                        decoupled_weight_decay=decoupled_weight_decay, maximize=maximize,
                        foreach=foreach, capturable=capturable, differentiable=differentiable)
        _check_flags("NAdam", foreach, None, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["mu_product"] = _step_tensor(1.0)
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
            momentum_decay, maximize = float(group["momentum_decay"]), group["maximize"]
            decoupled = group["decoupled_weight_decay"]
            for p in _params_with_grad(group):
                state = self._state_of(p)
                t = _increment(state["step"])
                param = p._array
                if weight_decay != 0 and decoupled:
                    param *= 1 - lr * weight_decay
                    grad = _effective_grad(p, maximize, 0.0)
                else:
                    grad = _effective_grad(p, maximize, weight_decay)
                mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * momentum_decay))
                mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))
                mu_product = state["mu_product"]._array
                mu_product *= mu                   # rounded to the state's dtype
                product = float(mu_product)
                exp_avg, exp_avg_sq = state["exp_avg"]._array, state["exp_avg_sq"]._array
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                scratch = _addcmul_(exp_avg_sq, grad, grad, 1 - beta2)
                denom = np.divide(exp_avg_sq, 1 - beta2 ** t)
                np.sqrt(denom, out=denom)
                denom += eps
                # p += c1 * g / denom + c2 * m / denom
                np.multiply(grad, -lr * (1.0 - mu) / (1.0 - product), out=scratch)
                scratch /= denom
                param += scratch
                np.multiply(exp_avg, -lr * mu_next / (1.0 - product * mu_next), out=scratch)
                scratch /= denom
                param += scratch
                p._version += 1
        return loss
