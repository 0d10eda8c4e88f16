"""``DataParallel`` without GPUs: like torch on a CPU-only machine, it just wraps the module.

torch's DataParallel splits each batch across GPUs and gathers the outputs; when
no GPU is present it keeps ``device_ids`` empty and calls the wrapped module
directly.  minigrad always runs on the CPU, so that is what it does here: the
module is registered as the child ``module`` (state_dict keys ``module.*``, as
torch saves them) and ``forward`` calls it.
"""
from __future__ import annotations

from typing import Any, Sequence

from ..module import Module


class DataParallel(Module):
    """Wrap ``module`` for data parallelism; on the CPU, ``forward`` calls it unchanged.

    ``device_ids``, ``output_device`` and ``dim`` are accepted and ignored, as
    torch ignores them when no GPU is available (``device_ids`` stays ``[]``).
    """

    def __init__(self, module: Module, device_ids: Sequence[int] | None = None,
                 output_device=None, dim: int = 0) -> None:
        super().__init__()
        self.module = module
        self.device_ids: list = []

    def forward(self, *inputs: Any, **kwargs: Any) -> Any:
        return self.module(*inputs, **kwargs)


def data_parallel(module: Module, inputs, device_ids=None, output_device=None, dim: int = 0,
                  module_kwargs=None):
    """The functional form of DataParallel; like torch without a GPU, it cannot pick a
    device and raises torch's RuntimeError."""
    raise RuntimeError("device type could not be determined")


__all__ = ["DataParallel", "data_parallel"]
