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

Writing to a path (see ``save``) goes where torch's ``open`` would go - through
symlinks, into FIFOs and device nodes - but replaces a regular file atomically
(temporary file, fsync, rename) whenever the rename keeps what the old file was
(its mode, owner, group and hard links); otherwise it stages the whole archive
first and then copies it over the file in place.

Reading checks every size before allocating: members must be stored (not
compressed), lie inside the file, and hold exactly the bytes their ``.npy``
header declares, so a file can never make ``load`` allocate much more than its
own size.  Every failure is a ``RuntimeError`` naming the file and the reason.

Differences from torch (documented): only the types above can be saved
(what ``state_dict()`` and ``optimizer.state_dict()`` hold); whole modules
cannot.  ``weights_only`` is accepted but both values load the same safe
way.  ``map_location`` may be ``None``, ``'cpu'``, a CPU device, or a dict
or callable (ignored: everything loads on the CPU).  PyTorch's own
checkpoints (pickles) are refused with a message on how to convert them.
"""
from __future__ import annotations

import collections
import errno
import io
import json
import os
import re
import shutil
import stat
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
MAX_DEPTH = 100                 # containers nested deeper than this are refused both ways
# a container is two JSON levels ({"items": [...]}); deeper than twice that, the manifest is
# refused before parsing, and up to it the decoder names the container depth it found
JSON_MAX_DEPTH = 4 * MAX_DEPTH
_PLAIN = (type(None), bool, int, float, str)
# element types a checkpoint may hold (by name, so either byte order is accepted)
_STORABLE = frozenset(["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32",
                       "int64", "float16", "float32", "float64"])


# -- encoding: python objects <-> JSON tree + arrays ------------------------------------------
class _Encoder:
    """Walks the object to save, collecting arrays and building the JSON tree."""

    def __init__(self):
        self.arrays = []        # (entry name, array) in order
        self.files = {}         # id(array) -> entry name: tensors sharing an array share it
        self.objects = {}       # id(tensor) -> number: a tensor saved twice loads as one

    def _entry(self, array: np.ndarray) -> str:
        if id(array) not in self.files:
            if array.dtype.name not in _STORABLE:
                raise TypeError(f"minigrad.save cannot store arrays of dtype {array.dtype}")
            self.files[id(array)] = f"tensors/{len(self.arrays)}.npy"
            self.arrays.append((self.files[id(array)], array))
        return self.files[id(array)]

    def _object(self, obj) -> int:
        return self.objects.setdefault(id(obj), len(self.objects))

    def encode(self, obj, depth: int = 0) -> Any:
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
        if type(obj) in _DICT_KINDS or type(obj) in (list, tuple, Size):
            if depth >= MAX_DEPTH:
                raise ValueError(f"minigrad.save cannot store containers nested more than "
                                 f"{MAX_DEPTH} levels deep")
        if type(obj) in _DICT_KINDS:
            node = {"type": _DICT_KINDS[type(obj)],
                    "items": [[self._key(k, depth + 1), self.encode(v, depth + 1)]
                              for k, v in obj.items()]}
            metadata = getattr(obj, "_metadata", None)
            if metadata is not None:
                node["metadata"] = self.encode(metadata, depth + 1)
            return node
        if type(obj) in (list, tuple, Size):
            return {"type": "list" if isinstance(obj, list) else "tuple",
                    "items": [self.encode(v, depth + 1) for v in obj]}
        raise TypeError(f"minigrad.save cannot store an object of type {type(obj).__name__}: "
                        "only tensors, NumPy arrays, dtypes, dicts, OrderedDicts, lists, "
                        "tuples, numbers, strings, bools and None (e.g. a state_dict)")

    def _key(self, key, depth: int) -> Any:
        if not isinstance(key, _PLAIN) and type(key) is not tuple:
            raise TypeError(f"minigrad.save cannot store a dict key of type "
                            f"{type(key).__name__}")
        return self.encode(key, depth)


# dict flavours a state_dict may hold (an LR scheduler keeps milestones in a Counter)
_DICT_KINDS = {dict: "dict", collections.OrderedDict: "OrderedDict",
               collections.Counter: "Counter"}
_DICT_TYPES = {name: kind for kind, name in _DICT_KINDS.items()}


def _expect(condition, message: str) -> None:
    if not condition:
        raise ValueError(message)


class _Decoder:
    """Rebuilds python objects from the JSON tree, reading arrays from the zip."""

    def __init__(self, archive: zipfile.ZipFile, file_size: int):
        self.archive = archive
        self.file_size = file_size
        self.arrays = {}        # entry name -> array
        self.objects = {}       # object number -> Tensor or ndarray

    def _array(self, node) -> np.ndarray:
        name, dtype, shape = node.get("file"), node.get("dtype"), node.get("shape")
        _expect(isinstance(name, str), f"a tensor names no entry: {name!r}")
        _expect(dtype in _STORABLE, f"entry {name} has unsupported dtype {dtype!r}")
        _expect(isinstance(shape, list) and all(type(n) is int and n >= 0 for n in shape),
                f"entry {name} has an invalid shape {shape!r} in the manifest")
        if name not in self.arrays:
            self.arrays[name] = _read_npy(self.archive, name, self.file_size)
        array = self.arrays[name]
        if array.dtype.name != dtype or list(array.shape) != shape:
            raise ValueError(f"entry {name} holds {array.dtype.name} {list(array.shape)} "
                             f"but the manifest says {dtype} {shape}")
        return array

    def decode(self, node, depth: int = 0) -> Any:
        if isinstance(node, _PLAIN):
            return node
        _expect(isinstance(node, dict) and isinstance(node.get("type"), str),
                f"a manifest node is neither a value nor a typed object: {str(node)[:80]}")
        kind = node["type"]
        if kind in ("tensor", "ndarray"):
            number = node.get("id")
            _expect(type(number) is int, f"a tensor has an invalid id {number!r}")
            if number not in self.objects:
                array = self._array(node)
                if kind == "tensor":
                    value = Tensor._make(array, None)
                    requires_grad = node.get("requires_grad", False)
                    _expect(requires_grad is False or (requires_grad is True
                                                       and array.dtype.kind == "f"),
                            f"entry {node['file']} has an invalid requires_grad "
                            f"{requires_grad!r} for dtype {array.dtype.name}")
                    _dtype.from_numpy_dtype(array.dtype)
                    value._requires_grad = requires_grad
                else:
                    value = array
                self.objects[number] = value
            return self.objects[number]
        if kind == "dtype":
            names = {d.name: d for d in _dtype.ALL}
            if not isinstance(node.get("name"), str) or node["name"] not in names:
                raise ValueError(f"unknown dtype {node.get('name')!r} in the manifest")
            return names[node["name"]]
        _expect(depth < MAX_DEPTH, f"the manifest nests containers more than {MAX_DEPTH} "
                                   "levels deep")
        items = node.get("items")
        _expect(isinstance(items, list), f"a {kind} node has no list of items")
        if kind in _DICT_TYPES:
            out = _DICT_TYPES[kind]()
            for pair in items:
                _expect(isinstance(pair, list) and len(pair) == 2,
                        f"a {kind} item is not a [key, value] pair")
                key = self.decode(pair[0], depth + 1)
                _expect(isinstance(key, _PLAIN) or type(key) is tuple,
                        f"a {kind} key is a {type(key).__name__}")
                out[key] = self.decode(pair[1], depth + 1)
            if "metadata" in node:
                _expect(kind != "dict", "a plain dict cannot carry metadata")
                out._metadata = self.decode(node["metadata"], depth + 1)
            return out
        if kind in ("list", "tuple"):
            values = [self.decode(v, depth + 1) for v in items]
            return values if kind == "list" else tuple(values)
        raise ValueError(f"unknown entry type {kind!r} in the manifest")


def _stored_entry(archive: zipfile.ZipFile, name: str, file_size: int) -> zipfile.ZipInfo:
    """The zip entry ``name``, refused unless its bytes are stored plainly inside the file."""
    info = archive.getinfo(name)
    if info.compress_type != zipfile.ZIP_STORED:
        raise ValueError(f"entry {name} is compressed; minigrad.save never compresses, so "
                         "it is refused rather than inflated")
    if info.file_size != info.compress_size or info.header_offset + info.file_size > file_size:
        raise ValueError(f"entry {name} declares {info.file_size} bytes but the file has only "
                         f"{file_size} bytes")
    return info


def _read_npy(archive: zipfile.ZipFile, name: str, file_size: int) -> np.ndarray:
    """One ``.npy`` entry as a native-byte-order array, its size checked before allocating."""
    info = _stored_entry(archive, name, file_size)
    with archive.open(info) as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran_order, dtype = np.lib.format.read_array_header_2_0(f)
        else:
            raise ValueError(f"entry {name} is a .npy file of unsupported version {version}")
        _expect(dtype.name in _STORABLE and not dtype.hasobject and dtype.fields is None,
                f"entry {name} has unsupported dtype {dtype}")
        _expect(all(n >= 0 for n in shape), f"entry {name} has a negative dimension {shape}")
        count = 1
        for n in shape:                 # python ints: a product of huge dims cannot overflow
            count *= n
        declared, held = count * dtype.itemsize, info.file_size - f.tell()
        if declared != held:
            raise ValueError(f"entry {name} declares shape {list(shape)} of {dtype.name} "
                             f"({declared} bytes) but holds {held} bytes of data")
        array = np.empty(count, dtype)
        raw = array.view(np.uint8)
        done = 0
        while done < declared:          # read in chunks straight into the array
            chunk = f.read(min(1 << 20, declared - done))
            _expect(chunk, f"entry {name} ends after {done} of {declared} bytes")
            raw[done:done + len(chunk)] = np.frombuffer(chunk, np.uint8)
            done += len(chunk)
    if not dtype.isnative:              # written on a machine of the other byte order
        array = array.byteswap(inplace=True).view(dtype.newbyteorder("="))
    if fortran_order:
        return array.reshape(shape[::-1]).transpose()
    return array.reshape(shape)


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

    A path is written where ``open(f, "wb")`` would write, without ever leaving
    a half-written checkpoint or a temporary file behind:

    * a symlink is followed: the link stays and the file it points to gets the data;
    * a regular file is replaced atomically: the data go to a temporary file in
      the same folder, which is fsync'ed, given the old file's mode, owner and
      group, and renamed over it; if anything fails the old file is untouched;
    * where that rename would change what the file is - it has other hard links,
      its owner or group cannot be given to a new file, or the folder is not
      writable while the file is - the archive is first written completely to an
      anonymous temporary file, the space is reserved, and then it is copied over
      the file in place (only a crash during that copy can leave it half-written);
    * a FIFO or device node (``/dev/null``) is written into, never replaced.

    ``pickle_module`` and ``pickle_protocol`` are accepted for compatibility and
    ignored.
    """
    encoder = _Encoder()
    manifest = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "root": encoder.encode(obj)}
    if not isinstance(f, (str, os.PathLike)):
        _write_archive(f, manifest, encoder.arrays)       # a file object: written in place
        return
    path = os.fspath(f)
    given_folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(given_folder):
        raise RuntimeError(f"Parent directory {given_folder} does not exist.")
    target = os.path.realpath(path)             # through symlinks: the link itself stays
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise RuntimeError(f"Parent directory {folder} does not exist.")
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise _open_failed(error, path) from error

    def write(out):
        _write_archive(out, manifest, encoder.arrays)
    if old is not None and not stat.S_ISREG(old.st_mode):
        if stat.S_ISDIR(old.st_mode):
            raise _open_failed(IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR)), path)
        with _open_existing(target, path) as out:    # FIFO, device node: write into it
            write(_ForwardOnly(out))
        return
    if old is not None:
        os.close(_open_existing_fd(target, path))    # a read-only file stays untouched
    if old is not None and old.st_nlink > 1:
        _write_in_place(target, folder, write)
    elif not _write_and_rename(target, folder, old, write):
        if old is None:
            raise _open_failed(PermissionError(errno.EACCES, os.strerror(errno.EACCES)), path)
        _write_in_place(target, folder, write)
    _fsync_folder(folder)


