"""``python -m bridge.export``: minigrad checkpoints to PyTorch checkpoints, and back.

    python -m bridge.export CHECKPOINT.mg OUT.pt                 # minigrad -> torch
    python -m bridge.export --to-minigrad CHECKPOINT.pt OUT.mg   # torch -> minigrad

A checkpoint is any tree that ``minigrad.save`` holds: dicts, OrderedDicts
(a state_dict's ``_metadata``, which carries the layers' versions, comes
along), Counters, lists, tuples, numbers, strings, None, tensors, NumPy
arrays and dtypes -- typically ``{"model": model.state_dict(), "optimizer":
optimizer.state_dict(), "step": 1200}``.  Tensors keep their dtype, shape and
``requires_grad`` flag; a tensor stored twice (tied weights) stays one tensor.
Going to torch, NumPy arrays become tensors (``torch.load(weights_only=True)``
accepts no NumPy objects) and dtypes become torch dtypes; coming back,
``torch.Size`` becomes a tuple.

The torch file is written with ``torch.save`` and reads back with
``torch.load(path, weights_only=True)``; a torch file is read the same way,
so converting an untrusted file runs no code.  Writes are atomic: the data go
to a temporary file in the output's folder, which is fsync'ed and renamed
over the output, so a failure leaves an existing file untouched.
"""
from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
from typing import Any, Callable, Dict, List, Optional

import numpy as np

_PLAIN = (type(None), bool, int, float, str)
_DICTS = (dict, collections.OrderedDict, collections.Counter)


class ExportError(Exception):
    """A checkpoint cannot be converted; the message names the file or entry and why."""


# -- converting the tree -----------------------------------------------------------------------
def _walk(obj: Any, leaf: Callable[[Any, str], Any], path: str = "") -> Any:
    """Rebuild ``obj`` with ``leaf(value, path)`` applied to everything but containers."""
    if isinstance(obj, _PLAIN):
        return obj
    if type(obj) in _DICTS:
        out = type(obj)()
        for key, value in obj.items():
            out[_walk(key, leaf, f"{path}[{key!r}] (key)")] = _walk(value, leaf,
                                                                     f"{path}[{key!r}]")
        metadata = getattr(obj, "_metadata", None)
        if metadata is not None:
            out._metadata = _walk(metadata, leaf, f"{path}._metadata")
        return out
    if type(obj) in (list, tuple):
        return type(obj)(_walk(v, leaf, f"{path}[{i}]") for i, v in enumerate(obj))
    return leaf(obj, path)


def minigrad_to_torch(obj: Any) -> Any:
    """A copy of a minigrad checkpoint tree with torch tensors and dtypes."""
    import torch

    import minigrad
    made: Dict[int, Any] = {}      # id of a source array -> its tensor: shared stays shared

    def leaf(value, path):
        if isinstance(value, minigrad.Tensor):
            key, array = id(value), value.detach().numpy()
        elif isinstance(value, np.ndarray):
            key, array = id(value), value
        elif isinstance(value, minigrad.dtype):
            return getattr(torch, value.name)
        elif isinstance(value, (minigrad.Size, np.generic)):
            return value.item() if isinstance(value, np.generic) else tuple(value)
        else:
            raise ExportError(f"entry {path or '(the root)'} is a {type(value).__name__}, "
                              "which a torch checkpoint cannot hold")
        if key not in made:
            tensor = torch.from_numpy(np.array(array, copy=True))
            if isinstance(value, minigrad.Tensor) and value.requires_grad:
                tensor.requires_grad_(True)
            made[key] = tensor
        return made[key]
    return _walk(obj, leaf)


