"""``DistributedDataParallel``: multi-process training is out of minigrad's scope.

minigrad trains in one process.  To continue a minigrad model in multi-process
torch training, move it to torch (``bridge``) and wrap the torch twin in torch's
DistributedDataParallel.
"""
from __future__ import annotations

from ..module import Module


class DistributedDataParallel(Module):
    """Refuses to be built: minigrad has no process groups (see the module docstring)."""

    def __init__(self, module: Module, *args, **kwargs) -> None:
        raise NotImplementedError(
            "minigrad runs in a single process: DistributedDataParallel is not supported. "
            "Train with the plain module, or move the model to torch (the bridge package) "
            "and use torch.nn.parallel.DistributedDataParallel there.")


__all__ = ["DistributedDataParallel"]