class _ForwardOnly:
    """A FIFO or device seen as a stream without positions, so zipfile counts the bytes.

    (``/dev/null`` accepts seeks and always says it is at 0, which would corrupt
    zipfile's offsets.)
    """

    def __init__(self, out):
        self.out = out

    def write(self, data) -> int:
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def _open_failed(error: OSError, path: str) -> RuntimeError:
    """torch's words for a destination that cannot be opened for writing."""
    return RuntimeError(f"open file failed with strerror: {error.strerror}: {path!r}")


def _open_existing_fd(target: str, path: str) -> int:
    try:
        return os.open(target, os.O_WRONLY)          # no O_CREAT, no O_TRUNC
    except OSError as error:
        raise _open_failed(error, path) from error


def _open_existing(target: str, path: str):
    return os.fdopen(_open_existing_fd(target, path), "wb")


def _write_and_rename(target: str, folder: str, old, write) -> bool:
    """The atomic write; False (nothing changed) where the rename would alter the file."""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.",
                                   suffix=".tmp")
    except PermissionError:
        return False                             # the folder is not writable
    try:
        with os.fdopen(fd, "wb") as out:
            if old is not None and (old.st_uid, old.st_gid) != _owner(out.fileno()):
                try:
                    os.fchown(out.fileno(), old.st_uid, old.st_gid)
                except (PermissionError, AttributeError):   # it would change hands (or
                    os.remove(tmp)                           # the platform has no owners)
                    return False
            if hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), stat.S_IMODE(old.st_mode) if old is not None
                          else 0o666 & ~_umask())
            write(out)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.replace(tmp, target)
        except PermissionError:                 # e.g. another user's file in a sticky folder
            os.remove(tmp)
            return False
    except BaseException:
        if os.path.lexists(tmp):
            os.remove(tmp)
        raise
    return True