def torch_to_minigrad(obj: Any) -> Any:
    """A copy of a torch checkpoint tree with minigrad tensors and dtypes."""
    import torch

    import minigrad
    made: Dict[int, Any] = {}

    def leaf(value, path):
        if isinstance(value, torch.Tensor):
            if id(value) not in made:
                try:
                    array = value.detach().cpu().numpy()
                    if array.dtype.kind not in "biuf":
                        raise TypeError(f"dtype {value.dtype}")
                    tensor = minigrad.from_numpy(np.array(array, copy=True))
                except TypeError as error:
                    raise ExportError(f"entry {path} holds a {value.dtype} tensor, which "
                                      f"minigrad cannot store ({error})") from None
                if value.requires_grad:
                    tensor.requires_grad_(True)
                made[id(value)] = tensor
            return made[id(value)]
        if isinstance(value, torch.dtype):
            name = str(value).split(".")[-1]
            if not isinstance(getattr(minigrad, name, None), minigrad.dtype):
                raise ExportError(f"entry {path} is the dtype {value}, which minigrad lacks")
            return getattr(minigrad, name)
        if isinstance(value, torch.Size):
            return tuple(value)
        raise ExportError(f"entry {path or '(the root)'} is a {type(value).__name__}, which a "
                          "minigrad checkpoint cannot hold")
    return _walk(obj, leaf)


def count_tensors(obj: Any) -> List[Any]:
    """The distinct tensors (either library) in a checkpoint tree."""
    found: Dict[int, Any] = {}

    def leaf(value, path):
        if hasattr(value, "shape") and hasattr(value, "dtype"):
            found.setdefault(id(value), value)
        return value
    _walk(obj, leaf)
    return list(found.values())


# -- files ---------------------------------------------------------------------------------------
def _check_paths(source: str, target: str) -> None:
    if not os.path.exists(source):
        raise ExportError(f"{source}: no such file")
    if os.path.isdir(source):
        raise ExportError(f"{source} is a folder, not a checkpoint file")
    if os.path.exists(target) and os.path.samefile(source, target):
        raise ExportError(f"the output {target} is the input file; write it elsewhere")
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise ExportError(f"the folder of {target} ({folder}) does not exist")
    if os.path.isdir(target):
        raise ExportError(f"{target} is a folder; give a file name")


def _atomic_write(target: str, write: Callable[[Any], None]) -> None:
    """``write(file)`` into a temporary file next to ``target``, then rename it over."""
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def export_to_torch(source: str, target: str) -> Any:
    """Convert the minigrad checkpoint ``source`` into the torch checkpoint ``target``."""
    import torch

    import minigrad
    _check_paths(source, target)
    try:
        obj = minigrad.load(source)
    except RuntimeError as error:
        hint = ("; to convert a torch checkpoint into a minigrad one, pass --to-minigrad"
                if "PyTorch checkpoint" in str(error) else "")
        raise ExportError(f"{error}{hint}") from None
    converted = minigrad_to_torch(obj)
    _atomic_write(target, lambda f: torch.save(converted, f))
    return converted


def export_to_minigrad(source: str, target: str) -> Any:
    """Convert the torch checkpoint ``source`` (read with ``weights_only=True``) to minigrad's."""
    import pickle

    import torch

    import minigrad
    _check_paths(source, target)
    try:
        obj = torch.load(source, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError, ValueError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
        raise ExportError(f"{source} cannot be read by torch.load(weights_only=True), which "
                          f"runs no code: {first}") from None
    converted = torch_to_minigrad(obj)
    _atomic_write(target, lambda f: minigrad.save(converted, f))
    return converted


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bridge.export",
        description="Convert a minigrad checkpoint (minigrad.save) into a PyTorch checkpoint "
                    "that torch.load(path, weights_only=True) reads, or back with "
                    "--to-minigrad.")
    parser.add_argument("checkpoint", help="the checkpoint to convert")
    parser.add_argument("output", help="the file to write (replaced atomically)")
    parser.add_argument("--to-minigrad", action="store_true",
                        help="convert a torch checkpoint into a minigrad one")
    args = parser.parse_args(argv)
    convert = export_to_minigrad if args.to_minigrad else export_to_torch
    try:
        converted = convert(args.checkpoint, args.output)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    tensors = count_tensors(converted)
    size = sum(int(np.prod(t.shape)) * t.dtype.itemsize for t in tensors)
    kind = "minigrad" if args.to_minigrad else "torch"
    print(f"wrote {args.output}: {kind} checkpoint, {len(tensors)} tensors, "
          f"{size / 2 ** 20:.2f} MiB of data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
