"""Rearranging and resampling functions of ``nn.functional`` (torch's "vision functions"):
pixel_shuffle, pixel_unshuffle, channel_shuffle, interpolate and its deprecated aliases,
unfold and fold."""
from __future__ import annotations

import warnings

import numpy as np

from ..._tensor import Tensor
from ...ops import fold as fold_ops, resample as resample_ops
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


# -- interpolation ------------------------------------------------------------------------
_LINEAR = {"linear": 1, "bilinear": 2, "trilinear": 3, "bicubic": 2}
_NODE = {"nearest": "UpsampleNearest{}DBackward0", "nearest-exact":
         "UpsampleNearestExact{}DBackward0", "linear": "UpsampleLinear1DBackward0",
         "bilinear": "UpsampleBilinear2DBackward0", "trilinear": "UpsampleTrilinear3DBackward0",
         "bicubic": "UpsampleBicubic2DBackward0"}


def _nearest_taps(mode, size, out, scale):
    """Source of each output cell, computed in float32 as torch's kernels do."""
    step = np.float32(1.0 / scale) if scale else np.float32(size) / np.float32(out)
    o = np.arange(out)
    if mode == "nearest":
        if out == size:
            return o[:, None], None
        if out == 2 * size:
            return (o >> 1)[:, None], None
        source = np.floor(o.astype(np.float32) * step)
    else:
        source = np.floor((o.astype(np.float32) + np.float32(0.5)) * step)
    return np.minimum(source.astype(np.int64), size - 1)[:, None], None


def _linear_scale(size, out, scale, align_corners, dtype):
    if align_corners:
        return dtype.type(size - 1) / dtype.type(out - 1) if out > 1 else dtype.type(0)
    return dtype.type(1.0 / scale) if scale else dtype.type(size) / dtype.type(out)


def _source(size, out, scale, align_corners, dtype, cubic=False):
    """Where each output cell sits in input coordinates (torch's area-pixel convention)."""
    step = _linear_scale(size, out, scale, align_corners, dtype)
    o = np.arange(out).astype(dtype)
    if align_corners:
        return step * o
    source = step * (o + dtype.type(0.5)) - dtype.type(0.5)
    return source if cubic else np.maximum(source, 0)


def _floor_and_fraction(source, size):
    index = np.minimum(np.floor(source).astype(np.int64), size - 1)
    return index, np.clip(source - index, 0, 1).astype(source.dtype)


def _linear_taps(size, out, scale, align_corners, dtype):
    """Two taps: (1 - t) x[i] + t x[i + 1] (the last cell repeats at the edge)."""
    index, t = _floor_and_fraction(_source(size, out, scale, align_corners, dtype), size)
    following = index + (index < size - 1)
    return np.stack([index, following], 1), np.stack([1 - t, t], 1)


def _cubic_taps(size, out, scale, align_corners, dtype):
    """Four taps x[i-1..i+2] with Keys' cubic convolution weights (A = -0.75), clamped
    at the edges."""
    index, t = _floor_and_fraction(_source(size, out, scale, align_corners, dtype, True),
                                   size)
    a = dtype.type(-0.75)

    def near(x):                     # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):                      # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    weights = np.stack([far(t + 1), near(t), near(1 - t), far(2 - t)], 1)
    taps = np.clip(index[:, None] + np.arange(-1, 3), 0, size - 1)
    return taps, weights.astype(dtype)


def _antialias_taps(mode, size, out, scale, align_corners, dtype):
    """Filter taps that widen with the downscaling factor (like PIL): a triangle
    (bilinear) or cubic (A = -0.5, bicubic) filter stretched over ``scale`` input cells,
    normalised to sum to one."""
    step = float(_linear_scale(size, out, scale, align_corners, np.dtype(np.float64)))
    half = 1.0 if mode == "bilinear" else 2.0
    support = half * step if step >= 1.0 else half
    invscale = 1.0 / step if step >= 1.0 else 1.0

    def kernel(x):
        x = np.abs(x)
        if mode == "bilinear":
            return np.maximum(0.0, 1.0 - x)
        a = -0.5
        return np.where(x < 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                        np.where(x < 2, (((x - 5) * x + 8) * x - 4) * a, 0.0))
    center = step * (np.arange(out) + 0.5)
    low = np.maximum((center - support + 0.5).astype(np.int64), 0)
    high = np.minimum((center + support + 0.5).astype(np.int64), size)
    width = int((high - low).max())
    taps = low[:, None] + np.arange(width)
    weights = kernel((taps - center[:, None] + 0.5) * invscale)
    weights = np.where(taps < high[:, None], weights, 0.0)
    total = weights.sum(1, keepdims=True)
    weights = np.where(total != 0, weights / np.where(total != 0, total, 1), weights)
    return np.minimum(taps, size - 1), weights.astype(dtype)


