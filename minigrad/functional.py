"""Functions of the torch namespace that are not Tensor methods (like ``torch.functional``).

Joining (hstack, vstack, dstack, column_stack), shaping (atleast_*d,
broadcast_*, meshgrid, cartesian_prod, combinations, block_diag), products
(einsum, tensordot), distances (cdist), index factories (tril_indices,
triu_indices, unravel_index) and bucketing (searchsorted, bucketize,
histogramdd).  All are composites of Tensor methods and primitives.
"""
from __future__ import annotations

import builtins
import itertools
import string

import numpy as np

from . import _dtype
from ._creation import cat, stack
from ._device import Size, device as _device
from ._arguments import invalid_input
from ._out import SCALAR_TYPE
from ._tensor_convert import invalid_arguments, not_a_tensor
from ._tensor import Tensor
from ._tensor_math import _broadcast_message, _renamed
from ._tensor_other import histogramdd_type
from ._warn_once import warn_once
from .ops import rearrange as ra

__all__ = ["atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "broadcast_shapes",
           "broadcast_tensors", "bucketize", "cartesian_prod", "cdist", "column_stack",
           "combinations", "dstack", "einsum", "histogramdd", "hstack", "meshgrid",
           "repeat_interleave", "row_stack", "searchsorted", "tensordot", "tril_indices",
           "triu_indices", "unravel_index", "vander", "vstack"]


def _tensors(args, argument=0):
    """``f(a, b)`` and ``f([a, b])`` alike; each must be a tensor (torch's words for the
    ``argument``-th argument, a list of tensors, otherwise)."""
    tensors = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else \
        list(args)
    for k, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {k} in argument {argument}, but got "
                            f"{type(t).__name__}")
    return tensors


