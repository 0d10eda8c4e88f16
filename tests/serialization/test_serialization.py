"""minigrad.save / minigrad.load: round trips, atomic writes, corrupt files, no unpickling."""
import collections
import io
import json
import os
import pathlib
import pickle
import zipfile

import numpy as np
import pytest
from hypothesis import given, strategies as st

import minigrad
from minigrad import serialization

DTYPES = [minigrad.float16, minigrad.float32, minigrad.float64, minigrad.uint8, minigrad.int8,
          minigrad.int16, minigrad.int32, minigrad.int64, minigrad.bool]


def _check_same(a, b):
    assert type(a) is type(b)
    if isinstance(a, minigrad.Tensor):
        assert a.dtype is b.dtype and a.shape == b.shape
        assert a.requires_grad == b.requires_grad
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, dict):
        assert list(a.keys()) == list(b.keys())
        for key in a:
            _check_same(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=False):
            _check_same(x, y)
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b)
    else:
        assert a == b


def _checkpoint():
    model = collections.OrderedDict()
    for i, dt in enumerate(DTYPES):
        model[f"layer{i}.weight"] = minigrad.tensor(np.arange(6).reshape(2, 3) % 2 == 1
                                                    if dt is minigrad.bool else
                                                    np.arange(6).reshape(2, 3), dtype=dt)
    model["scalar"] = minigrad.tensor(2.5)
    model["empty"] = minigrad.zeros(0, 4)
    model["transposed"] = minigrad.arange(12.0).reshape(3, 4).t()
    model["trainable"] = minigrad.randn(3, requires_grad=True)
    model._metadata = collections.OrderedDict([("", {"version": 1})])
    optimizer = {"state": {0: {"step": minigrad.tensor(3.0), "exp_avg": minigrad.ones(2)},
                           1: {"momentum_buffer": None}},
                 "param_groups": [{"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8,
                                   "weight_decay": 0, "amsgrad": False, "maximize": False,
                                   "foreach": None, "params": [0, 1]}]}
    extras = {"epoch": 7, "name": "mnist-mlp", "nan": float("nan"), "inf": -float("inf"),
              "big": 2 ** 62, "nested": [[1, (2, "three")], {"k": None}],
              ("tuple", 1): "tuple key", 3.5: "float key", True: "bool key",
              "dtype": minigrad.float64, "size": minigrad.Size([2, 3]),
              "array": np.arange(4, dtype=np.uint16)}
    return {"model": model, "optimizer": optimizer, "extras": extras}


def test_round_trip_keeps_structure_dtypes_and_order(tmp_path):
    obj = _checkpoint()
    path = tmp_path / "ckpt.pt"
    minigrad.save(obj, path)
    back = minigrad.load(path)
    assert isinstance(back["model"], collections.OrderedDict)
    assert back["model"]._metadata == {"": {"version": 1}}
    assert back["extras"]["size"] == (2, 3)
    obj["extras"]["size"] = (2, 3)                 # Size loads as a plain tuple
    _check_same(back, obj)
    assert back["model"]["trainable"].is_leaf and back["model"]["trainable"].requires_grad
    assert back["extras"]["dtype"] is minigrad.float64
    assert minigrad.load(str(path), weights_only=False, map_location="cpu").keys() == obj.keys()


def test_file_objects_and_shared_tensors():
    w = minigrad.randn(3, 3)
    view = w.detach()                              # another tensor on the same array
    buffer = io.BytesIO()
    minigrad.save({"a": w, "b": w, "c": view}, buffer)
    buffer.seek(0)
    back = minigrad.load(buffer)
    assert back["a"] is back["b"]
    assert back["c"] is not back["a"] and back["c"].numpy() is back["a"].numpy()
    np.testing.assert_array_equal(back["a"].numpy(), w.numpy())


def test_saved_file_has_normal_permissions_and_no_leftovers(tmp_path):
    minigrad.save({"w": minigrad.ones(2)}, tmp_path / "a.pt")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "a.pt").stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(os.listdir(tmp_path)) == ["a.pt"]
    with zipfile.ZipFile(tmp_path / "a.pt") as archive:
        manifest = json.loads(archive.read("minigrad.json"))
    assert manifest["format"] == "minigrad-checkpoint" and manifest["version"] == 1


