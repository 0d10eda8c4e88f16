"""Conversions of Tensor to Python values, and its device and dtype moves."""
from __future__ import annotations

import numpy as np

from . import _dtype
from ._device import device

# minigrad._tensor sets this once the class exists (the two modules import each other)
Tensor = None


class TensorConvert:
    """Mixin with the conversion and ``to``/``type`` methods of Tensor."""

    __slots__ = ()

    # -- conversions ----------------------------------------------------------------------
    def item(self):
        if self._array.size != 1:
            raise RuntimeError(f"a Tensor with {self._array.size} elements cannot be converted "
                               "to Scalar")
        return self._array.reshape(-1)[0].item()

    def tolist(self):
        return self._array.tolist()

    def numpy(self, force: bool = False) -> np.ndarray:
        """The underlying array (shared memory, like torch)."""
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        return self._array

    def __array__(self, dtype=None, copy=None):
        return self._array if dtype is None else self._array.astype(dtype)

    def __len__(self) -> int:
        if self._array.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._array.shape[0]

    def __iter__(self):
        if self._array.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._array.shape[0]))

    def __bool__(self) -> bool:
        if self._array.size != 1:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous"
                               if self._array.size == 0 else
                               "Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._array.reshape(-1)[0])

    def __float__(self) -> float:
        if self._array.size != 1:
            raise ValueError(ONE_ELEMENT)
        return float(self.item())

    def __int__(self) -> int:
        if self._array.size != 1:
            raise ValueError(ONE_ELEMENT)
        return int(self.item())

    def __index__(self) -> int:
        if self.dtype.is_floating_point or self._array.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __format__(self, spec: str) -> str:
        if self._array.ndim == 0:
            return format(self.item(), spec)
        return format(repr(self), spec)

    # -- device and dtype moves -------------------------------------------------------------
    def to(self, *args, **kwargs) -> "Tensor":
        """``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other_tensor)``."""
        target = kwargs.get("dtype")
        for arg in args + tuple(v for k, v in kwargs.items() if k == "device"):
            if isinstance(arg, Tensor):
                target = arg.dtype
            elif isinstance(arg, _dtype.dtype) or isinstance(arg, np.dtype):
                target = arg
            elif isinstance(arg, (bool, float)) and len(args) == 1 and not kwargs:
                # torch reads a lone float or bool as a 0-d tensor to take the dtype of
                target = _dtype.bool if isinstance(arg, bool) else _dtype.float64
            elif arg is not None:
                device(arg)            # raises for anything but the CPU
        if target is None:
            return self
        target = _dtype.from_numpy_dtype(_dtype.to_numpy_dtype(target))
        if target.np == self._array.dtype and not kwargs.get("copy"):
            return self
        if not target.is_floating_point:         # integer results leave the graph
            with np.errstate(invalid="ignore", over="ignore"):   # nan, inf: as torch, quietly
                return Tensor._make(self._array.astype(target.np), None)
        from .ops.shape import ToCopy
        return ToCopy.apply(self, target.np)

    def cpu(self) -> "Tensor":
        return self

    def cuda(self, *args, **kwargs):
        raise AssertionError("Torch not compiled with CUDA enabled")

    def type(self, dtype=None):
        if dtype is None:
            return "minigrad." + _TENSOR_TYPES[self.dtype.name]
        if isinstance(dtype, str):
            names = {f"{m}.{t}": n for n, t in _TENSOR_TYPES.items() for m in ("torch",
                                                                              "minigrad")}
            if dtype not in names:
                raise ValueError(f"invalid type: '{dtype}'")
            dtype = getattr(_dtype, names[dtype])
        return self.to(dtype)

    def float(self):
        return self.to(_dtype.float32)

    def double(self):
        return self.to(_dtype.float64)

    def half(self):
        return self.to(_dtype.float16)

    def long(self):
        return self.to(_dtype.int64)

    def int(self):
        return self.to(_dtype.int32)

    def bool(self):
        return self.to(_dtype.bool)

    def type_as(self, other):
        if not isinstance(other, Tensor):
            raise TypeError(not_a_tensor("type_as", "other", other))
        return self.to(other.dtype)

    def new_tensor(self, data, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import copy_of, warn_copy_construct
        warn_copy_construct(data, "tensor.new_tensor")
        return copy_of(data, dtype or self.dtype, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import _filled
        return _filled(np.zeros, size, dtype or self.dtype, requires_grad, None,
                       name="new_zeros")

    def new_ones(self, *size, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import _filled
        return _filled(np.ones, size, dtype or self.dtype, requires_grad, None,
                       name="new_ones")

    def new_full(self, size, fill_value, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import full
        return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import _filled
        return _filled(np.empty, size, dtype or self.dtype, requires_grad, None,
                       name="new_empty")


ONE_ELEMENT = "only one element tensors can be converted to Python scalars"
_TENSOR_TYPES = {"float32": "FloatTensor", "float64": "DoubleTensor", "int64": "LongTensor",
                 "int32": "IntTensor", "bool": "BoolTensor", "uint8": "ByteTensor",
                 "float16": "HalfTensor", "int16": "ShortTensor", "int8": "CharTensor"}
_TYPE_WORDS = {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
               "bool": "Bool", "float16": "Half", "uint8": "Byte", "int16": "Short",
               "int8": "Char"}
_C_TYPES = {"float32": "float", "float64": "double", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
            "bool": "bool", "float16": "c10::Half"}


def _type_word(np_dtype) -> str:
    """torch's scalar-type name of a dtype, as error messages print it (``Float``)."""
    return _TYPE_WORDS.get(np.dtype(np_dtype).name, str(np_dtype))


def _c_type(np_dtype) -> str:
    """The C++ name of a dtype, as some of torch's messages print it (``long int``)."""
    return _C_TYPES.get(np.dtype(np_dtype).name, str(np_dtype))


def not_a_tensor(function: str, argument: str, value, position: int = 1) -> str:
    """torch's words for a non-tensor passed where a Tensor argument is required."""
    return (f"{function}(): argument '{argument}' (position {position}) must be Tensor, not "
            f"{type(value).__name__}")


def invalid_arguments(function: str, values: tuple, overloads: tuple, keywords=None) -> str:
    """torch's message for arguments that no overload of ``function`` accepts.

    ``values`` are the positional arguments, ``keywords`` the keyword ones (torch
    lists them after, sorted by name, as ``name=type``).
    """
    got = ", ".join([type(v).__name__ for v in values]
                    + [f"{k}={type(v).__name__}" for k, v in sorted((keywords or {}).items())])
    return (f"{function}() received an invalid combination of arguments - got ({got}), but "
            "expected one of:\n" + "".join(f" * ({o})\n" for o in overloads))
