"""Shape, view and indexing methods of Tensor."""
from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from . import _dtype
from ._tensor_convert import _type_word, invalid_arguments
from ._tensor_math import _renamed, normalize_dims
from ._warn_once import warn_once
from .ops import shape as ops


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def _shape_args(args, name="view"):
    """Accept ``f(2, 3)``, ``f((2, 3))`` and ``f(torch.Size)``."""
    if len(args) == 1 and isinstance(args[0], (tuple, list)):
        args = args[0]
    if not all(isinstance(a, numbers.Integral) or hasattr(a, "__index__") for a in args):
        raise TypeError(invalid_arguments(name, tuple(args), ("tuple of ints size",)))
    return tuple(int(a) for a in args)


def int_list(name: str, argument: str, args: tuple, position: int = 1) -> tuple:
    """The sizes/dims of ``f(2, 3)``, ``f((2, 3))`` or ``f([2, 3])`` for method ``name``
    whose ``argument`` (at ``position``) is an int list; others get torch's TypeError."""
    if not args:
        raise TypeError(f'{name}() missing 1 required positional arguments: "{argument}"')
    sequence = len(args) == 1 and isinstance(args[0], (tuple, list))
    values = args[0] if sequence else args
    for k, value in enumerate(values):
        if isinstance(value, numbers.Integral) or hasattr(value, "__index__"):
            continue
        kind = type(value).__name__
        where = f"{name}(): argument '{argument}' (position {position}) must be tuple of ints"
        if len(args) == 1 and not sequence:
            raise TypeError(f"{where}, not {kind}")
        if k == 0:                     # torch reads the first element to choose the form
            raise TypeError(f"{where}, but found element of type {kind} at pos 0" if sequence
                            else f"{name}() takes 1 positional argument but {len(args)} were "
                            "given")
        raise TypeError(f"{name}(): argument '{argument}' failed to unpack the object at pos "
                        f"{k + 1} with error \"type must be tuple of ints,but got {kind}\"")
    return tuple(int(v) for v in values)


def _check_shape(shape, numel: int) -> None:
    """torch's words for a target shape with negative sizes (NumPy reads any as 'infer')."""
    inferred = None
    for i, n in enumerate(shape):
        if n == -1:
            if inferred is not None:
                raise RuntimeError("only one dimension can be inferred")
            inferred = i
        elif n < 0:
            raise RuntimeError(f"invalid shape dimension {n} at index {i} of shape "
                               f"{list(shape)}")
    if inferred is not None and numel == 0 and 0 in shape:
        raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {list(shape)} "
                           "because the unspecified dimension size -1 can be any value and is "
                           "ambiguous")


def _expand_message(sizes, shape) -> str | None:
    """torch's words for ``shape`` that cannot expand to ``sizes`` (None when it can)."""
    lead = len(sizes) - len(shape)
    if lead < 0:
        return None
    for i in reversed(range(len(sizes))):           # torch checks from the last dim
        want = sizes[i]
        if i < lead:
            if want < 0:
                return (f"The expanded size of the tensor ({want}) isn't allowed in a "
                        f"leading, non-existing dimension {i}")
            continue
        n = shape[i - lead]
        if want != -1 and n != want and n != 1:
            return (f"The expanded size of the tensor ({want}) must match the existing size "
                    f"({n}) at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  "
                    f"Tensor sizes: {list(shape)}")
    return None


def _no_dims(t, dim) -> None:
    if t._array.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")


def _index_key(key):
    """Turn a torch-style index into a NumPy one (tensors, lists and ranges to arrays)."""
    Tensor = _tensor_cls()
    parts = key if isinstance(key, tuple) else (key,)
    out = []
    for p in parts:
        if isinstance(p, str):
            raise TypeError("new(): invalid data type 'str'")
        if isinstance(p, float):
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or "
                             f"byte Variables are valid indices (got {type(p).__name__})")
        if isinstance(p, Tensor):
            kind = p._array.dtype
            if kind == np.uint8:                # a byte tensor is a mask, as in old torch
                warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use "
                              "a dtype torch.bool instead.", UserWarning, stacklevel=3)
                p = _tensor_cls()._make(p._array != 0, None)
            elif kind.kind == "f" or (p._array.ndim and kind.kind in "iu"
                                      and kind not in (np.int64, np.int32)):
                raise IndexError("tensors used as indices must be long, int, byte or bool "
                                 "tensors")
            p = p._array if p._array.ndim else (p._array.item() if p.dtype.name != "bool"
                                                else p._array)
        elif isinstance(p, (list, range)):
            p = np.asarray(p)
            if p.dtype.kind == "f":
                raise IndexError("tensors used as indices must be long, int, byte or bool "
                                 "tensors")
        elif isinstance(p, np.ndarray) and p.dtype.kind == "f":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        out.append(p)
    return tuple(out) if isinstance(key, tuple) or len(out) != 1 else out[0]


