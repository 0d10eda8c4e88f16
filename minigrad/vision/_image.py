"""Image arithmetic behind the transforms: resizing, cropping, padding, flips, grayscale.

Images come in two kinds, as in torchvision: tensors ``(..., C, H, W)`` (any
dtype) and the ``uint8`` NumPy arrays ``H x W`` or ``H x W x C`` that minigrad
uses where torchvision hands out PIL images.  Every function here works on a
stack of planes ``(K, H, W)`` and gives back the kind it got.

Resizing follows torch's ``F.interpolate`` as torchvision's tensor path calls it
(``align_corners=False``; integer images are resized in float32 and rounded):
one axis at a time, width first, each output sample a weighted sum of input
samples accumulated in the working dtype in torch's order, with torch's index
and weight arithmetic (float32 for float32 and integer images).  With
``antialias=True`` (torchvision's default for bilinear and bicubic) a
downscaled axis uses a filter widened by the scale factor, as PIL does.
"""
from __future__ import annotations

import math

import numpy as np

from .._tensor import Tensor


# -- the two kinds of image, as stacks of planes -------------------------------------------
def to_planes(img):
    """``(planes (K, H, W), rebuild)``; ``rebuild(planes')`` gives back img's kind and shape."""
    if isinstance(img, Tensor):
        array = img.detach().numpy()
        if array.ndim < 2:
            raise TypeError("Tensor is not a torch image.")
        lead = array.shape[:-2]
        planes = array.reshape((-1,) + array.shape[-2:])
        return planes, lambda out: Tensor._make(
            np.ascontiguousarray(out.reshape(lead + out.shape[-2:])), None)
    array = np.asarray(img)
    if array.ndim == 2:
        return array[None], lambda out: out[0]
    if array.ndim == 3:
        return array.transpose(2, 0, 1), lambda out: np.ascontiguousarray(out.transpose(1, 2, 0))
    raise TypeError(f"img should be PIL Image or Tensor. Got {type(img)}")


def dimensions(img) -> tuple[int, int, int]:
    """(channels, height, width) of either kind of image."""
    if isinstance(img, Tensor):
        shape = img.shape
        if len(shape) < 2:
            raise TypeError("Tensor is not a torch image.")
        return (1 if len(shape) == 2 else shape[-3]), shape[-2], shape[-1]
    array = np.asarray(img)
    if array.ndim not in (2, 3):
        raise TypeError(f"img should be PIL Image or Tensor. Got {type(img)}")
    return (1 if array.ndim == 2 else array.shape[2]), array.shape[0], array.shape[1]


# -- resizing ------------------------------------------------------------------------------
def _triangle(x):
    # the bilinear filter: 1 - |x| on [-1, 1]
    x = np.abs(x)
    return np.where(x < 1, 1 - x, 0).astype(x.dtype)


def _cubic1(x, a):
    # Keys' cubic convolution kernel on |x| <= 1
    return ((a + 2) * x - (a + 3)) * x * x + 1


def _cubic2(x, a):
    # ... and on 1 < |x| < 2
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a


def _keys(x):
    # the antialiasing bicubic filter (a = -0.5, like PIL)
    x = np.abs(x)
    return np.where(x < 1, _cubic1(x, -0.5), np.where(x < 2, _cubic2(x, -0.5), 0)).astype(
        x.dtype)


def _antialias_plan(size_in: int, size_out: int, taps: int, filter_fn, dtype):
    """Source indices and normalised weights ``(out, n)`` of a widened filter.

    For output sample ``i`` the filter is centred at ``scale (i + 0.5)`` and,
    when shrinking (``scale > 1``), stretched by ``scale``; its weights over the
    covered input samples are normalised to sum to 1.  The mixed float32 and
    float64 steps are torch's.
    """
    f = dtype.type
    scale = f(size_in) / f(size_out)
    support = f((taps * 0.5) * float(scale)) if scale >= 1.0 else f(taps * 0.5)
    invscale = f(1.0 / float(scale)) if scale >= 1.0 else f(1.0)
    max_taps = int(math.ceil(float(support))) * 2 + 1
    index = np.zeros((size_out, max_taps), np.int64)
    weight = np.zeros((size_out, max_taps), dtype)
    for i in range(size_out):
        center = f(float(scale) * (i + 0.5))
        xmin = max(int(float(center - support) + 0.5), 0)
        xsize = min(int(float(center + support) + 0.5), size_in) - xmin
        xsize = min(max(xsize, 0), max_taps)
        j = np.arange(xsize)
        offsets = (j + xmin).astype(dtype) - center          # int -> float, then subtract
        w = filter_fn(((offsets.astype(np.float64) + 0.5) * float(invscale)).astype(dtype))
        total = f(0)
        for value in w:
            total = f(total + value)
        if total != 0:
            w = (w / total).astype(dtype)
        index[i, :xsize] = j + xmin
        weight[i, :xsize] = w
    return index, weight


