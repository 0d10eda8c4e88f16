"""Parameter and Buffer: tensors that a Module registers when they are assigned to it."""
from __future__ import annotations

import numpy as np

from .._dtype import get_default_dtype
from .._tensor import Tensor


class Parameter(Tensor):
    """A Tensor that is a module parameter: a leaf that requires grad by default.

    ``Parameter(data)`` shares storage with ``data``; arithmetic on a Parameter
    returns plain Tensors.
    """

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True):
        if data is None:
            array = np.empty((0,), get_default_dtype().np)
        elif not isinstance(data, Tensor):
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        else:
            array = data._array
        if requires_grad and array.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        self = Tensor.__new__(cls)
        self._init(array, None, 0)
        self.requires_grad = requires_grad
        return self

    def __init__(self, data=None, requires_grad: bool = True):
        pass

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    def __reduce_ex__(self, protocol):
        return (_rebuild_parameter, (self._array, self.requires_grad))


class Buffer(Tensor):
    """Marks a tensor as a buffer when assigned to a Module (``persistent`` for state_dict)."""

    def __new__(cls, data: Tensor | None = None, *, persistent: bool = True):
        if data is not None and not isinstance(data, Tensor):
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        array = np.empty((0,), get_default_dtype().np) if data is None else data._array
        self = Tensor.__new__(cls)
        self._init(array, None, 0)
        self.persistent = persistent
        return self

    def __init__(self, data=None, *, persistent: bool = True):
        pass


def _rebuild_parameter(array, requires_grad):
    return Parameter(Tensor._make(array, None), requires_grad)
