"""Tensor element types and PyTorch's type-promotion rules.

A ``minigrad.dtype`` wraps a NumPy dtype.  Promotion follows torch, not NumPy:
python scalars and 0-d tensors only raise the result's *category*
(bool < integer < floating), never its width within a category.
"""
from __future__ import annotations

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
