"""Rprop: per-coordinate step sizes that grow while the gradient keeps its sign."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _check_flags, _effective_grad, _increment,
                        _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class Rprop(Optimizer):
    """Resilient backpropagation (see ``torch.optim.Rprop``).

    Only the sign of the gradient ``g`` (negated when ``maximize``) is used::

        s = sign(g * g_prev)
        step = clamp(step * (etaplus if s > 0 else etaminus if s < 0 else 1),
                     step_sizes[0], step_sizes[1])    (every step starts at lr)
        g = 0 where s < 0                             (and g_prev = g)
        p = p - sign(g) * step

    ``foreach`` is accepted and ignored; ``capturable`` and ``differentiable``
    are not supported.
    """

    def __init__(self, params, lr: float = 1e-2, etas: tuple[float, float] = (0.5, 1.2),
                 step_sizes: tuple[float, float] = (1e-6, 50), *, capturable: bool = False,
                 foreach: bool | None = None, maximize: bool = False,
                 differentiable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        _check_flags("Rprop", foreach, None, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor, lr: float) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["prev"] = _zeros_like(p)
            state["step_size"] = Tensor._make(np.full_like(p._array, lr), None)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            etaminus, etaplus = (float(e) for e in group["etas"])
            step_size_min, step_size_max = (float(s) for s in group["step_sizes"])
            for p in _params_with_grad(group):
                state = self._state_of(p, float(group["lr"]))
                _increment(state["step"])
                grad = _effective_grad(p, group["maximize"], 0.0)
                prev, step_size = state["prev"]._array, state["step_size"]._array
                factor = np.sign(np.multiply(grad, prev))
                factor[factor > 0] = etaplus
                factor[factor < 0] = etaminus
                factor[factor == 0] = 1
                step_size *= factor
                np.clip(step_size, step_size_min, step_size_max, out=step_size)
                # after a sign change the coordinate rests for one step
                grad = np.where(factor == etaminus, 0, grad).astype(grad.dtype, copy=False)
                p._array -= np.sign(grad) * step_size
                prev[...] = grad
                p._version += 1
        return loss
