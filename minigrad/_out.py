"""``out=``: torch's rules for writing a function's result into a tensor the caller gives.

* While autograd records, no argument may require grad: torch does not
  differentiate through ``out=``.
* The result must cast to ``out``'s dtype under "same_kind" (float into an
  integer ``out`` is refused).
* An ``out`` of another shape is resized, with torch's deprecation warning
  unless it was empty.
* ``out`` itself is returned, now holding the result; for functions returning
  (values, indices), ``out`` is a tuple of tensors.
"""
from __future__ import annotations

import functools
import warnings

import numpy as np

from ._tensor_convert import _type_word
from .autograd import grad_mode

RESIZED = ("An output with one or more elements was resized since it had shape {old}, which "
           "does not match the required output shape {new}. This behavior is deprecated, and "
           "in a future PyTorch release outputs will not be resized unless they have zero "
           "elements. You can explicitly reuse an out tensor t by resizing it, inplace, to zero "
           "elements with t.resize_(0).")


def _tensor_cls():
    from ._tensor import Tensor
    return Tensor


def with_out(fn, name: str):
    """``fn`` with an ``out=`` keyword that follows the rules above."""
    @functools.wraps(fn)
    def function(*args, out=None, **kwargs):
        if out is None:
            return fn(*args, **kwargs)
        if grad_mode.is_grad_enabled() and _requires_grad(args, kwargs, out):
            raise RuntimeError(f"{name}(): functions with out=... arguments don't support "
                               "automatic differentiation, but one of the arguments requires "
                               "grad.")
        return write(fn(*args, **kwargs), out)
    function.__name__ = function.__qualname__ = name
    return function


def _requires_grad(args, kwargs, out) -> bool:
    Tensor = _tensor_cls()
    values = list(args) + list(kwargs.values()) + list(out if isinstance(out, (tuple, list))
                                                       else [out])
    return any(isinstance(v, Tensor) and v.requires_grad for v in values)


def write(result, out):
    """Copy ``result`` (a Tensor or a tuple of them) into ``out`` and return ``out``."""
    Tensor = _tensor_cls()
    if isinstance(result, tuple):
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"argument 'out' must be tuple of {len(result)} Tensors")
        written = [write(r, o) for r, o in zip(result, out, strict=True)]
        return type(result)(*written) if hasattr(result, "_fields") else tuple(written)
    if not isinstance(out, Tensor):
        raise TypeError(f"argument 'out' must be Tensor, not {type(out).__name__}")
    if not isinstance(result, Tensor):
        result = Tensor._make(np.asarray(result), None)
    source, target = result._array, out._array
    if not np.can_cast(source.dtype, target.dtype, "same_kind"):
        raise RuntimeError(f"result type {_type_word(source.dtype)} can't be cast to the "
                           f"desired output type {_type_word(target.dtype)}")
    if target.shape != source.shape:
        if target.size:
            warnings.warn(RESIZED.format(old=list(target.shape), new=list(source.shape)),
                          UserWarning, stacklevel=3)
        out._array = np.empty(source.shape, target.dtype)
    np.copyto(out._array, source, casting="same_kind")
    out._version += 1
    return out
