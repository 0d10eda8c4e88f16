"""The lock-step proof of a twin: one training step in each engine from the same state.

``check_step(model, inputs, target, loss_fn, optimizer)`` builds the torch twin
of a minigrad model and of its optimizer (``bridge.to_torch``), then takes one
step in each engine on the same batch: forward, loss, backward, optimizer
step.  It compares, with the lock-step runner's measure and tolerance
(``bridge.lockstep.diff`` and ``DEFAULT_TOL`` for the model's dtype):

* the loss,
* every parameter's gradient,
* every parameter and buffer after the optimizer step.

Dropout layers draw their masks from one shared source in both engines
(``bridge.twin.install_shared_dropout``, as in the lock-step runner), so a
model with dropout is compared in training mode too.  ``loss_fn`` is a
minigrad loss module (moved with ``to_torch``) or a function written with
minigrad's torch-named functions (re-bound to torch like a forward).

>>> result = check_step(model, x, y, nn.CrossEntropyLoss(), optimizer)
>>> result.ok, result.worst
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple

import numpy as np

from . import transfer
from .convert import to_torch
from .lockstep import DEFAULT_TOL, diff
from .translate import TO_TORCH
from .twin import install_shared_dropout


@dataclass
class Quantity:
    """One compared tensor: ``max |minigrad - torch|``, relative to ``max |torch|``."""

    name: str
    max_abs: float
    max_rel: float
    breached: bool


@dataclass
class StepCheck:
    """The outcome of ``check_step``."""

    loss_minigrad: float
    loss_torch: float
    dtype: str
    tol: float
    quantities: List[Quantity] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(q.breached for q in self.quantities)

    @property
    def breaches(self) -> List[str]:
        return [q.name for q in self.quantities if q.breached]

    @property
    def worst(self) -> Quantity:
        return max(self.quantities, key=lambda q: (q.breached, q.max_rel))

    def __str__(self) -> str:
        verdict = "same step" if self.ok else f"DIFFERENT: {', '.join(self.breaches)}"
        lines = [f"one step, {self.dtype}, tolerance {self.tol:g}: {verdict}",
                 f"  loss: minigrad {self.loss_minigrad:.10g}, torch {self.loss_torch:.10g}",
                 f"  {'quantity':<40} {'max abs':>10} {'max rel':>10}"]
        for q in self.quantities:
            flag = "  <-- breach" if q.breached else ""
            lines.append(f"  {q.name:<40} {q.max_abs:>10.2e} {q.max_rel:>10.2e}{flag}")
        return "\n".join(lines)


def check_step(model, inputs, target, loss_fn, optimizer=None, *, twin=None,
               twin_optimizer=None, tol: Optional[float] = None, seed: int = 0) -> StepCheck:
    """One step of ``model`` (minigrad) and of its torch twin on the same batch, compared.

    ``inputs``: a NumPy array or a tuple of them (the forward's arguments; float
    arrays are cast to the model's dtype); ``target``: a NumPy array.
    ``optimizer``: the minigrad optimizer of ``model`` (None: no update, only the
    forward and backward are compared).  ``twin`` / ``twin_optimizer``: torch
    counterparts to compare against (default: made by ``bridge.to_torch`` now,
    before the step).  ``tol``: default ``DEFAULT_TOL`` of the model's dtype.
    """
    import minigrad
    import torch
    dtype = _float_dtype(model)
    tol = DEFAULT_TOL[dtype] if tol is None else tol
    if twin is None:
        twin = to_torch(model)
    if twin_optimizer is None and optimizer is not None:
        twin_optimizer = to_torch(optimizer, twin, model=model)
    twin_loss = to_torch(loss_fn) if isinstance(loss_fn, minigrad.nn.Module) \
        else TO_TORCH.translate(loss_fn)
    arrays = inputs if isinstance(inputs, tuple) else (inputs,)
    arrays = tuple(np.asarray(a, dtype) if np.asarray(a).dtype.kind == "f" else np.asarray(a)
                   for a in arrays)
    device = next((p.device for p in twin.parameters()), torch.device("cpu"))
    runner = types.SimpleNamespace(seed=seed, step_index=0)
    sides = [(minigrad, model, optimizer, loss_fn, lambda a: minigrad.from_numpy(a.copy())),
             (torch, twin, twin_optimizer, twin_loss,
              lambda a: torch.from_numpy(a.copy()).to(device))]
    results = []
    for lib, net, opt, loss_of, tensor in sides:
        patched = install_shared_dropout(types.SimpleNamespace(model=net, tensor=tensor),
                                         runner)
        try:
            results.append(_one_step(lib, net, opt, loss_of, tensor, arrays, target))
        finally:
            for module in patched:
                module.__dict__.pop("forward", None)
    (loss_a, grads_a, state_a), (loss_b, grads_b, state_b) = results
    check = StepCheck(loss_a, loss_b, dtype, tol)
    check.quantities.append(_quantity("loss", np.float64(loss_a), np.float64(loss_b), tol))
    for name in grads_b:
        a, b = grads_a.get(name), grads_b[name]
        if a is None and b is None:
            continue
        if a is None or b is None:
            check.quantities.append(Quantity(f"grad {name}", np.inf, np.inf, True))
        else:
            check.quantities.append(_quantity(f"grad {name}", a, b, tol))
    if optimizer is not None:
        for name, b in state_b.items():
            check.quantities.append(_quantity(f"after step {name}", state_a[name], b, tol))
    return check


def _one_step(lib, net, opt, loss_of, tensor, arrays, target) -> Tuple[float, dict, dict]:
    if opt is not None:
        opt.zero_grad()
    else:
        net.zero_grad()
    loss = loss_of(net(*[tensor(a) for a in arrays]), tensor(np.asarray(target)))
    loss.backward()
    grads = {name: None if p.grad is None else transfer.to_numpy(p.grad)
             for name, p in net.named_parameters()}
    if opt is not None:
        opt.step()
    state = {key: transfer.to_numpy(v) for key, v in net.state_dict().items()}
    return float(loss.item()), grads, state


def _quantity(name: str, a: Any, b: Any, tol: float) -> Quantity:
    max_abs, max_rel, breached = diff(a, b, tol)
    return Quantity(name, max_abs, max_rel, bool(breached))


def _float_dtype(model) -> str:
    for p in model.parameters():
        if p.is_floating_point():
            return str(p.dtype).split(".")[-1]
    return "float32"
