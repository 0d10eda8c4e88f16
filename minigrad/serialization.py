"""``minigrad.save`` / ``minigrad.load``: checkpoints that never execute code.

A checkpoint is a zip archive (stored, not compressed) with

* ``minigrad.json`` - a manifest: format name, version and the saved object
  as a JSON tree, and
* ``tensors/<k>.npy`` - one NumPy ``.npy`` file per distinct tensor, written
  and read with ``allow_pickle=False``.

In the tree python numbers, strings, bools and ``None`` are stored as
themselves; every container or tensor is a JSON object with a ``"type"`` key
(dict, OrderedDict, list, tuple, tensor, ndarray, dtype).  Dict keys may be
any of the plain values, so optimizer states with integer keys round-trip.
A tensor that appears twice (tied weights) is stored once and loads as one
tensor.  Nothing is unpickled, so loading an untrusted file is safe.

Differences from torch (documented): only the types above can be saved
(what ``state_dict()`` and ``optimizer.state_dict()`` hold); whole modules
cannot.  ``weights_only`` is accepted but both values load the same safe
way.  ``map_location`` may be ``None``, ``'cpu'``, a CPU device, or a dict
or callable (ignored: everything loads on the CPU).  PyTorch's own
checkpoints (pickles) are refused with a message on how to convert them.
"""
from __future__ import annotations

import collections
import io
import json
import os
import tempfile
import zipfile
from typing import Any

import numpy as np

from . import _dtype
from ._device import Size, device
from ._tensor import Tensor

FORMAT_NAME = "minigrad-checkpoint"
FORMAT_VERSION = 1
MANIFEST = "minigrad.json"
_PLAIN = (type(None), bool, int, float, str)


# -- encoding: python objects <-> JSON tree + arrays ------------------------------------------
class _Encoder:
    """Walks the object to save, collecting arrays and building the JSON tree."""

    def __init__(self):
        self.arrays = []        # (entry name, array) in order
        self.files = {}         # id(array) -> entry name: tensors sharing an array share it
        self.objects = {}       # id(tensor) -> number: a tensor saved twice loads as one

    def _entry(self, array: np.ndarray) -> str:
        if id(array) not in self.files:
            if array.dtype.kind not in "biuf":
                raise TypeError(f"minigrad.save cannot store arrays of dtype {array.dtype}")
            self.files[id(array)] = f"tensors/{len(self.arrays)}.npy"
            self.arrays.append((self.files[id(array)], array))
        return self.files[id(array)]

    def _object(self, obj) -> int:
        return self.objects.setdefault(id(obj), len(self.objects))

    def encode(self, obj) -> Any:
        if isinstance(obj, _PLAIN):
            return obj
        if isinstance(obj, Tensor):
            return {"type": "tensor", "file": self._entry(obj._array), "id": self._object(obj),
                    "dtype": obj._array.dtype.name, "shape": list(obj._array.shape),
                    "requires_grad": obj.requires_grad}
        if isinstance(obj, np.ndarray):
            return {"type": "ndarray", "file": self._entry(obj), "id": self._object(obj),
                    "dtype": obj.dtype.name, "shape": list(obj.shape)}
        if isinstance(obj, _dtype.dtype):
            return {"type": "dtype", "name": obj.name}
        if type(obj) in _DICT_KINDS:
            node = {"type": _DICT_KINDS[type(obj)], "items": [[self._key(k), self.encode(v)]
                                           for k, v in obj.items()]}
            metadata = getattr(obj, "_metadata", None)
            if metadata is not None:
                node["metadata"] = self.encode(metadata)
            return node
        if type(obj) in (list, tuple, Size):
            return {"type": "list" if isinstance(obj, list) else "tuple",
                    "items": [self.encode(v) for v in obj]}
        raise TypeError(f"minigrad.save cannot store an object of type {type(obj).__name__}: "
                        "only tensors, NumPy arrays, dtypes, dicts, OrderedDicts, lists, "
                        "tuples, numbers, strings, bools and None (e.g. a state_dict)")

    def _key(self, key) -> Any:
        if not isinstance(key, _PLAIN) and type(key) is not tuple:
            raise TypeError(f"minigrad.save cannot store a dict key of type "
                            f"{type(key).__name__}")
        return self.encode(key)


