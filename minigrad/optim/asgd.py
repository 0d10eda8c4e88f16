"""ASGD: stochastic gradient descent that also keeps a running average of the iterates."""
from __future__ import annotations

import numpy as np

from .optimizer import (Optimizer, _check_flags, _effective_grad, _increment,
                        _params_with_grad, _step_tensor, _zeros_like)
from .._tensor import Tensor


class ASGD(Optimizer):
    """Averaged SGD (see ``torch.optim.ASGD``).

    For step ``t`` and gradient ``g`` (negated when ``maximize``), with the state
    ``eta`` (starts at lr) and ``mu`` (starts at 1)::

        g = g + weight_decay * p
        p = p * (1 - lambd * eta) - eta * g
        ax = ax + mu * (p - ax)            (ax = p while mu == 1)
        eta = lr / (1 + lambd * lr * t)^alpha
        mu = 1 / max(1, t - t0)

    'step', 'eta' and 'mu' are 0-d tensors of the default dtype, as in torch.
    ``foreach`` is accepted and ignored; ``capturable`` and ``differentiable``
    are not supported.
    """

    def __init__(self, params, lr: float = 1e-2, lambd: float = 1e-4, alpha: float = 0.75,
                 t0: float = 1e6, weight_decay: float = 0, foreach: bool | None = None,
                 maximize: bool = False, differentiable: bool = False,
                 capturable: bool = False) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay,
                        foreach=foreach, maximize=maximize, differentiable=differentiable,
                        capturable=capturable)
        _check_flags("ASGD", foreach, None, differentiable, capturable)
        super().__init__(params, defaults)

    def _state_of(self, p: Tensor, lr: float) -> dict:
        state = self.state[p]
        if len(state) == 0:
            state["step"] = _step_tensor()
            state["eta"] = _step_tensor(lr)
            state["mu"] = _step_tensor(1.0)
            state["ax"] = _zeros_like(p)
        return state

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, lambd, alpha = float(group["lr"]), float(group["lambd"]), float(group["alpha"])
            t0, weight_decay = float(group["t0"]), float(group["weight_decay"])
            for p in _params_with_grad(group):
                state = self._state_of(p, lr)
                t = _increment(state["step"])
                grad = _effective_grad(p, group["maximize"], weight_decay)
                eta, mu = state["eta"]._array, state["mu"]._array
                eta_value = float(eta)
                param = p._array
                param *= 1 - lambd * eta_value
                param -= np.multiply(grad, eta_value)
                ax = state["ax"]._array
                if float(mu) != 1:
                    # ax += (p - ax) * mu
                    diff = np.subtract(param, ax)
                    diff *= mu
                    ax += diff
                else:
                    ax[...] = param
                # new values pass through the default dtype (torch.as_tensor) even when a
                # loaded state holds them in the parameter's dtype
                eta[...] = _step_tensor(lr / (1 + lambd * lr * t) ** alpha)._array
                mu[...] = _step_tensor(1 / max(1, t - t0))._array
                p._version += 1
        return loss
