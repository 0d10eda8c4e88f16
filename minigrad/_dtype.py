"""Tensor element types and PyTorch's type-promotion rules.

A ``minigrad.dtype`` wraps a NumPy dtype.  Promotion follows torch, not NumPy:
python scalars and 0-d tensors only raise the result's *category*
(bool < integer < floating), never its width within a category.
"""
from __future__ import annotations

import builtins

import numpy as np


class dtype:
    """An element type such as ``minigrad.float32``."""

    def __init__(self, name: str, np_dtype, category: int):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.category = category  # 0 bool, 1 integer, 2 floating
        self.is_floating_point = category == 2
        self.is_signed = self.np.kind in "fi"
        self.itemsize = self.np.itemsize

    def __repr__(self) -> str:
        return f"minigrad.{self.name}"

    def to_complex(self):  # pragma: no cover - complex tensors are out of scope
        raise NotImplementedError("minigrad has no complex dtypes")


float16 = half = dtype("float16", np.float16, 2)
float32 = float = dtype("float32", np.float32, 2)
float64 = double = dtype("float64", np.float64, 2)
uint8 = dtype("uint8", np.uint8, 1)
int8 = dtype("int8", np.int8, 1)
int16 = short = dtype("int16", np.int16, 1)
int32 = int = dtype("int32", np.int32, 1)
int64 = long = dtype("int64", np.int64, 1)
bool = dtype("bool", np.bool_, 0)

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool)
_FROM_NUMPY = {d.np: d for d in ALL}

_default_float = float32


def from_numpy_dtype(np_dtype) -> dtype:
    """The minigrad dtype of a NumPy dtype (raises TypeError for unsupported ones)."""
    try:
        return _FROM_NUMPY[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only "
            "supported types are: float64, float32, float16, int64, int32, int16, int8, "
            "uint8, and bool.") from None


def to_numpy_dtype(d) -> np.dtype:
    """Accept a minigrad dtype, a NumPy dtype or a type like ``float``."""
    if isinstance(d, dtype):
        return d.np
    return np.dtype(d)


def get_default_dtype() -> dtype:
    return _default_float


def set_default_dtype(d: dtype) -> None:
    """Set the floating dtype used for python floats and factories (float32 or float64)."""
    global _default_float
    if not isinstance(d, dtype) or not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_float = d


# -- python numbers converted to a dtype (torch checks what C++ code would overflow) ---------
# the C++ type names torch prints when it converts a Scalar argument (full, fill_, clamp...)
_C_NAMES = {"int8": "int8_t", "uint8": "uint8_t", "int16": "int16_t", "int32": "int",
            "int64": "int64_t", "float16": "c10::Half", "float32": "float", "float64": "double"}


def _overflow(name: str) -> RuntimeError:
    return RuntimeError(f"value cannot be converted to type {name} without overflow")


def check_long(value) -> None:
    """torch reads an int argument of its Python bindings as a C++ ``long long``:
    ValueError beyond int64."""
    if not -(1 << 63) <= value < 1 << 63:
        raise ValueError("Overflow when unpacking long long")


def check_python_int(value) -> None:
    """torch reads a Python int argument as a C++ int64 or uint64 (OverflowError beyond)."""
    if value >= 1 << 64:
        raise OverflowError("int too big to convert")
    if value < -(1 << 63):
        raise OverflowError("can't convert negative int to unsigned")


