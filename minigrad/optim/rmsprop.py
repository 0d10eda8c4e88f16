"""RMSprop: divide the gradient by a running root-mean-square of recent gradients."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _addcmul_, _check_flags, _effective_grad, _increment,
                        _lerp_, _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class RMSprop(Optimizer):
    """RMSprop (see ``torch.optim.RMSprop``).

    For gradient ``g`` (negated when ``maximize``)::

        g = g + weight_decay * p
        v = alpha * v + (1 - alpha) * g * g
        a = g_avg + (1 - alpha) * (g - g_avg)          (centered only)
        avg = sqrt(v - a * a) + eps if centered else sqrt(v) + eps
        b = momentum * b + g / avg;  p = p - lr * b    (momentum > 0)
        p = p - lr * g / avg                           (otherwise)

    ``foreach`` is accepted and ignored; ``capturable`` and ``differentiable``
    are not supported.
    """

    def __init__(self, params, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8,
                 weight_decay: float = 0, momentum: float = 0, centered: bool = False,
                 capturable: bool = False, foreach: bool | None = None,
                 maximize: bool = False, differentiable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach,
                        maximize=maximize, differentiable=differentiable)
        _check_flags("RMSprop", foreach, None, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor, group: dict) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["square_avg"] = _zeros_like(p)
            if group["momentum"] > 0:
                state["momentum_buffer"] = _zeros_like(p)
            if group["centered"]:
                state["grad_avg"] = _zeros_like(p)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, alpha, eps = float(group["lr"]), float(group["alpha"]), float(group["eps"])
            weight_decay, momentum = float(group["weight_decay"]), float(group["momentum"])
            centered, maximize = group["centered"], group["maximize"]
            for p in _params_with_grad(group):
                state = self._state_of(p, group)
                _increment(state["step"])
                grad = _effective_grad(p, maximize, weight_decay)
                square_avg = state["square_avg"]._array
                square_avg *= alpha
                scratch = _addcmul_(square_avg, grad, grad, 1 - alpha)
                if centered:
                    grad_avg = state["grad_avg"]._array
                    _lerp_(grad_avg, grad, 1 - alpha)
                    avg = np.subtract(square_avg, np.multiply(grad_avg, grad_avg, out=scratch))
                    np.sqrt(avg, out=avg)
                else:
                    avg = np.sqrt(square_avg)
                avg += eps
                if momentum > 0:
                    buf = state["momentum_buffer"]._array
                    buf *= momentum
                    buf += np.divide(grad, avg, out=scratch)
                    # p += -lr * b
                    np.subtract(p._array, np.multiply(buf, lr, out=scratch), out=p._array)
                else:
                    # p += (-lr * g) / avg
                    np.multiply(grad, -lr, out=scratch)
                    scratch /= avg
                    p._array += scratch
                p._version += 1
        return loss