def _key_kind(key):
    parts = key if isinstance(key, tuple) else (key,)
    if any(isinstance(p, np.ndarray) for p in parts):
        return ops.Index
    if any(isinstance(p, (int, np.integer)) for p in parts):
        return ops.Select
    return ops.Slice


class TensorShape:
    """Mixin with the shape methods of Tensor."""

    __slots__ = ()

    def _reshaped(self, op, shape):
        if shape and min(shape) < 0:
            _check_shape(shape, self._array.size)
        try:
            return op.apply(self, shape)
        except ValueError:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size "
                               f"{self._array.size}") from None

    def reshape(self, *shape):
        return self._reshaped(ops.Reshape, _shape_args(shape, "reshape"))

    def view(self, *shape):
        from . import _dtype
        if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
            return _view_as_dtype(self, shape[0])
        shape = _shape_args(shape)
        if shape and min(shape) < 0:
            _check_shape(shape, self._array.size)
        try:
            target = self._array.reshape(shape)
        except ValueError:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size "
                               f"{self._array.size}") from None
        if self._array.size and not np.may_share_memory(target, self._array):
            raise RuntimeError("view size is not compatible with input tensor's size and stride "
                               "(at least one dimension spans across two contiguous subspaces)."
                               " Use .reshape(...) instead.")
        return ops.View.apply(self, shape)

    def view_as(self, other):
        return self.view(other.shape)

    def reshape_as(self, other):
        return self.reshape(other.shape)

    def flatten(self, start_dim=0, end_dim=-1):
        if self._array.ndim == 0:
            return self.reshape(1)
        start, end = self._dim(start_dim), self._dim(end_dim)
        if start > end:
            raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
        shape = self._array.shape
        new = shape[:start] + (math.prod(shape[start:end + 1]),) + shape[end + 1:]
        return ops.Flatten.apply(self, new)

    def squeeze(self, dim=None):
        shape = self._array.shape
        dims = normalize_dims(dim, self._array.ndim) if dim is not None else None
        if dims is None:
            dims = tuple(i for i, n in enumerate(shape) if n == 1)
            op = ops.Squeeze if dim is not None else _Squeeze0
        else:
            op = ops.Squeeze
        new = tuple(n for i, n in enumerate(shape) if not (i in dims and n == 1))
        return op.apply(self, new)

    def unsqueeze(self, dim):
        nd = self._array.ndim
        if not -nd - 1 <= dim <= nd:
            raise IndexError(f"Dimension out of range (expected to be in range of [{-nd - 1}, "
                             f"{nd}], but got {dim})")
        d = dim % (nd + 1)
        shape = self._array.shape
        return ops.Unsqueeze.apply(self, shape[:d] + (1,) + shape[d:])

    def permute(self, *dims):
        dims = _shape_args(dims, "permute")
        nd = self._array.ndim
        if len(dims) != nd:
            raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input "
                               f"does not match the length of the desired ordering of "
                               f"dimensions i.e. input.dim() = {nd} is not equal to "
                               f"len(dims) = {len(dims)}")
        order = tuple(self._dim(d) for d in dims)
        if len(set(order)) != nd:
            raise RuntimeError("permute(): duplicate dims are not allowed.")
        return ops.Permute.apply(self, order)

    def transpose(self, dim0, dim1):
        nd = self._array.ndim
        if nd == 0:
            return ops.Transpose.apply(self, ())
        order = list(range(nd))
        a, b = self._dim(dim0), self._dim(dim1)
        order[a], order[b] = order[b], order[a]
        return ops.Transpose.apply(self, tuple(order))

    swapaxes = swapdims = transpose

    def t(self):
        nd = self._array.ndim
        if nd > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {nd}D")
        return ops.T.apply(self, tuple(range(nd))[::-1])

    @property
    def T(self):
        nd = self._array.ndim
        if nd == 0:
            warn_once("Tensor.T is deprecated on 0-D tensors. This function is the identity in "
                      "these cases.")
        elif nd > 2:
            warn_once("The use of `x.T` on tensors of dimension other than 2 to reverse their "
                      "shape is deprecated and it will throw an error in a future release. "
                      "Consider `x.mT` to transpose batches of matrices or `x.permute(*torch."
                      "arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.")
        return ops.Permute.apply(self, tuple(range(nd))[::-1])

    @property
    def mT(self):
        if self._array.ndim < 2:
            if self._array.ndim == 0:
                return self
            raise RuntimeError("tensor.mT is only supported on matrices or batches of matrices. "
                               f"Got {self._array.ndim}-D tensor.")
        return self.transpose(-2, -1)

    def expand(self, *sizes):
        sizes = _shape_args(sizes, "expand")
        shape = self._array.shape
        lead = len(sizes) - len(shape)
        if lead < 0:
            raise RuntimeError(f"expand({self.type()}{{{list(shape)}}}, size={list(sizes)}): "
                               f"the number of sizes provided ({len(sizes)}) must be greater or "
                               f"equal to the number of dimensions in the tensor ({len(shape)})")
        message = _expand_message(sizes, shape)
        if message is not None:
            raise RuntimeError(message)
        target = tuple(n if n != -1 else shape[i - lead] for i, n in enumerate(sizes))
        return ops.Expand.apply(self, target)

    def expand_as(self, other):
        return self.expand(other.shape)

    def broadcast_to(self, shape):
        return self.expand(shape)

    def contiguous(self):
        return self if self._array.flags.c_contiguous else ops.Clone.apply(self)

    def clone(self, *, memory_format=None):
        return ops.Clone.apply(self)

    def __getitem__(self, key):
        key = _index_key(key)
        try:
            return _key_kind(key).apply(self, key)
        except IndexError as error:
            message = str(error)
            if message.startswith("too many indices"):
                message = f"too many indices for tensor of dimension {self._array.ndim}"
            raise IndexError(_mask_message(self, key) or
                             message.replace("axis", "dimension")) from None

    def __setitem__(self, key, value):
        Tensor = _tensor_cls()
        if (isinstance(key, Tensor) and key._array.dtype == np.uint8 and (
                not isinstance(value, Tensor) or value.ndim == 0)):
            raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with "
                               "dtype unsigned char")     # torch fills by a mask: bool only
        key = _index_key(key)
        if isinstance(value, str):
            raise TypeError(f"can't assign a str to a {self.type()}")
        if isinstance(value, (numbers.Number, np.generic)):
            value = _assigned_number(value, self._array.dtype)
        with np.errstate(over="ignore"):         # 1e300 as a Half: inf, quietly
            value = value if isinstance(value, Tensor) else Tensor._make(
                np.asarray(value, self._array.dtype), None)
        try:
            self._assign(key, value)
        except (ValueError, IndexError):
            raise _assignment_error(self, key, value) from None

    def _assign(self, key, value):
        """``self[key] = value``: in place, or recorded when either side requires grad."""
        from . import _creation
        Tensor = _tensor_cls()

        def assign():
            if not value.requires_grad and not self.requires_grad:
                updated = self._array.copy()
                updated[key] = value._array
                return Tensor._make(updated, None)
            mask = np.zeros(self._array.shape, bool)
            mask[key] = True
            placed = ops.IndexAdd.apply(value.to(self.dtype).expand(
                np.empty(self._array.shape)[key].shape), key, self._array.shape)
            return _renamed(_creation.where(Tensor._make(mask, None), placed, self),
                            _assignment_node(key))
        from .autograd import grad_mode
        if self._requires_grad and self.grad_fn is None and grad_mode.is_grad_enabled():
            raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                               "in-place operation.")
        if not grad_mode.is_grad_enabled() or not (value.requires_grad or self.requires_grad):
            self._array[key] = value._array
            self._version += 1
            return
        self._inplace(assign)

    def split(self, split_size_or_sections, dim=0):
        _no_dims(self, dim)
        d = self._dim(dim)
        n = self._array.shape[d]
        if isinstance(split_size_or_sections, int):
            step = split_size_or_sections
            if step < 0:
                raise RuntimeError(f"split expects split_size be non-negative, but got "
                                   f"split_size={step}")
            if step == 0 and n:
                raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                                   f"dimension size of {n}")
            sizes = [min(step, n - s) for s in range(0, n, step)] if step else [0]
            sizes = sizes or [0]
        else:
            sizes = list(split_size_or_sections)
            if any(size < 0 for size in sizes):
                raise RuntimeError(f"split_with_sizes expects split_sizes have only "
                                   f"non-negative entries, but got split_sizes={sizes}")
            if sum(sizes) != n:
                raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                                   f"(input tensor's size at dimension {d}), but got "
                                   f"split_sizes={sizes}")
        pieces, start = [], 0
        name = "SplitBackward0" if isinstance(split_size_or_sections, int) else \
            "SplitWithSizesBackward0"
        for size in sizes:
            piece = self[(slice(None),) * d + (slice(start, start + size),)]
            pieces.append(_one_of_many(_renamed(piece, name), len(pieces)))
            start += size
        return tuple(pieces)

    def chunk(self, chunks, dim=0):
        _no_dims(self, dim)
        if chunks <= 0:
            raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
        n = self._array.shape[self._dim(dim)]
        return self.split(max(1, -(-n // chunks)), dim)

    def unbind(self, dim=0):
        _no_dims(self, dim)
        d = self._dim(dim)
        return tuple(_one_of_many(_renamed(self[(slice(None),) * d + (i,)], "UnbindBackward0"),
                                  i) for i in range(self._array.shape[d]))

    def narrow(self, dim, start, length):
        if self._array.ndim == 0:
            raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
        if length < 0:
            raise RuntimeError("narrow(): length must be non-negative.")
        d = self._dim(dim)
        n = self._array.shape[d]
        start, length = int(start), int(length)
        if not -n <= start <= n:
            raise IndexError(f"start out of range (expected to be in range of [{-n}, {n}], but "
                             f"got {start})")
        start = start + n if start < 0 else start
        if start > n - length:
            raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                               f"({n}).")
        return self[(slice(None),) * d + (slice(start, start + length),)]


def _one_of_many(view, k: int):
    """Output ``k`` of split, chunk or unbind: torch refuses in-place ops on those views (and
    on views of them) where autograd records."""
    if view.grad_fn is not None:
        view._multi_view = (k, view.grad_fn.name().removesuffix("Backward0"))
    return view


def _view_as_dtype(t, dtype):
    """``t.view(dtype)``: the same bytes read as ``dtype`` (no copy, no gradient, as in
    torch).  With a different element size the last dim is cut or joined, so it must be
    contiguous, and a larger element must start on its own boundary."""
    a, new = t._array, dtype.np
    if a.itemsize != new.itemsize:
        what = (f"to view {_type_word(a.dtype)} as {_type_word(new)} (different element "
                f"sizes)")
        if a.ndim == 0:
            raise RuntimeError(f"self.dim() cannot be 0 {what}")
        if new.itemsize > a.itemsize:
            ratio = new.itemsize // a.itemsize
            for name, value in (("size(-1)", a.shape[-1]), ("storage_offset()",
                                                             t.storage_offset())):
                if value % ratio:
                    raise RuntimeError(f"self.{name} must be divisible by {ratio} {what}, "
                                       f"but got {value}")
        if t.stride(-1) != 1:
            raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {t.stride(-1)}")
        if new.itemsize > a.itemsize:
            for d, stride in enumerate(t.stride()[:-1]):
                if stride % ratio:
                    raise RuntimeError(f"self.stride({d}) must be divisible by {ratio} {what}, "
                                       f"but got {stride}")
    return _tensor_cls()._make(a.view(new), None)


def _assigned_number(value, np_dtype):
    """The number of ``t[key] = value``, read as torch reads it: a python int as an int64
    (ValueError beyond), then converted as a Scalar (a Half unchecked)."""
    if isinstance(value, int):
        _dtype.check_long(value)
    return _dtype.checked_scalar(value, np_dtype, half=False)


def _assignment_node(key) -> str:
    """torch's node for ``t[key] = value``: a copy into the view of a basic key (CopySlices),
    index_put for a key of index arrays alone, a fill for ``t[...]``."""
    parts = key if isinstance(key, tuple) else (key,)
    if all(p is Ellipsis for p in parts):
        return "FillBackward3"
    if any(isinstance(p, (int, slice, np.integer)) for p in parts):
        return "CopySlices"
    return "IndexPutBackward0"


def _assignment_error(t, key, value) -> Exception:
    """torch's words for an index out of range or a value that does not fit the selection."""
    try:
        selected = np.shape(t._array[key])
    except IndexError as error:
        return IndexError(_mask_message(t, key) or str(error).replace("axis", "dimension"))
    shape = value._array.shape
    return RuntimeError(_expand_message(selected, shape) or
                        f"shape mismatch: value tensor of shape {list(shape)} cannot be "
                        f"broadcast to indexing result of shape {list(selected)}")


def _mask_message(t, key):
    """torch's words for a boolean mask whose shape does not fit (None if that is not it)."""
    parts = key if isinstance(key, tuple) else (key,)
    dim = 0
    for p in parts:
        if isinstance(p, np.ndarray) and p.dtype == np.bool_:
            for k, n in enumerate(p.shape):
                if dim + k >= t.ndim or t.shape[dim + k] != n:
                    return (f"The shape of the mask {list(p.shape)} at index {k} does not match "
                            f"the shape of the indexed tensor {list(t.shape)} at index "
                            f"{dim + k}")
        dim += p.ndim if isinstance(p, np.ndarray) and p.dtype == np.bool_ else (
            0 if p is None else 1)
    return None


class _Squeeze0(ops.Squeeze):
    on_arrays = True
    grad_fn_name = "SqueezeBackward0"