def _source_position(size_in: int, size_out: int, dtype, cubic: bool = False):
    """``scale (i + 0.5) - 0.5`` for every output index (clamped at 0 unless cubic).

    Rounded once, as a fused multiply-add (torch's x86 kernels are built with FMA).
    """
    f = dtype.type
    scale = f(size_in) / f(size_out)
    real = _fma(np.asarray(scale), np.arange(size_out) + 0.5, np.asarray(f(-0.5)), dtype)
    return real if cubic else np.maximum(real, f(0))


def _fma(a, b, c, dtype) -> np.ndarray:
    """``a * b + c`` rounded once to ``dtype`` (exact for float32 through float64)."""
    if dtype == np.float32:
        return (a.astype(np.float64) * b + c).astype(np.float32)
    return (a * b + c).astype(dtype)


def _linear_plan(size_in: int, size_out: int, dtype):
    """Two taps per output sample: the neighbours of the source position."""
    if size_in == size_out:
        index = np.arange(size_out)[:, None].repeat(2, axis=1)
        return index, np.tile(np.array([1, 0], dtype), (size_out, 1))
    real = _source_position(size_in, size_out, dtype)
    low = np.minimum(np.floor(real).astype(np.int64), size_in - 1)
    lam = np.clip(real - low.astype(dtype), 0, 1).astype(dtype)
    high = low + (low < size_in - 1)
    return np.stack([low, high], 1), np.stack([(1 - lam).astype(dtype), lam], 1)


def _cubic_plan(size_in: int, size_out: int, dtype):
    """Four taps per output sample, Keys' cubic with a = -0.75 (indices clamped to the edge)."""
    real = _source_position(size_in, size_out, dtype, cubic=True)
    start = np.minimum(np.floor(real).astype(np.int64), size_in - 1)
    t = np.clip(real - start.astype(dtype), 0, 1).astype(dtype)
    a = -0.75
    rest = (1 - t).astype(dtype)
    weight = np.stack([_cubic2(t + 1, a), _cubic1(t, a), _cubic1(rest, a),
                       _cubic2(rest + 1, a)], 1).astype(dtype)
    index = np.clip(start[:, None] + np.arange(-1, 3), 0, size_in - 1)
    return index, weight


def _nearest_plan(size_in: int, size_out: int, dtype, exact: bool):
    f = dtype.type
    scale = np.float32(size_in) / np.float32(size_out)
    if exact:
        source = np.floor(((np.arange(size_out) + 0.5) * float(scale)).astype(np.float32))
    elif size_out == size_in:
        source = np.arange(size_out)
    elif size_out == 2 * size_in:
        source = np.arange(size_out) >> 1
    else:
        source = np.floor(np.arange(size_out).astype(np.float32) * scale)
    index = np.minimum(source.astype(np.int64), size_in - 1)[:, None]
    return index, np.ones((size_out, 1), dtype) * f(1)


def _plan(size_in: int, size_out: int, mode: str, antialias: bool, dtype):
    if mode in ("nearest", "nearest-exact"):
        return _nearest_plan(size_in, size_out, dtype, mode == "nearest-exact")
    if antialias:
        taps, filter_fn = (2, _triangle) if mode == "bilinear" else (4, _keys)
        return _antialias_plan(size_in, size_out, taps, filter_fn, dtype)
    if mode == "bilinear":
        return _linear_plan(size_in, size_out, dtype)
    return _cubic_plan(size_in, size_out, dtype)


def _resample(planes: np.ndarray, axis: int, index: np.ndarray, weight: np.ndarray):
    """``out[..., i, ...] = sum_j planes[..., index[i, j], ...] * weight[i, j]`` along axis."""
    shape = [1] * planes.ndim
    shape[axis] = index.shape[0]
    out = np.take(planes, index[:, 0], axis=axis) * weight[:, 0].reshape(shape)
    for j in range(1, index.shape[1]):
        # out += sample * weight, as one fused multiply-add like torch's kernels
        out = _fma(np.take(planes, index[:, j], axis=axis), weight[:, j].reshape(shape), out,
                   planes.dtype)
    return out


