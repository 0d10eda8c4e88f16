"""MNIST / FashionMNIST: IDX parsing, downloads (mocked, no network) and real data."""
import gzip
import hashlib
import io
import os
import shutil
from urllib.error import URLError

import numpy as np
import pytest

import minigrad
from minigrad.utils.data import DataLoader, default_collate, random_split
from minigrad.vision import _mnist_files, datasets, transforms as T
from torch_compat import import_torchvision

NAMES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
         "t10k-labels-idx1-ubyte"]


def idx_bytes(array: np.ndarray, code: int = 0x08) -> bytes:
    header = bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, ">u4").tobytes()
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def synthetic(n_train=7, n_test=3, seed=0):
    rng = np.random.default_rng(seed)
    return {"train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28), np.uint8),
            "train-labels-idx1-ubyte": rng.integers(0, 10, n_train).astype(np.uint8),
            "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28), np.uint8),
            "t10k-labels-idx1-ubyte": rng.integers(0, 10, n_test).astype(np.uint8)}


def write_raw(root, arrays, cls="MNIST", gz=True):
    raw = os.path.join(root, cls, "raw")
    os.makedirs(raw, exist_ok=True)
    for name, array in arrays.items():
        data = idx_bytes(array)
        if gz:
            with gzip.open(os.path.join(raw, name + ".gz"), "wb") as f:
                f.write(data)
        else:
            with open(os.path.join(raw, name), "wb") as f:
                f.write(data)
    return raw


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("cls", [datasets.MNIST, datasets.FashionMNIST])
def test_reads_synthetic_files(tmp_path, gz, cls):
    arrays = synthetic()
    write_raw(tmp_path, arrays, cls.__name__, gz)
    for train, split in ((True, "train"), (False, "t10k")):
        ds = cls(str(tmp_path), train=train)
        assert ds.data.dtype is minigrad.uint8 and ds.targets.dtype is minigrad.int64
        np.testing.assert_array_equal(ds.data.numpy(), arrays[f"{split}-images-idx3-ubyte"])
        np.testing.assert_array_equal(ds.targets.numpy(), arrays[f"{split}-labels-idx1-ubyte"])
        img, target = ds[1]
        assert isinstance(img, np.ndarray) and img.dtype == np.uint8 and img.shape == (28, 28)
        assert type(target) is int and target == arrays[f"{split}-labels-idx1-ubyte"][1]
        img[:] = 0                                   # a copy: the dataset is unchanged
        assert ds.data.numpy()[1].any()
    assert len(cls(tmp_path, train=False)) == 3


def test_classes_and_resources_match_torchvision():
    tv = import_torchvision().datasets
    for ours, theirs in ((datasets.MNIST, tv.MNIST), (datasets.FashionMNIST, tv.FashionMNIST)):
        assert ours.classes == theirs.classes
        assert ours.resources == theirs.resources and ours.mirrors == theirs.mirrors
    assert datasets.MNIST.class_to_idx.fget(datasets.MNIST)["3 - three"] == 3


def test_parse_idx_handles_other_types_and_rejects_bad_files():
    values = np.arange(-6, 6, dtype=np.int32).reshape(3, 4)
    np.testing.assert_array_equal(_mnist_files.parse_idx(idx_bytes(values, 0x0C)), values)
    floats = np.linspace(0, 1, 5)
    np.testing.assert_array_equal(_mnist_files.parse_idx(idx_bytes(floats, 0x0E)), floats)
    good = idx_bytes(np.zeros((2, 3, 3), np.uint8))
    for bad, reason in ((b"\x01\x02" + good[2:], "bad magic number"),
                        (good[:2] + b"\x42" + good[3:], "bad magic number"),
                        (b"", "empty file"), (good[:9], "truncated"),
                        (good[:-1], "corrupted"), (good + b"x", "corrupted")):
        with pytest.raises(RuntimeError, match=reason):
            _mnist_files.parse_idx(bad, "some/file")


