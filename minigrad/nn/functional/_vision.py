"""Rearranging and resampling functions of ``nn.functional`` (torch's "vision functions"):
pixel_shuffle, pixel_unshuffle, channel_shuffle, interpolate and its deprecated aliases,
unfold and fold."""
from __future__ import annotations

import numbers
import warnings

import numpy as np

from ..._creation import where
from ..._tensor import Tensor
from ..._tensor_convert import _type_word
from ..._tensor_math import _not_for
from ...ops import fold as fold_ops, resample as resample_ops
from ._activation import _renamed


def _check_int(name: str, word: str, value) -> None:
    """An int argument (position 2) of torch's C++ functions: anything else is a TypeError."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}(): argument '{word}' (position 2) must be int, not "
                        f"{type(value).__name__}")


def _check_factor(name: str, word: str, factor: int, input: Tensor) -> None:
    _check_int(name, word, factor)
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
    return _channel_shuffle(input, groups, "channel_shuffle")


def native_channel_shuffle(input: Tensor, groups: int) -> Tensor:
    """``channel_shuffle`` (torch's name for its direct kernel)."""
    return _channel_shuffle(input, groups, "native_channel_shuffle")


def _channel_shuffle(input: Tensor, groups: int, name: str) -> Tensor:
    _check_int(name, "groups", groups)
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
    if input.dtype.name not in ("float32", "float64"):
        _check_resample_dtype(input, mode, antialias, output_size)
        if input.dtype.name == "uint8" and mode in ("bilinear", "bicubic"):
            return _resample_uint8(input, mode, output_size, scales, align_corners, antialias)
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


def _check_resample_dtype(input: Tensor, mode: str, antialias: bool, output_size) -> None:
    """torch resamples floats, and uint8 images except in (tri)linear mode; antialiasing
    has no float16 kernel.  Its error names the kernel that refused: the channels-last one
    for small 2-d outputs and for single-pixel inputs of more than 3 channels (laid out
    channels-last too), else the generic one."""
    name = input.dtype.name
    if antialias:
        if name != "uint8":
            raise NotImplementedError(_not_for("compute_index_ranges_weights", input))
        return
    if name == "float16" or (name == "uint8" and mode not in ("linear", "trilinear")):
        return
    kernel = "compute_indices_weights_" + {"nearest-exact": "nearest", "bilinear": "linear",
                                           "trilinear": "linear", "bicubic": "cubic"}.get(
                                               mode, mode)
    pixels = input.shape[1] > 3 and np.prod(input.shape[2:]) == 1
    if mode in ("nearest", "nearest-exact", "bilinear") and (
            input.ndim == 4 and (pixels or sum(output_size) <= 128)):
        kernel = f"upsample_{mode.split('-')[0]}2d_channels_last"
    elif mode in ("nearest", "nearest-exact") and input.ndim == 5 and pixels:
        kernel = "upsample_nearest3d_channels_last"
    raise NotImplementedError(_not_for(kernel, input))


def _uint8_filter(mode: str, antialias: bool):
    """torch's filters for uint8 images: a triangle, or Keys' cubic with A = -0.5 when
    antialiasing (as PIL) and A = -0.75 otherwise (as the float kernel)."""
    a = -0.5 if antialias else -0.75

    def kernel(x):
        x = np.abs(x)
        if mode == "bilinear":
            return np.maximum(0.0, 1.0 - x)
        return np.where(x < 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                        np.where(x < 2, ((a * x - 5 * a) * x + 8 * a) * x - 4 * a, 0.0))
    return kernel


def _uint8_taps(mode, size, out, scale, align_corners, antialias):
    """The taps of torch's uint8 resizing, their weights rounded to int16 fixed point with
    ``bits`` fractional bits (computed in float64, from the first tap ``start``)."""
    if align_corners:
        step = (size - 1) / (out - 1) if out > 1 else 0.0
    else:
        step = 1.0 / scale if scale else size / out
    taps = 2 if mode == "bilinear" else 4
    kernel = _uint8_filter(mode, antialias)
    o = np.arange(out)
    if antialias:
        support, invscale = taps / 2, 1.0
        if step >= 1.0:                                   # widen the filter when shrinking
            support, invscale = support * step, 1.0 / step
        taps = int(np.ceil(support)) * 2 + 1
        center = step * (o + 0.5)
        start = np.maximum(np.trunc(center - support + 0.5).astype(np.int64), 0)
        stop = np.minimum(np.trunc(center + support + 0.5).astype(np.int64), size)
        count = np.clip(stop - start, 0, taps)
        weight = kernel((start[:, None] + np.arange(taps) - center[:, None] + 0.5) * invscale)
        weight = np.where(np.arange(taps) < count[:, None], weight, 0.0)
        total = weight.sum(1, keepdims=True)            # only taps inside the image count
        weight = np.where(total != 0, weight / np.where(total != 0, total, 1), weight)
        largest = weight.max()
    else:
        start, count, weight, largest = _clamped_weights(kernel, taps, size, step, o,
                                                         align_corners, mode == "bicubic")
    bits = 0                                              # as many as int16 weights allow
    while bits < 22 and int(0.5 + largest * (1 << (bits + 1))) < (1 << 15):
        bits += 1
    fixed = np.trunc(weight * (1 << bits) + np.where(weight < 0, -0.5, 0.5)).astype(np.int64)
    fixed[np.arange(taps) >= count[:, None]] = 0
    return np.minimum(start[:, None] + np.arange(taps), size - 1), fixed, bits


def _clamped_weights(kernel, taps, size, step, o, align_corners, cubic):
    """The float kernel's taps (the edge cell repeating outside the image), with the weights
    of repeated cells added up; also the largest partial sum, which sets torch's precision."""
    source = step * o if align_corners else step * (o + 0.5) - 0.5
    if not align_corners and not cubic:
        source = np.maximum(source, 0.0)
    index = np.minimum(np.floor(source).astype(np.int64), size - 1)
    t = np.clip(source - index, 0.0, 1.0)
    half = taps // 2
    first = index - half + 1
    start = np.maximum(first, 0)
    count = np.clip(np.minimum(index + half + 1, size) - start, 0, taps)
    weight, rows = np.zeros((len(o), taps)), np.arange(len(o))
    slot, largest = np.zeros(len(o), np.int64), 0.0
    for j in range(taps):
        slot = np.where(first + j <= 0, 0, np.where(first + j >= size - 1, count - 1, slot))
        weight[rows, slot] += kernel(j + 1 - half - t)
        largest = max(largest, weight[rows, slot].max())
        slot = slot + 1
    return start, count, weight, largest


def _resample_uint8(input: Tensor, mode, output_size, scales, align_corners, antialias):
    """Bilinear or bicubic resizing of a uint8 image as torch computes it: in integers,
    the width first, rounding to uint8 after each axis (an axis that keeps its size is
    left alone)."""
    x = input._array
    for axis in (3, 2):
        size, out = x.shape[axis], output_size[axis - 2]
        if size == out:
            continue
        index, fixed, bits = _uint8_taps(mode, size, out, scales[axis - 2], align_corners,
                                         antialias)
        taken = np.take(x, index, axis=axis).astype(np.int64)       # (.., out, taps, ..)
        total = (taken * fixed.reshape(fixed.shape + (1,) * (3 - axis))).sum(axis + 1)
        x = np.clip((total + (1 << bits >> 1)) >> bits, 0, 255).astype(np.uint8)
    return Tensor._make(np.ascontiguousarray(x), None)


def _adaptive_avg_pool(input: Tensor, output_size) -> Tensor:
    """Adaptive average pooling of the trailing dims as separable bin averages."""
    dims = len(output_size)
    if not input.dtype.is_floating_point:         # torch's pooling refuses (or passes) these
        from ._layers import adaptive_avg_pool1d, adaptive_avg_pool2d
        from ._pooling import adaptive_avg_pool3d
        pool = {1: adaptive_avg_pool1d, 2: adaptive_avg_pool2d, 3: adaptive_avg_pool3d}[dims]
        return pool(input, output_size)
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
    if input._array.dtype.kind in "iu":              # torch's kernel takes floats and bools
        raise NotImplementedError(_not_for("im2col_out_cpu", input))
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
    if input._array.dtype.kind in "iu":              # torch's kernel takes floats and bools
        raise NotImplementedError(_not_for("col2im_out_cpu", input))
    if input.ndim == 2:
        return _renamed(fold_ops.Col2Im.apply(input.unsqueeze(0), size, *geometry).squeeze(0),
                        "Col2ImBackward0")
    return fold_ops.Col2Im.apply(input, size, *geometry)


# -- spatial transformers: affine grids and sampling at arbitrary points -------------------
_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to "
                  "align_corners=False since 1.3.0. Please specify align_corners=True if the "
                  "old behavior is desired. See the documentation of grid_sample for details.")


