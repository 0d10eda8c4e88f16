"""MNIST and FashionMNIST with torchvision's signature and folder layout.

Files are read from ``root/<ClassName>/raw/`` (``train-images-idx3-ubyte``
and friends), either extracted or as the ``.gz`` files of the mirrors.
Differences from torchvision (documented): an untransformed image is the
``uint8`` ``28 x 28`` NumPy array (there is no PIL), ``download=True`` keeps
the ``.gz`` files instead of extracting them, and the legacy ``processed/``
folder is not read.  Nothing is written when the files are already there.
"""
from __future__ import annotations

import os
from typing import Callable, Optional
from urllib.error import URLError

import numpy as np

from .. import random as _random
from .._tensor import Tensor
from ..utils.data import Dataset
from . import _mnist_files


class VisionDataset(Dataset):
    """Base of the image datasets: ``root``, ``transform``, ``target_transform`` and the repr."""

    def __init__(self, root=None, transform: Optional[Callable] = None,
                 target_transform: Optional[Callable] = None) -> None:
        self.root = os.path.expanduser(root) if isinstance(root, str) else root
        self.transform, self.target_transform = transform, target_transform

    def extra_repr(self) -> str:
        return ""

    def __repr__(self) -> str:
        body = [f"Number of datapoints: {len(self)}"]
        if self.root is not None:
            body.append(f"Root location: {self.root}")
        body += self.extra_repr().splitlines()
        if self.transform is not None or self.target_transform is not None:
            block = ["StandardTransform"]       # one entry: only its first line is indented
            for head, t in (("Transform: ", self.transform),
                            ("Target transform: ", self.target_transform)):
                if t is not None:
                    lines = repr(t).splitlines()
                    block.append(head + lines[0])
                    block += [" " * len(head) + line for line in lines[1:]]
            body.append("\n".join(block))
        return "\n".join([f"Dataset {type(self).__name__}"] + ["    " + b for b in body])


