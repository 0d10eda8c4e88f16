"""``minigrad.Size`` and ``minigrad.device``: shapes and the one (CPU) device."""
from __future__ import annotations

import numpy as np


class Size(tuple):
    """A shape, printed like ``torch.Size``."""

    def __repr__(self) -> str:
        return f"minigrad.Size({list(self)})"

    def numel(self) -> int:
        return int(np.prod(self, dtype=np.int64))


# the device types torch knows (only the CPU exists here)
DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
                "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                "privateuseone")


class device:
    """Only ``device('cpu')`` exists; CUDA queries answer False."""

    def __init__(self, type: str = "cpu", index=None):
        text = str(type)
        kind = text.split(":")[0]
        if kind not in DEVICE_TYPES and not isinstance(type, int):
            raise RuntimeError(f"Expected one of {', '.join(DEVICE_TYPES)} device type at start "
                               f"of device string: {text}")
        if kind != "cpu":
            raise RuntimeError(f"minigrad runs on the CPU only; got device '{text}' "
                               "(use bridge for CUDA training with PyTorch)")
        self.type, self.index = "cpu", index

    def __repr__(self) -> str:
        return "device(type='cpu')"

    def __str__(self) -> str:
        return "cpu"

    def __eq__(self, other) -> bool:
        return str(other) == "cpu" if not isinstance(other, device) else True

    def __hash__(self) -> int:
        return hash("cpu")


CPU = device("cpu")


# the device types torch knows (its error for an unknown one lists them)
DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
                "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                "privateuseone")


def get_default_device() -> device:
    """The device factories allocate on: always the CPU."""
    return CPU


def set_default_device(target) -> None:
    """Accept ``None``, ``"cpu"`` and ``device("cpu")``; other devices raise torch's error.

    torch defers the error to the first allocation; minigrad raises at once
    (there is no device to switch to).
    """
    if target is None:
        return
    text = f"cuda:{target}" if isinstance(target, int) else str(target)
    kind = text.split(":")[0]
    if kind not in DEVICE_TYPES:
        raise RuntimeError(f"Expected one of {', '.join(DEVICE_TYPES)} device type at start of "
                           f"device string: {text}")
    if kind == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    device(text)               # the CPU passes; any other type raises the CPU-only error