def test_corrupt_files_name_the_file(tmp_path):
    arrays = synthetic()
    raw = write_raw(tmp_path, arrays)
    path = os.path.join(raw, "train-images-idx3-ubyte.gz")
    data = open(path, "rb").read()
    open(path, "wb").write(data[: len(data) // 2])          # truncated gzip
    with pytest.raises(RuntimeError, match="train-images-idx3-ubyte.gz is corrupted"):
        datasets.MNIST(tmp_path)
    arrays["train-labels-idx1-ubyte"] = arrays["train-labels-idx1-ubyte"][:5]
    write_raw(tmp_path, arrays)
    with pytest.raises(RuntimeError, match="7 images but 5 labels"):
        datasets.MNIST(tmp_path)
    write_raw(tmp_path, {"train-images-idx3-ubyte": np.zeros((2, 4), np.uint8)})
    with pytest.raises(RuntimeError, match="expected uint8 with 3"):
        datasets.MNIST(tmp_path)


def test_missing_files_error_names_files_and_folder(tmp_path):
    with pytest.raises(RuntimeError) as error:
        datasets.FashionMNIST(tmp_path / "nowhere")
    text = str(error.value)
    assert text.startswith("Dataset not found. You can use download=True to download it")
    assert all(name + ".gz" in text for name in NAMES)
    assert os.path.join(str(tmp_path / "nowhere"), "FashionMNIST", "raw") in text
    assert not (tmp_path / "nowhere").exists()


class FakeNet:
    """Serves ``files`` (url -> bytes); other urls fail like an offline machine."""

    def __init__(self, files, fail_after=None):
        self.files, self.fail_after, self.requested = files, fail_after, []

    def urlopen(self, request, timeout=None):
        url = request.full_url
        self.requested.append(url)
        if url not in self.files:
            raise URLError("[Errno -3] Temporary failure in name resolution")
        data, fail_after = self.files[url], self.fail_after

        class Response(io.BytesIO):
            def read(self, size=-1):
                if fail_after is not None and self.tell() >= fail_after:
                    raise ConnectionResetError("connection reset by peer")
                return super().read(min(size, 1000) if size > 0 else size)
        return Response(data)


def served(cls, arrays, mirror_index=0):
    """gz bytes for every resource of ``cls`` and a subclass whose md5s match them."""
    files, resources = {}, []
    for name, array in arrays.items():
        data = gzip.compress(idx_bytes(array))
        files[cls.mirrors[mirror_index] + name + ".gz"] = data
        resources.append((name + ".gz", hashlib.md5(data).hexdigest()))
    return files, type(cls.__name__, (cls,), {"resources": resources})


def test_download_checks_md5_and_uses_the_next_mirror(tmp_path, monkeypatch):
    arrays = synthetic()
    files, Mnist = served(datasets.MNIST, arrays, mirror_index=1)
    net = FakeNet(files)
    monkeypatch.setattr(_mnist_files, "urlopen", net.urlopen)
    ds = Mnist(tmp_path, download=True)
    np.testing.assert_array_equal(ds.data.numpy(), arrays["train-images-idx3-ubyte"])
    assert len(net.requested) == 8                     # first mirror failed for each file
    raw = tmp_path / "MNIST" / "raw"
    assert sorted(os.listdir(raw)) == sorted(n + ".gz" for n in NAMES)
    stamps = {n: os.stat(raw / n).st_mtime_ns for n in os.listdir(raw)}
    monkeypatch.setattr(_mnist_files, "urlopen", lambda *a, **k: pytest.fail("downloaded"))
    Mnist(tmp_path, download=True, train=False)        # present: nothing is fetched/written
    assert {n: os.stat(raw / n).st_mtime_ns for n in os.listdir(raw)} == stamps


def test_md5_mismatch_and_interrupted_download_leave_no_file(tmp_path, monkeypatch):
    files, Mnist = served(datasets.MNIST, synthetic())
    bad = {url: data[:-3] + b"abc" for url, data in files.items()}
    monkeypatch.setattr(_mnist_files, "urlopen", FakeNet(bad).urlopen)
    with pytest.raises(RuntimeError, match="md5 mismatch"):
        Mnist(tmp_path, download=True)
    assert os.listdir(tmp_path / "MNIST" / "raw") == []
    monkeypatch.setattr(_mnist_files, "urlopen", FakeNet(files, fail_after=1500).urlopen)
    with pytest.raises(RuntimeError, match="connection reset"):
        Mnist(tmp_path, download=True)
    assert os.listdir(tmp_path / "MNIST" / "raw") == []
    md5 = Mnist.resources[1][1]
    path = tmp_path / "labels.gz"
    path.write_bytes(files[Mnist.mirrors[0] + "train-labels-idx1-ubyte.gz"])
    assert _mnist_files.md5sum(str(path)) == md5


def test_offline_error_names_urls_files_and_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(_mnist_files, "urlopen", FakeNet({}).urlopen)
    with pytest.raises(RuntimeError) as error:
        datasets.MNIST(tmp_path, download=True)
    text = str(error.value)
    assert "Error downloading train-images-idx3-ubyte.gz" in text
    for mirror in datasets.MNIST.mirrors:
        assert f"Tried {mirror}train-images-idx3-ubyte.gz" in text
    assert "Temporary failure in name resolution" in text
    assert all(name + ".gz" in text for name in NAMES)
    assert str(tmp_path / "MNIST" / "raw") in text
    assert os.listdir(tmp_path / "MNIST" / "raw") == []


def test_fast_batches_equal_per_sample_batches(tmp_path):
    write_raw(tmp_path, synthetic(n_train=23))
    normalize = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])
    for transform in (None, T.ToTensor(), normalize):
        ds = datasets.MNIST(tmp_path, transform=transform)
        fast = list(DataLoader(ds, batch_size=5))
        slow = list(DataLoader(ds, batch_size=5, collate_fn=lambda b: default_collate(b)))
        assert ds._get_batch([0, 1]) is not NotImplemented
        for (xf, yf), (xs, ys) in zip(fast, slow, strict=False):
            assert xf.dtype is xs.dtype and xf.shape == xs.shape and yf.dtype is ys.dtype
            np.testing.assert_array_equal(xf.numpy(), xs.numpy())
            np.testing.assert_array_equal(yf.numpy(), ys.numpy())
        train, _ = random_split(ds, [0.7, 0.3], generator=minigrad.Generator().manual_seed(0))
        assert train._get_batch([0, 1]) is not NotImplemented
        for xf, yf in DataLoader(train, batch_size=4):
            xs, ys = default_collate([ds[i] for i in train.indices[:4]])
            np.testing.assert_array_equal(xf.numpy(), xs.numpy())
            np.testing.assert_array_equal(yf.numpy(), ys.numpy())
            break
    ds = datasets.MNIST(tmp_path, transform=T.Compose([T.RandomRotation(20), T.ToTensor()]))
    assert ds._get_batch([0]) is NotImplemented        # random transforms run per sample
    minigrad.manual_seed(0)
    a = next(iter(DataLoader(ds, batch_size=4)))[0]
    minigrad.manual_seed(0)
    b = default_collate([ds[i] for i in range(4)])[0]
    np.testing.assert_array_equal(a.numpy(), b.numpy())