class MNIST(VisionDataset):
    """The MNIST handwritten digits: 60,000 training and 10,000 test images of 28 x 28.

    Args:
        root: folder that holds ``MNIST/raw/``.
        train: the training split (else the test split).
        transform: applied to the ``uint8`` ``28 x 28`` image array.
        target_transform: applied to the ``int`` label.
        download: fetch the missing files from the mirrors (md5-checked).
    """

    mirrors = ["https://ossci-datasets.s3.amazonaws.com/mnist/",
               "http://yann.lecun.com/exdb/mnist/"]
    resources = [("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                 ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
                 ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
                 ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c")]
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five",
               "6 - six", "7 - seven", "8 - eight", "9 - nine"]

    def __init__(self, root, train: bool = True, transform: Optional[Callable] = None,
                 target_transform: Optional[Callable] = None, download: bool = False) -> None:
        super().__init__(root, transform, target_transform)
        self.train = train
        if download:
            self.download()
        if not self._check_exists():
            names = ", ".join(name for name, _ in self.resources)
            raise RuntimeError(f"Dataset not found. You can use download=True to download it "
                               f"(expected {names} (or the same without .gz) in "
                               f"{self.raw_folder})")
        split = "train" if train else "t10k"
        images = _mnist_files.read_idx(self._path(f"{split}-images-idx3-ubyte"), np.uint8, 3)
        labels = _mnist_files.read_idx(self._path(f"{split}-labels-idx1-ubyte"), np.uint8, 1)
        if len(images) != len(labels):
            raise RuntimeError(f"{self.raw_folder}: {len(images)} images but {len(labels)} "
                               "labels")
        self.data = Tensor._make(images, None)
        self.targets = Tensor._make(labels.astype(np.int64), None)

    @property
    def raw_folder(self) -> str:
        return os.path.join(self.root, type(self).__name__, "raw")

    @property
    def class_to_idx(self) -> dict:
        return {name: i for i, name in enumerate(self.classes)}

    def _path(self, name: str) -> Optional[str]:
        """The extracted file if present, else the ``.gz`` one, else None."""
        for candidate in (name, name + ".gz"):
            path = os.path.join(self.raw_folder, candidate)
            if os.path.isfile(path):
                return path
        return None

    def _check_exists(self) -> bool:
        return all(self._path(name[:-len(".gz")]) for name, _ in self.resources)

    def download(self) -> None:
        """Download the missing files (nothing is written if they are all present)."""
        if self._check_exists():
            return
        os.makedirs(self.raw_folder, exist_ok=True)
        for filename, md5 in self.resources:
            if self._path(filename[:-len(".gz")]):
                continue
            errors = []
            for mirror in self.mirrors:
                try:
                    _mnist_files.download_file(mirror + filename,
                                               os.path.join(self.raw_folder, filename), md5)
                    break
                except (URLError, OSError, RuntimeError) as error:
                    errors.append(f"Tried {mirror + filename}, got:\n{error}")
            else:
                expected = ", ".join(name for name, _ in self.resources)
                raise RuntimeError(f"Error downloading {filename}:\n" + "\n".join(errors) +
                                   f"\nWithout network access, place {expected} in "
                                   f"{self.raw_folder}")

    def __getitem__(self, index: int):
        """``(image, target)``: the transformed image and the class index."""
        img, target = np.array(self.data._array[index]), int(self.targets._array[index])
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self) -> int:
        return len(self.data)

    def _get_batch(self, indices):
        """The collated batch for ``indices`` in one step, when the transforms allow it."""
        if type(self).__getitem__ is not MNIST.__getitem__ or self.target_transform is not None:
            return NotImplemented
        if self.transform is not None and not getattr(self.transform, "_batchable", False):
            return NotImplemented
        rows = np.asarray(indices, dtype=np.int64)
        images = self.data._array[rows]
        images = (Tensor._make(images, None) if self.transform is None
                  else self.transform._apply_batch(images))
        return [images, Tensor._make(self.targets._array[rows], None)]

    def extra_repr(self) -> str:
        return f"Split: {'Train' if self.train is True else 'Test'}"


class FashionMNIST(MNIST):
    """Zalando's Fashion-MNIST: 28 x 28 grey images of 10 kinds of clothing (as MNIST)."""

    mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    resources = [("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                 ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
                 ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
                 ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310")]
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
               "Sneaker", "Bag", "Ankle boot"]


class FakeData(VisionDataset):
    """Random images with random labels, the same for the same index (no files needed).

    Image ``index`` is ``randn(*image_size)`` drawn from a generator seeded with
    ``index + random_offset``, turned into a picture like ``ToPILImage`` does
    (``x * 255`` truncated to uint8: ``H x W x C``, ``H x W`` for one channel);
    the label is drawn from ``[0, num_classes)`` right after.  The values come
    from minigrad's generator, so they differ from torchvision's.
    """

    def __init__(self, size: int = 1000, image_size: tuple = (3, 224, 224),
                 num_classes: int = 10, transform: Optional[Callable] = None,
                 target_transform: Optional[Callable] = None, random_offset: int = 0) -> None:
        super().__init__(None, transform, target_transform)
        self.size, self.num_classes = size, num_classes
        self.image_size, self.random_offset = image_size, random_offset

    def __getitem__(self, index: int):
        """``(image, target)`` for ``index``, always the same."""
        if index >= len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        generator = _random.Generator().manual_seed(index + self.random_offset)
        img = _random.normal(tuple(self.image_size), 0.0, 1.0, np.float32, generator)
        target = int(_random.integers(0, self.num_classes, (1,), generator)[0])
        # ToPILImage: scale by 255, truncate like torch's .byte(), channels last
        img = (img * np.float32(255)).astype(np.int64).astype(np.uint8)
        img = img[0] if img.shape[0] == 1 else np.ascontiguousarray(img.transpose(1, 2, 0))
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __len__(self) -> int:
        return self.size


__all__ = ["FakeData", "FashionMNIST", "MNIST", "VisionDataset"]
