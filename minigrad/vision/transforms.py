"""Image transforms with torchvision's names, arguments and reprs, on NumPy.

minigrad has no PIL: where torchvision hands transforms a PIL image, minigrad
hands them the ``uint8`` NumPy array (``H x W`` or ``H x W x C``) that the
vision datasets yield.  ``ToTensor`` accepts that array (and, unlike
torchvision, also a ``uint8`` tensor of that layout) and returns a float32
``C x H x W`` tensor in [0, 1].  ``RandomRotation`` / ``RandomAffine`` accept
both the array (kept as ``H x W[ x C]``) and tensors (``..., C, H, W``);
they draw their parameters from minigrad's global generator, so
``minigrad.manual_seed`` makes them reproducible, and they run on raw arrays
(the result carries no gradient).  ``expand=True`` is not supported.
"""
from __future__ import annotations

import numbers
from enum import Enum
from typing import Callable, Sequence

import numpy as np

from .. import random as _random
from .._tensor import Tensor
from ._geometry import warp_image


class InterpolationMode(Enum):
    NEAREST = "nearest"
    BILINEAR = "bilinear"


class Compose:
    """Apply ``transforms`` one after the other."""

    def __init__(self, transforms: Sequence[Callable]) -> None:
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    @property
    def _batchable(self) -> bool:
        return all(getattr(t, "_batchable", False) for t in self.transforms)

    def _apply_batch(self, batch):
        for t in self.transforms:
            batch = t._apply_batch(batch)
        return batch

    def __repr__(self) -> str:
        lines = "".join(f"\n    {t}" for t in self.transforms)
        return f"{type(self).__name__}({lines}\n)"


class ToTensor:
    """``H x W`` or ``H x W x C`` array -> ``C x H x W`` tensor; ``uint8`` is scaled to [0, 1].

    Other dtypes keep their dtype and values, as in torchvision.
    """

    _batchable = True

    def __call__(self, pic) -> Tensor:
        array = _picture_array(pic)
        if array.ndim not in (2, 3):
            raise ValueError(f"pic should be 2/3 dimensional. Got {array.ndim} dimensions.")
        array = array[:, :, None] if array.ndim == 2 else array
        return _scaled(np.ascontiguousarray(array.transpose(2, 0, 1)))

    def _apply_batch(self, batch: np.ndarray) -> Tensor:
        """The same for a stack of pictures (``N x H x W[ x C]``) -> ``N x C x H x W``."""
        batch = batch[..., None] if batch.ndim == 3 else batch
        return _scaled(np.ascontiguousarray(batch.transpose(0, 3, 1, 2)))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _picture_array(pic) -> np.ndarray:
    if isinstance(pic, Tensor):
        return pic.detach().numpy()
    if isinstance(pic, np.ndarray):
        return pic
    if hasattr(pic, "__array_interface__"):        # e.g. a PIL image, if one is passed
        return np.asarray(pic)
    raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")


def _scaled(array: np.ndarray) -> Tensor:
    if array.dtype == np.uint8:
        array = array.astype(np.float32) / np.float32(255)
    return Tensor._make(array, None)