def _owner(fd: int) -> tuple:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _write_in_place(target: str, folder: str, write) -> None:
    """Stage the whole archive, reserve the space, then copy it over ``target``'s bytes."""
    try:
        staging = tempfile.TemporaryFile(dir=folder)     # anonymous: vanishes on any exit
    except OSError:
        staging = tempfile.TemporaryFile()
    with staging:
        write(staging)
        size = staging.tell()
        staging.seek(0)
        with _open_existing(target, target) as out:
            _reserve(out.fileno(), size)             # run out of space now, not mid-copy
            shutil.copyfileobj(staging, out, 1 << 20)
            out.truncate(size)
            out.flush()
            os.fsync(out.fileno())


def _reserve(fd: int, size: int) -> None:
    """Allocate ``size`` bytes for ``fd`` where the platform and file system can."""
    allocate = getattr(os, "posix_fallocate", None)      # not on macOS or Windows
    if allocate is None:
        return
    try:
        allocate(fd, 0, size)
    except OSError as error:
        if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            raise


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
    ``OrderedDict``; arrays written on a machine of the other byte order load
    in native order.  A file that is not a valid minigrad checkpoint raises
    ``RuntimeError`` naming the file and the reason; no file can make ``load``
    allocate much more memory than the file's own size.
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
    file_size = handle.seek(0, io.SEEK_END)
    handle.seek(start)
    archive = None
    try:
        try:
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile:
            raise ValueError(_not_ours(name, head, None)) from None
        if MANIFEST not in archive.namelist():
            raise ValueError(_not_ours(name, head, archive))
        _stored_entry(archive, MANIFEST, file_size)
        text = archive.read(MANIFEST).decode("utf-8")
        _expect(_json_depth(text) <= JSON_MAX_DEPTH, "the manifest nests too deeply")
        manifest = json.loads(text)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
            raise ValueError(f"{MANIFEST} does not describe a {FORMAT_NAME}")
        version = manifest.get("version")
        _expect(type(version) is int, f"the format version {version!r} is not a number")
        if version > FORMAT_VERSION:
            raise ValueError(f"it was written in format version {version}; this "
                             f"minigrad reads versions up to {FORMAT_VERSION}")
        _expect("root" in manifest, f"{MANIFEST} has no root object")
        return _Decoder(archive, file_size).decode(manifest["root"])
    except Exception as error:  # noqa: BLE001 - every failure becomes one clear error
        raise RuntimeError(f"{name} is not a minigrad checkpoint or is corrupted: "
                           f"{_reason(error)}") from error
    finally:
        if archive is not None:
            archive.close()


_JSON_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')     # a string, or a bracket


def _json_depth(text: str) -> int:
    """How deep the arrays and objects of JSON ``text`` nest, found without parsing it (a
    parser given thousands of levels runs out of stack, and on the way allocates many
    times the text's size)."""
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):        # strings are skipped whole
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing entry {error}"
    if isinstance(error, RecursionError):
        return "the manifest nests too deeply"
    if isinstance(error, MemoryError):
        return "not enough memory to load it"
    return str(error) or type(error).__name__


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