def _area_taps(size, out, dtype):
    """Adaptive average pooling bins: cell o averages floor(o size / out) up to
    ceil((o + 1) size / out)."""
    start = np.arange(out) * size // out
    end = -(-(np.arange(1, out + 1) * size) // out)
    width = int((end - start).max(initial=1))
    taps = start[:, None] + np.arange(width)
    weights = np.where(taps < end[:, None], 1.0 / (end - start)[:, None], 0.0)
    return np.minimum(taps, size - 1), weights.astype(dtype)


def _resample(input: Tensor, taps_of, name: str) -> Tensor:
    """Apply ``taps_of(axis_index, in_size)`` -> (index, weight) to each spatial axis."""
    out = input
    for d in range(2, input.ndim):
        index, weight = taps_of(d - 2, input.shape[d])
        out = resample_ops.Gather.apply(out, d, index, weight)
    return _renamed(out, name) if out is not input else out


def interpolate(input: Tensor, size=None, scale_factor=None, mode: str = "nearest",
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    """Resize the spatial dims of (N, C, *) ``input`` to ``size`` or by ``scale_factor``.

    Modes: nearest (torch's legacy rounding), nearest-exact, (bi/tri)linear, bicubic (all
    separable, one spatial axis at a time) and area (adaptive average pooling).
    ``align_corners`` maps the corner cells' centres onto each other instead of their
    outer edges; ``antialias`` widens the bilinear/bicubic filter when shrinking.
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating "
                             "modes: linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dims = input.ndim - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dims:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but "
                    f"got input with spatial dimensions of {list(input.shape[2:])} and output "
                    f"size of {size}. Please provide input tensor in (N, C, d1, d2, ...,dK) "
                    "format and output size in (o1, o2, ...,oK) format.")
            if not all(isinstance(s, (int, np.integer)) for s in size):
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, "
                                "int] or Tuple[int, int, int], but got size with types "
                                f"{[type(s) for s in size]}")
            output_size = [int(s) for s in size]
        else:
            output_size = [int(size)] * dims
        scales = [None] * dims
    elif scale_factor is not None:
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dims:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, "
                    f"but got input with spatial dimensions of {list(input.shape[2:])} and "
                    f"scale_factor of shape {scale_factor}. Please provide input tensor in (N, "
                    "C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.")
            scales = [float(s) for s in scale_factor]
        else:
            scales = [float(scale_factor)] * dims
        output_size = [int(n * s) for n, s in zip(input.shape[2:], scales, strict=True)]
        if recompute_scale_factor or mode == "area":
            scales = [None] * dims            # map positions by the integer sizes instead
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if antialias and not (mode in ("bilinear", "bicubic") and input.ndim == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos "
                         "modes and requires a 4-D tensor as input")
    wrong = {("linear", 4): "Got 4D input, but linear mode needs 3D input",
             ("linear", 5): "Got 5D input, but linear mode needs 3D input",
             ("bilinear", 3): "Got 3D input, but bilinear mode needs 4D input",
             ("bilinear", 5): "Got 5D input, but bilinear mode needs 4D input",
             ("trilinear", 3): "Got 3D input, but trilinear mode needs 5D input",
             ("trilinear", 4): "Got 4D input, but trilinear mode needs 5D input"}
    if (mode, input.ndim) in wrong:
        raise NotImplementedError(wrong[(mode, input.ndim)])
    known = ("nearest", "nearest-exact", "area") + tuple(_LINEAR)
    if input.ndim not in (3, 4, 5) or mode not in known or (
            mode == "bicubic" and input.ndim != 4):
        raise NotImplementedError(
            "Input Error: Only 3D, 4D and 5D input Tensors supported"
            f" (got {input.ndim}D) for the modes: nearest | linear | bilinear | bicubic | "
            f"trilinear | lanczos | area | nearest-exact (got {mode})")
    if mode == "area":
        return _adaptive_avg_pool(input, output_size)
    if min(output_size) <= 0:
        letters = "DHW"[3 - dims:]
        sizes = ", ".join(f"{c}: {n}" for c, n in zip(letters, input.shape[2:], strict=True))
        outs = ", ".join(f"{c}: {n}" for c, n in zip(letters, output_size, strict=True))
        joint = " and" if dims == 1 else ""
        raise RuntimeError("Input and output sizes should be greater than 0, but got input "
                           f"({sizes}){joint} output ({outs})")
    dtype = input._array.dtype

    def taps_of(d, n):
        out, scale = output_size[d], scales[d]
        if mode in ("nearest", "nearest-exact"):
            return _nearest_taps(mode, n, out, scale)
        if antialias:
            return _antialias_taps(mode, n, out, scale, align_corners, dtype)
        if mode == "bicubic":
            return _cubic_taps(n, out, scale, align_corners, dtype)
        return _linear_taps(n, out, scale, align_corners, dtype)
    name = _NODE[mode].format(dims)
    if antialias:
        name = name.replace("2DBackward0", "2DAaBackward0")
    return _resample(input, taps_of, name)


def _adaptive_avg_pool(input: Tensor, output_size) -> Tensor:
    """Adaptive average pooling of the trailing dims as separable bin averages."""
    dims = len(output_size)
    lead = input.ndim - dims
    if dims > 1 and all(n == 1 for n in output_size):        # torch takes the mean
        return input.mean(tuple(range(lead, input.ndim)), keepdim=True)
    dtype = input._array.dtype
    out = input
    for d in range(dims):
        index, weight = _area_taps(input.shape[lead + d], output_size[d], dtype)
        out = resample_ops.Gather.apply(out, lead + d, index, weight)
    names = {1: "SqueezeBackward1", 2: "AdaptiveAvgPool2DBackward0",
             3: "AdaptiveAvgPool3DBackward0"}
    return _renamed(out, names[dims])


def upsample(input: Tensor, size=None, scale_factor=None, mode: str = "nearest",
             align_corners: bool | None = None) -> Tensor:
    """Deprecated alias of ``interpolate``."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` "
                  "instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: ``interpolate(..., mode='nearest')``."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: ``interpolate(..., mode='bilinear', align_corners=True)``."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# -- sliding blocks -------------------------------------------------------------------------
def _two(value, name: str):
    value = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    if len(value) == 1:
        value = value * 2
    if len(value) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(value)}")
    return tuple(int(v) for v in value)


def _block_geometry(kernel_size, dilation, padding, stride):
    kernel, dilation = _two(kernel_size, "kernel_size"), _two(dilation, "dilation")
    padding, stride = _two(padding, "padding"), _two(stride, "stride")
    for word, (a, b), short in (("kernel size", kernel, "kernel"), ("stride", stride, "stride"),
                                ("dilation", dilation, "dilation")):
        if min(a, b) <= 0:
            raise RuntimeError(f"{word} should be greater than zero, but got {short}_height: "
                               f"{a} {short}_width: {b}")
    if min(padding) < 0:
        raise RuntimeError(f"padding should be non-negative, but got pad_height: "
                           f"{padding[0]} pad_width: {padding[1]}")
    return kernel, dilation, padding, stride


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Extract sliding blocks: (N, C, H, W) -> (N, C * prod(kernel_size), L) (im2col)."""
    geometry = _block_geometry(kernel_size, dilation, padding, stride)
    if input.ndim not in (3, 4):
        raise IndexError(f"Dimension out of range (expected to be in range of "
                         f"[{-input.ndim}, {input.ndim - 1}], but got 2)")
    size = tuple(input.shape[-2:])
    out = fold_ops.blocks(size, *geometry)
    if min(out) < 1:
        kernel, dil, pad, _ = geometry
        raise RuntimeError(f"Given input with spatial size {size}, kernel_size={kernel}, "
                           f"dilation={dil}, padding={pad}, calculated shape of the array of "
                           f"sliding blocks as {out}, but its components must be at least one.")
    if input.ndim == 3:
        return _renamed(fold_ops.Im2Col.apply(input.unsqueeze(0), *geometry).squeeze(0),
                        "Im2ColBackward0")
    return fold_ops.Im2Col.apply(input, *geometry)


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Sum sliding blocks back into an image: (N, C * prod(kernel_size), L) -> (N, C, *output_size)
    (col2im); overlapping blocks add."""
    size = _two(output_size, "output_size")
    geometry = _block_geometry(kernel_size, dilation, padding, stride)
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 "
                           "batch size and non-zero dimensions for input, but got: "
                           f"{list(input.shape)}")
    kernel, dil, pad, step = geometry
    rows, length = input.shape[-2:]
    if rows % (kernel[0] * kernel[1]):
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product "
                           f"of kernel_size, but got input.size(1)={rows} and "
                           f"kernel_size={kernel}.")
    out = fold_ops.blocks(size, *geometry)
    if max(out[0], 0) * max(out[1], 0) != length:
        ho, wo = max(out[0], 0), max(out[1], 0)
        raise RuntimeError(f"Given output_size={size}, kernel_size={kernel}, dilation={dil}, "
                           f"padding={pad}, stride={step}, expected size of input's dimension "
                           f"2 to match the calculated number of sliding blocks {ho} * {wo} = "
                           f"{ho * wo}, but got input.size(2)={length}.")
    if input.ndim == 2:
        return _renamed(fold_ops.Col2Im.apply(input.unsqueeze(0), size, *geometry).squeeze(0),
                        "Col2ImBackward0")
    return fold_ops.Col2Im.apply(input, size, *geometry)
