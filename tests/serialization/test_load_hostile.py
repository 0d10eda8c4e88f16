"""minigrad.load on hostile files: bounded memory, and one RuntimeError naming the file.

A checkpoint can lie about everything it declares: member sizes in the zip
directory, shapes in the ``.npy`` headers and the manifest, compression, nesting.
``load`` must either rebuild a well-formed object or raise ``RuntimeError`` naming
the file - never another exception - and never allocate much more than the file's
own size (measured with tracemalloc, which sees NumPy's buffers too).
"""
from __future__ import annotations

import collections
import io
import json
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import minigrad

MEMORY_FLOOR = 256 * 1024          # python's own bookkeeping on a tiny file


def _original():
    model = collections.OrderedDict(
        [("fc.weight", minigrad.arange(2048.0).reshape(32, 64)),
         ("fc.bias", minigrad.zeros(32, requires_grad=True)),
         ("steps", minigrad.tensor([1, 2, 3])), ("mask", minigrad.tensor([True, False]))])
    model._metadata = collections.OrderedDict([("", {"version": 1})])
    return {"model": model, "epoch": 3, "history": [0.5, (1, "a")],
            "dtype": minigrad.float16, "counts": np.arange(5, dtype=np.uint16)}


def _saved() -> bytes:
    buffer = io.BytesIO()
    minigrad.save(_original(), buffer)
    return buffer.getvalue()


GOOD = _saved()