def _tensor_list(name, tensors):
    """The one list-of-tensors argument of hstack, vstack...: a non-empty list of tensors."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}")
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tuple(_tensors((tensors,)))


# -- at least n dims ------------------------------------------------------------------------------
def _atleast(args, grow, name):
    if len(args) == 1 and not isinstance(args[0], (Tensor, list, tuple)):
        raise TypeError(invalid_arguments(name, args, ("Tensor input",
                                                       "tuple of Tensors tensors")))
    many = len(args) != 1 or isinstance(args[0], (list, tuple))
    out = tuple(grow(t) for t in _tensors(args))
    return out if many else out[0]


def atleast_1d(*tensors):
    return _atleast(tensors, lambda t: t.reshape(1) if t.ndim == 0 else t, "atleast_1d")


def atleast_2d(*tensors):
    def grow(t):
        return t.reshape(1, 1) if t.ndim == 0 else t.unsqueeze(0) if t.ndim == 1 else t
    return _atleast(tensors, grow, "atleast_2d")


def atleast_3d(*tensors):
    def grow(t):
        if t.ndim == 0:
            return t.reshape(1, 1, 1)
        if t.ndim == 1:
            return t.unsqueeze(0).unsqueeze(-1)
        return t.unsqueeze(-1) if t.ndim == 2 else t
    return _atleast(tensors, grow, "atleast_3d")


# -- joining -------------------------------------------------------------------------------------
def hstack(tensors) -> Tensor:
    tensors = atleast_1d(_tensor_list("hstack", tensors))
    return cat(tensors, 0 if tensors[0].ndim == 1 else 1)


def vstack(tensors) -> Tensor:
    return cat(atleast_2d(_tensor_list("vstack", tensors)), 0)


def row_stack(tensors) -> Tensor:
    return cat(atleast_2d(_tensor_list("row_stack", tensors)), 0)


def dstack(tensors) -> Tensor:
    return cat(atleast_3d(_tensor_list("dstack", tensors)), 2)


def column_stack(tensors) -> Tensor:
    tensors = _tensor_list("column_stack", tensors)
    columns = [t.reshape(-1, 1) if t.ndim <= 1 else t for t in tensors]
    return cat(columns, 1)


# -- broadcasting --------------------------------------------------------------------------------
def broadcast_shapes(*shapes) -> Size:
    shapes = [(s,) if isinstance(s, (int, np.integer)) else tuple(s) for s in shapes]
    for shape in shapes:
        for k, n in enumerate(shape):
            if not isinstance(n, (int, np.integer)):
                raise TypeError(f"minigrad.Size() takes an iterable of 'int' (item {k} is "
                                f"'{type(n).__name__}')")
            if n < 0:
                raise ValueError("Attempting to broadcast a dimension with negative length!")
    result = []
    for k, shape in enumerate(shapes):
        padded = [1] * (len(result) - len(shape)) + list(shape)
        result = [1] * (len(shape) - len(result)) + result
        for i, (have, want) in enumerate(zip(result, padded, strict=True)):
            if want != 1 and have not in (1, want):
                raise RuntimeError(f"Attempting to broadcast a dimension of length {want} at "
                                   f"{i - len(result)}! Mismatching argument at index {k} had "
                                   f"{tuple(shape)}; but expected shape should be broadcastable "
                                   f"to {result}")
            result[i] = want if have == 1 else have
    return Size(result)


def broadcast_tensors(*tensors):
    tensors = _tensors(tensors)
    try:
        shape = np.broadcast_shapes(*[t.shape for t in tensors])
    except ValueError:
        from ._tensor_math import _broadcast_message
        raise RuntimeError(_broadcast_message(tensors[0], tensors[1])) from None
    return tuple(t if t.shape == shape else t.expand(shape) for t in tensors)


def meshgrid(*tensors, indexing=None):
    tensors = _tensors(tensors)
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing not in (None, "xy", "ij"):
        raise RuntimeError('torch.meshgrid: indexing must be one of "xy" or "ij", but '
                           f"received: {indexing}")
    if indexing is None:                 # torch's default, "ij", with a warning
        warn_once("torch.meshgrid: in an upcoming release, it will be required to pass the "
                  "indexing argument.")
    if any(t.dtype != tensors[0].dtype for t in tensors):
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    for t in tensors:
        if t.ndim > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t}")
    # "xy" indexing: the first two inputs span the output's dims 1 and 0
    place = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        place[0], place[1] = 1, 0
    shape = [0] * len(tensors)
    for k, t in zip(place, tensors, strict=True):
        shape[k] = t.numel()
    grids = []
    for k, t in zip(place, tensors, strict=True):
        view = [1] * len(tensors)
        view[k] = -1
        grids.append(t.reshape(view).expand(shape))
    return tuple(grids)


def cartesian_prod(*tensors) -> Tensor:
    tensors = _tensors(tensors)
    for t in tensors:
        if t.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    grids = meshgrid(*tensors, indexing="ij")
    return stack([g.reshape(-1) for g in grids], 1)


def combinations(input, r=2, with_replacement=False) -> Tensor:
    if not isinstance(input, Tensor):
        raise TypeError(not_a_tensor("combinations", "input", input))
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if input.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    if r == 0:
        return input.new_empty(0)
    pick = itertools.combinations_with_replacement if with_replacement else \
        itertools.combinations
    index = np.array(list(pick(range(input.shape[0]), r)), np.int64).reshape(-1, r)
    return input[Tensor._make(index, None)]


def block_diag(*tensors) -> Tensor:
    from ._creation import _common
    if not tensors:
        return Tensor._make(np.zeros((1, 0), _dtype.get_default_dtype().np), None)
    _tensors((list(tensors),))
    for k, t in enumerate(tensors):
        if t.ndim > 2:
            raise RuntimeError("torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                               f"Input {k} has {t.ndim} dimensions")
    blocks = [t.reshape(1, -1) if t.ndim < 2 else t for t in _common(tensors, "block_diag")]
    return ra.BlockDiag.apply(*blocks)


# -- products and distances ------------------------------------------------------------------------
def tensordot(a, b, dims=2) -> Tensor:
    if a._array.dtype != b._array.dtype:
        raise RuntimeError("both inputs should have same dtype")
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, (int, np.integer)):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > a.ndim or dims > b.ndim:
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        dims_a, dims_b = list(range(a.ndim - dims, a.ndim)), list(range(dims))
    else:
        dims_a, dims_b = ([d] if isinstance(d, int) else list(d) for d in dims)
        if len(dims_a) != len(dims_b):
            raise RuntimeError("both dimension lists should have same length")
    dims_a, dims_b = [a._dim(d) for d in dims_a], [b._dim(d) for d in dims_b]
    for da, db in zip(dims_a, dims_b, strict=True):
        if a.shape[da] != b.shape[db]:
            raise RuntimeError(f"contracted dimensions need to match, but first has size "
                               f"{a.shape[da]} in dim {da} and second has size {b.shape[db]} "
                               f"in dim {db}")
    free_a = [d for d in range(a.ndim) if d not in dims_a]
    free_b = [d for d in range(b.ndim) if d not in dims_b]
    size = int(np.prod([a.shape[d] for d in dims_a]))
    left = a.permute(free_a + dims_a).reshape(-1, size)
    right = b.permute(dims_b + free_b).reshape(size, -1)
    shape = tuple(a.shape[d] for d in free_a) + tuple(b.shape[d] for d in free_b)
    if not shape and a._array.dtype == np.bool_:       # torch contracts everything by dot
        raise NotImplementedError('"dot" not implemented for \'Bool\'')
    return left.mm(right).reshape(shape)


_LABELS = string.ascii_uppercase + string.ascii_lowercase


def einsum(equation, *operands) -> Tensor:
    """Einstein summation: diagonals first, then pairwise contractions as batched matmuls."""
    if not isinstance(equation, str) or not operands:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    operands = _tensors(operands, 1)
    for k, c in enumerate(equation):
        if not (c in _LABELS or c in " ,.->"):
            raise RuntimeError(f"einsum(): invalid subscript given at index {k} in the equation "
                               "string, subscripts must be in [a-zA-Z]")
    terms, output = _parse_einsum(equation.replace(" ", ""), operands)
    dtype = operands[0]._array.dtype
    for t in operands[1:]:
        if t._array.dtype != dtype:
            raise RuntimeError(f"expected scalar type {SCALAR_TYPE[dtype.name]} but found "
                               f"{SCALAR_TYPE[t._array.dtype.name]}")
    sizes = {}
    for k, (term, t) in enumerate(zip(terms, operands, strict=True)):
        for label, n in zip(term, t.shape, strict=True):
            seen = sizes.get(label, 1)
            if n != 1 and seen not in (1, n):
                raise RuntimeError(f"einsum(): subscript {label} has size {n} for operand {k} "
                                   f"which does not broadcast with previously seen size {seen}")
            sizes[label] = max(seen, n)
    pieces = [_einsum_diagonals(t, term) for t, term in zip(operands, terms, strict=True)]
    x, labels = pieces[0]
    for k, (y, y_labels) in enumerate(pieces[1:], start=1):
        later = set(output).union(*[set(term) for term in terms[k + 1:]])
        x, labels = _contract(x, labels, y, y_labels, later, sizes)
    x, labels = _sum_out(x, labels, set(output))
    return x.permute([labels.index(c) for c in output]) if labels != output else x


def _parse_einsum(equation, operands):
    """Subscripts of each operand and of the output, ``...`` expanded to private labels."""
    lhs, arrow, rhs = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    spare = [c for c in _LABELS if c not in equation]
    most = 0
    for k, (term, t) in enumerate(zip(terms, operands, strict=True)):
        named = len(term.replace("...", ""))
        if "..." not in term and named != t.ndim:
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) "
                               f"does not match the number of dimensions ({t.ndim}) for operand "
                               f"{k} and no ellipsis was given")
        most = max(most, t.ndim - named if "..." in term else 0)
    ellipsis = "".join(spare[:most])
    expanded = [term.replace("...", ellipsis[most - (t.ndim - len(term) + 3):])
                if "..." in term else term for term, t in zip(terms, operands, strict=True)]
    if arrow:
        output = rhs.replace("...", ellipsis)
        for c in output:
            if output.count(c) > 1:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in "
                                   "the output")
            if not any(c in term for term in expanded):
                raise RuntimeError(f"einsum(): output subscript {c} does not appear in the "
                                   "equation for any input operand")
    else:
        counts = "".join(term for term in terms).replace("...", "")
        output = ellipsis + "".join(sorted(c for c in set(counts) if counts.count(c) == 1))
    return expanded, output


def _einsum_diagonals(t, term):
    """Take the diagonal for each label repeated within one operand."""
    labels = list(term)
    for c in set(term):
        while labels.count(c) > 1:
            i = labels.index(c)
            j = labels.index(c, i + 1)
            t = t.diagonal(0, i, j)                      # the diagonal becomes the last dim
            labels = [x for k, x in enumerate(labels) if k not in (i, j)] + [c]
    return t, labels


def _sum_out(t, labels, keep):
    """Sum over the dims whose labels are not in ``keep``."""
    gone = [k for k, c in enumerate(labels) if c not in keep]
    if not gone:
        return t, labels
    return t.sum(gone), [c for c in labels if c in keep]


def _contract(x, xl, y, yl, later, sizes):
    """Multiply two labelled operands and sum the labels no later term needs (one bmm)."""
    x, xl = _sum_out(x, xl, later | set(yl))
    y, yl = _sum_out(y, yl, later | set(xl))
    batch = [c for c in xl if c in yl and c in later]
    summed = [c for c in xl if c in yl and c not in later]
    only_x = [c for c in xl if c not in yl]
    only_y = [c for c in yl if c not in xl]

    def arrange(t, labels, order):
        t = t.permute([labels.index(c) for c in order])
        want = tuple(sizes[c] if c in batch or c in summed else t.shape[k]
                     for k, c in enumerate(order))
        return t.expand(want) if tuple(t.shape) != want else t

    def size(labels):
        return int(np.prod([sizes[c] for c in labels]))

    left = arrange(x, xl, batch + only_x + summed).reshape(size(batch), size(only_x),
                                                           size(summed))
    right = arrange(y, yl, batch + summed + only_y).reshape(size(batch), size(summed),
                                                            size(only_y))
    shape = tuple(sizes[c] for c in batch) + tuple(x.shape[xl.index(c)] for c in only_x) + \
        tuple(y.shape[yl.index(c)] for c in only_y)
    return left.bmm(right).reshape(shape), batch + only_x + only_y


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary") -> Tensor:
    for k, (name, t) in enumerate((("x1", x1), ("x2", x2))):
        if not isinstance(t, Tensor):
            raise TypeError(not_a_tensor("cdist", name, t, k + 1))
    for name, t in (("X1", x1), ("X2", x2)):
        if t.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {t.ndim}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} "
                           f"X2: {x2.shape[-1]}")
    for name, t in (("X1", x1), ("X2", x2)):
        if not t.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{SCALAR_TYPE[t._array.dtype.name]}")
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    try:
        batch = np.broadcast_shapes(tuple(x1.shape[:-2]), tuple(x2.shape[:-2]))
    except ValueError:
        raise RuntimeError(_broadcast_message(tuple(x1.shape[:-2]),
                                              tuple(x2.shape[:-2]))) from None
    if x1.dtype.name == "float16" or x1._array.dtype != x2._array.dtype:
        if 0 in batch + (x1.shape[-2], x2.shape[-2], x1.shape[-1]):   # no kernel runs
            shape = batch + (x1.shape[-2], x2.shape[-2])
            return Tensor._make(np.zeros(shape, x1._array.dtype), None)
        if x1.dtype.name == "float16":
            raise NotImplementedError('"cdist" not implemented for \'Half\'')
        raise RuntimeError(f"expected scalar type {SCALAR_TYPE[x1._array.dtype.name]} but found "
                           f"{SCALAR_TYPE[x2._array.dtype.name]}")
    diff = x1.unsqueeze(-2) - x2.unsqueeze(-3)          # (..., P, R, M)
    if p == 0:
        count = (diff != 0).sum(-1).to(diff.dtype)
        return _renamed(diff.abs().sum(-1) * 0 + count, "CdistBackward0")
    return _renamed(diff.norm(p, dim=-1), "CdistBackward0")


# -- index factories -----------------------------------------------------------------------------
def _indices(pick, row, col, offset, dtype, device):
    name = "tril_indices" if pick is np.tril_indices else "triu_indices"
    for k, (argument, value) in enumerate((("row", row), ("col", col), ("offset", offset))):
        if isinstance(value, bool) or not hasattr(value, "__index__"):
            raise TypeError(f"{name}(): argument '{argument}' (position {k + 1}) must be int, "
                            f"not {type(value).__name__}")
    row, col, offset = int(row), int(col), int(offset)
    for argument, value in (("row", row), ("col", col)):
        if value < 0:
            raise RuntimeError(f"{argument} must be non-negative, got{value}")
    if device is not None:
        _device(device)
    dt = _dtype.int64 if dtype is None else dtype
    if dt.np.name not in ("int64", "int32"):               # torch's kernels: Long and Int
        name = "tril_indices" if pick is np.tril_indices else "triu_indices"
        raise NotImplementedError(f'"{name}" not implemented for '
                                  f"'{SCALAR_TYPE[dt.np.name]}'")
    rows, cols = pick(row, offset, col)
    return Tensor._make(np.stack([rows, cols]).astype(dt.np), None)


def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None) -> Tensor:
    return _indices(np.tril_indices, row, col, offset, dtype, device)


def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None) -> Tensor:
    return _indices(np.triu_indices, row, col, offset, dtype, device)


def unravel_index(indices, shape):
    if not isinstance(indices, Tensor):
        indices = Tensor._make(np.asarray(indices), None)
    if indices._array.dtype.kind not in "iu":
        raise TypeError(f"expected 'indices' to be integer dtype, but got {indices.dtype}")
    shape = (int(shape),) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if any(n < 0 for n in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {shape}")
    flat = indices._array % max(int(np.prod(shape)), 1)       # torch wraps out-of-range ones
    return tuple(Tensor._make(np.asarray(c, np.int64), None)
                 for c in np.unravel_index(flat, shape))


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None) -> Tensor:
    if not isinstance(input, Tensor):
        given = (input,) if repeats is None else (input, repeats)
        raise invalid_input("repeat_interleave", given + (() if dim is None else (dim,)), {})
    if repeats is None:                     # repeat_interleave(counts): 0, 1, ... repeated
        counts = input._array
        if counts.dtype.kind not in "iu":
            raise NotImplementedError('"repeat_interleave_cpu" not implemented for '
                                      f"'{SCALAR_TYPE[counts.dtype.name]}'")
        if counts.ndim > 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        return Tensor._make(np.repeat(np.arange(counts.size), counts), None)
    return input.repeat_interleave(repeats, dim, output_size=output_size)


def vander(x, N=None, increasing=False) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(not_a_tensor("vander", "x", x))
    if N is not None and N < 0:
        raise RuntimeError("N must be non-negative.")
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else int(N)
    if x._array.dtype.kind in "bui":
        x = x.to(_dtype.int64)
    columns, power = [], x.new_ones(x.shape)
    for _ in range(n):
        columns.append(power)
        power = power * x
    out = stack(columns, 1) if columns else x.new_empty((x.shape[0], 0))
    return out if increasing else out.flip(1)


# -- bucketing (not differentiable) ----------------------------------------------------------------
def searchsorted(sorted_sequence, values, *, out_int32=False, right=False, side=None,
                 sorter=None) -> Tensor:
    if not isinstance(sorted_sequence, Tensor) or not isinstance(values, (Tensor, int, float)):
        raise invalid_input("searchsorted", (sorted_sequence, values), {})
    if side not in (None, "left", "right"):
        raise RuntimeError("torch.searchsorted(): side can only be 'left' or 'right' but got "
                           f"{side}")
    if sorted_sequence.ndim == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive "
                           "dimension, but got 0 dimension")
    if sorter is not None and tuple(sorter.shape) != tuple(sorted_sequence.shape):
        raise RuntimeError("torch.searchsorted(): boundary and sorter must have the same size, "
                           f"but got boundary tensor {list(sorted_sequence.shape)}and got "
                           f"sorter tensor {list(sorter.shape)}")
    if side is not None:
        if right and side == "left":
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, "
                               f"got side of {side} while right was True")
        right = side == "right"
    boundaries = sorted_sequence._array
    if sorter is not None:
        boundaries = np.take_along_axis(boundaries, sorter._array, -1)
    scalar = not isinstance(values, Tensor)
    vals = np.asarray(values) if scalar else values._array
    where = "right" if right else "left"
    if boundaries.ndim > 1 and boundaries.shape[:-1] != vals.shape[:-1]:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or "
                           "the first N-1 dimensions of boundaries tensor and input value "
                           f"tensor must match, but we got boundaries tensor "
                           f"{list(boundaries.shape)} and input value tensor "
                           f"{list(vals.shape)}")
    if boundaries.dtype == np.bool_ and vals.dtype == np.bool_:    # no bool kernel
        raise NotImplementedError('"searchsorted_out_cpu" not implemented for \'Bool\'')
    if boundaries.ndim == 1:
        found = np.searchsorted(boundaries, vals, where)
    else:
        rows_b = boundaries.reshape(-1, boundaries.shape[-1])
        rows_v = vals.reshape(-1, vals.shape[-1])
        found = np.stack([np.searchsorted(b, v, where) for b, v in
                          zip(rows_b, rows_v, strict=True)]).reshape(vals.shape)
    return Tensor._make(np.asarray(found).astype(np.int32 if out_int32 else np.int64), None)


def bucketize(input, boundaries, *, out_int32=False, right=False) -> Tensor:
    if not isinstance(boundaries, Tensor) or not isinstance(input, (Tensor, int, float)):
        raise invalid_input("bucketize", (input, boundaries), {})
    if boundaries.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({boundaries.ndim})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


def histogramdd(input, bins, *, range=None, weight=None, density=False):
    if not isinstance(input, Tensor):
        raise invalid_input("histogramdd", (input, bins), {})
    if input.dtype.name not in ("float32", "float64") and (
            range is None or not input.dtype.is_floating_point):   # float16 needs a range
        raise NotImplementedError('"histogramdd" not implemented for '
                                  f"'{SCALAR_TYPE[input._array.dtype.name]}'")
    if input.ndim < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    if isinstance(bins, (list, tuple)) and len(bins) != input.shape[-1]:
        raise RuntimeError("histogramdd: The size of bins must be equal to the innermost "
                           "dimension of the input.")
    for k, b in enumerate(bins if isinstance(bins, (list, tuple)) else ()):
        if isinstance(b, (int, np.integer)) and b <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {b} for dimension "
                               f"{k}")
    points = input._array.reshape(-1, input.shape[-1])
    if isinstance(bins, (list, tuple)) and bins and isinstance(bins[0], Tensor):
        bins = [b._array for b in bins]
    spans = None if range is None else [tuple(range[2 * k:2 * k + 2])
                                        for k in builtins.range(len(range) // 2)]
    weights = None if weight is None else weight._array.reshape(-1)
    hist, edges = np.histogramdd(points, bins, spans, density=density, weights=weights)
    dt = input._array.dtype
    return histogramdd_type(Tensor._make(hist.astype(dt), None),
                            tuple(Tensor._make(e.astype(dt), None) for e in edges))

