"""``torch.types``: the type aliases used in annotations."""
from __future__ import annotations

from typing import Sequence, Union

from ._device import Size, device
from ._dtype import dtype
from ._tensor import Tensor

Number = Union[int, float, bool]
_int = int
_float = float
_bool = bool
_dtype = dtype
_device = device
_size = Union[Size, Sequence[int]]
Device = Union[device, str, int, None]
_TensorOrTensors = Union[Tensor, Sequence[Tensor]]

__all__ = ["Device", "Number"]
