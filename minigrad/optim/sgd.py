"""Stochastic gradient descent, with optional (Nesterov) momentum and weight decay."""
from __future__ import annotations

import numpy as np

from .optimizer import Optimizer, _check_flags, _effective_grad, _params_with_grad
from .._tensor import Tensor


class SGD(Optimizer):
    """Stochastic gradient descent (see ``torch.optim.SGD``).

    For each parameter with gradient ``g`` (negated when ``maximize``)::

        g = g + weight_decay * p
        b = g                                   (first step)
        b = momentum * b + (1 - dampening) * g  (later steps)
        g = g + momentum * b if nesterov else b (only when momentum != 0)
        p = p - lr * g

    ``foreach`` is accepted and ignored (minigrad always runs torch's
    single-tensor algorithm); ``fused`` and ``differentiable`` are not supported.
    """

    def __init__(self, params, lr: float = 1e-3, momentum: float = 0, dampening: float = 0,
                 weight_decay: float = 0, nesterov: bool = False, *, maximize: bool = False,
                 foreach: bool | None = None, differentiable: bool = False,
                 fused: bool | None = None) -> None:
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening,
                        weight_decay=weight_decay, nesterov=nesterov, maximize=maximize,
                        foreach=foreach, differentiable=differentiable, fused=fused)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        _check_flags("SGD", foreach, fused, differentiable)
        super().__init__(params, defaults)

    def step(self, closure=None):
        """Perform one optimization step; returns ``closure()`` when given."""
        loss = self._evaluate(closure)
        for group in self.param_groups:
            lr, momentum = float(group["lr"]), float(group["momentum"])
            dampening, weight_decay = float(group["dampening"]), float(group["weight_decay"])
            nesterov, maximize = group["nesterov"], group["maximize"]
            for p in _params_with_grad(group):
                grad = _effective_grad(p, maximize, weight_decay)
                if momentum != 0:
                    grad = self._momentum(p, grad, momentum, dampening, nesterov)
                # p += -lr * g
                update = np.multiply(grad, lr)
                np.subtract(p._array, update, out=p._array)
                p._version += 1
        return loss

    def _momentum(self, p, grad, momentum, dampening, nesterov):
        state = self.state[p]
        buf = state.get("momentum_buffer")
        if buf is None:
            buf = state["momentum_buffer"] = Tensor._make(np.array(grad, copy=True), None)
        else:
            b = buf._array
            b *= momentum
            b += grad if dampening == 0 else np.multiply(grad, 1 - dampening)
        if nesterov:
            return np.add(grad, np.multiply(buf._array, momentum))
        return buf._array
