"""``torch.testing.assert_close``: compare tensors (or numbers, or containers of them).

Values match when ``|actual - expected| <= atol + rtol * |expected|`` elementwise,
with torch's default tolerances for the dtype (float32: rtol 1.3e-6, atol 1e-5;
float64: 1e-7 and 1e-7; float16: 1e-3 and 1e-5; integers and bools: exact).
Shapes and (unless ``check_dtype=False``) dtypes must agree.  Failures raise
AssertionError with torch's message layout.
"""
from __future__ import annotations

import math
from collections import abc
from typing import Any

import numpy as np

from ._tensor import Tensor

_DEFAULT_TOLERANCES = {"float16": (1e-3, 1e-5), "float32": (1.3e-6, 1e-5),
                       "float64": (1e-7, 1e-7)}


def _tolerances(dtype_name: str, rtol, atol) -> tuple[float, float]:
    if (rtol is None) != (atol is None):
        raise ValueError(f"Both 'rtol' and 'atol' must be either specified or omitted, but got "
                         f"no {'rtol' if rtol is None else 'atol'}.")
    if rtol is not None:
        return rtol, atol
    return _DEFAULT_TOLERANCES.get(dtype_name, (0.0, 0.0))


def assert_close(actual: Any, expected: Any, *, allow_subclasses: bool = True,
                 rtol: float | None = None, atol: float | None = None, equal_nan: bool = False,
                 check_device: bool = True, check_dtype: bool = True, check_layout: bool = True,
                 check_stride: bool = False, msg: str | None = None) -> None:
    """Raise AssertionError unless ``actual`` and ``expected`` are close (see the module)."""
    _compare(actual, expected, rtol, atol, equal_nan, check_dtype, msg, [])


def _compare(actual, expected, rtol, atol, equal_nan, check_dtype, msg, path) -> None:
    if isinstance(actual, Tensor) and isinstance(expected, Tensor):
        return _compare_tensors(actual, expected, rtol, atol, equal_nan, check_dtype, msg, path)
    if _is_number(actual) and _is_number(expected):
        return _compare_scalars(actual, expected, rtol, atol, equal_nan, msg, path)
    if isinstance(actual, abc.Mapping) and isinstance(expected, abc.Mapping):
        if set(actual) != set(expected):
            _fail(f"The keys of the mappings do not match:\nActual keys: {sorted(actual)}\n"
                  f"Expected keys: {sorted(expected)}", path)
        for key in expected:
            _compare(actual[key], expected[key], rtol, atol, equal_nan, check_dtype, msg,
                     path + [repr(key)])
        return None
    if _is_sequence(actual) and _is_sequence(expected):
        if len(actual) != len(expected):
            _fail(f"The length of the sequences mismatch: {len(actual)} != {len(expected)}",
                  path)
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            _compare(a, e, rtol, atol, equal_nan, check_dtype, msg, path + [str(i)])
        return None
    raise TypeError(f"No comparison pair was able to handle inputs of type {type(actual)} and "
                    f"{type(expected)}.")


def _is_number(x) -> bool:
    return isinstance(x, (bool, int, float, np.number)) and not isinstance(x, Tensor)


def _is_sequence(x) -> bool:
    return isinstance(x, abc.Sequence) and not isinstance(x, str)


def _fail(message: str, path) -> None:
    if path:
        message += "\n\nThe failure occurred for item " + "".join(f"[{p}]" for p in path)
    raise AssertionError(message)


def _compare_tensors(actual, expected, rtol, atol, equal_nan, check_dtype, msg, path) -> None:
    if tuple(actual.shape) != tuple(expected.shape):
        _fail(f"The values for attribute 'shape' do not match: {actual.shape} != "
              f"{expected.shape}.", path)
    if check_dtype and actual.dtype != expected.dtype:
        _fail(f"The values for attribute 'dtype' do not match: {actual.dtype} != "
              f"{expected.dtype}.", path)
    a, e = actual.detach().numpy(), expected.detach().numpy()
    rtol, atol = _tolerances(e.dtype.name if e.dtype.kind == "f" else "", rtol, atol)
    if not check_dtype:
        common = np.promote_types(a.dtype, e.dtype)
        a, e = a.astype(common), e.astype(common)
        if rtol == atol == 0.0 and common.kind == "f":
            rtol, atol = _DEFAULT_TOLERANCES.get(common.name, (0.0, 0.0))
    a64, e64 = a.astype(np.float64), e.astype(np.float64)
    close = np.isclose(a64, e64, rtol=rtol, atol=atol, equal_nan=equal_nan)
    if a.dtype.kind in "iub" and e.dtype.kind in "iub":
        close = a == e
    if close.all():
        return
    if a.ndim == 0:                         # 0-d tensors are reported as scalars
        return _scalar_failure(a[()], e[()], rtol, atol, msg, path)
    exact = rtol == atol == 0.0
    # differences in the compared dtype (integers: absolute in int64, relative in float32)
    if a.dtype.kind in "iub":
        difference = np.abs(a.astype(np.int64) - e.astype(np.int64))
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = difference.astype(np.float32) / np.abs(e.astype(np.float32))
    else:
        difference = np.abs(a - e)
        with np.errstate(divide="ignore", invalid="ignore"):
            relative = difference / np.abs(e)
    mismatches = int((~close).sum())
    text = (f"Tensor-likes are not {'equal' if exact else 'close'}!\n\n"
            f"Mismatched elements: {mismatches} / {close.size} "
            f"({100 * mismatches / close.size:.1f}%)\n")
    for label, values, bound in (("absolute", difference, atol), ("relative", relative, rtol)):
        index, worst = _worst(values, close)
        shown = str(int(worst)) if values.dtype.kind in "iu" else repr(float(worst))
        text += f"Greatest {label} difference: {shown} at index {index}"
        text += "" if exact else f" (up to {bound} allowed)"
        text += "\n"
    _fail(msg or text.rstrip("\n"), path)


def _worst(values: np.ndarray, close: np.ndarray):
    """(index, value) of the largest difference among the mismatches (a NaN first)."""
    values = np.where(close, 0, values)
    flat = values.reshape(-1)
    nan = np.isnan(flat) if flat.dtype.kind == "f" else np.zeros(flat.shape, bool)
    position = int(np.argmax(nan)) if nan.any() else int(np.argmax(flat))
    index = tuple(int(i) for i in np.unravel_index(position, values.shape))
    return index, flat[position]


def _compare_scalars(actual, expected, rtol, atol, equal_nan, msg, path) -> None:
    kind = "float64" if isinstance(expected, float) or isinstance(actual, float) else ""
    rtol, atol = _tolerances(kind, rtol, atol)
    a, e = float(actual), float(expected)
    if math.isnan(a) and math.isnan(e) and equal_nan:
        return
    if abs(a - e) <= atol + rtol * abs(e):
        return
    _scalar_failure(actual, expected, rtol, atol, msg, path)


def _scalar_failure(actual, expected, rtol, atol, msg, path) -> None:
    actual, expected = (v.item() if isinstance(v, np.generic) else v for v in (actual, expected))
    a, e = float(actual), float(expected)
    _fail(msg or (f"Scalars are not close!\n\nExpected {expected} but got {actual}.\n"
                  f"Absolute difference: {abs(a - e)} (up to {atol} allowed)\n"
                  f"Relative difference: {abs(a - e) / abs(e) if e else math.inf} (up to "
                  f"{rtol} allowed)"), path)


__all__ = ["assert_close"]
