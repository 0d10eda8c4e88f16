"""The two sides of a twin: one engine (minigrad or torch) with its model and optimizer.

``Engine`` wraps what differs between the libraries (moving arrays in,
device sync) behind one small interface, so the lock-step runner treats both
sides alike.  ``install_call_hooks`` records every leaf-module call and the
gradient of its output; ``install_shared_dropout`` makes both engines use the
same dropout masks (see ``bridge.lockstep`` for the mechanism).
"""
from __future__ import annotations

from typing import Dict, List

import numpy as np

from . import transfer


class Engine:
    """One engine of the twin: its library, model, optimizer, scheduler and loss."""

    def __init__(self, lib, model, optimizer_name, optimizer_kwargs, scheduler_name,
                 scheduler_kwargs, device, dtype):
        self.lib, self.model, self.device, self.dtype = lib, model, device, dtype
        self.is_torch = lib.__name__ == "torch"
        self.optimizer = getattr(lib.optim, optimizer_name)(model.parameters(),
                                                              **optimizer_kwargs)
        self.scheduler = None
        if scheduler_name:
            sched_cls = getattr(lib.optim.lr_scheduler, scheduler_name)
            self.scheduler = sched_cls(self.optimizer, **(scheduler_kwargs or {}))
        self.loss_fn = lib.nn.CrossEntropyLoss()
        self.calls: List[tuple] = []      # (path, module, output) of this step, forward order
        self.out_grads: Dict[int, np.ndarray] = {}

    def tensor(self, array: np.ndarray):
        if self.is_torch:
            return self.lib.from_numpy(np.ascontiguousarray(array)).to(self.device)
        return self.lib.from_numpy(np.ascontiguousarray(array))

    def sync(self) -> None:
        if self.is_torch and str(self.device).startswith("cuda"):
            self.lib.cuda.synchronize()

    def train_step(self, x: np.ndarray, y: np.ndarray) -> float:
        """Forward, loss, backward and optimizer step; returns the loss."""
        self.calls, self.out_grads = [], {}
        inputs, target = self.tensor(x), self.tensor(y)
        self.optimizer.zero_grad()
        loss = self.loss_fn(self.model(inputs), target)
        loss.backward()
        self.optimizer.step()
        return float(loss.item())

    def evaluate(self, x: np.ndarray, y: np.ndarray, batch_size: int = 500) -> float:
        """Accuracy (0..1) on ``x``, ``y`` in eval mode (``x`` is cast to the model dtype)."""
        x = np.asarray(x, self.dtype)
        self.model.eval()
        correct = 0
        with self.lib.no_grad():
            for start in range(0, len(x), batch_size):
                logits = self.model(self.tensor(x[start:start + batch_size]))
                pred = transfer.to_numpy(logits.argmax(1))
                self.calls = []                   # hooks recorded this batch: drop it
                correct += int((pred == y[start:start + batch_size]).sum())
        self.model.train()
        return correct / max(len(x), 1)


def leaf_modules(model):
    return [(name, m) for name, m in model.named_modules() if not list(m.children())]


def install_call_hooks(side: Engine) -> list:
    """Record every leaf module call (output and its gradient) of each step."""
    handles = []
    for path, module in leaf_modules(side.model):
        def hook(module, inputs, output, path=path):
            index = len(side.calls)
            side.calls.append((path, module, output))
            if getattr(output, "requires_grad", False) and side.lib.is_grad_enabled():
                def grad_hook(grad, index=index):
                    side.out_grads[index] = transfer.to_numpy(grad)
                output.register_hook(grad_hook)
        handles.append(module.register_forward_hook(hook))
    return handles


def install_shared_dropout(side: Engine, runner) -> list:
    """Replace each Dropout's forward by one drawing its mask from the runner's shared rng.

    ``runner`` supplies ``seed`` and ``step_index``; the mask of call ``c`` of
    dropout module ``i`` at step ``s`` comes from ``default_rng([seed, s, i, c])``.
    """
    patched = []
    dropouts = [m for _, m in side.model.named_modules() if type(m).__name__ == "Dropout"]
    for index, module in enumerate(dropouts):
        counter = {"step": -1, "call": 0}

        def forward(x, module=module, index=index, counter=counter):
            if not module.training or module.p == 0:
                return x
            if counter["step"] != runner.step_index:
                counter["step"], counter["call"] = runner.step_index, 0
            rng = np.random.default_rng([runner.seed, runner.step_index, index,
                                         counter["call"]])
            counter["call"] += 1
            dtype = np.dtype(str(x.dtype).split(".")[-1])
            keep = (rng.random(tuple(x.shape)) >= module.p).astype(dtype)
            scale = keep / dtype.type(1 - module.p) if module.p < 1 else keep * 0
            return x * side.tensor(scale)
        module.forward = forward
        patched.append(module)
    return patched
