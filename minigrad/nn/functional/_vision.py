"""Rearranging and resampling functions of ``nn.functional`` (torch's "vision functions"):
pixel_shuffle, pixel_unshuffle, channel_shuffle."""
from __future__ import annotations

from ..._tensor import Tensor
from ._activation import _renamed


def _check_factor(name: str, word: str, factor: int, input: Tensor) -> None:
    if factor <= 0:
        raise RuntimeError(f"{name} expects a positive {word}, but got {factor}")
    if input.ndim < 3:
        raise RuntimeError(f"{name} expects input to have at least 3 dimensions, but got input "
                           f"with {input.ndim} dimension(s)")


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """(*, C r^2, H, W) -> (*, C, H r, W r): each group of r^2 channels becomes an r x r
    block of pixels (sub-pixel convolution)."""
    r = upscale_factor
    _check_factor("pixel_shuffle", "upscale_factor", r, input)
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be "
                           f"divisible by the square of upscale_factor, but input.size(-3)={c} "
                           f"is not divisible by {r * r}")
    n = len(lead)
    x = input.reshape(*lead, c // (r * r), r, r, h, w)
    # (*, C, r_h, r_w, H, W) -> (*, C, H, r_h, W, r_w)
    x = x.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return _renamed(x.reshape(*lead, c // (r * r), h * r, w * r), "PixelShuffleBackward0")


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """(*, C, H r, W r) -> (*, C r^2, H, W): the inverse of pixel_shuffle."""
    r = downscale_factor
    _check_factor("pixel_unshuffle", "downscale_factor", r, input)
    *lead, c, h, w = input.shape
    for word, size, axis in (("height", h, -2), ("width", w, -1)):
        if size % r:
            raise RuntimeError(f"pixel_unshuffle expects {word} to be divisible by "
                               f"downscale_factor, but input.size({axis})={size} is not "
                               f"divisible by {r}")
    n = len(lead)
    x = input.reshape(*lead, c, h // r, r, w // r, r)
    # (*, C, H, r_h, W, r_w) -> (*, C, r_h, r_w, H, W)
    x = x.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return _renamed(x.reshape(*lead, c * r * r, h // r, w // r), "PixelUnshuffleBackward0")


def channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """(N, C, *): split the channels into ``groups`` and interleave them (ShuffleNet)."""
    if input.ndim <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(input.shape)}")
    if groups <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of "
                           f"groups:{groups}")
    n, c, *rest = input.shape
    if c % groups:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {c} channels "
                           f"and {groups} groups.")
    x = input.reshape(n, groups, c // groups, *rest).transpose(1, 2)
    return _renamed(x.reshape(n, c, *rest), "ChannelShuffleBackward0")


native_channel_shuffle = channel_shuffle
