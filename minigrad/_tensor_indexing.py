"""Tensor methods of torch's "Indexing, Slicing, Joining, Mutating Ops".

gather/scatter, index_*, masked_*, take/put, nonzero, select and the
``*_scatter`` embeddings, splits, moves and repeats.  Each method checks its
arguments in torch's words, then calls one primitive of ``ops.indexing``,
``ops.rearrange`` or ``ops.shape``; the ``_`` variants update in place.
"""
from __future__ import annotations

import numpy as np

from . import _dtype
from ._arguments import invalid_call
from ._out import SCALAR_TYPE
from ._tensor_convert import not_a_tensor
from ._tensor_math import _not_for, _renamed, normalize_dims
from ._warn_once import warn_once
from .ops import indexing as ig, rearrange as ra, shape as shape_ops

INTEGER = ("int64", "int32")


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def _index(index, message, kinds=INTEGER, error=RuntimeError, name=None, position=2):
    """The int64 array of an index tensor; ``message`` (with {dtype}) for other dtypes.  A
    non-tensor index of method ``name`` (at ``position``) gets torch's TypeError."""
    if not isinstance(index, _tensor_cls()):
        if name is not None:
            raise TypeError(not_a_tensor(name, "index", index, position))
        raise TypeError(f"expected Tensor as index argument, got {type(index).__name__}")
    if index._array.dtype.name not in kinds:
        raise error(message.format(dtype=SCALAR_TYPE[index._array.dtype.name]))
    return index._array.astype(np.int64, copy=False)


def _check_bounds(index, size, dim, template="index {} is out of bounds for dimension {} with "
                  "size {}", error=RuntimeError, negative=False):
    """Refuse indices outside [0, size) (or [-size, size) where negatives count from the end)."""
    low = -size if negative else 0
    bad = index[(index < low) | (index >= size)]
    if bad.size:
        raise error(template.format(int(bad.flat[0]), dim, size))
    return index % size if negative and size else index


def _check_same_dtype(a, b, message):
    if a._array.dtype != b._array.dtype:
        raise RuntimeError(message.format(self=SCALAR_TYPE[a._array.dtype.name],
                                          source=SCALAR_TYPE[b._array.dtype.name]))


def _scatter_index(self, dim, index, src=None, kernel=None):
    """Checks shared by scatter, scatter_add and scatter_reduce; returns (dim, index).
    ``kernel``: the name of a kernel with no bool version, which refuses a bool tensor
    before it looks at the indices."""
    d = self._dim(dim)
    idx = _index(index, "scatter(): Expected dtype int32/int64 for index")
    if idx.ndim != self._array.ndim and max(idx.ndim, self._array.ndim) > 1:
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    if src is not None and idx.ndim != src._array.ndim and max(idx.ndim, src._array.ndim) > 1:
        raise RuntimeError("Index tensor must have the same number of dimensions as src tensor")
    shape, ishape = self._array.shape, idx.shape
    too_big = any(ishape[k] > shape[k] for k in range(len(ishape)) if k != d and k < len(shape))
    if src is not None:
        too_big = too_big or any(n > m for n, m in zip(ishape, src._array.shape, strict=False))
        if too_big:
            raise RuntimeError(f"Expected index {list(ishape)} to be no larger than self "
                               f"{list(shape)} apart from dimension {d} and to be no larger size "
                               f"than src {list(src._array.shape)}")
    elif too_big:
        raise RuntimeError(f"Expected index {list(ishape)} to be no larger than self "
                           f"{list(shape)} apart from dimension {d}")
    if src is not None:
        _check_same_dtype(self, src, "scatter(): Expected self.dtype to be equal to src.dtype")
    if kernel is not None and self._array.dtype == np.bool_:
        raise NotImplementedError(_not_for(kernel, self))
    return d, _check_bounds(idx, shape[d] if shape else 1, d)


def _scatter_reduce(self, d, index, src, reduce, include_self):
    """The checked reduction.  Without ``self`` the op starts each slot from the most extreme
    value of a signed dtype, which uint8 and bool cannot hold: those reduce in int16 (they
    never need a gradient)."""
    if include_self or reduce not in ("amax", "amin") or self._array.dtype not in (
            np.uint8, np.bool_):
        return ig.ScatterReduce.apply(self, d, index, src, reduce, include_self)
    Tensor = _tensor_cls()
    wide = [Tensor._make(t._array.astype(np.int16), None) for t in (self, src)]
    out = ig.ScatterReduce.apply(wide[0], d, index, wide[1], reduce, False)
    return Tensor._make(out._array.astype(self._array.dtype), None)