def _steps(n: int, align_corners: bool, dtype) -> np.ndarray:
    """Normalised coordinates of n cell centres in [-1, 1] (the corner cells' centres at
    +-1 with ``align_corners``, else their outer edges)."""
    if n <= 1:
        return np.zeros(n, dtype)
    points = np.linspace(-1, 1, n)
    return (points if align_corners else points * (n - 1) / n).astype(dtype)


def affine_grid(theta: Tensor, size, align_corners: bool | None = None) -> Tensor:
    """Sampling grid (N, H, W, 2) (or (N, D, H, W, 3)) of ``theta`` (N, 2, 3) (or (N, 3, 4))
    applied to the normalised output coordinates (x, y[, z], 1)."""
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    if not theta.dtype.is_floating_point:
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    dims = len(size) - 2
    if dims == 2 and (theta.ndim != 3 or tuple(theta.shape[-2:]) != (2, 3)):
        raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                         f"{size}. Got {theta.shape}.")
    if dims == 3 and (theta.ndim != 3 or tuple(theta.shape[-2:]) != (3, 4)):
        raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size "
                         f"{size}. Got {theta.shape}.")
    if dims not in (2, 3):
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D "
                                  f"affine transforms, respectively. Got size {size}.")
    spatial = tuple(size[2:])
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size "
                      "grids when align_corners=True. This is not an intended use case of "
                      "affine_grid. See the documentation of affine_grid for details.",
                      stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if theta.shape[0] != size[0]:          # the words of the batched product torch uses
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{size[0]}, {dims + 1}] but got: [{theta.shape[0]}, {dims + 1}].")
    dtype = theta._array.dtype
    # (x, y[, z]) for every output cell, x along the last dim, then a 1 for the translation
    axes = [_steps(n, align_corners, dtype) for n in spatial]
    mesh = list(np.meshgrid(*axes, indexing="ij"))[::-1]
    base = np.stack(mesh + [np.ones(spatial, dtype)], -1).reshape(1, -1, dims + 1)
    grid = Tensor._make(base, None).matmul(theta.transpose(1, 2))
    return _renamed(grid.reshape(size[0], *spatial, dims), "AffineGridGeneratorBackward0")


