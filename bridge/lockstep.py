"""Lock-step training: minigrad and PyTorch twins take the same steps side by side.

Two comparisons run together (``resync=True``, the default):

* **Per-step check from identical state** (the verdict).  Before every step
  the checked minigrad twin takes torch's parameters, buffers and optimizer
  state (copies, ``bridge.transfer``); then both take the step on the same
  batch, with the same dropout masks and the same ReLU / max-pool decisions,
  and after its gradients are compared its optimizer steps on torch's
  gradients.  The differences then measure that one step's arithmetic,
  phase by phase from identical inputs: forward, loss, backward, buffer
  updates and the optimizer update.
* **Free-running drift** (information, never a failure).  A second minigrad
  twin starts from the same weights and is never synced.  Two float
  trajectories of a nonlinear training run drift apart: once accumulated
  rounding moves a pre-activation across zero, a ReLU (or a max-pool winner)
  flips, and the gradients differ by far more than rounding from then on.
  The runner records this drift every step, the step where it leaves
  rounding level (first exceeds the tolerance) and how many ReLU / max-pool
  decisions flipped at that step, per layer.

With ``resync=False`` only the free-running pair exists and the verdict comes
from it: the strict lock-step, useful in float64, where drift stays at
rounding level for hundreds of steps.

Compared quantities.  The loss, every parameter gradient, every parameter and
buffer update, the optimizer state after the step, the input of every
decision layer and (to locate a disagreement) every leaf-module output and
output gradient.  Each is one tensor, and its *relative difference* is
``max |a - b| / max |b|`` (``b`` is torch's): relative to the tensor's
largest value, so elements near zero do not inflate it.  A parameter or
buffer update ``u = after - before`` is compared as
``max(|a - b| - ulp(b), 0) / max |u|`` (both twins started from the same
``before``; the stored value is rounded to the dtype, and one unit in its
last place is forgiven).  A quantity *breaches* the tolerance ``tol`` when
its relative difference exceeds ``tol``; NaN always breaches.

Tolerances (``DEFAULT_TOL``): 1e-9 for float64; 1e-4 for float32.  Over a
full MNIST epoch (SGD lr 0.05 momentum 0.9, batch 64) the honest float32
per-step differences of the MLPs stay below 5e-6 and SimpleCNN's below
2.2e-5 (a bias gradient summed over 50176 positions); a planted 1e-3 error
in one backward rule is ten times the tolerance.  Where torch's own float32
is farther from the exact result (the ResBlock net's convolution gradients,
up to 1e-3), a float64 torch referee decides (``bridge.referee``): a float32
breach stands only when minigrad is the one that is off.

Decisions (``bridge.decisions``).  From identical state the twins' inputs to a
ReLU or a max-pool still differ by rounding, and an input within rounding of
a kink (about one in a million) makes the engines decide differently: the
gradient of one unit is then passed by one engine and dropped by the other.
That is not a difference in arithmetic, so the checked twin takes torch's
decisions: each decision layer receives torch's input values, with the
gradient flowing back unchanged into minigrad's graph.  The inputs themselves
are compared first (a real forward error still breaches there), and the
decisions that this alignment changed are counted (``aligned``).

Batch norm in the torch twin.  A convolution of a one-channel image returns
a channels-last tensor on the CPU (torch's choice for the ambiguous layout),
and torch's channels-last float32 batch norm accumulates its statistics in
float32: its output and gradients are off by about 2e-4 relative (measured
against float64 on an MNIST batch of 64, 50176 values per channel), where
the contiguous kernel and minigrad are off by about 2e-7.  The torch twin
therefore feeds its batch norms contiguous input (a forward pre-hook; the
values are unchanged), so that the check measures minigrad against torch's
accurate kernel.

The optimizer steps on torch's gradients.  Adam, RMSprop and the like
divide by the root of the squared gradient, so an element whose gradient is
rounding noise (say 1e-10 in one engine, -1e-10 in the other) gets updates
of opposite sign; from its own gradients minigrad's float32 RMSprop update
would differ by 5e-4 relative at step 0 (measured).  The gradients are
compared first, so a wrong gradient is still found, in the backward pass.

Dropout masks come from one shared source: while a runner exists, the
``forward`` of every ``Dropout`` module of each twin is replaced (an
instance attribute, removed by ``close()``) by one that multiplies its input
by ``keep / (1 - p)``, where ``keep = u >= p`` and ``u`` is drawn from
``numpy.random.default_rng([seed, step, module_index, call_index])``.  Every
engine therefore draws the very same mask, computed in the input dtype.

Locating a disagreement: the first module (in forward order) whose output or
decision input differs; else a buffer update; else the loss; else, walking
backward from the loss, the first module whose parameter gradient or input
gradient differs; else the optimizer update or state; else the learning
rate.  Module outputs and output gradients come from forward hooks on every
leaf module of the checked twin and of torch.
"""
from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np