# dict flavours a state_dict may hold (an LR scheduler keeps milestones in a Counter)
_DICT_KINDS = {dict: "dict", collections.OrderedDict: "OrderedDict",
               collections.Counter: "Counter"}
_DICT_TYPES = {name: kind for kind, name in _DICT_KINDS.items()}


class _Decoder:
    """Rebuilds python objects from the JSON tree, reading arrays from the zip."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.arrays = {}        # entry name -> array
        self.objects = {}       # object number -> Tensor or ndarray

    def _array(self, node) -> np.ndarray:
        name = node["file"]
        if name not in self.arrays:
            with self.archive.open(name) as f:
                self.arrays[name] = np.lib.format.read_array(f, allow_pickle=False)
        array = self.arrays[name]
        if array.dtype.name != node["dtype"] or list(array.shape) != node["shape"]:
            raise ValueError(f"entry {name} holds {array.dtype.name} {list(array.shape)} "
                             f"but the manifest says {node['dtype']} {node['shape']}")
        if array.dtype.kind not in "biuf":
            raise ValueError(f"entry {name} has unsupported dtype {array.dtype}")
        return array

    def decode(self, node) -> Any:
        if isinstance(node, _PLAIN):
            return node
        kind = node["type"]
        if kind in ("tensor", "ndarray"):
            number = node["id"]
            if number not in self.objects:
                array = self._array(node)
                if kind == "tensor":
                    value = Tensor._make(array, None)
                    _dtype.from_numpy_dtype(array.dtype)
                    value._requires_grad = bool(node.get("requires_grad", False))
                else:
                    value = array
                self.objects[number] = value
            return self.objects[number]
        if kind == "dtype":
            names = {d.name: d for d in _dtype.ALL}
            if node["name"] not in names:
                raise ValueError(f"unknown dtype {node['name']!r} in the manifest")
            return names[node["name"]]
        if kind in _DICT_TYPES:
            out = _DICT_TYPES[kind]()
            for key, value in node["items"]:
                out[self.decode(key)] = self.decode(value)
            if "metadata" in node:
                out._metadata = self.decode(node["metadata"])
            return out
        if kind in ("list", "tuple"):
            items = [self.decode(v) for v in node["items"]]
            return items if kind == "list" else tuple(items)
        raise ValueError(f"unknown entry type {kind!r} in the manifest")


# -- writing ------------------------------------------------------------------------------------
def _write_archive(f, manifest: dict, arrays: list) -> None:
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest))
        for name, array in arrays:
            with archive.open(name, "w", force_zip64=array.nbytes > 2 ** 30) as entry:
                np.lib.format.write_array(entry, array, allow_pickle=False)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(obj: Any, f, pickle_module=None, pickle_protocol: int = 2,
         _use_new_zipfile_serialization: bool = True) -> None:
    """Save ``obj`` (a state_dict-like tree of tensors) to a path or writable binary file.

    Writing to a path is atomic: the data go to a temporary file in the same
    directory, which is fsync'ed and then renamed over ``f``; if anything
    fails, an existing file at ``f`` is left untouched.  ``pickle_module``
    and ``pickle_protocol`` are accepted for compatibility and ignored.
    """
    encoder = _Encoder()
    manifest = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "root": encoder.encode(obj)}
    if not isinstance(f, (str, os.PathLike)):
        _write_archive(f, manifest, encoder.arrays)       # a file object: written in place
        return
    path = os.fspath(f)
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise RuntimeError(f"Parent directory {folder} does not exist.")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            _write_archive(out, manifest, encoder.arrays)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    """Make the rename durable (best effort: not every platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- reading ------------------------------------------------------------------------------------
def _check_map_location(map_location) -> None:
    if map_location is None or callable(map_location):
        return
    targets = map_location.values() if isinstance(map_location, dict) else [map_location]
    for target in targets:
        device(str(target))                 # raises for anything but the CPU


def _not_ours(name: str, head: bytes, archive) -> str:
    """Why a file is not a minigrad checkpoint, with a hint for PyTorch files."""
    convert = ("minigrad.load never unpickles (unpickling can run arbitrary code). Convert it "
               "where PyTorch is installed: sd = torch.load(path, weights_only=True), turn its "
               "tensors into minigrad tensors (bridge's state_dict conversion does this) and "
               "save that with minigrad.save")
    if archive is not None:
        names = archive.namelist()
        if any(n.endswith("data.pkl") for n in names):
            return f"it looks like a PyTorch checkpoint (torch.save zip archive). {convert}"
        return f"it is a zip archive without {MANIFEST} (entries: {names[:5]})"
    if head[:1] == b"\x80":
        return (f"it looks like a Python pickle (e.g. a legacy torch.save or pickle.dump "
                f"file). {convert}")
    if head[:6] == b"\x93NUMPY":
        return "it is a bare NumPy .npy file; load it with numpy.load"
    return "it is not a zip archive"


def load(f, map_location=None, pickle_module=None, *, weights_only: bool = True,
         mmap=None, **pickle_load_args) -> Any:
    """Load an object saved by ``minigrad.save`` from a path or readable binary file.

    Loading never executes code, whatever ``weights_only`` says (both values
    behave the same).  Tensors come back with the dtype, shape and
    ``requires_grad`` flag they were saved with; ``OrderedDict`` stays
    ``OrderedDict``.  A file that is not a valid minigrad checkpoint raises
    ``RuntimeError`` naming the file and the reason.
    """
    if pickle_module is not None:
        raise RuntimeError("Can not safely load weights when explicit pickle_module is "
                           "specified")
    _check_map_location(map_location)
    name = os.fspath(f) if isinstance(f, (str, os.PathLike)) else getattr(f, "name", repr(f))
    if isinstance(f, (str, os.PathLike)):
        with open(f, "rb") as handle:
            return _load_from(handle, name)
    if not (hasattr(f, "seekable") and f.seekable()):
        f = io.BytesIO(f.read())
    return _load_from(f, name)


def _load_from(handle, name) -> Any:
    start = handle.tell()
    head = handle.read(8)
    handle.seek(start)
    archive = None
    try:
        try:
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile:
            raise ValueError(_not_ours(name, head, None)) from None
        if MANIFEST not in archive.namelist():
            raise ValueError(_not_ours(name, head, archive))
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise ValueError(f"{MANIFEST} does not describe a {FORMAT_NAME}")
        if manifest.get("version", 0) > FORMAT_VERSION:
            raise ValueError(f"it was written in format version {manifest['version']}; this "
                             f"minigrad reads versions up to {FORMAT_VERSION}")
        return _Decoder(archive).decode(manifest["root"])
    except (ValueError, KeyError, TypeError, OSError, EOFError, zipfile.BadZipFile,
            zipfile.LargeZipFile, UnicodeDecodeError) as error:
        reason = str(error) if not isinstance(error, KeyError) else f"missing entry {error}"
        raise RuntimeError(f"{name} is not a minigrad checkpoint or is corrupted: "
                           f"{reason}") from error
    finally:
        if archive is not None:
            archive.close()


# -- torch's allowlist for weights_only loading ----------------------------------------------
# torch.load(weights_only=True) unpickles only allowlisted globals, and these functions edit
# that allowlist.  minigrad never unpickles, so nothing here changes how a file loads: the
# list is only recorded, so that code written for torch runs and can read it back.
_safe_globals: list = []


def add_safe_globals(safe_globals: list) -> None:
    """Record globals as safe for ``weights_only`` loading (minigrad: recorded only)."""
    _safe_globals.extend(safe_globals)


def get_safe_globals() -> list:
    """The globals added by ``add_safe_globals`` (torch also lists its built-in ones)."""
    return list(_safe_globals)


def clear_safe_globals() -> None:
    """Forget every global added by ``add_safe_globals``."""
    _safe_globals.clear()


class safe_globals:
    """Context manager: ``safe_globals`` count as added inside the ``with`` block only."""

    def __init__(self, safe_globals: list) -> None:
        self.safe_globals = list(safe_globals)

    def __enter__(self) -> None:
        self._before = list(_safe_globals)
        add_safe_globals(self.safe_globals)

    def __exit__(self, *exc) -> None:
        _safe_globals[:] = self._before


DEFAULT_PROTOCOL = 2