def _entries(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(entries: dict, deflate=()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED if name in deflate else
                             zipfile.ZIP_STORED)
    return buffer.getvalue()


def _npy(shape, descr: str, data: bytes, fortran=False) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(buffer, {"descr": descr, "fortran_order": fortran,
                                                  "shape": tuple(shape)})
    return buffer.getvalue() + data


def _with_manifest(entries: dict, change) -> dict:
    manifest = json.loads(entries["minigrad.json"])
    change(manifest)
    return {**entries, "minigrad.json": json.dumps(manifest).encode()}


def _weight_node(manifest) -> dict:
    return manifest["root"]["items"][0][1]["items"][0][1]


def _load(folder, data: bytes):
    """(object, None) or (None, exception), asserting the memory bound on the way."""
    path = folder / "hostile.pt"
    path.write_bytes(data)
    tracemalloc.start()
    try:
        result = minigrad.load(path), None
    except Exception as error:  # noqa: BLE001 - the test judges whatever comes out
        result = None, error
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak <= 4 * len(data) + MEMORY_FLOOR, f"peak {peak} B for a {len(data)} B file"
    return result


def _refused(tmp_path, data: bytes, reason: str):
    obj, error = _load(tmp_path, data)
    assert obj is None, "a hostile file loaded"
    assert type(error) is RuntimeError, f"{type(error).__name__}: {error}"
    assert str(tmp_path / "hostile.pt") in str(error) and reason in str(error), str(error)


def test_the_original_loads(tmp_path):
    obj, error = _load(tmp_path, GOOD)
    assert error is None and obj["model"]["fc.weight"].tolist() == _original()[
        "model"]["fc.weight"].tolist()


def test_compressed_member_is_refused_before_inflating(tmp_path):
    """60 KB used to inflate to 40 MB: save never compresses, so load never inflates."""
    entries = _entries(GOOD)
    entries["tensors/0.npy"] = _npy((5_000_000,), "<f8", bytes(40_000_000))
    entries = _with_manifest(entries, lambda m: _weight_node(m).update(shape=[5_000_000]))
    data = _zip(entries, deflate={"tensors/0.npy"})
    assert len(data) < 100_000
    _refused(tmp_path, data, "entry tensors/0.npy is compressed")
    _refused(tmp_path, _zip(_entries(GOOD), deflate={"minigrad.json"}),
             "entry minigrad.json is compressed")


@pytest.mark.parametrize("shape", [[10 ** 12], [2 ** 40, 2 ** 40], [2 ** 62, 4], [0, 2 ** 63]])
def test_declared_shape_is_checked_against_the_member_size(tmp_path, shape):
    entries = _entries(GOOD)
    entries["tensors/0.npy"] = _npy(shape, "<f4", bytes(64))
    entries = _with_manifest(entries, lambda m: _weight_node(m).update(shape=shape))
    _refused(tmp_path, _zip(entries), "entry tensors/0.npy declares shape")


def test_zip_directory_size_larger_than_the_file_is_refused(tmp_path):
    data = bytearray(GOOD)
    directory = data.index(b"PK\x01\x02")              # first central-directory record
    struct.pack_into("<II", data, directory + 20, 2 ** 31, 2 ** 31)  # compressed, real size
    _refused(tmp_path, bytes(data), "declares 2147483648 bytes but the file has only")


def test_deeply_nested_manifest_is_refused(tmp_path):
    deep = 1
    for _ in range(150):
        deep = {"type": "list", "items": [deep]}
    _refused(tmp_path, _zip(_with_manifest(_entries(GOOD), lambda m: m.update(root=deep))),
             "nests containers more than 100 levels deep")
    for root in ('{"type": "list", "items": [' * 5000 + "1" + "]}" * 5000,
                 "[" * 100_000 + "]" * 100_000):
        text = '{"format": "minigrad-checkpoint", "version": 1, "root": ' + root + "}"
        _refused(tmp_path, _zip({**_entries(GOOD), "minigrad.json": text.encode()}),
                 "nests too deeply")


def test_save_refuses_what_load_would_refuse(tmp_path):
    deep = []
    for _ in range(200):
        deep = [deep]
    with pytest.raises(ValueError, match="nested more than 100 levels"):
        minigrad.save(deep, tmp_path / "deep.pt")
    assert not (tmp_path / "deep.pt").exists()


def test_big_endian_member_loads_in_native_order(tmp_path):
    """A checkpoint written on a big-endian machine is valid: it loads with the same values."""
    entries = _entries(GOOD)
    weight = np.arange(2048.0, dtype=">f4").reshape(32, 64)
    entries["tensors/0.npy"] = _npy(weight.shape, ">f4", weight.tobytes())
    obj, error = _load(tmp_path, _zip(entries))
    assert error is None
    loaded = obj["model"]["fc.weight"]
    assert loaded.dtype is minigrad.float32 and loaded.numpy().dtype.isnative
    np.testing.assert_array_equal(loaded.numpy(), weight)
    assert (loaded * 2).sum().item() == 2 * weight.sum()


@pytest.mark.parametrize("descr, reason", [
    ("|O", "unsupported dtype"), ("<c16", "unsupported dtype"), ("<M8[s]", "unsupported dtype"),
    ("<f16" if np.dtype(np.longdouble).itemsize == 16 else "<c8", "unsupported dtype")])
def test_unsupported_member_dtypes_are_refused(tmp_path, descr, reason):
    entries = _entries(GOOD)
    entries["tensors/0.npy"] = _npy((2,), descr, bytes(2 * np.dtype(descr).itemsize))
    _refused(tmp_path, _zip(entries), reason)


@pytest.mark.parametrize("change, reason", [
    (lambda m: _weight_node(m).update(shape=[-1, 64]), "invalid shape"),
    (lambda m: _weight_node(m).update(shape="big"), "invalid shape"),
    (lambda m: _weight_node(m).update(id=[1]), "invalid id"),
    (lambda m: _weight_node(m).update(requires_grad="yes"), "invalid requires_grad"),
    (lambda m: m["root"]["items"][0][1]["items"][2][1].update(requires_grad=True),
     "invalid requires_grad"),
    (lambda m: m["root"]["items"].append([{"type": "list", "items": []}, 1]), "key is a list"),
    (lambda m: m["root"]["items"].append(["x"]), "not a [key, value] pair"),
    (lambda m: m["root"].update(metadata={}), "plain dict cannot carry metadata"),
    (lambda m: m["root"].update(items=None), "no list of items"),
    (lambda m: m.update(version="1"), "format version '1' is not a number"),
    (lambda m: m.pop("root"), "no root object"),
    (lambda m: m.update(root=[1, 2]), "neither a value nor a typed object"),
])
def test_malformed_manifest_fields_are_named(tmp_path, change, reason):
    _refused(tmp_path, _zip(_with_manifest(_entries(GOOD), change)), reason)


# -- fuzzing ------------------------------------------------------------------------------
_HOSTILE_VALUES = st.one_of(
    st.integers(-3, 3), st.sampled_from([2 ** 31, 2 ** 40, 10 ** 12, 2 ** 63, -2 ** 63]),
    st.floats(allow_nan=True), st.text(max_size=6), st.none(), st.booleans(),
    st.sampled_from(["tensors/0.npy", "tensors/1.npy", "tensors/9.npy", "float64", "object",
                     "tensor", "ndarray", "dict", "OrderedDict", "list", "dtype", "Counter"]),
    st.lists(st.integers(-1, 2 ** 40), max_size=3),
    st.just("@deep@"),                  # replaced by 3000 nested lists after json.dumps
    st.dictionaries(st.sampled_from(["type", "items", "file", "shape", "id"]),
                    st.integers(0, 3), max_size=3))


def _paths(node, prefix=()):
    """Every (path, value) inside a JSON tree."""
    yield prefix, node
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, prefix + (key,))


