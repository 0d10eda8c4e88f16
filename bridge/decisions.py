"""The discrete choices inside a step: which ReLU inputs pass, which max-pool input wins.

A ReLU passes the gradient where its input is positive; a max-pool sends it
to the largest input of each window.  These *decisions* are not arithmetic:
when an input lies within rounding of a kink (a pre-activation next to 0, two
window values next to a tie), two correct engines may decide differently,
and the gradients then differ by far more than rounding.

``DecisionRecorder`` records, for each step, the input of every call of a
decision layer (forward pre-hooks).  ``flips`` counts how many decisions two
recordings made differently, per layer call.  A recorder given a ``source``
(another engine's recorder of the same step) *aligns* its engine: each
decision layer receives the source's input values, while the gradient flows
back unchanged into its own graph (a straight-through substitution), so both
engines take the same decisions and every other operation of the step stays
the engine's own.  A minigrad engine takes the values exactly (a custom
Function); a torch engine (the float64 referee, ``bridge.referee``) as
``x + (values - x).detach()``, exact to its last bit.

Decision layers (``DECISIONS``) are found by class name, so the same table
serves minigrad and torch models: ``ReLU`` (decision: input > 0) and
``MaxPool1d/2d/3d`` (decision: the index of each window's winner, found by
torch's own max-pool with ``return_indices=True``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import numpy as np

import minigrad
from minigrad.autograd import Function



def _passes(module, x: np.ndarray) -> np.ndarray:
    """Which inputs a ReLU lets through (and sends the gradient to)."""
    return x > 0


def _winners(module, x: np.ndarray) -> np.ndarray:
    """The flat input index of each window's maximum (torch's tie rule on both sides)."""
    import torch
    import torch.nn.functional as F
    dims = int(type(module).__name__[len("MaxPool")])
    pool = getattr(F, f"max_pool{dims}d")
    _, index = pool(torch.from_numpy(np.ascontiguousarray(x)), module.kernel_size,
                    module.stride, module.padding, module.dilation,
                    ceil_mode=module.ceil_mode, return_indices=True)
    return index.numpy()


DECISIONS: Dict[str, Callable] = {
    "ReLU": _passes,
    "MaxPool1d": _winners,
    "MaxPool2d": _winners,
    "MaxPool3d": _winners,
}


@dataclass
class Call:
    """One call of a decision layer in one step."""

    path: str            # module path in the model
    key: str             # path, plus '(call k)' from a module's second call in a step on
    kind: str            # the class name: 'ReLU', 'MaxPool2d'...
    module: object
    position: int        # index its output will get among the step's leaf-module calls
    input: np.ndarray    # the engine's own input (before any alignment)
    _decided: Optional[np.ndarray] = None

    def decisions(self) -> np.ndarray:
        """The decisions taken on ``input`` (computed once)."""
        if self._decided is None:
            self._decided = DECISIONS[self.kind](self.module, self.input)
        return self._decided


class DecisionRecorder:
    """Records the decision-layer inputs of one engine; optionally aligns them to a source."""

    def __init__(self, side, source: Optional["DecisionRecorder"] = None):
        self.side, self.source = side, source
        self.calls: List[Call] = []
        self.active = False        # recording only while the runner trains a step
        self._count: Dict[str, int] = {}
        self._handles = []
        for path, module in side.model.named_modules():
            if type(module).__name__ in DECISIONS:
                self._handles.append(module.register_forward_pre_hook(self._hook(path)))

    def start(self) -> None:
        """Begin a step: forget the previous step's calls and start recording."""
        self.calls, self._count, self.active = [], {}, True

    def stop(self) -> None:
        self.active = False

    def _hook(self, path: str):
        def hook(module, args):
            if not self.active:
                return None
            n = self._count.get(path, 0)
            self._count[path] = n + 1
            key = path if n == 0 else f"{path} (call {n + 1})"
            x = args[0]
            array = as_array(x)
            if getattr(module, "inplace", False):     # the layer will overwrite its input
                array = array.copy()
            call = Call(path, key, type(module).__name__, module, len(self.side.calls), array)
            self.calls.append(call)
            if self.source is None:
                return None
            return (_take_values(x, self.source.input_of(len(self.calls) - 1, key)),) + \
                tuple(args[1:])
        return hook

    def input_of(self, index: int, key: str) -> np.ndarray:
        """The input of this step's ``index``-th decision call, which must be ``key``."""
        if index >= len(self.calls) or self.calls[index].key != key:
            raise RuntimeError(f"the twins call their decision layers in different orders "
                               f"(call {index}: '{key}')")
        return self.calls[index].input

    def remove(self) -> None:
        for handle in self._handles:
            handle.remove()
        self._handles = []


def flips(a: DecisionRecorder, b: DecisionRecorder) -> Dict[str, int]:
    """Per decision-layer call: how many decisions ``a`` and ``b`` took differently.

    Each engine's decisions are recomputed from its recorded inputs by the
    same rule (``DECISIONS``), so only the inputs can make them differ.
    """
    out = {}
    for ca, cb in zip(a.calls, b.calls, strict=False):
        if ca.key != cb.key or ca.input.shape != cb.input.shape:
            break
        out[ca.key] = int(np.count_nonzero(ca.decisions() != cb.decisions()))
    return out


def as_array(x) -> np.ndarray:
    """The values of a minigrad or torch tensor as a NumPy array (no copy where possible)."""
    if isinstance(x, minigrad.Tensor):
        return x.detach().numpy()
    return x.detach().cpu().numpy()


def _take_values(x, values: np.ndarray):
    """``values`` in the forward pass, ``x``'s gradient path in the backward pass."""
    if tuple(x.shape) != values.shape:
        raise RuntimeError(f"the twins' decision-layer inputs differ in shape: "
                           f"{tuple(x.shape)} and {values.shape}")
    if isinstance(x, minigrad.Tensor):
        return _StraightThrough.apply(x, values.astype(x.detach().numpy().dtype, copy=False))
    import torch                     # a torch engine (the float64 referee)
    target = torch.from_numpy(np.array(values, copy=True)).to(x.device, x.dtype)
    return x + (target - x).detach()


class _StraightThrough(Function):
    """Forward: the given values; backward: the gradient passes through unchanged."""

    @staticmethod
    def forward(ctx, x, values):
        return minigrad.from_numpy(np.array(values, copy=True))

    @staticmethod
    def backward(ctx, grad):
        return grad, None                # d values / dx taken as the identity