def checked_scalar(value, np_dtype: np.dtype, half: bool = True):
    """``value`` (a Python or NumPy number) converted as torch converts a Scalar argument
    to ``np_dtype`` (full, fill_, masked_fill, clamp bounds...), or RuntimeError
    "value cannot be converted to type int8_t without overflow".

    c10's rule: an int must lie in the type's range, except that a negative int whose
    magnitude fits an unsigned type wraps (-1 -> 255); a float is truncated toward zero
    and must lie in [min, max + 1) (nan and inf never fit an integer type); a finite
    float beyond a floating type's largest value overflows; bool targets take anything.
    ``half=False`` leaves float16 unchecked (torch's ``where`` and ``x[i] = v``).
    The result is a Python number NumPy stores without complaint.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, builtins.bool):
        return value
    if isinstance(value, builtins.int):
        check_python_int(value)
    if np_dtype.kind == "b" or (np_dtype == np.float16 and not half):
        return value
    if np_dtype.kind == "f":
        if np.finfo(np_dtype).max.item() < abs(value) < np.inf:   # exact (not float32)
            raise _overflow(_C_NAMES[np_dtype.name])
        return value
    info = np.iinfo(np_dtype)
    if isinstance(value, builtins.int):
        if info.min <= value <= info.max:
            return value
        if info.min == 0 and -info.max <= value < 0:
            return value + info.max + 1
    elif info.min <= value < info.max + 1:       # False for nan
        return builtins.int(value)
    raise _overflow(_C_NAMES[np_dtype.name])


def check_values(array: np.ndarray, np_dtype: np.dtype) -> None:
    """torch.tensor's check of python values (gathered in ``array``) bound for an integer
    ``np_dtype``: the rule of ``checked_scalar``, applied to the array's extremes at once,
    with torch's dtype name ("value cannot be converted to type int8 without overflow")."""
    if np_dtype.kind not in "iu" or array.dtype.kind not in "iuf" or not array.size:
        return
    info = np.iinfo(np_dtype)
    low, high = array.min(), array.max()
    if array.dtype.kind == "f":
        fits = info.min <= low and high < info.max + 1       # False for nan
    elif info.min == 0:                          # negatives that fit wrap around
        fits = high <= info.max and low >= -info.max
    else:
        fits = info.min <= low and high <= info.max
    if not fits:
        raise _overflow(np_dtype.name)


def wrapped_scalar(value, np_dtype: np.dtype):
    """A Python number as the other operand of a ``np_dtype`` tensor (``x + 300``): torch
    casts it like a 0-d tensor, so an int out of an integer type's range wraps around."""
    if isinstance(value, builtins.int) and not isinstance(value, builtins.bool):
        if not -(1 << 63) <= value < 1 << 64:
            check_python_int(value)
        if np_dtype.kind in "iu":
            bits = 8 * np_dtype.itemsize
            value &= (1 << bits) - 1
            if np_dtype.kind == "i" and value >> (bits - 1):
                value -= 1 << bits
    return np_dtype.type(value)


def _category_of_value(value) -> int:
    if isinstance(value, (np.bool_, type(True))):
        return 0
    if isinstance(value, (np.integer, type(1))):
        return 1
    return 2


def promote_types(a: np.dtype, b: np.dtype) -> np.dtype:
    """torch.promote_types on NumPy dtypes: a higher category wins outright (int64 +
    float32 -> float32); within one category NumPy's widening rule applies."""
    if a == b:
        return a
    ca, cb = _FROM_NUMPY[a].category, _FROM_NUMPY[b].category
    if ca != cb:
        return a if ca > cb else b
    return np.result_type(a, b)


def result_type(*operands) -> np.dtype:
    """The NumPy dtype torch gives to an elementwise op on ``operands``.

    Operands are ``np.ndarray`` (standing for tensors) or python scalars.
    Tensors with dimensions win over 0-d tensors, which win over python
    scalars, unless the lower-priority group has a higher category.
    """
    dims, zero_dims, scalars = [], [], []
    for x in operands:
        if isinstance(x, np.ndarray):
            (dims if x.ndim else zero_dims).append(x.dtype)
        else:
            scalars.append(_category_of_value(x))
    result = None
    for group in (dims, zero_dims):
        if not group:
            continue
        group_type = group[0]
        for other in group[1:]:
            group_type = promote_types(group_type, other)
        if result is None or _FROM_NUMPY[group_type].category > _FROM_NUMPY[result].category:
            result = group_type
    if scalars:
        category = max(scalars)
        if result is None or category > _FROM_NUMPY[result].category:
            result = (np.dtype(np.bool_), np.dtype(np.int64), _default_float.np)[category]
    return result
