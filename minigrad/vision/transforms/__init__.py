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

Resizing, cropping, padding, flips, grayscale and dtype conversion live in
``functional`` and follow torchvision's tensor path; on picture arrays they use
the same arithmetic (a resized picture may differ from PIL's by one grey level;
grayscale uses PIL's formula).  Random transforms draw from minigrad's generator.
"""
from __future__ import annotations

import math
import numbers
import warnings
from typing import Callable, Sequence

import numpy as np

from ... import random as _random
from ..._tensor import Tensor
from .._geometry import warp_image
from . import functional
from .functional import InterpolationMode



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


def _warp_mode(mode) -> InterpolationMode:
    mode = _interpolation(mode)
    if mode not in (InterpolationMode.NEAREST, InterpolationMode.BILINEAR):
        raise NotImplementedError(f"interpolation={mode.value} is not supported by minigrad's "
                                  "rotations and affine warps (nearest or bilinear)")
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
        self.interpolation = _warp_mode(interpolation)
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
        self.interpolation = _warp_mode(interpolation)
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


def _setup_size(size, error_msg: str):
    """(h, w) from an int, a 1-sequence or a 2-sequence."""
    if isinstance(size, numbers.Number):
        return int(size), int(size)
    if isinstance(size, Sequence) and len(size) == 1:
        return size[0], size[0]
    if len(size) != 2:
        raise ValueError(error_msg)
    return size


_SIZE_ERROR = "Please provide only two dimensions (h, w) for size."


def _coin(p: float) -> bool:
    """True with probability ``p`` (one uniform draw from minigrad's generator)."""
    return float(_random.uniform((1,), 0.0, 1.0, np.float32)[0]) < p


def _randint(low: int, high: int) -> int:
    return int(_random.integers(low, high, (1,))[0])


class Resize:
    """Resize to ``size`` (h, w), or the smaller edge to ``size`` keeping the aspect ratio.

    Bilinear with ``antialias=True`` (the default) follows torchvision's tensor
    path; see ``functional.resize``.
    """

    def __init__(self, size, interpolation=InterpolationMode.BILINEAR, max_size=None,
                 antialias: bool | None = True) -> None:
        if not isinstance(size, (int, Sequence)):
            raise TypeError(f"Size should be int or sequence. Got {type(size)}")
        if isinstance(size, Sequence) and len(size) not in (1, 2):
            raise ValueError("If size is a sequence, it should have 1 or 2 values")
        self.size, self.max_size, self.antialias = size, max_size, antialias
        self.interpolation = _interpolation(interpolation)

    def __call__(self, img):
        return functional.resize(img, self.size, self.interpolation, self.max_size,
                                 self.antialias)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(size={self.size}, interpolation="
                f"{self.interpolation.value}, max_size={self.max_size}, "
                f"antialias={self.antialias})")


class CenterCrop:
    """The centred ``size`` window (zero-padded when the image is smaller)."""

    def __init__(self, size) -> None:
        self.size = _setup_size(size, _SIZE_ERROR)

    def __call__(self, img):
        return functional.center_crop(img, self.size)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(size={self.size})"


class Pad:
    """Pad the borders; see ``functional.pad``."""

    def __init__(self, padding, fill=0, padding_mode: str = "constant") -> None:
        if not isinstance(padding, (numbers.Number, tuple, list)):
            raise TypeError("Got inappropriate padding arg")
        if not isinstance(fill, (numbers.Number, tuple, list)):
            raise TypeError("Got inappropriate fill arg")
        if padding_mode not in ["constant", "edge", "reflect", "symmetric"]:
            raise ValueError("Padding mode should be either constant, edge, reflect or "
                             "symmetric")
        if isinstance(padding, Sequence) and len(padding) not in [1, 2, 4]:
            raise ValueError("Padding must be an int or a 1, 2, or 4 element tuple, not a "
                             f"{len(padding)} element tuple")
        self.padding, self.fill, self.padding_mode = padding, fill, padding_mode

    def __call__(self, img):
        return functional.pad(img, self.padding, self.fill, self.padding_mode)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(padding={self.padding}, fill={self.fill}, "
                f"padding_mode={self.padding_mode})")


class RandomCrop:
    """A ``size`` window at a random place (optionally after padding)."""

    def __init__(self, size, padding=None, pad_if_needed: bool = False, fill=0,
                 padding_mode: str = "constant") -> None:
        self.size = tuple(_setup_size(size, _SIZE_ERROR))
        self.padding, self.pad_if_needed = padding, pad_if_needed
        self.fill, self.padding_mode = fill, padding_mode

    @staticmethod
    def get_params(img, output_size) -> tuple[int, int, int, int]:
        """(top, left, height, width) of a random window of ``output_size``."""
        _, h, w = functional.get_dimensions(img)
        th, tw = output_size
        if h < th or w < tw:
            raise ValueError(f"Required crop size {(th, tw)} is larger than input image size "
                             f"{(h, w)}")
        if w == tw and h == th:
            return 0, 0, h, w
        return _randint(0, h - th + 1), _randint(0, w - tw + 1), th, tw

    def __call__(self, img):
        if self.padding is not None:
            img = functional.pad(img, self.padding, self.fill, self.padding_mode)
        _, height, width = functional.get_dimensions(img)
        if self.pad_if_needed and width < self.size[1]:
            img = functional.pad(img, [self.size[1] - width, 0], self.fill, self.padding_mode)
        if self.pad_if_needed and height < self.size[0]:
            img = functional.pad(img, [0, self.size[0] - height], self.fill, self.padding_mode)
        i, j, h, w = self.get_params(img, self.size)
        return functional.crop(img, i, j, h, w)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(size={self.size}, padding={self.padding})"


class RandomResizedCrop:
    """A random window (area fraction in ``scale``, aspect ratio in ``ratio``) resized to
    ``size``: the Inception-style training crop."""

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4.0, 4.0 / 3.0),
                 interpolation=InterpolationMode.BILINEAR, antialias: bool | None = True):
        self.size = _setup_size(size, _SIZE_ERROR)
        if not isinstance(scale, Sequence):
            raise TypeError("Scale should be a sequence")
        if not isinstance(ratio, Sequence):
            raise TypeError("Ratio should be a sequence")
        if scale[0] > scale[1] or ratio[0] > ratio[1]:
            warnings.warn("Scale and ratio should be of kind (min, max)", stacklevel=2)
        self.interpolation = _interpolation(interpolation)
        self.antialias, self.scale, self.ratio = antialias, scale, ratio

    @staticmethod
    def get_params(img, scale, ratio) -> tuple[int, int, int, int]:
        """(top, left, height, width): ten tries at a random window, else a central one."""
        _, height, width = functional.get_dimensions(img)
        area = height * width
        log_ratio = (math.log(ratio[0]), math.log(ratio[1]))
        for _ in range(10):
            target_area = area * _uniform(scale[0], scale[1])
            aspect_ratio = math.exp(_uniform(log_ratio[0], log_ratio[1]))
            w = int(round(math.sqrt(target_area * aspect_ratio)))
            h = int(round(math.sqrt(target_area / aspect_ratio)))
            if 0 < w <= width and 0 < h <= height:
                return _randint(0, height - h + 1), _randint(0, width - w + 1), h, w
        in_ratio = float(width) / float(height)       # fallback: the central crop
        if in_ratio < min(ratio):
            w = width
            h = int(round(w / min(ratio)))
        elif in_ratio > max(ratio):
            h = height
            w = int(round(h * max(ratio)))
        else:
            w, h = width, height
        return (height - h) // 2, (width - w) // 2, h, w

    def __call__(self, img):
        i, j, h, w = self.get_params(img, self.scale, self.ratio)
        return functional.resized_crop(img, i, j, h, w, self.size, self.interpolation,
                                       antialias=self.antialias)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(size={self.size}, scale="
                f"{tuple(round(s, 4) for s in self.scale)}, ratio="
                f"{tuple(round(r, 4) for r in self.ratio)}, interpolation="
                f"{self.interpolation.value}, antialias={self.antialias})")


