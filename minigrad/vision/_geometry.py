"""Affine warps of images with NumPy, following torchvision's tensor conventions.

Coordinates are measured from the image centre: pixel ``(i, j)`` of an
``H x W`` image sits at ``x = j + 0.5 - W / 2``, ``y = i + 0.5 - H / 2`` (y
points down).  An affine transform maps input points to output points; to
fill the output we walk the other way (inverse mapping): every output pixel
asks the inverse transform where it came from and samples the input there.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from .._tensor import Tensor


def affine_matrix(angle: float, translate, scale: float, shear, center=(0.0, 0.0)):
    """The 3x3 forward matrix ``T . C . R(angle) . Shy . Shx . S . C^-1`` (angles in degrees).

    ``angle`` turns clockwise on screen (y points down); ``translate`` moves
    the image right/down in pixels; ``center`` is relative to the image centre.
    """
    a = math.radians(angle)
    sx, sy = math.radians(shear[0]), math.radians(shear[1])
    rotate = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    shear_y = np.array([[1.0, 0.0], [-math.tan(sy), 1.0]])
    shear_x = np.array([[1.0, -math.tan(sx)], [0.0, 1.0]])
    linear = rotate @ shear_y @ shear_x * scale

    def shift(dx, dy):
        return np.array([[1.0, 0.0, dx], [0.0, 1.0, dy], [0.0, 0.0, 1.0]])

    middle = np.eye(3)
    middle[:2, :2] = linear
    cx, cy = center
    return shift(translate[0], translate[1]) @ shift(cx, cy) @ middle @ shift(-cx, -cy)


def warp(planes: np.ndarray, forward: np.ndarray, interpolation: str, fill) -> np.ndarray:
    """Apply the affine ``forward`` (3x3) to ``planes`` (K x H x W); returns float64 K x H x W.

    ``fill`` (one value per plane) is used where the source point falls
    outside the input.  ``interpolation`` is ``"nearest"`` (round half to
    even, like torch's grid_sample) or ``"bilinear"``.
    """
    k, h, w = planes.shape
    inverse = np.linalg.inv(forward)
    ys, xs = np.meshgrid(np.arange(h) + 0.5 - h / 2, np.arange(w) + 0.5 - w / 2, indexing="ij")
    # source point in pixel-index coordinates (pixel centres at integers)
    src_x = inverse[0, 0] * xs + inverse[0, 1] * ys + inverse[0, 2] + w / 2 - 0.5
    src_y = inverse[1, 0] * xs + inverse[1, 1] * ys + inverse[1, 2] + h / 2 - 0.5
    fill = np.asarray(fill, dtype=np.float64).reshape(-1, 1, 1)
    if interpolation == "nearest":
        col, row = np.rint(src_x).astype(np.int64), np.rint(src_y).astype(np.int64)
        inside = (col >= 0) & (col < w) & (row >= 0) & (row < h)
        picked = planes[:, np.clip(row, 0, h - 1), np.clip(col, 0, w - 1)]
        return np.where(inside, picked, fill)
    # bilinear: weighted sum of the four neighbours that lie inside the image
    col0, row0 = np.floor(src_x).astype(np.int64), np.floor(src_y).astype(np.int64)
    fx, fy = src_x - col0, src_y - row0
    out = np.zeros((k, h, w))
    covered = np.zeros((h, w))      # total weight of the neighbours inside the image
    for dr, dc, weight in ((0, 0, (1 - fy) * (1 - fx)), (0, 1, (1 - fy) * fx),
                           (1, 0, fy * (1 - fx)), (1, 1, fy * fx)):
        row, col = row0 + dr, col0 + dc
        inside = (col >= 0) & (col < w) & (row >= 0) & (row < h)
        weight = np.where(inside, weight, 0.0)
        out += weight * planes[:, np.clip(row, 0, h - 1), np.clip(col, 0, w - 1)]
        covered += weight
    return out + (1.0 - covered) * fill


def warp_image(img, angle, translate, scale, shear, interpolation: str, fill, center):
    """Warp an ``H x W[ x C]`` array or a ``(..., C, H, W)`` tensor; same type and dtype out.

    Integer images are rounded back to their dtype; ``fill`` is a number or one
    value per channel; ``center`` is in pixels (None: the image centre).
    """
    is_tensor = isinstance(img, Tensor)
    array = img.detach().numpy() if is_tensor else np.asarray(img)
    if is_tensor:
        planes = array.reshape((-1,) + array.shape[-2:])
        channels = array.shape[-3] if array.ndim >= 3 else 1
    else:
        planes = array[None] if array.ndim == 2 else array.transpose(2, 0, 1)
        channels = planes.shape[0]
    h, w = planes.shape[-2:]
    fill = [0.0] if fill is None else ([float(fill)] if isinstance(fill, numbers.Number)
                                       else [float(f) for f in fill])
    if len(fill) not in (1, channels):
        raise ValueError(f"The number of elements in 'fill' does not match the number of "
                         f"channels of the image ({len(fill)} != {channels})")
    per_plane = np.resize(np.asarray(fill), planes.shape[0])
    rel_center = (0.0, 0.0) if center is None else (center[0] - w * 0.5, center[1] - h * 0.5)
    forward = affine_matrix(angle, translate, scale, shear, rel_center)
    out = warp(planes.astype(np.float64), forward, interpolation, per_plane)
    if array.dtype.kind in "iub":
        out = np.rint(out)
    out = out.astype(array.dtype)
    if is_tensor:
        return Tensor._make(out.reshape(array.shape), None)
    return out[0] if array.ndim == 2 else out.transpose(1, 2, 0)