DATA_ROOT = os.environ.get("MINIGRAD_DATA_ROOT")
needs_data = pytest.mark.skipif(
    not DATA_ROOT or not os.path.isdir(DATA_ROOT),
    reason="set MINIGRAD_DATA_ROOT to a folder holding MNIST/raw and FashionMNIST/raw")


def _listing(root):
    return sorted((p, os.stat(os.path.join(d, p)).st_mtime_ns)
                  for d, _, names in os.walk(root) for p in names)


@needs_data
@pytest.mark.parametrize("name", ["MNIST", "FashionMNIST"])
def test_real_data_matches_torchvision(tmp_path, name):
    tv = import_torchvision().datasets
    before = _listing(DATA_ROOT)
    # torchvision reads extracted files only (and would extract into the root): use a copy
    raw = tmp_path / name / "raw"
    raw.mkdir(parents=True)
    for file in NAMES:
        with gzip.open(os.path.join(DATA_ROOT, name, "raw", file + ".gz")) as src, \
                open(raw / file, "wb") as dst:
            shutil.copyfileobj(src, dst)
    for train in (True, False):
        ours = getattr(datasets, name)(DATA_ROOT, train=train)
        theirs = getattr(tv, name)(str(tmp_path), train=train, download=False)
        assert len(ours) == len(theirs) == (60000 if train else 10000)
        np.testing.assert_array_equal(ours.data.numpy(), theirs.data.numpy())
        np.testing.assert_array_equal(ours.targets.numpy(), theirs.targets.numpy())
        assert ours.classes == theirs.classes
        ours.transform = T.ToTensor()
        theirs.transform = import_torchvision().transforms.ToTensor()
        for i in (0, 123, len(ours) - 1):
            np.testing.assert_array_equal(ours[i][0].numpy(), theirs[i][0].numpy())
            assert ours[i][1] == theirs[i][1]
    assert _listing(DATA_ROOT) == before                 # nothing written into the root
