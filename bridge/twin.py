"""The two sides of a twin: one engine (minigrad or torch) with its model and optimizer.

``Engine`` wraps what differs between the libraries (moving arrays in,
device sync) behind one small interface, so the lock-step runner treats both
sides alike.  ``install_call_hooks`` records every leaf-module call and the
gradient of its output; ``install_shared_dropout`` makes both engines use the
same dropout masks (see ``bridge.lockstep`` for the mechanism), also between the
layers of a multi-layer RNN, LSTM or GRU.
"""
from __future__ import annotations

import importlib
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

    def input_array(self, x: np.ndarray) -> np.ndarray:
        """A batch as the model takes it: images in the model dtype, word indices int64."""
        return np.asarray(x, np.int64 if np.asarray(x).dtype.kind in "iu" else self.dtype)

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
        x = self.input_array(x)
        self.model.eval()
        correct = 0
        with self.lib.no_grad():
            for start in range(0, len(x), batch_size):
                logits = self.model(self.tensor(x[start:start + batch_size]))
                pred = transfer.to_numpy(logits.argmax(1))
                self.calls = []                   # hooks recorded this batch: drop it
                correct += int((pred == y[start:start + batch_size]).sum())
        self.model.train()
        return correct / max(np.size(y), 1)            # per label: a language model has T


def leaf_modules(model):
    return [(name, m) for name, m in model.named_modules() if not list(m.children())]


def main_output(output):
    """The tensor that stands for a module's output: the output sequence of an RNN
    (``(output, h_n)``), the data of a ``PackedSequence``, else the output itself."""
    if isinstance(output, tuple) and type(output).__name__ == "PackedSequence":
        return output.data
    if isinstance(output, (tuple, list)) and output:
        return main_output(output[0])
    return output


def install_call_hooks(side: Engine) -> list:
    """Record every leaf module call (output and its gradient) of each step."""
    handles = []
    for path, module in leaf_modules(side.model):
        def hook(module, inputs, output, path=path):
            output = main_output(output)
            index = len(side.calls)
            side.calls.append((path, module, output))
            if getattr(output, "requires_grad", False) and side.lib.is_grad_enabled():
                def grad_hook(grad, index=index):
                    side.out_grads[index] = transfer.to_numpy(grad)
                output.register_hook(grad_hook)
        handles.append(module.register_forward_hook(hook))
    return handles


RECURRENT = ("RNN", "LSTM", "GRU")


def install_shared_dropout(side: Engine, runner) -> list:
    """Replace each Dropout's forward by one drawing its mask from the runner's shared rng.

    ``runner`` supplies ``seed`` and ``step_index``; the mask of call ``c`` of
    dropout module ``i`` at step ``s`` comes from ``default_rng([seed, s, i, c])``.
    Multi-layer RNN, LSTM and GRU modules with ``dropout > 0`` count as dropout
    modules too: in training they run one layer at a time (``_layer_by_layer``),
    each layer's output but the last multiplied by a shared mask, one call each.
    """
    patched = []
    sources = [m for _, m in side.model.named_modules() if type(m).__name__ == "Dropout"
               or (type(m).__name__ in RECURRENT and m.dropout > 0 and m.num_layers > 1)]
    for index, module in enumerate(sources):
        counter = {"step": -1, "call": 0}

        def mask(x, p, index=index, counter=counter):
            """``x`` times the next shared mask of source ``index`` (``x`` a tensor)."""
            if counter["step"] != runner.step_index:
                counter["step"], counter["call"] = runner.step_index, 0
            rng = np.random.default_rng([runner.seed, runner.step_index, index,
                                         counter["call"]])
            counter["call"] += 1
            dtype = np.dtype(str(x.dtype).split(".")[-1])
            keep = (rng.random(tuple(x.shape)) >= p).astype(dtype)
            scale = keep / dtype.type(1 - p) if p < 1 else keep * 0
            return x * side.tensor(scale)

        if type(module).__name__ == "Dropout":
            def forward(x, module=module, mask=mask):
                if not module.training or module.p == 0:
                    return x
                return mask(x, module.p)
        else:
            forward = _layer_by_layer(module, mask)
        module.forward = forward
        patched.append(module)
    return patched


def _layer_by_layer(module, mask):
    """A forward for a multi-layer recurrent ``module`` (of either library) that runs its
    layers one at a time, with ``mask(x, p)`` applied between them while training.

    Each layer is a one-layer module of the same class whose parameters are the
    multi-layer module's own (``weight_ih_l1`` becomes the layer's ``weight_ih_l0``),
    bound again at every call.  Initial states are sliced per layer; the final states
    are concatenated, as the multi-layer module returns them.
    """
    cls = type(module)
    directions = 2 if module.bidirectional else 1
    width = directions * (getattr(module, "proj_size", 0) or module.hidden_size)
    options = dict(num_layers=1, bias=module.bias, batch_first=module.batch_first,
                   bidirectional=module.bidirectional)
    if getattr(module, "proj_size", 0):
        options["proj_size"] = module.proj_size
    if cls.__name__ == "RNN":
        options["nonlinearity"] = module.nonlinearity
    lib = importlib.import_module(cls.__module__.split(".")[0])     # torch or minigrad
    rng_state = lib.get_rng_state()          # building the layers must not move the rng
    layers = [cls(module.input_size if k == 0 else width, module.hidden_size, **options)
              for k in range(module.num_layers)]
    lib.set_rng_state(rng_state)
    is_lstm = cls.__name__ == "LSTM"

    def forward(input, hx=None):
        if not module.training:
            return cls.forward(module, input, hx)
        x, finals = input, []
        for k, layer in enumerate(layers):
            for name in layer._flat_weights_names:
                setattr(layer, name, getattr(module, name.replace("_l0", f"_l{k}")))
            rows = slice(k * directions, (k + 1) * directions)
            state = None if hx is None else (
                (hx[0][rows], hx[1][rows]) if is_lstm else hx[rows])
            x, final = layer(x, state)
            finals.append(final if is_lstm else (final,))
            if k < len(layers) - 1:
                if isinstance(x, tuple):          # a PackedSequence: mask its data
                    x = type(x)(mask(x.data, module.dropout), x.batch_sizes,
                                x.sorted_indices, x.unsorted_indices)
                else:
                    x = mask(x, module.dropout)
        joined = tuple(lib.cat([f[j] for f in finals]) for j in range(len(finals[0])))
        return x, (joined if is_lstm else joined[0])
    return forward