def _unnormalize(coord: Tensor, size: int, align_corners: bool) -> Tensor:
    """[-1, 1] grid coordinates to input pixel coordinates."""
    if align_corners:
        return (coord + 1) / 2 * (size - 1)
    return ((coord + 1) * size - 1) / 2


def _reflect(coord: Tensor, twice_low: int, twice_high: int) -> Tensor:
    """Fold coordinates back into [low, high] by reflecting at the bounds (repeatedly)."""
    if twice_low == twice_high:
        return coord * 0
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    distance = (coord - low).abs()
    extra = distance.fmod(span)
    flips = np.floor(distance._array / span).astype(np.int64)
    even = Tensor._make(flips % 2 == 0, None)
    return where(even, extra + low, span - extra + low)


def _grid_source(coord: Tensor, size: int, padding_mode: str, align_corners: bool) -> Tensor:
    """Pixel coordinates with border/reflection padding applied (zeros: unchanged)."""
    coord = _unnormalize(coord, size, align_corners)
    if padding_mode == "border":
        coord = coord.clamp(0, size - 1)
    elif padding_mode == "reflection":
        coord = _reflect(coord, 0, 2 * (size - 1)) if align_corners else \
            _reflect(coord, -1, 2 * size - 1)
        coord = coord.clamp(0, size - 1)
    return coord


def _sample(flat: Tensor, sizes, corner, weight: Tensor) -> Tensor:
    """``weight * input[corner]`` for integer corner coordinates (N, P) per spatial dim;
    corners outside the input give 0."""
    inside = np.ones(corner[0].shape, bool)
    index = np.zeros(corner[0].shape, np.int64)
    for c, n in zip(corner, sizes, strict=True):
        inside &= (c >= 0) & (c < n)
        index = index * n + np.clip(c, 0, n - 1)
    n, channels = flat.shape[:2]
    index = Tensor._make(np.broadcast_to(index[:, None, :], (n, channels, index.shape[1])).copy(),
                         None)
    mask = Tensor._make(inside[:, None, :].astype(flat._array.dtype), None)
    return flat.gather(2, index) * (weight.unsqueeze(1) * mask)


