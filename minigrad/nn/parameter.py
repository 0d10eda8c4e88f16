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


_UNINITIALIZED = ("Can't access the shape of an uninitialized parameter or buffer. This error "
                  "usually happens in `load_state_dict` when trying to load an uninitialized "
                  "parameter into an initialized one. Call `forward` to initialize the "
                  "parameters before accessing their attributes.")


class UninitializedTensorMixin:
    """A parameter or buffer of a lazy module whose shape is not known yet: it only keeps
    its dtype until ``materialize(shape)`` makes it a normal one."""

    cls_to_become: type = Tensor

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Give it storage of ``shape`` (uninitialised values) and its final class."""
        dtype = self._array.dtype if dtype is None else np.dtype(dtype.np if hasattr(
            dtype, "np") else dtype)
        shape = (shape,) if isinstance(shape, int) else shape
        if not isinstance(shape, (tuple, list)):
            raise TypeError("empty(): argument 'size' (position 1) must be tuple of ints, not "
                            f"{type(shape).__name__}")
        self._array = np.empty(tuple(shape), dtype)
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(_UNINITIALIZED)

    def size(self, dim=None):
        raise RuntimeError(_UNINITIALIZED)

    def numel(self):
        raise RuntimeError(_UNINITIALIZED)

    def _retyped(self, dtype):
        """A fresh uninitialised tensor of the same kind, recording another dtype."""
        other = type(self)(requires_grad=self.requires_grad) if isinstance(self, Parameter) \
            else type(self)()
        other._array = np.empty((0,), dtype.np)
        return other

    def to(self, *args, **kwargs):
        from .._dtype import dtype as dtype_class
        dtype = kwargs.get("dtype")
        for arg in args:
            if isinstance(arg, dtype_class):
                dtype = arg
        return self if dtype is None else self._retyped(dtype)

    def double(self):
        from .. import _dtype
        return self._retyped(_dtype.float64)

    def float(self):
        from .. import _dtype
        return self._retyped(_dtype.float32)

    def detach(self):
        return self

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    __str__ = __repr__


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A lazy module's parameter before its first forward (becomes a Parameter)."""

    cls_to_become = Parameter

    def __new__(cls, requires_grad: bool = True, device=None, dtype=None):
        from .._dtype import get_default_dtype as default
        self = Parameter.__new__(cls, None, requires_grad)
        self._array = np.empty((0,), (dtype or default()).np)
        return self

    def __init__(self, requires_grad: bool = True, device=None, dtype=None):
        pass


class UninitializedBuffer(UninitializedTensorMixin, Buffer):
    """A lazy module's buffer before its first forward (becomes a Tensor)."""

    cls_to_become = Tensor

    def __new__(cls, requires_grad: bool = False, device=None, dtype=None,
                persistent: bool = True):
        from .._dtype import get_default_dtype as default
        self = Buffer.__new__(cls, None, persistent=persistent)
        self._array = np.empty((0,), (dtype or default()).np)
        return self

    def __init__(self, requires_grad: bool = False, device=None, dtype=None,
                 persistent: bool = True):
        pass


def is_lazy(param) -> bool:
    """Whether ``param`` is an uninitialised parameter or buffer."""
    return isinstance(param, UninitializedTensorMixin)
