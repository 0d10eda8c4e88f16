"""``torch.utils.tensorboard``: not supported (minigrad does not write TensorBoard event files).

Log scalars with your own code (or matplotlib), or train the torch twin (bridge)
when you need TensorBoard.
"""
from __future__ import annotations


class SummaryWriter:
    """Refuses to be built: see the module docstring."""

    def __init__(self, *args, **kwargs) -> None:
        raise NotImplementedError(
            "minigrad.utils.tensorboard.SummaryWriter is not supported: minigrad does not "
            "write TensorBoard event files (log with print/matplotlib, or use the torch twin "
            "from the bridge package)")


__all__ = ["SummaryWriter"]