def test_unsupported_objects_raise_before_writing(tmp_path):
    for bad in ({"f": lambda: 0}, {object(): 1}, [complex(1, 2)], {"s": {1, 2}}):
        with pytest.raises(TypeError, match="minigrad.save cannot store"):
            minigrad.save(bad, tmp_path / "bad.pt")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("where", ["write_array", "replace"])
def test_failed_save_keeps_the_previous_file(tmp_path, monkeypatch, where):
    path = tmp_path / "ckpt.pt"
    minigrad.save({"w": minigrad.ones(3)}, path)
    before = path.read_bytes()
    if where == "write_array":
        real = np.lib.format.write_array
        calls = []

        def crash(f, array, *args, **kwargs):       # dies after writing part of the data
            calls.append(1)
            if len(calls) == 2:
                f.write(b"partial")
                raise OSError("disk full")
            return real(f, array, *args, **kwargs)
        monkeypatch.setattr(np.lib.format, "write_array", crash)
    else:
        monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("crash")))
    with pytest.raises(OSError):
        minigrad.save({"w": minigrad.zeros(100), "b": minigrad.zeros(5)}, path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["ckpt.pt"]                # the temporary file is gone
    monkeypatch.undo()
    np.testing.assert_array_equal(minigrad.load(path)["w"].numpy(), np.ones(3, np.float32))


def _corrupt_variants(good: bytes):
    flipped = bytearray(good)
    flipped[good.index(b"NUMPY") + 200] ^= 0xFF            # inside the tensor data
    return {"truncated": good[: len(good) // 2], "empty": b"", "noise": os.urandom(300),
            "flipped": bytes(flipped), "text": b"hello world\n"}


@pytest.mark.parametrize("kind", ["truncated", "empty", "noise", "flipped", "text"])
def test_corrupt_files_give_a_clear_error(tmp_path, kind):
    path = tmp_path / "ckpt.pt"
    minigrad.save({"w": minigrad.arange(200.0)}, path)
    path.write_bytes(_corrupt_variants(path.read_bytes())[kind])
    with pytest.raises(RuntimeError, match="is not a minigrad checkpoint or is corrupted") as e:
        minigrad.load(path)
    assert str(path) in str(e.value)


def _rewrite_manifest(path, change):
    with zipfile.ZipFile(path) as archive:
        entries = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(entries["minigrad.json"])
    change(manifest, entries)
    entries["minigrad.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("change, reason", [
    (lambda m, e: m["root"]["items"][0][1].update(dtype="float64"), "manifest says"),
    (lambda m, e: m["root"]["items"][0][1].update(file="tensors/9.npy"), "missing entry"),
    (lambda m, e: m.update(version=99), "format version 99"),
    (lambda m, e: m.update(format="other"), "does not describe"),
    (lambda m, e: m["root"].update(type="module"), "unknown entry type"),
    (lambda m, e: m["root"]["items"].append([{"type": "dtype", "name": "__class__"}, 1]),
     "unknown dtype"),
])
def test_tampered_manifests_are_rejected(tmp_path, change, reason):
    path = tmp_path / "ckpt.pt"
    minigrad.save({"w": minigrad.ones(2, 2)}, path)
    _rewrite_manifest(path, change)
    with pytest.raises(RuntimeError, match=reason):
        minigrad.load(path)


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_load_never_unpickles(tmp_path):
    marker = str(tmp_path / "pwned")
    evil = pickle.dumps({"w": _Payload(marker)})
    (tmp_path / "evil.pkl").write_bytes(evil)
    with pytest.raises(RuntimeError, match="Python pickle"):
        minigrad.load(tmp_path / "evil.pkl", weights_only=False)
    # a torch.save-style zip whose data.pkl is the payload
    with zipfile.ZipFile(tmp_path / "evil.pt", "w") as archive:
        archive.writestr("archive/data.pkl", evil)
        archive.writestr("archive/version", "3\n")
    with pytest.raises(RuntimeError, match="looks like a PyTorch checkpoint"):
        minigrad.load(tmp_path / "evil.pt")
    # a minigrad checkpoint whose tensor entry is a pickled object array
    path = tmp_path / "ckpt.pt"
    minigrad.save({"w": minigrad.ones(1)}, path)

    def swap(manifest, entries):
        buffer = io.BytesIO()
        np.save(buffer, np.array([_Payload(marker)], dtype=object), allow_pickle=True)
        entries["tensors/0.npy"] = buffer.getvalue()
        manifest["root"]["items"][0][1].update(dtype="object")
    _rewrite_manifest(path, swap)
    with pytest.raises(RuntimeError, match="unsupported dtype"):
        minigrad.load(path, weights_only=False)
    assert not os.path.exists(marker)


def test_real_torch_checkpoint_is_refused_with_a_conversion_hint(tmp_path):
    torch = pytest.importorskip("torch")
    torch.save(torch.nn.Linear(2, 3).state_dict(), tmp_path / "torch.pt")
    with pytest.raises(RuntimeError, match="PyTorch checkpoint") as e:
        minigrad.load(tmp_path / "torch.pt")
    assert "minigrad.save" in str(e.value) and "torch.load" in str(e.value)


def test_load_options_and_path_types(tmp_path):
    path = pathlib.Path(tmp_path) / "x.pt"
    minigrad.save([minigrad.ones(1)], str(path))
    assert minigrad.load(path, map_location=minigrad.device("cpu"))[0].tolist() == [1.0]
    assert minigrad.load(path, map_location={"cuda:0": "cpu"})[0].tolist() == [1.0]
    assert minigrad.load(path, map_location=lambda storage, loc: storage)[0].tolist() == [1.0]
    with pytest.raises(RuntimeError, match="CPU only"):
        minigrad.load(path, map_location="cuda")
    with pytest.raises(RuntimeError, match="explicit pickle_module"):
        minigrad.load(path, pickle_module=pickle)
    with pytest.raises(FileNotFoundError):
        minigrad.load(tmp_path / "missing.pt")
    with pytest.raises(RuntimeError, match="Parent directory"):
        minigrad.save({}, tmp_path / "no" / "such" / "dir.pt")
    assert serialization.load is minigrad.load and serialization.save is minigrad.save


def _values(dt, shape, seed):
    """Random values that ``dt`` holds (a number out of its range would be refused)."""
    rng = np.random.default_rng(seed)
    if dt is minigrad.bool:
        return rng.integers(0, 2, shape).astype(dt.np)
    return np.clip(rng.normal(size=shape) * 50, 0 if dt.np.kind == "u" else -100, 100)


_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-2 ** 63, 2 ** 63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
    st.builds(lambda dt, shape, seed: minigrad.tensor(_values(dt, shape, seed), dtype=dt),
              st.sampled_from(DTYPES), st.lists(st.integers(0, 3), max_size=3),
              st.integers(0, 100)))
_trees = st.recursive(_leaves, lambda children: st.one_of(
    st.lists(children, max_size=4),
    st.lists(children, max_size=4).map(tuple),
    st.dictionaries(st.one_of(st.text(max_size=5), st.integers(-5, 5)), children, max_size=4),
    st.dictionaries(st.text(max_size=5), children, max_size=4).map(collections.OrderedDict)),
    max_leaves=12)


@given(_trees)
def test_random_trees_round_trip(tree):
    buffer = io.BytesIO()
    minigrad.save(tree, buffer)
    buffer.seek(0)
    _check_same(minigrad.load(buffer), tree)


def test_counter_round_trips_like_a_scheduler_state(tmp_path):
    """MultiStepLR keeps its milestones in a Counter, as torch does."""
    import collections
    path = tmp_path / "sched.mg"
    milestones = collections.Counter([30, 30, 80])
    minigrad.save({"milestones": milestones, "last_epoch": 3}, path)
    loaded = minigrad.load(path)
    assert type(loaded["milestones"]) is collections.Counter
    assert loaded["milestones"] == milestones