def _cubic_weights(t: Tensor):
    a = -0.75

    def near(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def _check_grid_sampler(input: Tensor, grid: Tensor) -> None:
    """torch's checks of grid_sampler's input and grid, in its order."""
    sizes = f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}"
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError("grid_sampler(): expected grid and input to have same batch size, "
                           f"but got {sizes}")
    if grid.shape[-1] != input.ndim - 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size {input.ndim - 2} in "
                           f"last dimension, but got grid with sizes {list(grid.shape)}")
    for d in range(2, input.ndim):
        if input.shape[d] == 0:
            raise RuntimeError("grid_sampler(): expected input to have non-empty spatial "
                               f"dimensions, but input has sizes {list(input.shape)} with "
                               f"dimension {d} being empty")
    if input.ndim != 4 or grid.ndim != 4:        # torch sends anything not 4-d to the 3-d one
        if input.ndim != 5 or grid.ndim != 5:
            wanted = 4 if input.ndim == 4 else 5
            raise RuntimeError(f"grid_sampler(): expected {wanted}D input and grid with same "
                               f"number of dimensions, but got {sizes}")
    if input.dtype != grid.dtype:
        raise RuntimeError(f"expected scalar type {_type_word(input._array.dtype)} but found "
                           f"{_type_word(grid._array.dtype)}")


def grid_sample(input: Tensor, grid: Tensor, mode: str = "bilinear",
                padding_mode: str = "zeros", align_corners: bool | None = None) -> Tensor:
    """Sample (N, C, H, W) ``input`` at the normalised points of ``grid`` (N, H', W', 2)
    (x, y in [-1, 1]); 5-d inputs take (N, D', H', W', 3) grids.  Bilinear (trilinear),
    nearest or bicubic interpolation; points outside read zeros, the border, or the
    reflected image.  Differentiable with respect to both input and grid."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', "
                         f"'nearest' or 'bicubic', but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    _check_grid_sampler(input, grid)
    dims = input.ndim - 2
    if mode == "bicubic" and dims == 3:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    n, channels = input.shape[:2]
    sizes = input.shape[2:]
    out_spatial = grid.shape[1:-1]
    # sizes written out, not -1: an empty batch has no size to infer
    flat = input.reshape(n, channels, int(np.prod(sizes)))
    points = grid.reshape(n, int(np.prod(out_spatial)), dims)
    # coordinate k of the grid indexes the input's dim -1 - k (x: width, y: height, z: depth)
    coords = [points[:, :, dims - 1 - d] for d in range(dims)]
    if mode == "bicubic":
        real = [_unnormalize(c, s, align_corners) for c, s in zip(coords, sizes, strict=True)]
        base = [np.floor(r._array).astype(np.int64) for r in real]
        weights = [_cubic_weights(r - Tensor._make(b.astype(r._array.dtype), None))
                   for r, b in zip(real, base, strict=True)]
        out = None
        for i in range(4):
            for j in range(4):
                corner = []
                for d, k in ((0, i), (1, j)):
                    c = (base[d] - 1 + k).astype(real[d]._array.dtype)
                    if padding_mode != "zeros":
                        c = _padded_index(c, sizes[d], padding_mode, align_corners)
                    corner.append(c.astype(np.int64))
                term = _sample(flat, sizes, corner, weights[0][i] * weights[1][j])
                out = term if out is None else out + term
        name = "GridSampler2DBackward0"
        return _renamed(out.reshape(n, channels, *out_spatial), name)
    source = [_grid_source(c, s, padding_mode, align_corners) for c, s in zip(coords, sizes,
                                                                         strict=True)]
    if mode == "nearest":
        corner = [np.round(s._array).astype(np.int64) for s in source]   # half to even
        ones = Tensor._make(np.ones(corner[0].shape, input._array.dtype), None)
        out = _sample(flat, sizes, corner, ones)
    else:
        low = [np.floor(s._array).astype(np.int64) for s in source]
        frac = [s - Tensor._make(b.astype(s._array.dtype), None) for s, b in zip(
            source, low, strict=True)]
        out = None
        for offsets in np.ndindex(*(2,) * dims):          # the 2^dims surrounding corners
            weight = None
            for d, o in enumerate(offsets):
                w = frac[d] if o else 1 - frac[d]
                weight = w if weight is None else weight * w
            term = _sample(flat, sizes, [b + o for b, o in zip(low, offsets, strict=True)],
                           weight)
            out = term if out is None else out + term
    name = "GridSampler2DBackward0" if dims == 2 else "GridSampler3DBackward0"
    return _renamed(out.reshape(n, channels, *out_spatial), name)


def _padded_index(coord: np.ndarray, size: int, padding_mode: str,
                  align_corners: bool) -> np.ndarray:
    """A bicubic tap's pixel coordinate with border/reflection padding (no gradient: the
    taps sit at integers)."""
    if padding_mode == "border":
        return np.clip(coord, 0, size - 1)
    twice_low, twice_high = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
    if twice_low == twice_high:
        return np.zeros_like(coord)
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    distance = np.abs(coord - low)
    extra, flips = np.fmod(distance, span), np.floor(distance / span)
    folded = np.where(flips % 2 == 0, extra + low, span - extra + low)
    return np.clip(folded, 0, size - 1)
