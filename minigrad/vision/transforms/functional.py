"""Image functions with torchvision.transforms.functional's names and arguments.

Images are tensors ``(..., C, H, W)`` or, where torchvision takes a PIL image,
the ``uint8`` NumPy array (``H x W`` or ``H x W x C``) minigrad's datasets yield.
Tensors follow torchvision's tensor path (integer images are resized in float32
and rounded).  Arrays go through the same arithmetic, so a resized array may
differ from PIL's fixed-point result by one grey level; their grayscale
conversion is PIL's.  Results carry no gradient.
"""
from __future__ import annotations

import numbers
from enum import Enum
from typing import Sequence

import numpy as np

from ... import _dtype
from ..._tensor import Tensor
from .. import _image
from .._geometry import warp_image


class InterpolationMode(Enum):
    NEAREST = "nearest"
    NEAREST_EXACT = "nearest-exact"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"


def _as_mode(interpolation) -> InterpolationMode:
    if isinstance(interpolation, str):
        interpolation = InterpolationMode(interpolation.lower())
    if not isinstance(interpolation, InterpolationMode):
        raise TypeError("Argument interpolation should be a InterpolationMode or a "
                        "corresponding Pillow integer constant")
    return interpolation


# -- sizes ---------------------------------------------------------------------------------
def get_dimensions(img) -> list[int]:
    """``[channels, height, width]``."""
    return list(_image.dimensions(img))


def get_image_size(img) -> list[int]:
    """``[width, height]``."""
    _, height, width = _image.dimensions(img)
    return [width, height]


def get_image_num_channels(img) -> int:
    return _image.dimensions(img)[0]


# -- conversions ---------------------------------------------------------------------------
def to_tensor(pic) -> Tensor:
    """``H x W[ x C]`` picture -> float32 ``C x H x W`` tensor in [0, 1] (uint8 is scaled)."""
    from . import ToTensor
    return ToTensor()(pic)


def to_pil_image(pic, mode=None) -> np.ndarray:
    """A tensor ``C x H x W`` (or ``H x W``) -> the ``uint8`` picture array minigrad uses for a
    PIL image: ``H x W`` for one channel, else ``H x W x C``.

    Floating images are scaled by 255 and truncated like torch's ``.byte()``.
    """
    if mode is not None:
        raise NotImplementedError("to_pil_image(mode=...) is not supported by minigrad: the "
                                  "picture's channels give its mode")
    if isinstance(pic, Tensor):
        if pic.ndim not in (2, 3):
            raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
        array = pic.detach().numpy()
        array = array[None] if array.ndim == 2 else array
        if array.shape[0] > 4:
            raise ValueError(f"pic should not have > 4 channels. Got {array.shape[0]} "
                             "channels.")
        if array.dtype.kind == "f":
            array = (array * array.dtype.type(255)).astype(np.int64).astype(np.uint8)
        array = array.transpose(1, 2, 0)
    elif isinstance(pic, np.ndarray):
        if pic.ndim not in (2, 3):
            raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
        array = pic[:, :, None] if pic.ndim == 2 else pic
    else:
        raise TypeError(f"pic should be Tensor or ndarray. Got {type(pic)}.")
    if array.dtype != np.uint8:
        raise TypeError(f"Input type {array.dtype} is not supported")
    return np.ascontiguousarray(array[:, :, 0] if array.shape[2] == 1 else array)


