"""ChannelShuffle: interleave groups of channels (ShuffleNet)."""
from __future__ import annotations

from .._tensor import Tensor
from . import functional as F
from .module import Module


class ChannelShuffle(Module):
    """Split (N, C, *) channels into ``groups`` and interleave them; shape unchanged."""

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.groups = groups

    def forward(self, input: Tensor) -> Tensor:
        return F.channel_shuffle(input, self.groups)

    def extra_repr(self) -> str:
        return f"groups={self.groups}"
