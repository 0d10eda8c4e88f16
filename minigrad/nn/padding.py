"""Padding layers: constant (and zero), reflection, replication and circular, in 1, 2 and 3
dims.  ``padding`` is an int (every side) or a tuple (left, right[, top, bottom[, front,
back]]), the last dim first, as for ``F.pad``.
"""
from __future__ import annotations

from .._tensor import Tensor
from . import functional as F
from .module import Module


def _sides(padding, dims: int) -> tuple:
    if isinstance(padding, (tuple, list)):
        return tuple(padding)
    return (padding,) * (2 * dims)


class _PadNd(Module):
    """Pads ``dims`` trailing dims with ``F.pad(..., mode)``."""

    mode = "constant"
    dims = 1

    def __init__(self, padding) -> None:
        super().__init__()
        self.padding = _sides(padding, self.dims)

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value: float) -> None:
        super().__init__(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dim with ``value``.  Shape: (C, W) or (N, C, W) -> W + left + right."""

    def __init__(self, padding, value: float) -> None:     # its own, as torch's: errors name it
        super().__init__(padding, value)


class ConstantPad2d(_ConstantPadNd):
    """Pad the last 2 dims with ``value``.  Shape: (C, H, W) or (N, C, H, W)."""

    dims = 2

    def __init__(self, padding, value: float) -> None:     # its own, as torch's: errors name it
        super().__init__(padding, value)


class ConstantPad3d(_ConstantPadNd):
    """Pad the last 3 dims with ``value``.  Shape: (C, D, H, W) or (N, C, D, H, W)."""

    dims = 3

    def __init__(self, padding, value: float) -> None:     # its own, as torch's: errors name it
        super().__init__(padding, value)


class ZeroPad1d(ConstantPad1d):
    """Pad the last dim with zeros."""

    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad2d(ConstantPad2d):
    """Pad the last 2 dims with zeros."""

    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad3d(ConstantPad3d):
    """Pad the last 3 dims with zeros."""

    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ReflectionPad1d(_PadNd):
    """Mirror the last dim about its edge cells: [a b c] -> (b) [a b c] (b)."""

    mode = "reflect"


class ReflectionPad2d(ReflectionPad1d):
    """Mirror the last 2 dims about their edges.  Shape: (C, H, W) or (N, C, H, W)."""

    dims = 2


class ReflectionPad3d(ReflectionPad1d):
    """Mirror the last 3 dims about their edges.  Shape: (C, D, H, W) or (N, C, D, H, W)."""

    dims = 3


class ReplicationPad1d(_PadNd):
    """Repeat the edge cells of the last dim: [a b c] -> (a) [a b c] (c)."""

    mode = "replicate"


class ReplicationPad2d(ReplicationPad1d):
    """Repeat the edge cells of the last 2 dims."""

    dims = 2


class ReplicationPad3d(ReplicationPad1d):
    """Repeat the edge cells of the last 3 dims."""

    dims = 3


class _CircularPadNd(_PadNd):
    mode = "circular"

    def forward(self, input: Tensor) -> Tensor:
        if input.ndim not in (self.dims + 1, self.dims + 2):
            raise ValueError(f"expected {self.dims + 1}D or {self.dims + 2}D input (got "
                             f"{input.ndim}D input)")
        return F.pad(input, self.padding, "circular")


class CircularPad1d(_CircularPadNd):
    """Wrap the last dim around: [a b c] -> (c) [a b c] (a)."""


class CircularPad2d(_CircularPadNd):
    """Wrap the last 2 dims around (a torus)."""

    dims = 2


class CircularPad3d(_CircularPadNd):
    """Wrap the last 3 dims around."""

    dims = 3