def convert_image_dtype(image: Tensor, dtype=_dtype.float32) -> Tensor:
    """Convert and rescale: floats span [0, 1], integers [0, max of the dtype]."""
    if not isinstance(image, Tensor):
        raise TypeError("Input img should be Tensor Image")
    if image.dtype == dtype:
        return image
    array = image.detach().numpy()
    target = np.dtype(dtype.np)
    if array.dtype.kind == "f":
        if target.kind == "f":
            return Tensor._make(array.astype(target), None)
        if (array.dtype == np.float32 and target in (np.int32, np.int64)) or \
                (array.dtype == np.float64 and target == np.int64):
            raise RuntimeError(f"The cast from {image.dtype} to {dtype} cannot be performed "
                               "safely.")
        # just under max + 1, so that 1.0 maps to max and truncation spreads values evenly
        scaled = array * array.dtype.type(float(_max_value(target)) + 1.0 - 0.001)
        return Tensor._make(scaled.astype(target), None)
    input_max = float(_max_value(array.dtype))
    if target.kind == "f":
        return Tensor._make((array.astype(target) / target.type(input_max)).astype(target), None)
    output_max = float(_max_value(target))
    if input_max > output_max:
        factor = int((input_max + 1) // (output_max + 1))
        return Tensor._make((array // factor).astype(target), None)
    factor = int((output_max + 1) // (input_max + 1))
    return Tensor._make(array.astype(target) * target.type(factor), None)


def _max_value(np_dtype) -> int:
    np_dtype = np.dtype(np_dtype)
    if np_dtype.kind in "iu":
        return int(np.iinfo(np_dtype).max)
    return 1


def normalize(tensor: Tensor, mean: Sequence[float], std: Sequence[float],
              inplace: bool = False) -> Tensor:
    from . import Normalize
    return Normalize(mean, std, inplace)(tensor)


# -- geometry ------------------------------------------------------------------------------
def resize(img, size, interpolation=InterpolationMode.BILINEAR, max_size=None,
           antialias: bool | None = True):
    """Resize to ``size`` (h, w), or make the smaller edge ``size`` keeping the aspect ratio.

    ``antialias`` (bilinear and bicubic only) widens the filter when shrinking.
    """
    interpolation = _as_mode(interpolation)
    if isinstance(size, (list, tuple)):
        if len(size) not in [1, 2]:
            raise ValueError("Size must be an int or a 1 or 2 element tuple/list, not a "
                             f"{len(size)} element tuple/list")
        if max_size is not None and len(size) != 1:
            raise ValueError("max_size should only be passed if size specifies the length of "
                             "the smaller edge, i.e. size should be an int or a sequence of "
                             "length 1 in torchscript mode.")
    _, height, width = _image.dimensions(img)
    out_h, out_w = _image.output_size(height, width, size, max_size)
    if (out_h, out_w) == (height, width):
        return img
    mode = interpolation.value
    antialias = bool(antialias) and mode in ("bilinear", "bicubic")
    planes, rebuild = _image.to_planes(img)
    return rebuild(_image.resize_planes(planes, (out_h, out_w), mode, antialias))


def pad(img, padding, fill=0, padding_mode: str = "constant"):
    """Pad each border (``padding``: int, [all], [left/right, top/bottom] or [l, t, r, b]).

    ``padding_mode``: 'constant' (``fill``), 'edge', 'reflect' (without the edge
    pixel) or 'symmetric' (with it).  Negative padding crops.
    """
    if not isinstance(padding, (int, tuple, list)):
        raise TypeError("Got inappropriate padding arg")
    if fill is None:
        fill = 0
    if not isinstance(fill, (numbers.Number, tuple, list)):
        raise TypeError("Got inappropriate fill arg")
    if isinstance(padding, (tuple, list)) and len(padding) not in [1, 2, 4]:
        raise ValueError("Padding must be an int or a 1, 2, or 4 element tuple, not a "
                         f"{len(padding)} element tuple")
    if padding_mode not in ["constant", "edge", "reflect", "symmetric"]:
        raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
    left, top, right, bottom = _image.parse_padding(padding)
    planes, rebuild = _image.to_planes(img)
    if isinstance(fill, (tuple, list)):     # one value per channel (pictures only)
        if isinstance(img, Tensor):
            raise TypeError("Got inappropriate fill arg")
        fill = np.resize(np.asarray(fill, planes.dtype), planes.shape[0])
        out = np.stack([_image.pad_planes(p[None], left, top, right, bottom, f, padding_mode)[0]
                        for p, f in zip(planes, fill, strict=True)])
    else:
        out = _image.pad_planes(planes, left, top, right, bottom, fill, padding_mode)
    return rebuild(out)


def crop(img, top: int, left: int, height: int, width: int):
    """The ``height x width`` window at (top, left); zero outside the image."""
    planes, rebuild = _image.to_planes(img)
    return rebuild(_image.crop_planes(planes, top, left, height, width))


def center_crop(img, output_size):
    """The centred window of ``output_size``; a smaller image is zero-padded first."""
    if isinstance(output_size, numbers.Number):
        output_size = (int(output_size), int(output_size))
    elif isinstance(output_size, (tuple, list)) and len(output_size) == 1:
        output_size = (output_size[0], output_size[0])
    _, height, width = _image.dimensions(img)
    crop_height, crop_width = output_size
    if crop_width > width or crop_height > height:
        padding = [(crop_width - width) // 2 if crop_width > width else 0,
                   (crop_height - height) // 2 if crop_height > height else 0,
                   (crop_width - width + 1) // 2 if crop_width > width else 0,
                   (crop_height - height + 1) // 2 if crop_height > height else 0]
        img = pad(img, padding, fill=0)
        _, height, width = _image.dimensions(img)
        if crop_width == width and crop_height == height:
            return img
    top = int(round((height - crop_height) / 2.0))
    left = int(round((width - crop_width) / 2.0))
    return crop(img, top, left, crop_height, crop_width)


def resized_crop(img, top: int, left: int, height: int, width: int, size,
                 interpolation=InterpolationMode.BILINEAR, antialias: bool | None = True):
    """``crop`` then ``resize``."""
    return resize(crop(img, top, left, height, width), size, interpolation,
                  antialias=antialias)


def hflip(img):
    """Mirror left-right."""
    planes, rebuild = _image.to_planes(img)
    return rebuild(planes[..., ::-1].copy())


def vflip(img):
    """Mirror top-bottom."""
    planes, rebuild = _image.to_planes(img)
    return rebuild(planes[..., ::-1, :].copy())


def rotate(img, angle: float, interpolation=InterpolationMode.NEAREST, expand: bool = False,
           center=None, fill=None):
    """Rotate counter-clockwise by ``angle`` degrees about ``center`` (default: the middle)."""
    if expand:
        raise NotImplementedError("rotate(expand=True) is not supported by minigrad")
    return warp_image(img, -angle, (0, 0), 1.0, (0.0, 0.0), _as_mode(interpolation).value,
                      fill, center)


def affine(img, angle: float, translate, scale: float, shear,
           interpolation=InterpolationMode.NEAREST, fill=None, center=None):
    """Rotate, translate, scale and shear keeping the image centre fixed (angles in degrees)."""
    if isinstance(shear, numbers.Number):
        shear = [shear, 0.0]
    return warp_image(img, angle, translate, scale, [float(s) for s in shear],
                      _as_mode(interpolation).value, fill, center)


# -- colour --------------------------------------------------------------------------------
def rgb_to_grayscale(img, num_output_channels: int = 1):
    """Luma ``0.2989 R + 0.587 G + 0.114 B`` (pictures: PIL's integer formula)."""
    if num_output_channels not in (1, 3):
        raise ValueError("num_output_channels should be either 1 or 3")
    if isinstance(img, Tensor):
        if img.ndim < 3:
            raise TypeError("Input image tensor should have at least 3 dimensions, but found "
                            f"{img.ndim}")
        channels = img.shape[-3]
        if channels not in (1, 3):
            raise TypeError(f"Input image tensor permitted channel values are [1, 3], but "
                            f"found {channels}")
        return Tensor._make(_image.grayscale_tensor(img.detach().numpy(), num_output_channels),
                            None)
    return _image.grayscale_picture(np.asarray(img), num_output_channels)


def to_grayscale(img, num_output_channels: int = 1):
    """Grayscale of a picture array (torchvision: of a PIL image)."""
    if isinstance(img, Tensor):
        raise TypeError("Input should be PIL Image")
    return rgb_to_grayscale(img, num_output_channels)


__all__ = ["InterpolationMode", "affine", "center_crop", "convert_image_dtype", "crop",
           "get_dimensions", "get_image_num_channels", "get_image_size", "hflip", "normalize",
           "pad", "resize", "resized_crop", "rgb_to_grayscale", "rotate", "to_grayscale",
           "to_pil_image", "to_tensor", "vflip"]