def _set(tree, path, value):
    if not path:
        return value
    node = tree
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return tree


def _mutate_manifest(draw) -> bytes:
    entries = _entries(GOOD)
    manifest = json.loads(entries["minigrad.json"])
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p, _ in _paths(manifest)]
        path = draw(st.sampled_from(paths))
        manifest = _set(manifest, path, draw(_HOSTILE_VALUES))
    text = json.dumps(manifest).replace('"@deep@"', "[" * 3000 + "]" * 3000)
    entries["minigrad.json"] = text.encode()
    return _zip(entries)


def _mutate_member(draw) -> bytes:
    entries = _entries(GOOD)
    name = draw(st.sampled_from(sorted(n for n in entries if n.endswith(".npy"))))
    how = draw(st.sampled_from(["shape", "descr", "cut", "grow", "deflate"]))
    if how in ("shape", "descr"):
        header = np.lib.format.read_array_header_1_0(io.BytesIO(entries[name][8:]))
        start = entries[name].index(b"\n") + 1                 # data after the header
        shape, descr = list(header[0]), np.lib.format.dtype_to_descr(header[2])
        if how == "shape":
            shape = draw(st.lists(st.sampled_from([0, 1, 7, 2 ** 20, 2 ** 33, 10 ** 12,
                                                   2 ** 62]), max_size=3))
        else:
            descr = draw(st.sampled_from(["<f8", ">f4", "<i2", "|b1", "|u1", "<f2", "|O",
                                          "<U3", "|V8", "<c8"]))
        entries[name] = _npy(shape, descr, entries[name][start:], draw(st.booleans()))
    elif how == "cut":
        entries[name] = entries[name][:draw(st.integers(0, len(entries[name]) - 1))]
    elif how == "grow":
        entries[name] += bytes(draw(st.integers(1, 5000)))
    return _zip(entries, deflate={name} if how == "deflate" else ())


def _mutate_bytes(draw) -> bytes:
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        if draw(st.booleans()):
            data[at] = draw(st.integers(0, 255))
        else:                                  # a 32-bit field: sizes, offsets, counts
            at = min(at, len(data) - 4)
            struct.pack_into("<I", data, at, draw(st.sampled_from(
                [0, 1, 2 ** 16, 2 ** 31, 2 ** 32 - 1, len(data), len(data) * 1000])))
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return bytes(data)


@st.composite
def _hostile_files(draw):
    kind = draw(st.sampled_from([_mutate_manifest, _mutate_member, _mutate_bytes]))
    return kind(draw)


def _well_formed(obj, depth=0):
    """Only the types save writes, each tensor a native, consistent array."""
    assert depth <= 101
    if isinstance(obj, minigrad.Tensor):
        array = obj.numpy() if not obj.requires_grad else obj.detach().numpy()
        assert array.dtype.isnative and obj.shape == array.shape
        assert not obj.requires_grad or obj.dtype.is_floating_point
    elif isinstance(obj, np.ndarray):
        assert obj.dtype.isnative and obj.dtype.kind in "biuf"
    elif isinstance(obj, dict):
        for key, value in obj.items():
            hash(key)
            _well_formed(key, depth + 1)
            _well_formed(value, depth + 1)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            _well_formed(value, depth + 1)
    else:
        assert obj is None or isinstance(obj, (bool, int, float, str, minigrad.dtype))


@settings(max_examples=6 * settings().max_examples)      # 150 by default
@given(_hostile_files())
def test_fuzzed_checkpoints_load_or_raise_one_clear_error(tmp_path_factory, data):
    folder = tmp_path_factory.getbasetemp()
    obj, error = _load(folder, data)
    if error is not None:
        assert type(error) is RuntimeError, f"{type(error).__name__}: {error}"
        assert str(folder / "hostile.pt") in str(error)
    else:
        _well_formed(obj)


def test_brackets_inside_names_do_not_count_as_nesting(tmp_path):
    """The depth check before parsing skips JSON strings: keys full of brackets load."""
    obj = {"[" * 500 + '"\\': minigrad.ones(2), "}" * 500: [1, 2]}
    minigrad.save(obj, tmp_path / "brackets.pt")
    back = minigrad.load(tmp_path / "brackets.pt")
    assert list(back) == list(obj) and back["}" * 500] == [1, 2]
