"""More of torch's creation ops: range, logspace, asarray, frombuffer."""
from __future__ import annotations

import math
import warnings

import numpy as np

from . import _dtype
from ._creation import _checked_array, _fill_value, _finish, _np_dtype
from ._tensor_convert import _type_word
from ._tensor import Tensor


def range(start, end, step=1, *, dtype=None, device=None,  # noqa: A001 (torch's name)
          requires_grad=False) -> Tensor:
    """Deprecated in torch: ``start, start + step, ...`` up to and *including* ``end``."""
    warnings.warn("minigrad.range is deprecated and will be removed in a future release "
                  "because its behavior is inconsistent with Python's range builtin. Instead, "
                  "use minigrad.arange, which produces values in [start, end).", UserWarning,
                  stacklevel=2)
    np_dtype = _np_dtype(dtype)
    if np_dtype.kind == "b":
        raise NotImplementedError('"range_cpu" not implemented for \'Bool\'')
    # torch counts in int64 for integer dtypes (truncating the bounds), else in float64
    kind = int if np_dtype.kind in "iu" else float
    first, last, step = (kind(_checked_number(v)) for v in (start, end, step))
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(first) and math.isfinite(last)):
        raise RuntimeError(f"unsupported range: {first:g} -> {last:g}")
    if (step > 0 and last < first) or (step < 0 and last > first):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    count = int((last - first) / step) + 1 if kind is float else _c_div(last - first, step) + 1
    values = first + np.arange(count, dtype=np.int64 if kind is int else np.float64) * step
    return _finish(values.astype(np_dtype), requires_grad, device)


def _checked_number(value):
    return value.item() if isinstance(value, Tensor) else value


def _c_div(a: int, b: int) -> int:
    """C's integer division, truncating toward zero."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def logspace(start, end, steps: int, base: float = 10.0, *, dtype=None, device=None,
             requires_grad=False) -> Tensor:
    """``steps`` values ``base ** linspace(start, end, steps)``."""
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    for value in (start, end)[:int(steps)]:      # checked like linspace's ends
        _fill_value(value, _np_dtype(dtype))
    if int(steps) > 1 and _np_dtype(dtype).kind == "b":
        raise NotImplementedError('"logspace_cpu" not implemented for \'Bool\'')
    exponents = np.linspace(float(start), float(end), int(steps))
    return _finish(np.power(float(base), exponents).astype(_np_dtype(dtype)), requires_grad,
                   device)


def asarray(obj, *, dtype=None, device=None, copy: bool | None = None,
            requires_grad: bool = False) -> Tensor:
    """A tensor of ``obj``, sharing memory with a tensor or NumPy array when it can (and
    ``copy`` is not True); ``copy=False`` raises when a copy cannot be avoided."""
    wanted = None if dtype is None else np.dtype(_dtype.to_numpy_dtype(dtype))
    if isinstance(obj, Tensor):
        same = wanted is None or obj._array.dtype == wanted
        if copy is False and not same:
            raise ValueError(_alias_error(obj._array.dtype, wanted))
        if copy is not True and same and not requires_grad:
            return obj
        array = obj._array.astype(wanted or obj._array.dtype, copy=True) if copy or not same \
            else obj._array
        out = Tensor._make(array, None)
        return out.requires_grad_(True) if requires_grad else out
    if isinstance(obj, np.ndarray):
        same = wanted is None or obj.dtype == wanted
        if copy is False and not same:
            raise ValueError(_alias_error(obj.dtype, wanted))
        array = obj if same and copy is not True else obj.astype(wanted or obj.dtype, copy=True)
        return _finish(array, requires_grad, device)
    array = _checked_array(obj, dtype)
    return _finish(np.array(array, dtype=wanted or array.dtype), requires_grad, device)


def _alias_error(source, target) -> str:
    return (f"can't alias tensor with dtype '{_type_word(source)}' into dtype "
            f"'{_type_word(target)}'.")


def frombuffer(buffer, *, dtype, count: int = -1, offset: int = 0,
               requires_grad: bool = False) -> Tensor:
    """A 1-D tensor viewing the bytes of a buffer object (memory is shared)."""
    array = np.frombuffer(buffer, dtype=_dtype.to_numpy_dtype(dtype), count=count,
                          offset=offset)
    if not array.flags.writeable:
        warnings.warn("The given buffer is not writable, and PyTorch does not support "
                      "non-writable tensors. This means you can write to the underlying "
                      "(supposedly non-writable) buffer using the tensor. You may want to copy "
                      "the buffer to protect its data or make it writable before converting it "
                      "to a tensor. This type of warning will be suppressed for the rest of "
                      "this program.", UserWarning, stacklevel=2)
    return _finish(array, requires_grad)


def from_dlpack(ext_tensor) -> Tensor:
    """A tensor sharing memory with any object that speaks DLPack (a CPU torch tensor, a
    NumPy array...).

    A NumPy array is shared directly (it stays writable; NumPy 2.0 imports any DLPack
    object read-only, later NumPy as writable as its source)."""
    if isinstance(ext_tensor, np.ndarray):
        return Tensor._make(ext_tensor, None)
    return Tensor._make(np.from_dlpack(ext_tensor), None)


__all__ = ["asarray", "from_dlpack", "frombuffer", "logspace", "range"]