def resize_planes(planes: np.ndarray, size: tuple[int, int], mode: str,
                  antialias: bool) -> np.ndarray:
    """Resize ``(K, H, W)`` planes to ``size = (h, w)``; same dtype out (integers rounded)."""
    if min(size) <= 0:
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input (H: "
                           f"{planes.shape[1]}, W: {planes.shape[2]}) output (H: {size[0]}, W: "
                           f"{size[1]})")
    work = planes.dtype if planes.dtype in (np.float32, np.float64) else np.dtype(np.float32)
    out = planes.astype(work, copy=False)
    for axis, target in ((2, size[1]), (1, size[0])):        # width first, as torch
        if out.shape[axis] != target:
            out = _resample(out, axis, *_plan(out.shape[axis], target, mode, antialias, work))
    if planes.dtype.kind in "iub":
        if mode == "bicubic":
            out = np.clip(out, 0, 255) if planes.dtype == np.uint8 else out
        out = np.rint(out)
    return out.astype(planes.dtype, copy=False)


def output_size(height: int, width: int, size, max_size=None) -> tuple[int, int]:
    """torchvision's rule: an int (or 1-list) sets the smaller edge, keeping the aspect ratio."""
    if isinstance(size, int):
        size = [size]
    if len(size) == 2:
        return size[0], size[1]
    short, long = (width, height) if width <= height else (height, width)
    requested = size[0]
    new_short, new_long = requested, int(requested * long / short)
    if max_size is not None:
        if max_size <= requested:
            raise ValueError(f"max_size = {max_size} must be strictly greater than the requested "
                             f"size for the smaller edge size = {size}")
        if new_long > max_size:
            new_short, new_long = int(max_size * new_short / new_long), max_size
    new_w, new_h = (new_short, new_long) if width <= height else (new_long, new_short)
    return new_h, new_w


# -- padding and cropping ------------------------------------------------------------------
def pad_planes(planes: np.ndarray, left: int, top: int, right: int, bottom: int, fill=0,
               mode: str = "constant") -> np.ndarray:
    """Pad (negative amounts crop) the last two axes; ``mode`` as in torchvision."""
    h, w = planes.shape[-2:]
    planes = planes[..., max(-top, 0):h - max(-bottom, 0), max(-left, 0):w - max(-right, 0)]
    widths = ((0, 0), (max(top, 0), max(bottom, 0)), (max(left, 0), max(right, 0)))
    if mode == "constant":
        return np.pad(planes, widths, mode="constant", constant_values=fill)
    return np.pad(planes, widths, mode={"edge": "edge", "reflect": "reflect",
                                        "symmetric": "symmetric"}[mode])


def parse_padding(padding) -> tuple[int, int, int, int]:
    """int, [all], [left/right, top/bottom] or [left, top, right, bottom] -> (l, t, r, b)."""
    if isinstance(padding, int):
        return padding, padding, padding, padding
    padding = list(padding)
    if len(padding) == 1:
        return (padding[0],) * 4
    if len(padding) == 2:
        return padding[0], padding[1], padding[0], padding[1]
    return tuple(padding)


def crop_planes(planes: np.ndarray, top: int, left: int, height: int, width: int):
    """The window at (top, left); outside the image it is zero, as in torchvision."""
    h, w = planes.shape[-2:]
    right, bottom = left + width, top + height
    if left < 0 or top < 0 or right > w or bottom > h:
        window = planes[..., max(top, 0):bottom, max(left, 0):right]
        return pad_planes(window, max(-left + min(0, right), 0), max(-top + min(0, bottom), 0),
                          max(right - max(w, left), 0), max(bottom - max(h, top), 0))
    return planes[..., top:bottom, left:right].copy()


# -- colour --------------------------------------------------------------------------------
def grayscale_tensor(array: np.ndarray, channels_out: int) -> np.ndarray:
    """``0.2989 R + 0.587 G + 0.114 B`` on ``(..., 3, H, W)`` (cast back to the dtype)."""
    if array.shape[-3] != 3:               # already one channel: kept as it is
        return array.copy()
    work = np.dtype(array.dtype if array.dtype in (np.float32, np.float64) else np.float32)
    r, g, b = (array[..., i, :, :].astype(work) for i in range(3))
    gray = work.type(0.2989) * r + work.type(0.587) * g + work.type(0.114) * b
    gray = gray.astype(array.dtype)[..., None, :, :]
    if channels_out == 3:
        return np.broadcast_to(gray, array.shape).copy()
    return gray


def grayscale_picture(array: np.ndarray, channels_out: int) -> np.ndarray:
    """PIL's ``convert('L')`` on an ``H x W x 3`` uint8 array: ``(R 19595 + G 38470 + B 7471
    + 2^15) >> 16``; ``H x W`` out (``H x W x 3`` for three channels)."""
    if array.ndim == 3 and array.shape[2] >= 3:
        rgb = array[..., :3].astype(np.uint32)
        gray = ((rgb[..., 0] * 19595 + rgb[..., 1] * 38470 + rgb[..., 2] * 7471 + 0x8000)
                >> 16).astype(np.uint8)
    else:
        gray = array.reshape(array.shape[:2]).copy()
    return np.repeat(gray[..., None], 3, axis=2) if channels_out == 3 else gray
