"""Models a user writes against minigrad, in the styles PyTorch code is written in.

Used by test_convert_modules.py: ``bridge.to_torch`` must re-bind every style
(module-level imports under any name, ``import minigrad as torch``, names
imported from minigrad, helper functions calling helper functions, dicts of
functions, closures of a class defined inside a function, ``super()``), and
refuse the forwards that cannot run in torch with a reason.
"""
from __future__ import annotations

import math

import numpy as np

import minigrad
import minigrad as torch
import minigrad.nn.functional as F
from minigrad import cat, nn
from minigrad.nn.functional import relu

SCALE = 0.5
ONE = minigrad.tensor(1.0)
ACTIVATIONS = {"relu": F.relu, "tanh": torch.tanh}


def helper(x):
    return F.gelu(x) * SCALE


def outer_helper(x):
    return helper(x) + relu(x)


def count_calls(x):
    """A helper that does not touch the library: used as it is."""
    return x


class Block(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.fc = nn.Linear(dim, dim)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        return x + outer_helper(self.norm(self.fc(count_calls(x))))


class Net(nn.Module):
    """Blocks in a ModuleList, a buffer, a plain setting and a helper method."""

    def __init__(self, dim: int = 4, classes: int = 3, act: str = "tanh"):
        super().__init__()
        self.blocks = nn.ModuleList([Block(dim) for _ in range(2)])
        self.head = nn.Linear(2 * dim, classes)
        self.act = act
        self.register_buffer("shift", torch.zeros(dim))

    def _mix(self, x):
        return cat([x, ACTIVATIONS[self.act](x)], dim=1)

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return self.head(self._mix(x - self.shift)) / math.sqrt(2.0)


def make_closure_model(nn, hidden: int):
    """A class defined inside a function: ``nn``, ``hidden`` and ``gain`` are closure cells."""
    gain = 2.0

    class Closure(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, hidden)

        def forward(self, x, scale=ONE):         # a tensor default
            return F.softplus(self.fc(x)) * gain * scale

    return Closure()


class Clamped(nn.Linear):
    """A layer subclass whose forward calls ``super().forward``."""

    def forward(self, x):
        return super().forward(x).clamp(min=-1.0, max=1.0)


class Stack(nn.Sequential):
    """A Sequential subclass with a setting of its own."""

    def __init__(self, *layers, temperature: float = 2.0):
        super().__init__(*layers)
        self.temperature = temperature

    def forward(self, x):
        return super().forward(x) / self.temperature


class UsesNumPy(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        return self.fc(x) * np.exp(1.0)


def numpy_helper(x):
    return np.tanh(x)


class UsesNumPyInHelper(nn.Module):
    def forward(self, x):
        return self.squash(x)

    def squash(self, x):
        return numpy_helper(x) + 1


class UsesMinigradOnly(nn.Module):
    def forward(self, x):
        minigrad.keep_freed_memory()
        return x


class UsesTensorExtra(nn.Module):
    """Calls a tensor method torch does not have (the test gives minigrad's Tensor one)."""

    def forward(self, x):
        return x.doubled()
