"""Lock-step training: minigrad and PyTorch twins take the same steps side by side.

Both engines start from identical weights (torch initialises, minigrad gets
a copy), see identical batches (the same NumPy arrays) and identical dropout
masks, and step their optimizers and schedulers.  After every step the
runner compares the loss, every gradient and every parameter (and buffer).

A value *breaches* the tolerance ``tol`` when, for some element,
``|minigrad - torch| > tol + tol * |torch|`` (``allclose`` with
``atol = rtol = tol``).  Reported differences are ``max_abs = max |a - b|``
and ``max_rel = max |a - b| / max |b|`` (the error relative to the tensor's
largest torch value, which stays meaningful when some elements are zero).

Dropout masks come from one shared source: while a runner exists, the
``forward`` of every ``Dropout`` module in both models is replaced (an
instance attribute, removed by ``close()``) by one that multiplies its input
by ``keep / (1 - p)``, where ``keep = u >= p`` and ``u`` is drawn from
``numpy.random.default_rng([seed, step, module_index, call_index])``.  Both
engines therefore draw the very same mask, computed in the input dtype.

When a step breaches, the runner locates where the engines first diverge,
using the module outputs and output gradients recorded by forward hooks on
every leaf module: the first module (in forward order) whose output differs;
else the loss; else, walking backward from the loss, the first module whose
parameter gradient or input gradient differs; else the optimizer update.

float32 runs agree to about 1e-7 per step, but long runs with a large
learning rate drift apart chaotically: once a rounding-level difference moves
a pre-activation across zero, a ReLU (or a max-pool winner) flips and the
gradients differ by far more than rounding.  The locator then names that
ReLU.  float64 runs stay within ~1e-14 for hundreds of steps and are the
tight lane for finding real bugs.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np

from . import transfer
from .models import build
from .twin import Engine, install_call_hooks, install_shared_dropout

DEFAULT_TOL = {"float64": 1e-9, "float32": 1e-4}


def diff(a: np.ndarray, b: np.ndarray, tol: float) -> Tuple[float, float, bool]:
    """(max abs difference, max abs difference / max |b|, breached?) of two arrays."""
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    if a.shape != b.shape:
        return float("inf"), float("inf"), True
    if a.size == 0:
        return 0.0, 0.0, False
    err = np.abs(a - b)
    scale = float(np.abs(b).max())
    max_abs = float(err.max())
    max_rel = max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else float("inf"))
    breached = bool(np.any(~(err <= tol + tol * np.abs(b))))   # NaN counts as a breach
    return max_abs, max_rel, breached


@dataclass
class Divergence:
    """Where the engines first disagree."""

    step: int
    phase: str                      # 'forward', 'loss', 'backward' or 'optimizer'
    layer: Optional[str]            # module path ('' is the model itself), None for the loss
    layer_type: Optional[str]
    parameter: Optional[str]        # first parameter (state_dict key) that breached
    max_abs: float
    max_rel: float
    detail: str

    def __str__(self) -> str:
        where = f"layer '{self.layer}' ({self.layer_type})" if self.layer is not None \
            else "the loss"
        param = f", parameter '{self.parameter}'" if self.parameter else ""
        return (f"diverged at step {self.step} in the {self.phase} pass: {where}{param}; "
                f"max abs {self.max_abs:.3g}, max rel {self.max_rel:.3g} ({self.detail})")


@dataclass
class StepRecord:
    step: int
    loss_minigrad: float
    loss_torch: float
    loss_abs: float
    grad_abs: float
    grad_rel: float
    param_abs: float
    param_rel: float
    lr: float
    time_minigrad: float
    time_torch: float
    grads: Dict[str, Tuple[float, float]] = field(default_factory=dict)
    params: Dict[str, Tuple[float, float]] = field(default_factory=dict)


class LockstepRunner:
    """Train a minigrad model and its torch twin in lock step and compare every step."""

    def __init__(self, model: str = "mlp", optimizer: str = "SGD",
                 optimizer_kwargs: Optional[dict] = None, scheduler: Optional[str] = None,
                 scheduler_kwargs: Optional[dict] = None, scheduler_every: int = 1,
                 dtype: str = "float64", device: str = "cpu", tol: Optional[float] = None,
                 seed: int = 0, model_kwargs: Optional[dict] = None,
                 stop_on_breach: bool = True, locate: bool = True):
        import torch
        import minigrad.nn
        import minigrad.optim
        import torch.optim  # noqa: F401
        self.config = dict(model=model, optimizer=optimizer,
                           optimizer_kwargs=optimizer_kwargs or {"lr": 0.01},
                           scheduler=scheduler, scheduler_kwargs=scheduler_kwargs or {},
                           scheduler_every=scheduler_every, dtype=dtype,
                           device=transfer.default_device(device),
                           tol=tol if tol is not None else DEFAULT_TOL[dtype], seed=seed,
                           model_kwargs=model_kwargs or {})
        self.tol, self.seed = self.config["tol"], seed
        self.stop_on_breach, self.locate = stop_on_breach, locate
        self.step_index = 0
        device = self.config["device"]
        torch.manual_seed(seed)
        th_model = build(model, torch.nn, **self.config["model_kwargs"]).to(
            device=device, dtype=getattr(torch, dtype))
        mg_model = build(model, minigrad.nn, **self.config["model_kwargs"]).to(
            getattr(minigrad, dtype))
        transfer.copy_weights(th_model, mg_model)
        args = (optimizer, self.config["optimizer_kwargs"], scheduler,
                self.config["scheduler_kwargs"])
        self.mg = Engine(minigrad, mg_model, *args, "cpu", dtype)
        self.th = Engine(torch, th_model, *args, device, dtype)
        self.records: List[StepRecord] = []
        self.divergence: Optional[Divergence] = None
        self._handles = []
        for side in (self.mg, self.th):
            if locate:
                self._handles += install_call_hooks(side)
            install_shared_dropout(side, self)

    # -- the step ---------------------------------------------------------------------
    def step(self, x: np.ndarray, y: np.ndarray) -> StepRecord:
        """One training step on both engines; compares and records it."""
        x = self.mg.input_array(x)             # images in the run's dtype, word indices int64
        y = np.asarray(y, np.int64)
        times = []
        losses = []
        for side in (self.mg, self.th):
            side.sync()
            start = time.perf_counter()
            losses.append(side.train_step(x, y))
            side.sync()
            times.append(time.perf_counter() - start)
        record = self._compare(losses, times)
        self.step_index += 1
        every = self.config["scheduler_every"]
        if every and self.step_index % every == 0:
            self.scheduler_step()
        return record

    def scheduler_step(self) -> None:
        for side in (self.mg, self.th):
            if side.scheduler is not None:
                side.scheduler.step()

    def _compare(self, losses, times) -> StepRecord:
        tol = self.tol
        loss_abs = abs(losses[0] - losses[1])
        grads, params = {}, {}
        grad_breach, param_breach = [], []
        mg_params = dict(self.mg.model.named_parameters())
        for name, th_param in self.th.model.named_parameters():
            mg_param = mg_params[name]
            if th_param.grad is not None or mg_param.grad is not None:
                g = diff(_np(mg_param.grad), _np(th_param.grad), tol)
                grads[name] = g[:2]
                if g[2]:
                    grad_breach.append(name)
        mg_state = self.mg.model.state_dict()
        for name, th_value in self.th.model.state_dict().items():
            d = diff(_np(mg_state[name]), _np(th_value), tol)
            params[name] = d[:2]
            if d[2]:
                param_breach.append(name)
        lr = float(self.th.optimizer.param_groups[0]["lr"])
        lr_mg = float(self.mg.optimizer.param_groups[0]["lr"])
        record = StepRecord(
            step=self.step_index, loss_minigrad=losses[0], loss_torch=losses[1],
            loss_abs=loss_abs,
            grad_abs=max((v[0] for v in grads.values()), default=0.0),
            grad_rel=max((v[1] for v in grads.values()), default=0.0),
            param_abs=max((v[0] for v in params.values()), default=0.0),
            param_rel=max((v[1] for v in params.values()), default=0.0),
            lr=lr, time_minigrad=times[0], time_torch=times[1], grads=grads, params=params)
        self.records.append(record)
        loss_breach = not loss_abs <= tol + tol * abs(losses[1])
        lr_breach = not abs(lr - lr_mg) <= tol + tol * abs(lr)
        if self.divergence is None and (loss_breach or grad_breach or param_breach
                                        or lr_breach):
            self.divergence = self._locate(loss_breach, grad_breach, param_breach, lr_mg)
        return record

    # -- finding where the engines part ------------------------------------------------
    def _locate(self, loss_breach, grad_breach, param_breach, lr_mg) -> Divergence:
        step = self.step_index
        owner = _owner_table(self.th.model)
        mg_calls, th_calls = self.mg.calls, self.th.calls
        if self.locate and len(mg_calls) == len(th_calls):
            for (path, module, mg_out), (_, _, th_out) in zip(mg_calls, th_calls, strict=False):
                d = diff(_np(mg_out), _np(th_out), self.tol)
                if d[2]:
                    prefix = path + "." if path else ""
                    own = [n for n in grad_breach + param_breach if n.startswith(prefix)
                           and "." not in n[len(prefix):]]
                    return Divergence(step, "forward", path, type(module).__name__,
                                      _first(own or grad_breach or param_breach), d[0], d[1],
                                      "module output differs")
        if loss_breach:
            r = self.records[-1]
            return Divergence(step, "loss", None, None, _first(grad_breach), r.loss_abs,
                              r.loss_abs / max(abs(r.loss_torch), 1e-300), "loss differs")
        if grad_breach:
            found = self._locate_backward(grad_breach) if self.locate else None
            if found is not None:
                return found
            name = grad_breach[0]
            g = self.records[-1].grads[name]
            return Divergence(step, "backward", owner[name][0], owner[name][1], name, g[0],
                              g[1], "parameter gradient differs")
        if param_breach:
            name = param_breach[0]
            p = self.records[-1].params[name]
            return Divergence(step, "optimizer", owner[name][0], owner[name][1], name, p[0],
                              p[1], "parameter after the optimizer step differs")
        lr = self.records[-1].lr
        return Divergence(step, "optimizer", None, None, None, abs(lr - lr_mg),
                          abs(lr - lr_mg) / max(abs(lr), 1e-300), "learning rates differ")

    def _locate_backward(self, grad_breach) -> Optional[Divergence]:
        """Walk the recorded calls from the loss backward; name the first wrong producer."""
        step, calls = self.step_index, self.th.calls
        mg_grads, th_grads = self.mg.out_grads, self.th.out_grads
        for i in reversed(range(len(calls))):
            if i in th_grads and i in mg_grads:
                d = diff(mg_grads[i], th_grads[i], self.tol)
                if d[2]:
                    if i + 1 < len(calls):
                        path, module, _ = calls[i + 1]
                        return Divergence(step, "backward", path, type(module).__name__,
                                          _first(grad_breach), d[0], d[1],
                                          f"gradient it sends to the output of "
                                          f"'{calls[i][0]}' differs")
                    return Divergence(step, "loss", None, None, _first(grad_breach), d[0],
                                      d[1], "gradient of the loss w.r.t. the logits differs")
            path, module, _ = calls[i]
            prefix = path + "." if path else ""
            for name in grad_breach:
                if name.startswith(prefix) and "." not in name[len(prefix):]:
                    g = self.records[-1].grads[name]
                    return Divergence(step, "backward", path, type(module).__name__, name,
                                      g[0], g[1], "parameter gradient differs")
        return None

    # -- running many steps -------------------------------------------------------------
    def run(self, batches: Iterable[Tuple[np.ndarray, np.ndarray]], steps: Optional[int] = None,
            progress: Optional[bool] = None) -> "LockstepRunner":
        """Step through ``batches`` (pairs of arrays), stopping at a breach if asked.

        ``steps`` caps the total number of recorded steps.  ``progress``: True,
        False, None (a tqdm bar for 100 steps or more, when tqdm is installed)
        or a bar object with ``update`` that the caller owns.
        """
        own_bar = not hasattr(progress, "update")
        bar = _progress(steps, progress) if own_bar else progress
        for x, y in batches:
            if steps is not None and len(self.records) >= steps:
                break
            record = self.step(x, y)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{record.loss_torch:.4f}", dmax=f"{record.param_abs:.1e}")
            if self.divergence is not None and self.stop_on_breach:
                break
        if bar is not None and own_bar:
            bar.close()
        return self

    @property
    def ok(self) -> bool:
        return self.divergence is None

    def result(self) -> dict:
        """The run as plain data (for JSON)."""
        return {"config": self.config, "tolerance": self.tol, "ok": self.ok,
                "steps": len(self.records),
                "divergence": asdict(self.divergence) if self.divergence else None,
                "records": [asdict(r) for r in self.records]}

    def close(self) -> None:
        """Remove hooks and the shared-dropout patches."""
        for handle in self._handles:
            handle.remove()
        self._handles = []
        for side in (self.mg, self.th):
            for _, m in side.model.named_modules():
                m.__dict__.pop("forward", None)


def _np(value):
    return None if value is None else transfer.to_numpy(value)


def _first(names):
    return names[0] if names else None


def _owner_table(model) -> Dict[str, Tuple[str, str]]:
    """state_dict key -> (module path, module type)."""
    table = {}
    for path, module in model.named_modules():
        prefix = path + "." if path else ""
        names = [n for n, _ in module.named_parameters(recurse=False)]
        names += [n for n, _ in module.named_buffers(recurse=False)]
        for name in names:
            table[prefix + name] = (path, type(module).__name__)
    return table


def _progress(total, wanted):
    """A tqdm bar, or None when not wanted or tqdm is missing (an optional dependency)."""
    if wanted is False or (wanted is None and (total is None or total < 100)):
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, desc="lock-step", unit="step", leave=False)


def batches_from_arrays(x: np.ndarray, y: np.ndarray, batch_size: int, epochs: int = 1,
                        seed: int = 0, shuffle: bool = True):
    """Yield ``(x_batch, y_batch)`` over ``epochs`` from one shared permutation per epoch."""
    from .data import batches
    for epoch in range(epochs):
        for idx in batches(len(x), batch_size, seed=seed + epoch, shuffle=shuffle):
            yield x[idx], y[idx]
