"""Factories: tensor, zeros, ones, arange, rand... and the joining ops cat, stack, where."""
from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from . import _dtype, random
from ._device import device as _device
from ._tensor import Tensor
from ._tensor_convert import ONE_ELEMENT, _c_type, _type_word, not_a_tensor
from ._tensor_math import _broadcast_message
from ._warn_once import warn_once
from .ops import pointwise, shape as shape_ops


def _np_dtype(dtype, default=None):
    if dtype is None:
        return default if default is not None else _dtype.get_default_dtype().np
    return _dtype.to_numpy_dtype(dtype)


def _finish(array, requires_grad=False, device=None):
    if device is not None:
        _device(device)
    t = Tensor._make(array, None)
    if requires_grad:
        if array.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        t.requires_grad_(True)
    return t


def _size(size, name="zeros"):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    elif len(size) == 1 and not isinstance(size[0], (numbers.Integral, Tensor)):
        raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size[0]).__name__}")
    for pos, n in enumerate(size):
        if not isinstance(n, (numbers.Integral, Tensor)):
            raise TypeError(f"{name}(): argument 'size' failed to unpack the object at pos "
                            f"{pos + 1} with error \"type must be tuple of ints,but got "
                            f"{type(n).__name__}\"")
        if int(n) < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {int(n)}: "
                               f"{[int(m) for m in size]}")
    return tuple(int(n) for n in size)


def _infer_array(data, dtype=None):
    """NumPy array for ``data`` with torch's default dtypes for python values.

    With an explicit ``dtype`` python values are left at full precision (the
    caller casts once), so ``tensor([0.1], dtype=float64)`` is exact.
    """
    if isinstance(data, Tensor):
        return data._array
    if isinstance(data, np.ndarray):
        return data
    if isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in data):
        return np.stack([_scalar_array(x) for x in data])
    try:
        array = np.asarray(data)
    except ValueError:                       # nested sequences of unequal lengths
        raise _nesting_error(data) from None
    if array.dtype.kind not in "biuf" and not _big_ints(array):
        raise _nesting_error(data)
    if array.dtype.kind == "O" or (array.dtype == np.uint64
                                   and not isinstance(data, np.generic)):
        array = _beyond_int64(data, array, dtype)
    if dtype is not None:
        return array
    if array.dtype == np.float64 and not isinstance(data, np.generic):
        array = array.astype(_dtype.get_default_dtype().np)
    elif array.dtype.kind in "iu" and not isinstance(data, np.generic):
        array = array.astype(np.int64)
    return array


def _beyond_int64(data, array, dtype):
    """``data`` as floats when NumPy made ``array`` of uint64 or objects from python ints
    beyond int64: torch reads those as floats for a float or bool dtype (or a list that
    holds a float), and refuses them otherwise."""
    objects = array.dtype.kind == "O"
    as_floats = (_np_dtype(dtype).kind in "fb" if dtype is not None else
                 objects and any(isinstance(x, float) for x in array.flat))
    if not as_floats:
        raise ValueError("Overflow when unpacking long long")
    return np.asarray(data, dtype=np.float64) if objects else array


def _big_ints(array) -> bool:
    """Whether NumPy made an object array of python numbers (some int beyond 64 bits)."""
    return array.dtype.kind == "O" and all(
        isinstance(x, (int, float)) for x in array.flat)


def _scalar_array(x):
    """One element of a list handed to ``tensor``: a tensor there must hold one value."""
    if isinstance(x, Tensor):
        if x._array.size != 1:
            raise ValueError(ONE_ELEMENT)
        return x._array.reshape(())
    return _infer_array(x)


def _nesting_error(data) -> Exception:
    """torch's words for data ``tensor`` cannot read (walked only after NumPy refused it)."""
    sizes, seq = [], data
    while isinstance(seq, (list, tuple)):
        sizes.append(len(seq))
        if not seq:
            break
        seq = seq[0]

    def walk(obj, dim):
        if dim < len(sizes):
            if not isinstance(obj, (list, tuple)):
                return TypeError("not a sequence")
            if len(obj) != sizes[dim]:
                return ValueError(f"expected sequence of length {sizes[dim]} at dim {dim} "
                                  f"(got {len(obj)})")
            for item in obj:
                error = walk(item, dim + 1)
                if error is not None:
                    return error
            return None
        if isinstance(obj, (list, tuple)):
            return TypeError(f"'{type(obj).__name__}' object cannot be interpreted as an "
                             "integer")
        if isinstance(obj, (str, bytes)):
            return TypeError(f"new(): invalid data type '{type(obj).__name__}'")
        if not isinstance(obj, (numbers.Number, np.generic)):
            return RuntimeError(f"Could not infer dtype of {type(obj).__name__}")
        return None
    return walk(data, 0) or TypeError(f"Could not infer dtype of {type(data).__name__}")


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False) -> Tensor:
    """A new tensor holding a copy of ``data``."""
    warn_copy_construct(data, "torch.tensor")
    return copy_of(data, dtype, device, requires_grad)


