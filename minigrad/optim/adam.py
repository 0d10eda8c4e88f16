"""Adam: per-coordinate steps from running averages of the gradient and its square."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _addcmul_, _check_flags, _effective_grad, _increment,
                        _lerp_, _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class Adam(Optimizer):
    """Adam (see ``torch.optim.Adam``); ``decoupled_weight_decay=True`` gives AdamW.

    For step ``t`` and gradient ``g`` (negated when ``maximize``)::

        p = p * (1 - lr * weight_decay)          (decoupled weight decay)
        g = g + weight_decay * p                 (otherwise)
        m = m + (1 - beta1) * (g - m)
        v = beta2 * v + (1 - beta2) * g * g
        v_max = max(v_max, v)                    (amsgrad; used instead of v below)
        p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)

    ``foreach`` is accepted and ignored (torch's single-tensor algorithm runs);
    ``fused``, ``capturable`` and ``differentiable`` are not supported.
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0, amsgrad: bool = False, *,
                 foreach: bool | None = None, maximize: bool = False, capturable: bool = False,
                 differentiable: bool = False, fused: bool | None = None,
                 decoupled_weight_decay: bool = False) -> None:
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
        if not (all(isinstance(b, float) for b in betas)
                or all(isinstance(b, Tensor) for b in betas)):
            raise ValueError("betas must be either both floats or both Tensors")
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        amsgrad=amsgrad, maximize=maximize, foreach=foreach,
                        capturable=capturable, differentiable=differentiable, fused=fused,
                        decoupled_weight_decay=decoupled_weight_decay)
        _check_flags(type(self).__name__, foreach, fused, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor, amsgrad: bool) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["exp_avg"] = _zeros_like(p)
            state["exp_avg_sq"] = _zeros_like(p)
            if amsgrad:
                state["max_exp_avg_sq"] = _zeros_like(p)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            beta1, beta2 = (float(b) for b in group["betas"])
            lr, eps, weight_decay = float(group["lr"]), float(group["eps"]), \
                float(group["weight_decay"])
            amsgrad, maximize = group["amsgrad"], group["maximize"]
            decoupled = group["decoupled_weight_decay"]
            for p in _params_with_grad(group):
                state = self._state_of(p, amsgrad)
                t = _increment(state["step"])
                param = p._array
                if decoupled and weight_decay != 0:
                    param *= 1 - lr * weight_decay
                    grad = _effective_grad(p, maximize, 0.0)
                else:
                    grad = _effective_grad(p, maximize, weight_decay)
                exp_avg, exp_avg_sq = state["exp_avg"]._array, state["exp_avg_sq"]._array
                _lerp_(exp_avg, grad, 1 - beta1)
                exp_avg_sq *= beta2
                scratch = _addcmul_(exp_avg_sq, grad, grad, 1 - beta2)
                step_size = lr / (1 - beta1 ** t)
                bias_correction2_sqrt = (1 - beta2 ** t) ** 0.5
                second = exp_avg_sq
                if amsgrad:
                    second = state["max_exp_avg_sq"]._array
                    np.maximum(second, exp_avg_sq, out=second)
                denom = np.sqrt(second)
                denom /= bias_correction2_sqrt
                denom += eps
                # p += -step_size * m / denom
                np.multiply(exp_avg, -step_size, out=scratch)
                scratch /= denom
                param += scratch
                p._version += 1
        return loss