class RandomHorizontalFlip:
    """Mirror left-right with probability ``p``."""

    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def __call__(self, img):
        return functional.hflip(img) if _coin(self.p) else img

    def __repr__(self) -> str:
        return f"{type(self).__name__}(p={self.p})"


class RandomVerticalFlip:
    """Mirror top-bottom with probability ``p``."""

    def __init__(self, p: float = 0.5) -> None:
        self.p = p

    def __call__(self, img):
        return functional.vflip(img) if _coin(self.p) else img

    def __repr__(self) -> str:
        return f"{type(self).__name__}(p={self.p})"


class Grayscale:
    """RGB to grayscale with 1 or 3 (equal) output channels."""

    def __init__(self, num_output_channels: int = 1) -> None:
        self.num_output_channels = num_output_channels

    def __call__(self, img):
        return functional.rgb_to_grayscale(img, num_output_channels=self.num_output_channels)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(num_output_channels={self.num_output_channels})"


class ConvertImageDtype:
    """Convert a tensor image to ``dtype``, rescaling its values (see torchvision)."""

    def __init__(self, dtype) -> None:
        self.dtype = dtype

    def __call__(self, image):
        return functional.convert_image_dtype(image, self.dtype)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ToPILImage:
    """A tensor image -> the ``uint8`` picture array minigrad uses for a PIL image."""

    def __init__(self, mode=None) -> None:
        self.mode = mode

    def __call__(self, pic):
        return functional.to_pil_image(pic, self.mode)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()" if self.mode is None else \
            f"{type(self).__name__}(mode={self.mode})"


__all__ = ["CenterCrop", "Compose", "ConvertImageDtype", "Grayscale", "InterpolationMode",
           "Lambda", "Normalize", "Pad", "RandomAffine", "RandomCrop", "RandomHorizontalFlip",
           "RandomResizedCrop", "RandomRotation", "RandomVerticalFlip", "Resize", "ToPILImage",
           "ToTensor", "functional"]
