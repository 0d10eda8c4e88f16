"""Data for the bridge: the same NumPy batches go to both engines.

Datasets (all returned as float arrays ``(N, 1, side, side)`` in [0, 1] plus
int64 labels):

* ``digits`` - scikit-learn's bundled 8x8 digits (1797 images, no download).
  With ``image_size=28`` (default) each image is upsampled 3x by pixel
  repetition to 24x24 and zero-padded by 2 pixels on each side to 28x28,
  which mimics MNIST's layout (a centred digit in a 28x28 frame) so the
  tutorial models run unchanged.  ``image_size=8`` keeps the raw images for
  the digits-sized model variants.  Split: a fixed shuffle (seed 0), the last
  20% are the test set.
* ``mnist`` / ``fashion-mnist`` - real data in torchvision's layout under
  ``root`` (``MNIST/raw/*.gz``).  The torch side loads it with
  ``torchvision.datasets`` and the minigrad side with ``minigrad.vision``;
  both arrays are checked to be identical before training.

``batches`` yields index batches from one shared permutation, so both engines
see identical batches.
"""
from __future__ import annotations

import os
from typing import Iterator, Optional, Tuple

import numpy as np

DATASETS = ("digits", "mnist", "fashion-mnist")
ENV_ROOT = "MINIGRAD_DATA_ROOT"


def load_digits(image_size: int = 28, test_fraction: float = 0.2):
    """scikit-learn digits as ``(x_train, y_train, x_test, y_test)``."""
    from sklearn.datasets import load_digits as sk_digits
    bunch = sk_digits()
    images = bunch.images.astype(np.float32) / 16.0
    labels = bunch.target.astype(np.int64)
    if image_size == 28:
        images = np.kron(images, np.ones((3, 3), np.float32))          # 8x8 -> 24x24
        images = np.pad(images, ((0, 0), (2, 2), (2, 2)))              # -> 28x28
    elif image_size != 8:
        raise ValueError(f"digits come as 8x8 or 28x28 images, not {image_size}x{image_size}")
    order = np.random.default_rng(0).permutation(len(images))
    images, labels = images[order][:, None], labels[order]
    cut = int(round(len(images) * (1 - test_fraction)))
    return images[:cut], labels[:cut], images[cut:], labels[cut:]


def data_root(root: Optional[str] = None) -> Optional[str]:
    """The data root: ``root`` if given, else ``$MINIGRAD_DATA_ROOT`` (None when unset)."""
    return root or os.environ.get(ENV_ROOT) or None


_EXTRACTED = {}   # (folder name, root) -> TemporaryDirectory holding the unpacked files


def _torchvision_root(folder: str, root: str) -> str:
    """A root torchvision can read without writing into ``root``.

    torchvision only reads the *unpacked* idx files and would unpack the
    ``.gz`` files next to them (writing into the data folder, which may be
    read-only or shared).  When only ``.gz`` files exist, they are unpacked
    once per process into a temporary folder with the same layout.
    """
    import gzip
    import shutil
    import tempfile
    raw = os.path.join(root, folder, "raw")
    names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
    if all(os.path.exists(os.path.join(raw, n)) for n in names):
        return root
    if not all(os.path.exists(os.path.join(raw, n + ".gz")) for n in names):
        return root                       # let torchvision raise its own error
    key = (folder, os.path.abspath(root))
    if key not in _EXTRACTED:
        tmp = tempfile.TemporaryDirectory(prefix="bridge-data-")
        target = os.path.join(tmp.name, folder, "raw")
        os.makedirs(target)
        for n in names:
            with gzip.open(os.path.join(raw, n + ".gz")) as src, \
                    open(os.path.join(target, n), "wb") as dst:
                shutil.copyfileobj(src, dst)
        _EXTRACTED[key] = tmp
    return _EXTRACTED[key].name


def _torchvision_arrays(name: str, root: str, train: bool, download: bool):
    try:
        import torchvision
    except Exception as error:    # e.g. built for another torch: "torchvision::nms does not exist"
        import torch
        raise RuntimeError(
            f"torchvision does not load with torch {torch.__version__} ({error}); install the "
            f"torchvision release built for this torch, or use --dataset digits") from error
    cls = torchvision.datasets.MNIST if name == "mnist" else torchvision.datasets.FashionMNIST
    if not download:
        root = _torchvision_root(cls.__name__, root)
    ds = cls(root, train=train, download=download)
    return ds.data.numpy(), ds.targets.numpy().astype(np.int64)


def _minigrad_arrays(name: str, root: str, train: bool, download: bool):
    from minigrad.vision import datasets
    cls = datasets.MNIST if name == "mnist" else datasets.FashionMNIST
    ds = cls(root, train=train, download=download)
    return np.asarray(ds.data.numpy()), np.asarray(ds.targets.numpy()).astype(np.int64)


def load_mnist(name: str, root: str, download: bool = False, check_minigrad: bool = True):
    """MNIST or Fashion-MNIST as ``(x_train, y_train, x_test, y_test)`` float32 in [0, 1].

    Reads with torchvision; with ``check_minigrad`` also reads with
    ``minigrad.vision`` and raises if the two loaders disagree.
    """
    out = []
    for train in (True, False):
        images, labels = _torchvision_arrays(name, root, train, download)
        if check_minigrad:
            mg_images, mg_labels = _minigrad_arrays(name, root, train, False)
            if not (np.array_equal(images, mg_images) and np.array_equal(labels, mg_labels)):
                raise RuntimeError(f"minigrad.vision and torchvision read different {name} data")
        out += [(images.astype(np.float32) / 255.0)[:, None], labels]
    return tuple(out)


def load(name: str = "digits", root: Optional[str] = None, download: bool = False,
         image_size: int = 28, check_minigrad: bool = True):
    """Load dataset ``name`` (one of ``DATASETS``) as four NumPy arrays."""
    if name == "digits":
        return load_digits(image_size)
    if name not in DATASETS:
        raise ValueError(f"unknown dataset '{name}'; choose one of {DATASETS}")
    root = data_root(root)
    if root is None:
        raise ValueError(f"dataset '{name}' needs --data-root DIR or ${ENV_ROOT}")
    return load_mnist(name, root, download, check_minigrad)


def batches(n: int, batch_size: int, seed: int = 0, shuffle: bool = True,
            drop_last: bool = False) -> Iterator[np.ndarray]:
    """Index arrays for one epoch, from one shared permutation."""
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        yield order[start:start + batch_size]


def synthetic(n: int = 256, image_size: int = 8, seed: int = 0) -> Tuple[np.ndarray, np.ndarray]:
    """Uniform random images with random labels (for equivalence runs, not for learning)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 1, image_size, image_size)).astype(np.float32)
    y = rng.integers(0, 10, n).astype(np.int64)
    return x, y