def warn_copy_construct(data, call: str) -> None:
    """torch's advice when ``call`` (torch.tensor, tensor.new_tensor) copies a tensor."""
    if isinstance(data, Tensor):
        warnings.warn("To copy construct from a tensor, it is recommended to use sourceTensor."
                      "detach().clone() or sourceTensor.detach().clone().requires_grad_(True), "
                      f"rather than {call}(sourceTensor).", UserWarning, stacklevel=3)


def copy_of(data, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A new tensor holding a copy of ``data`` (torch.tensor without its warning)."""
    array = _checked_array(data, dtype)
    with np.errstate(invalid="ignore", over="ignore"):   # nan or inf cast to int: quietly
        array = np.array(array, dtype=_np_dtype(dtype, array.dtype), copy=True)
    _dtype.from_numpy_dtype(array.dtype)
    return _finish(array, requires_grad, device)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """Like ``tensor`` but shares memory with a NumPy array or tensor when it can."""
    if isinstance(data, Tensor) and dtype is None:
        return data
    array = _checked_array(data, dtype)
    return _finish(np.asarray(array, dtype=_np_dtype(dtype, array.dtype)), False, device)


def _checked_array(data, dtype):
    """``_infer_array``, with python values bound for an integer ``dtype`` checked as torch
    checks them (arrays and tensors are cast as they are, wrapping around)."""
    array = _infer_array(data, dtype)
    if dtype is not None and not isinstance(data, (Tensor, np.ndarray)):
        _dtype.check_values(array, _np_dtype(dtype))
    return array


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array``."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    if not array.flags.writeable:
        warn_once("The given NumPy array is not writable, and PyTorch does not support "
                  "non-writable tensors. This means writing to this tensor will result in "
                  "undefined behavior. You may want to copy the array to protect its data or "
                  "make it writable before converting it to a tensor. This type of warning "
                  "will be suppressed for the rest of this program.")
    return Tensor._make(array, None)


def _filled(fill, size, dtype, requires_grad, device, default=None, name=None):
    shape = _size(size, name or getattr(fill, "__name__", "full"))
    return _finish(fill(shape, _np_dtype(dtype, default)), requires_grad, device)


def zeros(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    flat = size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    if any(isinstance(n, numbers.Integral) and n < 0 for n in flat):
        raise RuntimeError("zeros: Dimension size must be non-negative.")
    return _filled(np.zeros, size, dtype, requires_grad, device)


def ones(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _filled(np.ones, size, dtype, requires_grad, device)


def empty(*size, dtype=None, device=None, requires_grad=False) -> Tensor:
    return _filled(np.empty, size, dtype, requires_grad, device)


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size).__name__}")
    default = None
    if dtype is None:
        python_int = isinstance(fill_value, int) and not isinstance(fill_value, bool)
        default = np.dtype(np.int64) if python_int else _infer_array(fill_value).dtype
    return _filled(lambda s, d: np.full(s, _fill_value(fill_value, d), d), (size,), dtype,
                   requires_grad, device, default)


def _fill_value(value, np_dtype):
    """A fill value (a number or a 0-d tensor) checked as torch converts a Scalar."""
    if isinstance(value, Tensor) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (numbers.Number, np.generic)):
        return _dtype.checked_scalar(value, np_dtype)
    return value


def _like(fill, t, dtype, requires_grad, name):
    if not isinstance(t, Tensor):
        raise TypeError(not_a_tensor(name, "input", t))
    return _finish(fill(t._array.shape, _np_dtype(dtype, t._array.dtype)), requires_grad)


def zeros_like(input, *, dtype=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    return _like(np.zeros, input, dtype, requires_grad, "zeros_like")


def ones_like(input, *, dtype=None, device=None, requires_grad=False,
              memory_format=None) -> Tensor:
    return _like(np.ones, input, dtype, requires_grad, "ones_like")


def empty_like(input, *, dtype=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    return _like(np.empty, input, dtype, requires_grad, "empty_like")


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False,
              memory_format=None) -> Tensor:
    return _like(lambda s, d: np.full(s, _fill_value(fill_value, d), d), input, dtype,
                 requires_grad, "full_like")


def _random_dtype(np_dtype, kernel: str):
    """Random samples fill floating tensors only (torch has no integer kernel)."""
    if np_dtype.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_type_word(np_dtype)}\'')
    return np_dtype


def rand_like(input, *, dtype=None, device=None, requires_grad=False,
              memory_format=None) -> Tensor:
    if not isinstance(input, Tensor):
        raise TypeError(not_a_tensor("rand_like", "input", input))
    d = _random_dtype(_np_dtype(dtype, input._array.dtype), "check_uniform_bounds")
    return _finish(random.uniform(input._array.shape, 0.0, 1.0, d), requires_grad)


def randn_like(input, *, dtype=None, device=None, requires_grad=False,
               memory_format=None) -> Tensor:
    if not isinstance(input, Tensor):
        raise TypeError(not_a_tensor("randn_like", "input", input))
    d = _random_dtype(_np_dtype(dtype, input._array.dtype), "normal_kernel_cpu")
    return _finish(random.normal(input._array.shape, 0.0, 1.0, d), requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    if end is None:
        start, end = 0, start
    values = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    for v in values:
        if isinstance(v, int):
            _dtype.check_python_int(v)
    is_int = all(isinstance(v, numbers.Integral) for v in values)
    np_dtype = _np_dtype(dtype, np.dtype(np.int64) if is_int else None)
    if np_dtype.kind == "b":
        raise NotImplementedError('"arange_cpu" not implemented for \'Bool\'')
    if not (np.isfinite(values[0]) and np.isfinite(values[1])):
        raise RuntimeError(f"unsupported range: {values[0]:g} -> {values[1]:g}")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (values[2] > 0 and values[1] < values[0]) or (values[2] < 0 and values[1] > values[0]):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if np_dtype.kind in "iu":                    # torch counts integer ranges in int64
        for v in values:
            _dtype.checked_scalar(v, np.dtype(np.int64))
    if is_int:
        array = np.arange(*values, dtype=np.int64)
    elif np_dtype.kind in "iu":
        # the length comes from the float bounds; the values from the truncated start and
        # step (arange(0, 3, 0.5) of an integer dtype is six zeros, as in torch)
        size = math.ceil((values[1] - values[0]) / values[2])
        array = int(values[0]) + np.arange(size, dtype=np.int64) * int(values[2])
    else:
        array = np.arange(*values, dtype=np.float64)
    return _finish(array.astype(np_dtype), requires_grad, device)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    np_dtype, steps = _np_dtype(dtype), int(steps)
    ends = [_fill_value(value, np_dtype) for value in (start, end)[:steps]]
    if steps <= 1:                               # nothing to interpolate: start alone
        return _finish(np.array(ends, np_dtype), requires_grad, device)
    if np_dtype.kind == "b":
        raise NotImplementedError('"linspace_cpu" not implemented for \'Bool\'')
    return _finish(_linspace(*ends, steps, np_dtype), requires_grad, device)


def _linspace(start, end, steps: int, np_dtype) -> np.ndarray:
    """torch's kernel: the ends in the output dtype, a step (float64 for integer outputs),
    the first half counted up from start, the second half down from end."""
    work = np.dtype(np.float64) if np_dtype.kind in "iu" else np_dtype
    first, last = work.type(np_dtype.type(start)), work.type(np_dtype.type(end))
    step = (last - first) / work.type(steps - 1)
    half = steps // 2
    values = np.concatenate([_fused(first, step, np.arange(half), work),
                             _fused(last, -step, np.arange(steps - half - 1, -1, -1), work)])
    if np_dtype.kind in "iu":                    # C's conversion: toward zero, then wrapping
        return np.trunc(values).astype(np.int64).astype(np_dtype)
    return values.astype(np_dtype)


def _fused(base, step, counts: np.ndarray, work: np.dtype) -> np.ndarray:
    """``base + step * counts`` rounded once, as the compiled kernel's fused multiply-add
    does in float32 and float64 (float16 rounds after each operation)."""
    if work == np.float16:
        return base + step * counts.astype(work)
    wide = np.longdouble if work == np.float64 else np.float64
    return (wide(base) + wide(step) * counts.astype(wide)).astype(work)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    for name, value in (("n", n), ("m", m)):
        if value is not None and value < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {value}")
    return _finish(np.eye(n, m, dtype=_np_dtype(dtype)), requires_grad, device)


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor:
    shape = _size(size, "rand")
    d = _random_dtype(_np_dtype(dtype), "check_uniform_bounds")
    return _finish(random.uniform(shape, 0.0, 1.0, d, generator), requires_grad, device)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False) -> Tensor:
    shape = _size(size, "randn")
    d = _random_dtype(_np_dtype(dtype), "normal_kernel_cpu")
    return _finish(random.normal(shape, 0.0, 1.0, d, generator), requires_grad, device)


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad=False) -> Tensor:
    if size is None:               # randint(high, size)
        low, high, size = 0, low, high
    shape = _size((size,), "randint")
    np_dtype = _np_dtype(dtype, np.dtype(np.int64))
    check_random_range(low, high, np_dtype)
    array = random.integers(low, high, shape, generator)
    return _finish(array.astype(np_dtype), requires_grad, device)


def check_random_range(low, high, np_dtype) -> None:
    """torch's checks of randint's ``[low, high)`` for a tensor of ``np_dtype``."""
    for value in (low, high):
        _dtype.check_long(value)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    info = np.finfo(np_dtype) if np_dtype.kind == "f" else np.iinfo(
        np.uint8 if np_dtype.kind == "b" else np_dtype)
    bottom, top = int(info.min), 1 if np_dtype.kind == "b" else int(info.max)
    for value, what in ((low, "from"), (high - 1, "to - 1")):
        if not bottom <= value <= top:
            raise RuntimeError(f"{what} is out of bounds for {_c_type(np_dtype)}")


def randperm(n, *, generator=None, dtype=None, device=None) -> Tensor:
    _size((n,), "randperm")
    if dtype is not None and _np_dtype(dtype).kind == "b":
        raise NotImplementedError('"randperm" not implemented for \'Bool\'')
    array = random.permutation(int(n), generator)
    return _finish(array.astype(_np_dtype(dtype, np.dtype(np.int64))), False, device)


def _common(tensors, name):
    tensors = list(tensors)
    if not tensors:
        if name == "stack":
            raise RuntimeError("stack expects a non-empty TensorList")
        raise ValueError(f"{name}(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    common = _dtype.result_type(*[t._array for t in tensors]) if len(
        {t._array.dtype for t in tensors}) > 1 else tensors[0]._array.dtype
    return [t if t._array.dtype == common else t.to(_dtype.from_numpy_dtype(common))
            for t in tensors]


def cat(tensors, dim=0) -> Tensor:
    tensors = _common(tensors, "minigrad.cat")
    for i, t in enumerate(tensors):
        if t.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               "concatenated")
    tensors = [t for t in tensors if not (t.ndim == 1 and t.numel() == 0)] or tensors[:1]
    ref = tensors[0]
    d = ref._dim(dim)
    for i, t in enumerate(tensors):
        if t.ndim != ref.ndim:
            raise RuntimeError("Tensors must have same number of dimensions: got "
                               f"{ref.ndim} and {t.ndim}")
        for k in range(ref.ndim):
            if k != d and t.shape[k] != ref.shape[k]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref.shape[k]} but got size {t.shape[k]} "
                                   f"for tensor number {i} in the list.")
    return shape_ops.Cat.apply(d, *tensors)


concat = concatenate = cat


def stack(tensors, dim=0) -> Tensor:
    tensors = _common(tensors, "stack")
    for i, t in enumerate(tensors):
        if t.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(tensors[0].shape)} at entry 0 and {list(t.shape)} at "
                               f"entry {i}")
    nd = tensors[0].ndim + 1
    if not -nd <= dim < nd:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-nd}, "
                         f"{nd - 1}], but got {dim})")
    return shape_ops.Stack.apply(dim % nd, *tensors)


def _where_number(value, np_dtype) -> Tensor:
    """A number given to ``where``, checked as torch converts a Scalar (it writes a Half
    unchecked)."""
    if isinstance(value, (numbers.Number, np.generic)):
        value = _dtype.checked_scalar(value, np_dtype, half=False)
    with np.errstate(over="ignore"):             # 1e300 as a Half: inf, quietly
        return Tensor._make(np.asarray(value, np_dtype), None)


def where(condition, input=None, other=None):
    """``where(cond, x, y)`` picks from x where cond is true; ``where(cond)`` is nonzero."""
    cond = condition._array if isinstance(condition, Tensor) else np.asarray(condition)
    if input is None and other is None:
        return tuple(Tensor._make(i.astype(np.int64), None) for i in np.nonzero(cond))
    if cond.dtype == np.uint8:
        warn_once("where received a uint8 condition tensor. This behavior is deprecated and "
                  "will be removed in a future version of PyTorch. Use a boolean condition "
                  "instead.")
        cond = cond != 0
    if cond.dtype != np.bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {_type_word(cond.dtype)}")
    x = input if isinstance(input, Tensor) else None
    y = other if isinstance(other, Tensor) else None
    if x is None and y is None:
        x = _where_number(input, _dtype.result_type(input, other))
    if x is None:
        x = _where_number(input, _dtype.result_type(y._array, input))
    if y is None:
        y = _where_number(other, _dtype.result_type(x._array, other))
    x, y = _common([x, y], "where")
    try:
        return pointwise.Where.apply(cond, x, y)
    except ValueError:                        # torch broadcasts condition, input, other
        shape = cond.shape
        for t in (x, y):
            try:
                shape = np.broadcast_shapes(shape, t.shape)
            except ValueError:
                raise RuntimeError(_broadcast_message(shape, tuple(t.shape))) from None
        raise