from . import decisions, transfer
from .compare import (Worst, diff, drift_summary, grad_diffs, refereed_summary, relative,
                      to_numpy, total, update_diff, values_of, view)
from .models import build
from .referee import Referee, contiguous_batch_norm
from .twin import Engine, install_call_hooks, install_shared_dropout

DEFAULT_TOL = {"float64": 1e-9, "float32": 1e-4}


@dataclass
class Divergence:
    """Where the engines first disagree."""

    step: int
    phase: str                      # 'forward', 'loss', 'backward', 'optimizer', 'scheduler'
    layer: Optional[str]            # module path ('' is the model itself), None for the loss
    layer_type: Optional[str]
    parameter: Optional[str]        # first parameter (state_dict key) that breached
    max_abs: float
    max_rel: float
    detail: str

    def __str__(self) -> str:
        where = f"layer '{self.layer}' ({self.layer_type})" if self.layer is not None \
            else "the loss" if self.phase in ("loss", "backward") else "the learning rate"
        param = f", parameter '{self.parameter}'" if self.parameter else ""
        return (f"first disagreement at step {self.step} in the {self.phase} pass: {where}"
                f"{param}; relative difference {self.max_rel:.3g} (max abs {self.max_abs:.3g}):"
                f" {self.detail}")


@dataclass
class StepRecord:
    """One step.  Without ``resync`` the checked pair is the free-running pair."""

    step: int
    loss_minigrad: float
    loss_torch: float
    loss_abs: float
    grad_abs: float
    grad_rel: float
    param_abs: float                # parameter and buffer values after the step
    param_rel: float                # resync: of the updates (see ``update_diff``)
    lr: float
    time_minigrad: float            # the free-running twin's step when there is one
    time_torch: float
    grads: Dict[str, Tuple[float, float]] = field(default_factory=dict)
    params: Dict[str, Tuple[float, float]] = field(default_factory=dict)
    error: float = 0.0              # the worst relative difference of the checked pair ...
    error_at: str = ""              # ... and the quantity it belongs to
    aligned: Dict[str, int] = field(default_factory=dict)   # decisions aligned, per layer
    # breaches cleared by the float64 referee: quantity -> [difference to torch, minigrad's
    # and torch's float32 errors against torch float64]
    refereed: Dict[str, List[float]] = field(default_factory=dict)
    drift: Optional[float] = None   # the free-running pair's worst relative difference ...
    drift_at: str = ""
    drift_loss: Optional[float] = None  # ... its minigrad loss, and its decision flips
    flips: Dict[str, int] = field(default_factory=dict)


