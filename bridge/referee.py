"""A float64 torch referee for the float32 breaches of the per-step check.

float32 torch is not always the more accurate engine.  Some of its CPU
kernels accumulate long reductions in float32: the weight gradient of the
ResBlock net's 16-channel convolutions sums 64 x 28 x 28 products per
element, with heavy cancellation behind batch norm, and torch's float32
value is 1.8e-4 (relative) away from torch's own float64 value, minigrad's
7e-6 (measured at step 0 of the MNIST run).  Such a quantity breaches the
tolerance although minigrad computed it better than torch.

When a float32 step breaches, the runner asks the referee: torch in float64
re-takes the same step from the same state, with the same batch, dropout
masks and ReLU / max-pool decisions, and with its optimizer stepping on
torch's float32 gradients like the checked twin's.  A breach *stands* when
minigrad's value is farther from the referee's than the tolerance allows
and more than ``MARGIN`` times farther than torch's float32 value is; else
it is rounding that torch shares, and the step is recorded as refereed.
"""
from __future__ import annotations

import math
from typing import Dict, Optional, Tuple

import numpy as np

from . import decisions, transfer
from .models import build
from .twin import Engine, install_call_hooks, install_shared_dropout

MARGIN = 2.0


class Referee:
    """torch in float64, re-taking the torch twin's steps on demand."""

    def __init__(self, runner):
        import torch
        config = runner.config
        model = build(config["model"], torch.nn, **config["model_kwargs"]).double()
        self.side = Engine(torch, model, config["optimizer"], config["optimizer_kwargs"],
                           None, {}, "cpu", "float64")
        self.tol = runner.tol
        self.handles = contiguous_batch_norm(model) + install_call_hooks(self.side)
        install_shared_dropout(self.side, runner)
        self.recorder = decisions.DecisionRecorder(self.side,
                                                   source=runner.recorders[id(runner.th)])
        self.own_grads = transfer.feed_gradients(runner.th.model, model, self.side.optimizer)
        self.loss: Optional[float] = None
        self.grads: Dict[str, np.ndarray] = {}
        self.values: Dict[str, np.ndarray] = {}
        self.state: dict = {}

    def step(self, x: np.ndarray, y: np.ndarray, state: dict, optimizer_state: dict) -> None:
        """Take the step from ``state`` and ``optimizer_state`` (NumPy copies of torch's)."""
        import torch
        self.side.model.load_state_dict(
            {k: torch.from_numpy(np.array(v, np.float64 if v.dtype.kind == "f" else v.dtype))
             for k, v in state.items()})
        self.side.optimizer.load_state_dict(transfer.to_torch(optimizer_state))
        self.recorder.start()
        try:
            self.loss = self.side.train_step(np.asarray(x, np.float64), y)
        finally:
            self.recorder.stop()
        self.grads = {name: transfer.to_numpy(g) for name, g in self.own_grads.items()
                      if g is not None}
        self.values = transfer.to_numpy(self.side.model.state_dict())
        self.state = transfer.to_numpy(self.side.optimizer.state_dict()["state"])

    def stands(self, mine, theirs, reference, before=None) -> Tuple[bool, float, float]:
        """Is ``mine`` (minigrad) wrong where ``theirs`` (torch float32) is not?

        Returns (stands, minigrad's error, torch's error), each relative to the
        referee's largest value, or to its largest update when ``before`` is given
        (then one unit in the last place of a stored float32 value is forgiven).
        """
        mine, theirs, reference = (np.asarray(v, np.float64) for v in (mine, theirs, reference))
        if mine.shape != reference.shape or theirs.shape != reference.shape:
            return True, math.inf, math.inf
        if reference.size == 0:
            return False, 0.0, 0.0
        scale = float(np.abs(reference if before is None
                           else reference - np.asarray(before, np.float64)).max())
        errors = []
        for value in (mine, theirs):
            err = np.abs(value - reference)
            if before is not None:
                err = np.maximum(err - np.spacing(np.abs(value).astype(np.float32)), 0)
            errors.append(float(err.max()) / scale if scale > 0 else
                          (0.0 if err.max() == 0 else math.inf))
        err_mine, err_theirs = errors
        return not err_mine <= max(self.tol, MARGIN * err_theirs), err_mine, err_theirs

    def output(self, index: int):
        """The referee's output of leaf-module call ``index`` this step (NumPy), or None."""
        calls = self.side.calls
        return transfer.to_numpy(calls[index][2]) if index < len(calls) else None

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()
        self.recorder.remove()
        self.side.optimizer.__dict__.pop("step", None)


def contiguous_batch_norm(model) -> list:
    """Feed a torch model's batch norms contiguous input (see ``bridge.lockstep``)."""
    handles = []
    for module in model.modules():
        if type(module).__name__ in ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d"):
            handles.append(module.register_forward_pre_hook(
                lambda module, args: (args[0].contiguous(),) + tuple(args[1:])))
    return handles
