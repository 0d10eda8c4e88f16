"""Adagrad: per-coordinate steps shrinking with the sum of all past squared gradients."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _check_flags, _effective_grad, _increment,
                        _params_with_grad, _step_tensor)
from .._tensor import Tensor


class Adagrad(Optimizer):
    """Adagrad (see ``torch.optim.Adagrad``).

    For step ``t`` and gradient ``g`` (negated when ``maximize``)::

        g = g + weight_decay * p
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g                        (s starts at initial_accumulator_value)
        p = p - clr * g / (sqrt(s) + eps)

    State is created in the constructor, as in torch.  ``foreach`` is accepted
    and ignored; ``fused`` and ``differentiable`` are not supported; sparse
    gradients do not exist in minigrad.
    """

    def __init__(self, params, lr: float = 1e-2, lr_decay: float = 0, weight_decay: float = 0,
                 initial_accumulator_value: float = 0, eps: float = 1e-10,
                 foreach: bool | None = None, *, maximize: bool = False,
                 differentiable: bool = False, fused: bool | None = None) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError("Invalid initial_accumulator_value value: "
                             f"{initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, fused=fused)
        _check_flags("Adagrad", foreach, fused, differentiable)
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(p)

    def _init_state(self, p: Tensor) -> dict:
        # like torch, later-added groups also start from the *default* accumulator value
        state = self.state[p]
        state["step"] = _step_tensor()
        state["sum"] = Tensor._make(
            np.full_like(p._array, self.defaults["initial_accumulator_value"]), None)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, lr_decay, eps = float(group["lr"]), float(group["lr_decay"]), float(group["eps"])
            weight_decay, maximize = float(group["weight_decay"]), group["maximize"]
            for p in _params_with_grad(group):
                state = self.state[p] or self._init_state(p)
                t = _increment(state["step"])
                grad = _effective_grad(p, maximize, weight_decay)
                clr = lr / (1 + (t - 1) * lr_decay)
                state_sum = state["sum"]._array
                scratch = np.multiply(grad, grad)
                state_sum += scratch
                std = np.sqrt(state_sum)
                std += eps
                # p += (-clr * g) / std
                np.multiply(grad, -clr, out=scratch)
                scratch /= std
                p._array += scratch
                p._version += 1
        return loss