class LockstepRunner:
    """Train minigrad twins beside a torch model: a per-step check and a free-running drift."""

    def __init__(self, model: str = "mlp", optimizer: str = "SGD",
                 optimizer_kwargs: Optional[dict] = None, scheduler: Optional[str] = None,
                 scheduler_kwargs: Optional[dict] = None, scheduler_every: int = 1,
                 dtype: str = "float64", device: str = "cpu", tol: Optional[float] = None,
                 seed: int = 0, model_kwargs: Optional[dict] = None,
                 stop_on_breach: bool = True, locate: bool = True, resync: bool = True,
                 drift: bool = True):
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
                           model_kwargs=model_kwargs or {}, resync=resync,
                           drift=bool(drift and resync))
        self.tol, self.seed, self.resync = self.config["tol"], seed, resync
        self.referee: Optional[Referee] = None          # made at the first float32 breach
        self._use_referee = resync and dtype != "float64"
        self._ref_active: Optional[Referee] = None
        self.stop_on_breach, self.locate = stop_on_breach, locate
        self.step_index = 0
        device = self.config["device"]
        args = (optimizer, self.config["optimizer_kwargs"], scheduler,
                self.config["scheduler_kwargs"])
        torch.manual_seed(seed)
        th_model = build(model, torch.nn, **self.config["model_kwargs"]).to(
            device=device, dtype=getattr(torch, dtype))
        self.th = Engine(torch, th_model, *args, device, dtype)
        self.mg = self._twin(minigrad, args, dtype)
        self.free = self._twin(minigrad, args, dtype) if self.config["drift"] else None
        self.records: List[StepRecord] = []
        self.divergence: Optional[Divergence] = None
        self.breaches: List[int] = []           # every step that breached
        self.decision_layers: Dict[str, str] = {}    # decision-layer call -> class name
        self._handles = contiguous_batch_norm(th_model)
        for side in (self.mg, self.th):
            if locate:
                self._handles += install_call_hooks(side)
        self.recorders = {id(self.th): decisions.DecisionRecorder(self.th)}
        self.recorders[id(self.mg)] = decisions.DecisionRecorder(
            self.mg, self.recorders[id(self.th)] if resync else None)
        if self.free is not None:
            self.recorders[id(self.free)] = decisions.DecisionRecorder(self.free)
        for side in self.engines:
            install_shared_dropout(side, self)
        # from identical inputs, phase by phase: the optimizer steps on torch's gradients
        self._own_grads = transfer.feed_gradients(th_model, self.mg.model, self.mg.optimizer) \
            if resync else None

    def _twin(self, minigrad, args, dtype) -> Engine:
        model = build(self.config["model"], minigrad.nn, **self.config["model_kwargs"]).to(
            getattr(minigrad, dtype))
        transfer.copy_weights(self.th.model, model)
        return Engine(minigrad, model, *args, "cpu", dtype)

    @property
    def engines(self) -> List[Engine]:
        return [e for e in (self.th, self.mg, self.free) if e is not None]

    @property
    def minigrad(self) -> Engine:
        """The minigrad twin that trains on its own (the free-running one when present)."""
        return self.free if self.free is not None else self.mg

    # -- the step ---------------------------------------------------------------------
    def step(self, x: np.ndarray, y: np.ndarray) -> StepRecord:
        """One training step on every engine; compares and records it."""
        x = np.asarray(x, getattr(np, self.config["dtype"]))
        y = np.asarray(y, np.int64)
        before = self._sync() if self.resync else None
        loss_th, time_th = self._train(self.th, x, y)       # torch first: the others align to it
        self.decision_layers.update((c.key, c.kind) for c in self.recorders[id(self.th)].calls)
        loss_mg, time_mg = self._train(self.mg, x, y)
        th_values = values_of(self.th.model.state_dict())
        record = self._compare(x, y, loss_mg, loss_th, before, th_values, time_mg, time_th)
        if self.free is not None:
            loss_free, record.time_minigrad = self._train(self.free, x, y)
            self._drift(record, self.free, loss_free, loss_th, th_values)
        else:
            self._drift(record, self.mg, loss_mg, loss_th, th_values)
        self.step_index += 1
        every = self.config["scheduler_every"]
        if every and self.step_index % every == 0:
            self.scheduler_step()
        return record

    def _sync(self) -> dict:
        """The checked twin takes torch's state; returns that state (NumPy copies)."""
        state = transfer.to_numpy(self.th.model.state_dict())
        self.mg.model.load_state_dict(transfer.to_minigrad(state))
        transfer.copy_optimizer_state(self.th.optimizer, self.mg.optimizer)
        if self._use_referee:
            self._optimizer_before = transfer.to_numpy(self.th.optimizer.state_dict())
        return state

    def _train(self, side: Engine, x, y) -> Tuple[float, float]:
        recorder = self.recorders[id(side)]
        recorder.start()
        side.sync()
        start = time.perf_counter()
        loss = side.train_step(x, y)
        side.sync()
        elapsed = time.perf_counter() - start
        recorder.stop()
        return loss, elapsed

    def scheduler_step(self) -> None:
        for side in self.engines:
            if side.scheduler is not None:
                side.scheduler.step()
        if self.resync:             # the step's lr came from torch: check the scheduler here
            lr, lr_mg = _lr(self.th), _lr(self.mg)
            if not abs(lr - lr_mg) <= self.tol * abs(lr) and self.divergence is None:
                self.divergence = Divergence(
                    self.step_index - 1, "scheduler", None, None, None, abs(lr - lr_mg),
                    relative(abs(lr - lr_mg), abs(lr)), f"learning rate after the "
                    f"scheduler step: minigrad {lr_mg:g}, torch {lr:g}")

    # -- comparing the checked pair ------------------------------------------------------
    def _compare(self, x, y, loss_mg, loss_th, before, th_values, time_mg,
                 time_th) -> StepRecord:
        tol, worst = self.tol, Worst()
        loss_abs = abs(loss_mg - loss_th)
        loss_rel = relative(loss_abs, abs(loss_th))
        worst.add(loss_rel, "the loss")
        grads, grad_breach = grad_diffs(self.mg, self.th, tol, worst, self._own_grads)
        params, param_breach = {}, []
        values = values_of(self.mg.model.state_dict())
        for name, th_value in th_values.items():
            if before is None:
                d = diff(values[name], th_value, tol)
            else:
                d = update_diff(values[name], th_value, before[name], tol)
            params[name] = (d[0], d[1])
            worst.add(d[1], f"{'value' if before is None else 'update'} of '{name}'")
            if d[2]:
                param_breach.append(name)
        state_breach = self._state_diffs(worst) if before is not None else []
        input_breach = []
        th_calls = self.recorders[id(self.th)].calls
        for i, (mine, theirs) in enumerate(zip(self.recorders[id(self.mg)].calls, th_calls,
                                               strict=False)):
            d = diff(mine.input, theirs.input, tol)
            worst.add(d[1], f"input of '{mine.key}'")
            if d[2]:
                input_breach.append((i, mine))
        aligned = decisions.flips(self.recorders[id(self.mg)], self.recorders[id(self.th)]) \
            if self.resync else {}
        loss_breach = not loss_rel <= tol
        self._ref_active, cleared = None, {}
        if self._use_referee and (loss_breach or grad_breach or param_breach or state_breach
                                  or input_breach):
            ref = self._ref_active = self._referee_step(x, y, before)

            def stands(label, *values):
                verdict, err_mine, err_theirs = ref.stands(*values)
                if not verdict:
                    cleared[label] = [worst.values[label], err_mine, err_theirs]
                return verdict
            th_grads = {n: p.grad for n, p in self.th.model.named_parameters()}
            loss_breach = loss_breach and stands("the loss", loss_mg, loss_th, ref.loss)
            grad_breach = [n for n in grad_breach if stands(
                f"gradient of '{n}'", view(self._own_grads[n]), view(th_grads[n]),
                ref.grads.get(n))]
            param_breach = [n for n in param_breach if stands(
                f"update of '{n}'", values[n], th_values[n], ref.values[n], before[n])]
            state_breach = [b for b in state_breach if stands(
                f"optimizer state '{b.key}' of '{b.name}'", b.mine, b.theirs,
                ref.state[b.index][b.key])]
            input_breach = [(i, c) for i, c in input_breach if stands(
                f"input of '{c.key}'", c.input, th_calls[i].input, ref.recorder.calls[i].input)]
        error, error_at = worst.largest(excluding=cleared)
        lr, lr_mg = _lr(self.th), _lr(self.mg)
        record = StepRecord(
            step=self.step_index, loss_minigrad=loss_mg, loss_torch=loss_th, loss_abs=loss_abs,
            grad_abs=max((v[0] for v in grads.values()), default=0.0),
            grad_rel=max((v[1] for v in grads.values()), default=0.0),
            param_abs=max((v[0] for v in params.values()), default=0.0),
            param_rel=max((v[1] for v in params.values()), default=0.0),
            lr=lr, time_minigrad=time_mg, time_torch=time_th, grads=grads, params=params,
            error=error, error_at=error_at, aligned={k: v for k, v in aligned.items() if v},
            refereed=cleared)
        self.records.append(record)
        lr_breach = not abs(lr - lr_mg) <= tol * abs(lr)
        if loss_breach or grad_breach or param_breach or state_breach or input_breach \
                or lr_breach:
            self.breaches.append(self.step_index)
            if self.divergence is None:
                self.divergence = self._locate(loss_breach, grad_breach, param_breach,
                                               state_breach, [c for _, c in input_breach],
                                               lr_mg)
        return record

    def _referee_step(self, x, y, before) -> Referee:
        """torch float64 re-takes this step from the same state (see ``bridge.referee``)."""
        if self.referee is None:
            self.referee = Referee(self)
        self.referee.step(x, y, before, self._optimizer_before)
        return self.referee

    def _state_diffs(self, worst) -> List["_StateBreach"]:
        """Compare the optimizer states after the step; returns the breaches."""
        names = [n for n, _ in self.th.model.named_parameters()]
        mg_state = values_of(self.mg.optimizer.state_dict()["state"])
        breaches = []
        for index, th_entry in values_of(self.th.optimizer.state_dict()["state"]).items():
            mg_entry = mg_state.get(index, {})
            for key, th_value in th_entry.items():
                if not isinstance(th_value, (np.ndarray, float, int)):
                    continue
                mg_value = mg_entry.get(key)
                d = diff(mg_value, th_value, self.tol) if mg_value is not None \
                    else (math.inf, math.inf, True)
                worst.add(d[1], f"optimizer state '{key}' of '{names[index]}'")
                if d[2]:
                    breaches.append(_StateBreach(names[index], index, key, d[0], d[1],
                                                 mg_value, th_value))
        return breaches

    # -- the free-running pair ---------------------------------------------------------
    def _drift(self, record: StepRecord, side: Engine, loss_mg: float, loss_th: float,
               th_values: dict) -> None:
        """Fill the record's drift fields: ``side`` (never synced) against torch."""
        worst = Worst()
        worst.add(relative(abs(loss_mg - loss_th), abs(loss_th)), "the loss")
        grad_diffs(side, self.th, self.tol, worst)
        values = values_of(side.model.state_dict())
        for name, th_value in th_values.items():
            worst.add(diff(values[name], th_value, self.tol)[1], f"value of '{name}'")
        record.drift, record.drift_at, record.drift_loss = worst.value, worst.name, loss_mg
        flipped = decisions.flips(self.recorders[id(side)], self.recorders[id(self.th)])
        record.flips = {k: v for k, v in flipped.items() if v}

    # -- finding where the engines part ------------------------------------------------
    def _locate(self, loss_breach, grad_breach, param_breach, state_breach, input_breach,
                lr_mg) -> Divergence:
        step, tol = self.step_index, self.tol
        owner = _owner_table(self.th.model)
        buffers = {n for n, _ in self.th.model.named_buffers()}
        mg_calls, th_calls = self.mg.calls, self.th.calls
        own_breach = [n for n in param_breach if n not in buffers]
        first_input = {c.position: c for c in input_breach}
        if self.locate and len(mg_calls) == len(th_calls):
            for i, ((path, module, mg_out), (_, _, th_out)) in enumerate(
                    zip(mg_calls, th_calls, strict=False)):
                if i in first_input:
                    d = diff(first_input[i].input, self._torch_input(i), tol)
                    return Divergence(step, "forward", path, type(module).__name__, None,
                                      d[0], d[1], "its input differs (computed between the "
                                      "modules, e.g. a residual sum)")
                d = diff(to_numpy(mg_out), to_numpy(th_out), tol)
                if d[2] and self._stands(to_numpy(mg_out), to_numpy(th_out), self._ref_output(i)):
                    prefix = path + "." if path else ""
                    own = [n for n in grad_breach + own_breach if n.startswith(prefix)
                           and "." not in n[len(prefix):]]
                    return Divergence(step, "forward", path, type(module).__name__,
                                      _first(own or grad_breach or own_breach), d[0], d[1],
                                      "module output differs")
        elif input_breach:
            call = input_breach[0]
            return Divergence(step, "forward", call.path, call.kind, None, math.nan, math.nan,
                              "its input differs")
        r = self.records[-1]
        for name in param_breach:
            if name in buffers:
                return Divergence(step, "forward", owner[name][0], owner[name][1], name,
                                  r.params[name][0], r.params[name][1],
                                  "buffer update differs (running statistics)")
        if loss_breach:
            return Divergence(step, "loss", None, None, _first(grad_breach), r.loss_abs,
                              relative(r.loss_abs, abs(r.loss_torch)), "loss differs")
        if grad_breach:
            found = self._locate_backward(grad_breach) if self.locate else None
            if found is not None:
                return found
            name = grad_breach[0]
            g = r.grads[name]
            return Divergence(step, "backward", owner[name][0], owner[name][1], name, g[0],
                              g[1], "parameter gradient differs")
        if own_breach:
            name = own_breach[0]
            p = r.params[name]
            what = "update" if self.resync else "value after the optimizer step"
            return Divergence(step, "optimizer", owner[name][0], owner[name][1], name, p[0],
                              p[1], f"parameter {what} differs")
        if state_breach:
            b = state_breach[0]
            return Divergence(step, "optimizer", owner[b.name][0], owner[b.name][1], b.name,
                              b.max_abs, b.max_rel, f"optimizer state '{b.key}' differs")
        lr = r.lr
        return Divergence(step, "optimizer", None, None, None, abs(lr - lr_mg),
                          relative(abs(lr - lr_mg), abs(lr)), "learning rates differ")

    def _stands(self, mine, theirs, reference) -> bool:
        """A breach of a located quantity stands unless the referee (if it ran) clears it."""
        if self._ref_active is None or reference is None:
            return True
        return self._ref_active.stands(mine, theirs, reference)[0]

    def _ref_output(self, index: int):
        return self._ref_active.output(index) if self._ref_active else None

    def _torch_input(self, position: int) -> np.ndarray:
        """Torch's input to the decision layer whose output is call ``position``."""
        return next(c.input for c in self.recorders[id(self.th)].calls
                    if c.position == position)

    def _locate_backward(self, grad_breach) -> Optional[Divergence]:
        """Walk the recorded calls from the loss backward; name the first wrong producer."""
        step, calls = self.step_index, self.th.calls
        mg_grads, th_grads = self.mg.out_grads, self.th.out_grads
        for i in reversed(range(len(calls))):
            if i in th_grads and i in mg_grads:
                d = diff(mg_grads[i], th_grads[i], self.tol)
                ref = self._ref_active.side.out_grads.get(i) if self._ref_active else None
                if d[2] and self._stands(mg_grads[i], th_grads[i], ref):
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
            progress=None) -> "LockstepRunner":
        """Step through ``batches`` (pairs of arrays), stopping at a breach if asked.

        ``steps`` caps the total number of recorded steps.  ``progress``: True,
        False, None (a bar for 100 steps or more; see ``report.progress_bar``)
        or a bar object with ``update`` that the caller owns.
        """
        from .report import progress_bar
        own_bar = not hasattr(progress, "update")
        bar = progress_bar(steps, progress) if own_bar else progress
        for x, y in batches:
            if steps is not None and len(self.records) >= steps:
                break
            record = self.step(x, y)
            if bar is not None:
                bar.update(1)
                postfix = {"loss": f"{record.loss_torch:.4f}", "err": f"{record.error:.1e}"}
                if record.drift is not None and self.resync:
                    postfix["drift"] = f"{record.drift:.1e}"
                bar.set_postfix(postfix)
            if self.divergence is not None and self.stop_on_breach:
                break
        if bar is not None and own_bar:
            bar.close()
        return self

    @property
    def ok(self) -> bool:
        return self.divergence is None

    def worst(self) -> dict:
        """The largest per-step relative difference of the checked pair: value, step, quantity."""
        if not self.records:
            return {"error": 0.0, "step": None, "at": ""}
        r = max(self.records, key=lambda r: (r.error if r.error == r.error else math.inf))
        return {"error": r.error, "step": r.step, "at": r.error_at}

    def result(self) -> dict:
        """The run as plain data (for JSON)."""
        return {"config": self.config, "tolerance": self.tol, "ok": self.ok,
                "mode": "resync" if self.resync else "free", "steps": len(self.records),
                "divergence": asdict(self.divergence) if self.divergence else None,
                "breaches": len(self.breaches), "worst": self.worst(),
                "aligned": total(r.aligned for r in self.records),
                "refereed": refereed_summary(self.records),
                "decision_layers": dict(self.decision_layers),
                "drift": drift_summary(self.records, self.tol),
                "records": [asdict(r) for r in self.records]}

    def close(self) -> None:
        """Remove hooks and the shared-dropout patches."""
        for handle in self._handles:
            handle.remove()
        self._handles = []
        for recorder in self.recorders.values():
            recorder.remove()
        for side in self.engines:
            for _, m in side.model.named_modules():
                m.__dict__.pop("forward", None)
        self.mg.optimizer.__dict__.pop("step", None)
        if self.referee is not None:
            self.referee.remove()


@dataclass
class _StateBreach:
    """An optimizer-state tensor of one parameter that breached."""

    name: str
    index: int
    key: str
    max_abs: float
    max_rel: float
    mine: object
    theirs: object


def _lr(side: Engine) -> float:
    return float(side.optimizer.param_groups[0]["lr"])


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


def batches_from_arrays(x: np.ndarray, y: np.ndarray, batch_size: int, epochs: int = 1,
                        seed: int = 0, shuffle: bool = True):
    """Yield ``(x_batch, y_batch)`` over ``epochs`` from one shared permutation per epoch."""
    from .data import batches
    for epoch in range(epochs):
        for idx in batches(len(x), batch_size, seed=seed + epoch, shuffle=shuffle):
            yield x[idx], y[idx]
