"""Fold and Unfold: sliding blocks of an image as columns, and back."""
from __future__ import annotations

from .._tensor import Tensor
from . import functional as F
from .module import Module


class Unfold(Module):
    """Extract sliding local blocks (im2col).

    Shape:
        - Input: (N, C, H, W) or (C, H, W).
        - Output: (N, C * prod(kernel_size), L) or (C * prod(kernel_size), L), L blocks.
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.kernel_size, self.dilation = kernel_size, dilation
        self.padding, self.stride = padding, stride

    def forward(self, input: Tensor) -> Tensor:
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Module):
    """Combine sliding local blocks into an image (col2im); overlapping values add.

    Shape:
        - Input: (N, C * prod(kernel_size), L) or (C * prod(kernel_size), L).
        - Output: (N, C, *output_size) or (C, *output_size).
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.output_size, self.kernel_size = output_size, kernel_size
        self.dilation, self.padding, self.stride = dilation, padding, stride

    def forward(self, input: Tensor) -> Tensor:
        return F.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                      self.stride)

    def extra_repr(self) -> str:
        return (f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
                f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}")