class Normalize:
    """``(x - mean[c]) / std[c]`` for every channel ``c`` of a ``(..., C, H, W)`` float tensor."""

    _batchable = True

    def __init__(self, mean: Sequence[float], std: Sequence[float], inplace: bool = False):
        self.mean, self.std, self.inplace = mean, std, inplace

    def __call__(self, tensor: Tensor) -> Tensor:
        if not isinstance(tensor, Tensor):
            raise TypeError(f"img should be Tensor Image. Got {type(tensor)}")
        if not tensor.is_floating_point():
            raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
        if tensor.ndim < 3:
            raise ValueError("Expected tensor to be a tensor image of size (..., C, H, W). Got "
                             f"tensor.size() = {tensor.size()}")
        kind = tensor._array.dtype
        mean = np.asarray(self.mean, dtype=kind)
        std = np.asarray(self.std, dtype=kind)
        if (std == 0).any():
            raise ValueError(f"std evaluated to zero after conversion to {tensor.dtype}, "
                             "leading to division by zero.")
        mean = Tensor._make(mean.reshape(-1, 1, 1) if mean.ndim == 1 else mean, None)
        std = Tensor._make(std.reshape(-1, 1, 1) if std.ndim == 1 else std, None)
        if self.inplace:
            return tensor.sub_(mean).div_(std)
        return (tensor - mean) / std

    def _apply_batch(self, batch: Tensor) -> Tensor:
        return self(batch)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Wrap a user function as a transform."""

    def __init__(self, lambd: Callable) -> None:
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got "
                            f"{repr(type(lambd).__name__)}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def _check_length(value, name: str, sizes=(2,)) -> None:
    wanted = " or ".join(str(n) for n in sizes)
    if not isinstance(value, Sequence):
        raise TypeError(f"{name} should be a sequence of length {wanted}.")
    if len(value) not in sizes:
        raise ValueError(f"{name} should be a sequence of length {wanted}.")


def _range(value, name: str, sizes=(2,)) -> list:
    """``d`` -> ``[-d, d]``; a sequence stays as it is (as floats)."""
    if isinstance(value, numbers.Number):
        if value < 0:
            raise ValueError(f"If {name} is a single number, it must be positive.")
        value = [-value, value]
    else:
        _check_length(value, name, sizes)
    return [float(v) for v in value]


def _fill(fill):
    if fill is None:
        return 0
    if not isinstance(fill, (Sequence, numbers.Number)):
        raise TypeError("Fill should be either a sequence or a number.")
    return fill


def _interpolation(mode) -> InterpolationMode:
    if isinstance(mode, str):
        mode = InterpolationMode(mode.lower())
    if not isinstance(mode, InterpolationMode):
        raise TypeError("Argument interpolation should be a InterpolationMode")
    return mode


def _uniform(low: float, high: float) -> float:
    return float(_random.uniform((), low, high, np.float64))


class RandomRotation:
    """Rotate by an angle drawn uniformly from ``degrees`` (counter-clockwise on screen)."""

    def __init__(self, degrees, interpolation=InterpolationMode.NEAREST, expand: bool = False,
                 center=None, fill=0) -> None:
        if expand:
            raise NotImplementedError("RandomRotation(expand=True) is not supported by minigrad")
        self.degrees = _range(degrees, "degrees")
        self.interpolation = _interpolation(interpolation)
        self.expand, self.center, self.fill = expand, center, _fill(fill)

    @staticmethod
    def get_params(degrees: list) -> float:
        return _uniform(degrees[0], degrees[1])

    def __call__(self, img):
        angle = self.get_params(self.degrees)
        return warp_image(img, -angle, (0, 0), 1.0, (0.0, 0.0), self.interpolation.value,
                          self.fill, self.center)

    def __repr__(self) -> str:
        text = (f"{type(self).__name__}(degrees={self.degrees}, interpolation="
                f"{self.interpolation.value}, expand={self.expand}")
        text += f", center={self.center}" if self.center is not None else ""
        text += f", fill={self.fill}" if self.fill is not None else ""
        return text + ")"


class RandomAffine:
    """Random rotation, translation, scaling and shear, keeping the image centre fixed."""

    def __init__(self, degrees, translate=None, scale=None, shear=None,
                 interpolation=InterpolationMode.NEAREST, fill=0, center=None) -> None:
        self.degrees = _range(degrees, "degrees")
        if translate is not None:
            _check_length(translate, "translate")
            if not all(0.0 <= t <= 1.0 for t in translate):
                raise ValueError("translation values should be between 0 and 1")
        if scale is not None:
            _check_length(scale, "scale")
            if any(s <= 0 for s in scale):
                raise ValueError("scale values should be positive")
        if shear is not None:
            shear = _range(shear, "shear", (2, 4))
        self.translate, self.scale, self.shear = translate, scale, shear
        self.interpolation = _interpolation(interpolation)
        self.fill, self.center = _fill(fill), center

    @staticmethod
    def get_params(degrees, translate, scale_ranges, shears, img_size):
        """(angle, (tx, ty), scale, (shear_x, shear_y)) drawn in torchvision's order."""
        angle = _uniform(degrees[0], degrees[1])
        tx = ty = 0
        if translate is not None:
            max_dx, max_dy = translate[0] * img_size[0], translate[1] * img_size[1]
            tx = int(round(_uniform(-max_dx, max_dx)))
            ty = int(round(_uniform(-max_dy, max_dy)))
        scale = 1.0 if scale_ranges is None else _uniform(scale_ranges[0], scale_ranges[1])
        shear_x = shear_y = 0.0
        if shears is not None:
            shear_x = _uniform(shears[0], shears[1])
            if len(shears) == 4:
                shear_y = _uniform(shears[2], shears[3])
        return angle, (tx, ty), scale, (shear_x, shear_y)

    def __call__(self, img):
        shape = img.shape
        height, width = (shape[-2:] if isinstance(img, Tensor) else shape[:2])
        angle, translate, scale, shear = self.get_params(
            self.degrees, self.translate, self.scale, self.shear, [width, height])
        return warp_image(img, angle, translate, scale, shear, self.interpolation.value,
                          self.fill, self.center)

    def __repr__(self) -> str:
        text = f"{type(self).__name__}(degrees={self.degrees}"
        text += f", translate={self.translate}" if self.translate is not None else ""
        text += f", scale={self.scale}" if self.scale is not None else ""
        text += f", shear={self.shear}" if self.shear is not None else ""
        if self.interpolation != InterpolationMode.NEAREST:
            text += f", interpolation={self.interpolation.value}"
        text += f", fill={self.fill}" if self.fill != 0 else ""
        text += f", center={self.center}" if self.center is not None else ""
        return text + ")"


__all__ = ["Compose", "InterpolationMode", "Lambda", "Normalize", "RandomAffine",
           "RandomRotation", "ToTensor"]