def _dim_index(self, dim, index, name, message, method=None):
    """Checks of index_select/index_add/...: a vector (or 0-d) integer index; returns both."""
    d = self._dim(dim)
    idx = _index(index, message, name=method)
    if idx.ndim > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector")
    return d, idx.reshape(-1)


def _dim_size(t, d):
    return t._array.shape[d] if t._array.ndim else 1


class TensorIndexing:
    """Mixin with the indexing, slicing, joining and mutating methods of Tensor."""

    __slots__ = ()

    # -- gather and scatter along a dim -----------------------------------------------------------
    def gather(self, dim, index, *, sparse_grad=False):
        self._dim_of("gather", dim, signature="int dim, Tensor index, *, bool sparse_grad = False")
        if not isinstance(index, _tensor_cls()):
            raise TypeError(not_a_tensor("gather", "index", index, 2))
        if self._array.ndim == 0 and index.ndim <= 1:      # a 0-d tensor acts as a 1-vector
            return self.reshape(1).gather(0, index.reshape(-1)).reshape(index.shape)
        d = self._dim(dim)
        idx = _index(index, "gather(): Expected dtype int32/int64 for index")
        if idx.ndim != self._array.ndim:
            raise RuntimeError("Index tensor must have the same number of dimensions as input "
                               "tensor")
        shape = self._array.shape
        for k in range(idx.ndim):
            if k != d and idx.shape[k] > shape[k]:
                raise RuntimeError(f"Size does not match at dimension {k} expected index "
                                   f"{list(idx.shape)} to be no larger than self {list(shape)} "
                                   f"apart from dimension {d}")
        return ig.Gather.apply(self, d, _check_bounds(idx, shape[d], d))

    def take_along_dim(self, indices, dim=None):
        Tensor = _tensor_cls()
        if indices._array.dtype != np.int64:
            raise RuntimeError("torch.take_along_dim(): dtype of indices should be Long but got "
                               f"{SCALAR_TYPE[indices._array.dtype.name]}")
        if dim is None:
            return self.reshape(-1).gather(0, indices.reshape(-1))
        if indices.ndim != self.ndim:
            raise RuntimeError("torch.take_along_dim(): input and indices should have the same "
                               f"number of dimensions, but got {self.ndim} dimensions for input, "
                               f"and {indices.ndim} dimensions for indices")
        d = self._dim(dim)
        # broadcast every dim but ``dim`` between the input and the indices
        shape_a, shape_i = list(self.shape), list(indices.shape)
        shape_a[d] = shape_i[d] = 1
        common = list(np.broadcast_shapes(tuple(shape_a), tuple(shape_i)))
        a_shape, i_shape = list(common), list(common)
        a_shape[d], i_shape[d] = self.shape[d], indices.shape[d]
        a = self if list(self.shape) == a_shape else self.expand(a_shape)
        i = indices if list(indices.shape) == i_shape else Tensor._make(
            np.broadcast_to(indices._array, i_shape), None)
        return a.gather(d, i)

    def scatter(self, dim, index, src=None, value=None, *, reduce=None):
        Tensor = _tensor_cls()
        if src is None:
            src = value
        if not isinstance(src, (Tensor, int, float, np.generic)):
            given = (dim, index) if src is None else (dim, index, src)
            raise invalid_call("scatter", given, {} if reduce is None else {"reduce": reduce},
                               method=True)
        if self._array.ndim == 0 and index.ndim <= 1:
            src = src.reshape(-1) if isinstance(src, Tensor) else src
            return self.reshape(1).scatter(0, index.reshape(-1), src, reduce=reduce).reshape(())
        if not isinstance(src, Tensor):
            d, idx = _scatter_index(self, dim, index)
            src = _dtype.checked_scalar(src, self._array.dtype)
            if reduce is not None:
                return _legacy_reduce(self, d, idx, np.asarray(src, self._array.dtype), reduce)
            return ig.ScatterFill.apply(self, d, idx, src)
        d, idx = _scatter_index(self, dim, index, src)
        if reduce is not None:
            import warnings
            warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated "
                          "and will be removed in a future PyTorch release. Use "
                          "torch.scatter_reduce instead for more reduction options.",
                          UserWarning, stacklevel=2)
            return _legacy_reduce(self, d, idx, src._array[ig.leading(idx.shape)], reduce)
        return ig.Scatter.apply(self, d, idx, src)

    def scatter_(self, dim, index, src=None, value=None, *, reduce=None):
        return self._inplace(lambda: self.scatter(dim, index, src, value, reduce=reduce))

    def scatter_add(self, dim, index, src):
        if not isinstance(src, _tensor_cls()):
            raise TypeError(not_a_tensor("scatter_add", "src", src, 3))
        if self._array.ndim == 0 and index.ndim <= 1:
            return self.reshape(1).scatter_add(0, index.reshape(-1), src.reshape(-1)).reshape(())
        d, idx = _scatter_index(self, dim, index, src)
        return ig.ScatterAdd.apply(self, d, idx, src)

    def scatter_add_(self, dim, index, src):
        return self._inplace(lambda: self.scatter_add(dim, index, src))

    def scatter_reduce(self, dim, index, src, reduce, *, include_self=True):
        if reduce not in ig.REDUCERS:
            raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, "
                               f"got {reduce}")
        if self._array.ndim == 0 and index.ndim <= 1:
            return self.reshape(1).scatter_reduce(0, index.reshape(-1), src.reshape(-1), reduce,
                                                  include_self=include_self).reshape(())
        kernel = "scatter_gather_tensor_cpu_reduce_mean" if reduce == "mean" else None
        d, idx = _scatter_index(self, dim, index, src, kernel)
        return _scatter_reduce(self, d, idx, src, reduce, bool(include_self))

    def scatter_reduce_(self, dim, index, src, reduce, *, include_self=True):
        return self._inplace(lambda: self.scatter_reduce(dim, index, src, reduce,
                                                         include_self=include_self))

    # -- whole slices along a dim ------------------------------------------------------------------
    def index_select(self, dim, index):
        d, idx = _dim_index(self, dim, index, "index_select",
                            "index_select(): Expected dtype int32 or int64 for index",
                            "index_select")
        if self._array.ndim == 0:
            if idx.size != 1:
                raise RuntimeError("index_select(): Index to scalar can have only 1 value, got "
                                   f"{idx.size} value(s)")
            _check_bounds(idx, 1, 0, "index out of range in self", IndexError)
            return self.reshape(1)
        _check_bounds(idx, self._array.shape[d], d, "index out of range in self", IndexError)
        return ig.IndexSelect.apply(self, d, idx)

    def _source_fits(self, d, idx, source, name):
        """index_add/index_copy's checks of ``source`` against ``self`` and the index."""
        shape, sshape = self._array.shape, source._array.shape
        count = sshape[d] if source._array.ndim else 1
        if idx.size != count:
            raise RuntimeError(f"{name}(): Number of indices ({idx.size}) should be equal to "
                               f"source.size(dim): ({count}), for dim: {d}")
        if len(sshape) != len(shape) or any(
                a != b for k, (a, b) in enumerate(zip(shape, sshape, strict=False)) if k != d):
            raise RuntimeError("source tensor shape must match self tensor shape, excluding the "
                               f"specified dimension. Got self.shape = {list(shape)} "
                               f"source.shape = {list(sshape)}")

    def index_add(self, dim, index, source, *, alpha=1):
        if not isinstance(source, _tensor_cls()):
            raise TypeError(not_a_tensor("index_add", "source", source, 3))
        d, idx = _dim_index(self, dim, index, "index_add_", "index_add_(): Expected dtype "
                            "int32/int64 for index but got: {dtype}")
        _check_same_dtype(self, source, "index_add_(): self ({self}) and source ({source}) "
                          "must have the same scalar type")
        self._source_fits(d, idx, source, "index_add_")
        idx = _check_bounds(idx, _dim_size(self, d), d)
        if self._array.ndim == 0:
            return ig.IndexAdd.apply(self.reshape(1), 0, idx, source.reshape(1), alpha
                                     ).reshape(())
        return ig.IndexAdd.apply(self, d, idx, source, alpha)

    def index_add_(self, dim, index, source, *, alpha=1):
        return self._inplace(lambda: self.index_add(dim, index, source, alpha=alpha))

    def index_copy(self, dim, index, source):
        d, idx = _dim_index(self, dim, index, "index_copy_", "index_copy_(): Expected a long "
                            "tensor for index, but got {dtype}")
        if index._array.dtype != np.int64:
            raise RuntimeError("index_copy_(): Expected a long tensor for index, but got "
                               f"{SCALAR_TYPE[index._array.dtype.name]}")
        _check_same_dtype(self, source, "index_copy_(): self and source expected to have the "
                          "same dtype, but got (self) {self} and (source) {source}")
        if source._array.ndim == self._array.ndim and self._array.ndim:
            ours = [n for k, n in enumerate(self._array.shape) if k != d]
            theirs = [n for k, n in enumerate(source._array.shape) if k != d]
            if ours != theirs:
                raise RuntimeError("index_copy_(): Source/destination tensor must have same "
                                   "slice shapes. Destination slice shape: "
                                   f"{' '.join(map(str, ours))} at dimension {d} and source "
                                   f"slice shape: {' '.join(map(str, theirs))} at dimension 0.")
        self._source_fits(d, idx, source, "index_copy_")
        idx = _check_bounds(idx, _dim_size(self, d), d, "index_copy_(): index {} is out of "
                            "bounds for dimension {} with size {}", IndexError)
        if self._array.ndim == 0:
            return ig.IndexCopy.apply(self.reshape(1), 0, idx, source.reshape(1)).reshape(())
        return ig.IndexCopy.apply(self, d, idx, source)

    def index_copy_(self, dim, index, source):
        return self._inplace(lambda: self.index_copy(dim, index, source))

    def index_fill(self, dim, index, value):
        Tensor = _tensor_cls()
        if not isinstance(value, (Tensor, int, float, np.generic)):
            raise invalid_call("index_fill", (dim, index, value), method=True)
        d, idx = _dim_index(self, dim, index, "index_fill_", "index_fill_(): Expected dtype "
                            "int64 for index.")
        if index._array.dtype != np.int64:
            raise IndexError("index_fill_(): Expected dtype int64 for index.")
        idx = _check_bounds(idx, _dim_size(self, d), d, error=IndexError, negative=True)
        target = self if self.ndim else self.reshape(1)
        if isinstance(value, Tensor):
            if value.ndim:
                raise RuntimeError("index_fill_ only supports a 0-dimensional value tensor, but "
                                   f"got tensor with {value.ndim} dimension(s).")
            _dtype.checked_scalar(value.item(), self._array.dtype)   # read as a Scalar
            out = ig.IndexFillTensor.apply(target, d, idx, value.to(self.dtype))
        else:
            value = _dtype.checked_scalar(value, self._array.dtype)
            out = ig.IndexFill.apply(target, d, idx, value)
        return out if self.ndim else out.reshape(())

    def index_fill_(self, dim, index, value):
        return self._inplace(lambda: self.index_fill(dim, index, value))

    def index_put(self, indices, values, accumulate=False):
        Tensor = _tensor_cls()
        if not isinstance(indices, (tuple, list)):
            raise TypeError("index_put(): argument 'indices' (position 1) must be tuple of "
                            f"Tensors, not {type(indices).__name__}")
        if not isinstance(values, Tensor):
            raise TypeError(not_a_tensor("index_put", "values", values, 2))
        parts = []
        for k, part in enumerate(indices):
            if not isinstance(part, Tensor):
                raise TypeError(f"expected Tensor as element {k} in argument 0, but got "
                                f"{type(part).__name__}")
            parts.append(part)
        from ._tensor_shape import _index_key
        key = _index_key(tuple(parts))
        key = key if isinstance(key, tuple) else (key,)
        dims = sum(p.ndim if isinstance(p, np.ndarray) and p.dtype == np.bool_ else 1
                   for p in key)
        if dims > self._array.ndim:
            raise IndexError(f"too many indices for tensor of dimension {self._array.ndim} "
                             f"(got {dims})")
        if not isinstance(values, Tensor):
            values = Tensor._make(np.asarray(values, self._array.dtype), None)
        if values._array.dtype != self._array.dtype:
            raise RuntimeError("Index put requires the source and destination dtypes match, got "
                               f"{SCALAR_TYPE[self._array.dtype.name]} for the destination and "
                               f"{SCALAR_TYPE[values._array.dtype.name]} for the source.")
        checked, dim = [], 0               # masks cover as many dims as they have
        for p in key:
            if isinstance(p, np.ndarray) and p.dtype == np.bool_:
                checked.append(p)
                dim += p.ndim
                continue
            checked.append(_check_bounds(np.asarray(p, np.int64), self._array.shape[dim], dim,
                                         error=IndexError, negative=True))
            dim += 1
        target = np.empty(self._array.shape)[tuple(checked)].shape
        try:
            np.broadcast_to(values._array, target)
        except ValueError:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(values.shape)} "
                               f"cannot be broadcast to indexing result of shape "
                               f"{list(target)}") from None
        return ig.IndexPut.apply(self, tuple(checked), values, bool(accumulate))

    def index_put_(self, indices, values, accumulate=False):
        return self._inplace(lambda: self.index_put(indices, values, accumulate))

    def index_reduce(self, dim, index, source, reduce, *, include_self=True):
        warn_once("index_reduce() is in beta and the API may change at any time.")
        if reduce not in ("prod", "mean", "amax", "amin"):
            raise RuntimeError("index_reduce(): Expected reduce to be one of prod, mean, amax or "
                               f"amin but got {reduce}.")
        d, idx = _dim_index(self, dim, index, "index_reduce_", "index_reduce_(): Expected dtype "
                            "int32/int64 for index but got: {dtype}")
        _check_same_dtype(self, source, "index_reduce_(): self ({self}) and source ({source}) "
                          "must have the same scalar type")
        self._source_fits(d, idx, source, "index_reduce_")
        if not include_self:             # torch first fills the indexed slices (index_fill_)
            if self._array.dtype == np.bool_:
                raise NotImplementedError(_not_for("index_reduce_func_exclude_input_init", self))
            _check_bounds(idx, _dim_size(self, d), d, error=IndexError, negative=True)
        idx = _check_bounds(idx, _dim_size(self, d), d, "index out of range in self", IndexError)
        if reduce == "mean" and self._array.dtype == np.bool_:     # the count's division
            raise NotImplementedError(_not_for("div_floor_cpu", self))
        # the same as scatter_reduce with the index spread over source's shape
        shape = [1] * source.ndim
        shape[d] = idx.size
        spread = np.broadcast_to(idx.reshape(shape), source.shape)
        out = _scatter_reduce(self, d, spread, source, reduce, bool(include_self))
        return _renamed(out, "IndexReduceBackward0")

    def index_reduce_(self, dim, index, source, reduce, *, include_self=True):
        return self._inplace(lambda: self.index_reduce(dim, index, source, reduce,
                                                       include_self=include_self))

    # -- boolean masks ---------------------------------------------------------------------------
    def _mask(self, mask, name):
        Tensor = _tensor_cls()
        if not isinstance(mask, Tensor):
            raise TypeError(not_a_tensor(name, "mask", mask, 1))
        array = mask._array
        if array.dtype != np.bool_:
            if name == "masked_scatter":
                raise RuntimeError("masked_scatter_ only supports boolean masks, but got mask "
                                   f"with dtype {SCALAR_TYPE[array.dtype.name]}")
            raise RuntimeError(f"{name}: expected BoolTensor for mask")
        try:
            np.broadcast_shapes(array.shape, self._array.shape)
        except ValueError:
            from ._tensor_math import _broadcast_message
            raise RuntimeError(_broadcast_message(Tensor._make(array, None), self)) from None
        return array

    def masked_select(self, mask):
        return ig.MaskedSelect.apply(self, self._mask(mask, "masked_select"))

    def masked_scatter(self, mask, source):
        array = self._mask(mask, "masked_scatter")
        if source._array.dtype != self._array.dtype:
            raise RuntimeError("masked_scatter: expected self and source to have same dtypes but "
                               f"got{SCALAR_TYPE[self._array.dtype.name]} and "
                               f"{SCALAR_TYPE[source._array.dtype.name]}")
        if int(np.broadcast_to(array, np.broadcast_shapes(array.shape, self.shape)).sum()) > \
                source._array.size:
            raise RuntimeError("Number of elements of source < number of ones in mask")
        return ig.MaskedScatter.apply(self, array, source)

    def masked_scatter_(self, mask, source):
        shape = np.broadcast_shapes(np.shape(mask), self._array.shape)
        if shape != self._array.shape:             # in place, only the mask may broadcast
            raise RuntimeError(f"expand(CPUBoolType{{{list(np.shape(mask))}}}, size="
                               f"{list(self._array.shape)}): the number of sizes provided "
                               f"({self._array.ndim}) must be greater or equal to the number of "
                               f"dimensions in the tensor ({np.ndim(mask)})")
        return self._inplace(lambda: self.masked_scatter(mask, source))

    # -- flat positions ---------------------------------------------------------------------------
    def take(self, index):
        idx = _index(index, "take(): Expected a long tensor for index, but got {dtype}",
                     kinds=("int64",), name="take", position=1)
        size = self._array.size
        if size == 0 and idx.size:
            raise IndexError("take(): tried to take from an empty tensor")
        _check_bounds(idx, size, None, "out of range: tried to access index {0} on a tensor of "
                      "{2} elements.", IndexError, negative=True)
        return ig.Take.apply(self, idx)

    def put(self, index, source, accumulate=False):
        idx = _index(index, "put_(): Expected a long tensor for index, but got {dtype}",
                     kinds=("int64",))
        if idx.size != source._array.size:
            raise IndexError("put_(): Expected source and index to have the same number of "
                             f"elements, but got source.numel() = {source._array.size}, "
                             f"index.numel() = {idx.size}")
        if source._array.dtype != self._array.dtype:
            raise RuntimeError("put_(): self and source expected to have the same dtype, but got "
                               f"self.dtype = {SCALAR_TYPE[self._array.dtype.name]} and "
                               f"source.dtype = {SCALAR_TYPE[source._array.dtype.name]}")
        idx = _check_bounds(idx, self._array.size, None, "out of range: tried to access index "
                            "{0} on a tensor of {2} elements.", IndexError, negative=True)
        return ig.Put.apply(self, idx, source, bool(accumulate))

    def put_(self, index, source, accumulate=False):
        return self._inplace(lambda: self.put(index, source, accumulate))

    # -- positions of nonzero elements (not differentiable) ----------------------------------------
    def nonzero(self, *, as_tuple=False):
        Tensor = _tensor_cls()
        if as_tuple:
            return tuple(Tensor._make(i.astype(np.int64), None)
                         for i in np.nonzero(np.atleast_1d(self._array)))
        return Tensor._make(np.argwhere(self._array).astype(np.int64), None)

    def argwhere(self):
        return self.nonzero()

    # -- slicing ---------------------------------------------------------------------------------
    def select(self, dim, index):
        if not isinstance(index, (int, np.integer)) or not isinstance(dim, (int, np.integer)):
            raise invalid_call("select", (dim, index), method=True,
                               signature="int dim, int index")
        if self._array.ndim == 0:
            raise IndexError("select() cannot be applied to a 0-dim tensor.")
        d = self._dim(dim)
        n = self._array.shape[d]
        index = int(index)
        if not -n <= index < n:
            raise IndexError(f"select(): index {index} out of range for tensor of size "
                             f"{list(self._array.shape)} at dimension {d}")
        return self[(slice(None),) * d + (index,)]

    def narrow_copy(self, dim, start, length):
        n = self._array.shape[self._dim(dim)] if self._array.ndim else 0
        if length < 0 and 0 <= start <= n:
            raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                               f"({n}).")
        return _renamed(self.narrow(dim, start, length).clone(), "NarrowCopyBackward0")

    def _embed(self, op, src, key, slice_shape):
        if tuple(src.shape) != tuple(slice_shape):
            raise RuntimeError("expected src to have a size equal to the slice of self. src size "
                               f"= {list(src.shape)}, slice size = {list(slice_shape)}")
        return op.apply(self, src.to(self.dtype), key)

    def select_scatter(self, src, dim, index):
        d = self._dim(dim)
        n = self._array.shape[d] if self._array.ndim else 1
        if not -n <= index < n:
            raise IndexError(f"select(): index {index} out of range for tensor of size "
                             f"{list(self._array.shape)} at dimension {d}")
        key = (slice(None),) * d + (int(index),)
        return self._embed(ig.SelectScatter, src, key, np.empty(self.shape)[key].shape)

    def slice_scatter(self, src, dim=0, start=None, end=None, step=1):
        d = self._dim(dim)
        if step <= 0:
            raise RuntimeError("slice step must be positive")
        key = (slice(None),) * d + (slice(start, end, step),)
        return self._embed(ig.SliceScatter, src, key, np.empty(self.shape)[key].shape)

    def diagonal_scatter(self, src, offset=0, dim1=0, dim2=1):
        d1, d2 = self._dim(dim1), self._dim(dim2)
        if d1 == d2:
            raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
        slice_shape = ra.diagonal_view(np.empty(self.shape), offset, d1, d2).shape
        if tuple(src.shape) != slice_shape:
            raise RuntimeError("expected src to have a size equal to the slice of self. src size "
                               f"= {list(src.shape)}, slice size = {list(slice_shape)}")
        return ra.DiagonalScatter.apply(self, src.to(self.dtype), offset, d1, d2)

    # -- splitting ---------------------------------------------------------------------------------
    def tensor_split(self, indices_or_sections, dim=0):
        Tensor = _tensor_cls()
        cuts = indices_or_sections
        if not (isinstance(cuts, (Tensor, int, np.integer)) or isinstance(cuts, (list, tuple))
                and all(isinstance(c, (int, np.integer)) for c in cuts)):
            raise invalid_call("tensor_split", (cuts, dim) if dim else (cuts,), method=True)
        if self._array.ndim == 0:
            raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                               "tensor with 0 dims")
        if isinstance(cuts, Tensor) and cuts._array.ndim > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a "
                               "zero-dimensional or one-dimensional tensor, but got a tensor "
                               f"with {cuts._array.ndim} dims")
        d = self._dim(dim)
        n = self._array.shape[d]
        cuts = indices_or_sections
        if isinstance(cuts, Tensor):
            if cuts._array.dtype != np.int64:
                raise RuntimeError("tensor_split expected tensor_indices_or_sections to have "
                                   f"dtype of long, but got {SCALAR_TYPE[cuts._array.dtype.name]}")
            cuts = cuts._array.item() if cuts._array.ndim == 0 else cuts._array.tolist()
        if isinstance(cuts, (int, np.integer)):
            if cuts <= 0:
                raise RuntimeError(f"number of sections must be larger than 0, got {cuts}")
            small, extra = divmod(n, int(cuts))
            sizes = [small + 1] * extra + [small] * (int(cuts) - extra)
            cuts = list(np.cumsum(sizes)[:-1])
        bounds = [0] + [int(c) for c in cuts] + [n]
        return tuple(self.narrow(d, max(0, min(a, n)), max(0, min(b, n) - max(0, min(a, n))))
                     for a, b in zip(bounds[:-1], bounds[1:], strict=True))

    def _split_along(self, name, dim, least, sections):
        if not isinstance(sections, (_tensor_cls(), int, np.integer, list, tuple)):
            raise invalid_call(name, (sections,), method=True)
        if self._array.ndim < least:
            raise RuntimeError(f"torch.{name} requires a tensor with at least {least} dimension,"
                               f" but got a tensor with {self._array.ndim} dimensions!")
        if isinstance(sections, (int, np.integer)) and (
                sections == 0 or self._array.shape[dim] % sections):
            raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the "
                               f"size of the dimension {self._array.shape[dim]} is not divisible "
                               f"by the split_size {sections}!")
        return self.tensor_split(sections, dim)

    def hsplit(self, indices_or_sections):
        dim = 0 if self._array.ndim == 1 else 1
        return self._split_along("hsplit", dim, 1, indices_or_sections)

    def vsplit(self, indices_or_sections):
        return self._split_along("vsplit", 0, 2, indices_or_sections)

    def dsplit(self, indices_or_sections):
        return self._split_along("dsplit", 2, 3, indices_or_sections)

    # -- in-place view changes: the tensor itself takes the new shape -------------------------
    def _inplace_view(self, view, name):
        from .autograd import grad_mode
        from ._tensor_inplace import LEAF_INPLACE
        if self._requires_grad and self.grad_fn is None and grad_mode.is_grad_enabled():
            raise RuntimeError(LEAF_INPLACE)
        result = view()
        self._array = result._array
        if result.grad_fn is not None:
            result.grad_fn.name_override = name
            self.grad_fn, self._output_nr = result.grad_fn, result._output_nr
        self._version += 1
        return self

    def t_(self):
        if self._array.ndim > 2:
            raise RuntimeError("t_() expects a tensor with <= 2 dimensions, but self is "
                               f"{self._array.ndim}D")
        return self._inplace_view(self.t, "TBackward1")

    def transpose_(self, dim0, dim1):
        return self._inplace_view(lambda: self.transpose(dim0, dim1), "TransposeBackward1")

    swapaxes_ = swapdims_ = transpose_

    def unsqueeze_(self, dim):
        return self._inplace_view(lambda: self.unsqueeze(dim), "UnsqueezeBackward1")

    def squeeze_(self, dim=None):
        name = "SqueezeBackward3" if dim is None else (
            "SqueezeBackward5" if isinstance(dim, (tuple, list)) else "SqueezeBackward4")
        return self._inplace_view(lambda: self.squeeze(dim), name)

    # -- moving dims, repeating ------------------------------------------------------------------
    def movedim(self, source, destination):
        nd = self._array.ndim
        if not all(isinstance(k, (int, np.integer)) for dims in (source, destination)
                   for k in (dims if isinstance(dims, (tuple, list)) else (dims,))):
            raise invalid_call("movedim", (source, destination), method=True)
        src = (source,) if isinstance(source, (int, np.integer)) else tuple(source)
        dst = (destination,) if isinstance(destination, (int, np.integer)) else \
            tuple(destination)
        if len(src) != len(dst):
            raise RuntimeError(f"movedim: Invalid source or destination dims: source "
                               f"({list(src)} dims) should contain the same number of dims as "
                               f"destination ({list(dst)} dims)")
        for name, dims in (("source", src), ("destination", dst)):
            normalized = [normalize_dims(k, nd)[0] if nd else 0 for k in dims]
            if len(set(normalized)) != len(normalized):
                raise RuntimeError(f"movedim: repeated dim in `{name}` ({list(dims)})")
        order = [None] * nd                     # output dim -> input dim
        moved = [self._dim(k) for k in src]
        for k, target in zip(moved, dst, strict=True):
            order[self._dim(target)] = k
        rest = iter(k for k in range(nd) if k not in moved)
        order = tuple(k if k is not None else next(rest) for k in order)
        return shape_ops.Permute.apply(self, order)

    moveaxis = movedim

    def repeat(self, *sizes):
        from ._tensor_shape import int_list
        sizes = int_list("repeat", "repeats", sizes)
        if len(sizes) < self._array.ndim:
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than "
                               "number of dimensions of tensor")
        lead = len(sizes) - self._array.ndim
        target = [n * m for n, m in zip(sizes, (1,) * lead + self._array.shape, strict=True)]
        if any(n < 0 for n in sizes):
            raise RuntimeError(f"Trying to create tensor with negative dimension "
                               f"{min(target)}: {target}")
        return ra.Repeat.apply(self, sizes)

    def tile(self, *dims):
        from ._tensor_shape import int_list
        dims = int_list("tile", "dims", dims)
        return self.repeat((1,) * (self._array.ndim - len(dims)) + dims)

    # -- real tensors: conjugation is the identity -----------------------------------------------
    def adjoint(self):
        if self._array.ndim == 1:
            raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of "
                               "matrices. Got 1-D tensor.")
        return self.transpose(-2, -1) if self._array.ndim else self

    def conj(self):
        return self

    resolve_conj = resolve_neg = conj

    def is_conj(self) -> bool:
        return False

    def is_neg(self) -> bool:
        return False


class _LegacyScatterReduce(ig.ScatterReduce):
    """scatter(..., reduce="add"/"multiply"): torch has no derivative for it."""

    on_arrays = True
    grad_fn_name = "NotImplemented"

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError("derivative for aten::scatter is not implemented")


def _legacy_reduce(self, d, idx, src, reduce):
    if reduce not in ("add", "multiply"):
        raise RuntimeError("reduce argument must be either add or multiply.")
    mode = "sum" if reduce == "add" else "prod"
    src = np.broadcast_to(np.asarray(src, self._array.dtype), idx.shape)
    return _LegacyScatterReduce.apply(self, d, idx, src, mode, True)
