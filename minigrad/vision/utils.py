"""``make_grid`` and ``save_image`` (torchvision.utils), with a PNG writer on NumPy and zlib.

A PNG file is the 8-byte signature and three chunks: ``IHDR`` (width, height,
bit depth 8, colour type gray / RGB / RGBA), ``IDAT`` (the rows, each prefixed
by filter byte 0, compressed with zlib) and ``IEND``; every chunk is
``length, type, data, CRC-32(type + data)``.
"""
from __future__ import annotations

import math
import os
import struct
import zlib

import numpy as np

from .._tensor import Tensor


def make_grid(tensor, nrow: int = 8, padding: int = 2, normalize: bool = False,
              value_range: tuple | None = None, scale_each: bool = False,
              pad_value: float = 0.0) -> Tensor:
    """Tile a batch ``(B, C, H, W)`` (or a list of ``(C, H, W)`` images) into one image.

    Images fill rows of ``nrow`` with ``padding`` pixels of ``pad_value`` around
    them; one-channel images become three-channel.  ``normalize`` maps
    ``value_range`` (default: min and max of the batch, or of each image when
    ``scale_each``) to [0, 1].  A single image is returned without padding.
    """
    if not isinstance(tensor, Tensor):
        if isinstance(tensor, list):
            for t in tensor:
                if not isinstance(t, Tensor):
                    raise TypeError("tensor or list of tensors expected, got a list "
                                    f"containing {type(t)}")
        else:
            raise TypeError(f"tensor or list of tensors expected, got {type(tensor)}")
    if isinstance(tensor, list):
        array = np.stack([t.detach().numpy() for t in tensor])
    else:
        array = tensor.detach().numpy()
    if array.ndim == 2:                        # a single image plane
        array = array[None]
    if array.ndim == 3:                        # a single image
        if array.shape[0] == 1:
            array = np.concatenate([array] * 3, 0)
        array = array[None]
    if array.ndim == 4 and array.shape[1] == 1:
        array = np.concatenate([array] * 3, 1)
    if normalize is True:
        array = array.copy()
        if value_range is not None and not isinstance(value_range, tuple):
            raise TypeError("value_range has to be a tuple (min, max) if specified. min and max "
                            "are numbers")
        for image in (array if scale_each is True else [array]):
            _normalize_(image, value_range)
    if array.shape[0] == 1:
        return Tensor._make(np.ascontiguousarray(array[0]), None)
    nmaps = array.shape[0]
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(float(nmaps) / xmaps))
    height, width = int(array.shape[2] + padding), int(array.shape[3] + padding)
    grid = np.full((array.shape[1], height * ymaps + padding, width * xmaps + padding),
                   pad_value, dtype=array.dtype)
    for k in range(nmaps):
        y, x = divmod(k, xmaps)
        grid[:, y * height + padding:(y + 1) * height,
             x * width + padding:(x + 1) * width] = array[k]
    return Tensor._make(grid, None)


def _normalize_(image: np.ndarray, value_range) -> None:
    """Clamp to the range, then map it to [0, 1] in place."""
    low, high = value_range if value_range is not None else (float(image.min()),
                                                             float(image.max()))
    np.clip(image, low, high, out=image)
    image -= image.dtype.type(low)
    image /= image.dtype.type(max(high - low, 1e-5))


def save_image(tensor, fp, format: str | None = None, **kwargs) -> None:
    """Save ``make_grid(tensor, **kwargs)`` as an 8-bit PNG (values in [0, 1] map to 0-255).

    ``fp`` is a path or a binary file object.  Only PNG is written: another
    ``format`` or file extension raises ValueError.
    """
    grid = make_grid(tensor, **kwargs).detach().numpy()
    # x * 255 + 0.5, clamped, truncated to uint8 (torchvision's rounding)
    pixels = np.clip(grid * grid.dtype.type(255) + grid.dtype.type(0.5), 0, 255)
    pixels = pixels.transpose(1, 2, 0).astype(np.uint8)
    if isinstance(fp, (str, os.PathLike)):
        extension = os.path.splitext(os.fspath(fp))[1].lower()
        wanted = (format or extension.lstrip(".")).lower()
        if wanted != "png":
            raise ValueError(f"minigrad's save_image writes PNG only, not {wanted!r} "
                             f"({os.fspath(fp)})")
        with open(fp, "wb") as f:
            f.write(encode_png(pixels))
    else:
        if format is not None and format.lower() != "png":
            raise ValueError(f"minigrad's save_image writes PNG only, not {format!r}")
        fp.write(encode_png(pixels))


def encode_png(pixels: np.ndarray) -> bytes:
    """The PNG file of a ``uint8`` image ``H x W`` (gray) or ``H x W x C`` (C = 1, 3 or 4)."""
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8:
        raise TypeError(f"PNG pixels must be uint8, not {pixels.dtype}")
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    if pixels.ndim != 3 or pixels.shape[2] not in _COLOUR_TYPE:
        raise TypeError(f"Cannot handle this data type: image of shape {pixels.shape} (PNG "
                        "takes 1, 3 or 4 channels)")
    height, width, channels = pixels.shape
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOUR_TYPE[channels], 0, 0, 0)
    rows = np.concatenate([np.zeros((height, 1), np.uint8),      # filter type 0 per row
                           pixels.reshape(height, width * channels)], axis=1)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + _chunk(b"IEND", b""))


_COLOUR_TYPE = {1: 0, 3: 2, 4: 6}        # channels -> PNG colour type (gray, RGB, RGBA)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


__all__ = ["make_grid", "save_image"]
