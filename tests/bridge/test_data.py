"""Datasets of the bridge: bundled digits and real MNIST read by both libraries."""
import os
import sys

import numpy as np
import pytest

from bridge import data
from torch_compat import torchvision_error


def test_digits_upsampled_to_mnist_layout():
    x_train, y_train, x_test, y_test = data.load("digits")
    assert x_train.shape[1:] == (1, 28, 28) and x_train.dtype == np.float32
    assert len(x_train) + len(x_test) == 1797 and len(x_test) == 359
    assert y_train.dtype == np.int64 and set(np.unique(y_train)) == set(range(10))
    assert x_train.min() == 0.0 and x_train.max() == 1.0
    # a 2-pixel empty frame, 3x3 blocks inside
    assert not x_train[:, :, :2].any() and not x_train[:, :, :, -2:].any()
    block = x_train[0, 0, 2:5, 2:5]
    assert (block == block[0, 0]).all()


def test_digits_native_size_matches_scikit_learn():
    from sklearn.datasets import load_digits
    x_train, y_train, x_test, y_test = data.load("digits", image_size=8)
    images = np.concatenate([x_train, x_test])[:, 0] * 16
    raw = load_digits().images
    assert sorted(map(bytes, images.astype(np.uint8))) == sorted(map(bytes, raw.astype(np.uint8)))


def test_batches_cover_every_sample_once():
    seen = np.concatenate(list(data.batches(103, 10, seed=3)))
    assert sorted(seen) == list(range(103))
    assert [len(b) for b in data.batches(103, 10, drop_last=True)] == [10] * 10


ROOT = os.environ.get("MINIGRAD_DATA_ROOT")


@pytest.mark.skipif(not ROOT or not os.path.isdir(os.path.join(ROOT or "", "MNIST", "raw")),
                    reason="set MINIGRAD_DATA_ROOT to a folder holding MNIST/raw/*.gz")
@pytest.mark.skipif(torchvision_error() is not None, reason=str(torchvision_error()))
def test_torchvision_and_minigrad_vision_read_the_same_mnist():
    x_train, y_train, x_test, y_test = data.load("mnist", ROOT, check_minigrad=True)
    assert x_train.shape == (60000, 1, 28, 28) and x_test.shape == (10000, 1, 28, 28)
    assert y_train[:5].tolist() == [5, 0, 4, 1, 9]


def test_a_torchvision_that_does_not_load_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "torchvision", None)        # import fails
    with pytest.raises(RuntimeError, match="torchvision does not load with torch .*--dataset"):
        data.load("mnist", str(tmp_path), check_minigrad=False)


def test_unknown_dataset_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown dataset"):
        data.load("cifar", "/nowhere")
