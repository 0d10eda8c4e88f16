"""The Tensor: a NumPy array plus what autograd needs to know about it.

Math and shape methods live in the mixins of ``_tensor_math`` and
``_tensor_shape``; this file holds the state, the autograd API, conversions
and in-place updates.
"""
from __future__ import annotations

import warnings
import weakref

import numpy as np

from . import _dtype
from ._tensor_math import TensorMath
from ._tensor_shape import TensorShape
from ._tensor_str import tensor_repr
from .autograd import grad_mode
from .autograd.engine import run_backward
from .autograd import function as _function
from .autograd.function import AccumulateGrad, Node

LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_OF_LEAF_INPLACE = ("a view of a leaf Variable that requires grad is being used in an "
                        "in-place operation.")
NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")


class Size(tuple):
    """A shape, printed like ``torch.Size``."""

    def __repr__(self) -> str:
        return f"minigrad.Size({list(self)})"

    def numel(self) -> int:
        return int(np.prod(self, dtype=np.int64))


class device:
    """Only ``device('cpu')`` exists; CUDA queries answer False."""

    def __init__(self, type: str = "cpu", index=None):
        text = str(type)
        if text.split(":")[0] != "cpu":
            raise RuntimeError(f"minigrad runs on the CPU only; got device '{text}' "
                               "(use bridge for CUDA training with PyTorch)")
        self.type, self.index = "cpu", index

    def __repr__(self) -> str:
        return "device(type='cpu')"

    def __str__(self) -> str:
        return "cpu"

    def __eq__(self, other) -> bool:
        return str(other) == "cpu" if not isinstance(other, device) else True

    def __hash__(self) -> int:
        return hash("cpu")


CPU = device("cpu")


class Tensor(TensorMath, TensorShape):
    """An n-dimensional array that can record the operations applied to it."""

    __slots__ = ("_array", "grad_fn", "_output_nr", "_requires_grad", "_grad",
                 "_retains_grad", "_accumulator", "_version", "__dict__", "__weakref__")
    __array_priority__ = 1000   # NumPy defers ``ndarray * tensor`` to Tensor.__rmul__

    def __init__(self, *args, dtype=None):
        """``Tensor(data)`` copies data as float32; ``Tensor(2, 3)`` is uninitialised."""
        if len(args) == 1 and not isinstance(args[0], (int, np.integer)):
            data = args[0]
            array = data._array if isinstance(data, Tensor) else data
            array = np.array(array, dtype=_dtype.to_numpy_dtype(dtype or _dtype.float32))
        else:
            shape = tuple(int(n) for n in args) if args else (0,)   # Tensor() is empty
            array = np.empty(shape, _dtype.float32.np)
        self._init(array, None, 0)

    def _init(self, array, grad_fn, output_nr):
        self._array = array
        self.grad_fn = grad_fn
        self._output_nr = output_nr
        self._requires_grad = grad_fn is not None
        self._grad = None
        self._retains_grad = False
        self._accumulator = None
        self._version = 0

    @staticmethod
    def _make(array, grad_fn, output_nr=0):
        """Fast internal constructor: wrap ``array`` (no copy) with an optional grad_fn."""
        if type(array) is not np.ndarray:
            array = np.asarray(array)
        t = Tensor.__new__(Tensor)
        t._init(array, grad_fn, output_nr)
        return t

    # -- autograd state ----------------------------------------------------------------
    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if self.grad_fn is not None:
            message = "you can only change requires_grad flags of leaf variables."
            if not value:
                message += (" If you want to use a computed variable in a subgraph that "
                            "doesn't require differentiation use var_no_grad = var.detach().")
            raise RuntimeError(message)
        if value and not self.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = bool(value)

    def requires_grad_(self, requires_grad: bool = True) -> "Tensor":
        self.requires_grad = requires_grad
        return self

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def grad(self):
        if self.grad_fn is not None and not self._retains_grad:
            warnings.warn(NON_LEAF_GRAD, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad "
                                f"of type {type(value).__name__}")
            if value.shape != self.shape:
                raise RuntimeError(f"attempting to assign a gradient of size "
                                   f"'{list(value.shape)}' to a tensor of size "
                                   f"'{list(self.shape)}'. Please ensure that the gradient and "
                                   "the tensor are the same size")
            if value.dtype is not self.dtype:
                raise RuntimeError(f"attempting to assign a gradient with dtype "
                                   f"'{_c_type_name(value.dtype)}' to a tensor with grad_dtype "
                                   f"'{_type_word(self._array.dtype)}'. The gradient must match "
                                   "the tensor's grad_dtype (defaults to the tensor's dtype).")
        self._grad = value

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad

    def _grad_accumulator(self) -> AccumulateGrad:
        """The AccumulateGrad node of this leaf (held weakly: the graph owns it)."""
        node = self._accumulator() if self._accumulator is not None else None
        if node is None:
            node = AccumulateGrad(self)
            self._accumulator = weakref.ref(node)
        return node

    def retain_grad(self) -> None:
        """Keep ``.grad`` of a non-leaf tensor after backward."""
        if not self.requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is None or self._retains_grad:
            return
        self._retains_grad = True
        this = weakref.ref(self)

        def store(grad):
            tensor = this()
            if tensor is not None:
                g = grad.detach() if not grad_mode.is_grad_enabled() else grad
                tensor._grad = g.clone() if tensor._grad is None else tensor._grad + g
        self.__dict__["_retain_hook"] = store
        self.grad_fn._add_pre_hook(self._output_nr, store)

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed; it may return a new one."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            handle = self.grad_fn._add_pre_hook(self._output_nr, hook)
            store = self.__dict__.get("_retain_hook")
            if store is not None:             # like torch, .grad keeps the hooked gradient
                hooks = self.grad_fn._pre_hooks[self._output_nr]
                hooks.remove(store)
                hooks.append(store)
            return handle
        # a leaf's hooks run before accumulation; keep its accumulator alive for them
        node = self._grad_accumulator()
        self.__dict__["_hooked_accumulator"] = node
        return node._add_pre_hook(0, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Compute the gradient of this tensor w.r.t. graph leaves (see torch.Tensor.backward)."""
        from .autograd import backward
        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self) -> "Tensor":
        """A new tensor sharing storage, cut from the graph."""
        return Tensor._make(self._array, None)

    def detach_(self) -> "Tensor":
        self.grad_fn, self._requires_grad = None, False
        return self

    @property
    def data(self) -> "Tensor":
        return self.detach()

    @data.setter
    def data(self, value: "Tensor") -> None:
        self._array = value._array if isinstance(value, Tensor) else np.asarray(value)

    # -- basic properties -------------------------------------------------------------
    @property
    def dtype(self):
        return _dtype.from_numpy_dtype(self._array.dtype)

    @property
    def shape(self) -> Size:
        return Size(self._array.shape)

    def size(self, dim=None):
        if dim is None:
            return Size(self._array.shape)
        return self._array.shape[self._dim(dim)]

    def dim(self) -> int:
        return self._array.ndim

    @property
    def ndim(self) -> int:
        return self._array.ndim

    def numel(self) -> int:
        return self._array.size

    nelement = numel

    def element_size(self) -> int:
        return self._array.itemsize

    @property
    def device(self):
        return CPU

    is_cuda = False

    def is_floating_point(self) -> bool:
        return self.dtype.is_floating_point

    def is_contiguous(self) -> bool:
        return self._array.flags.c_contiguous

    def stride(self, dim=None):
        strides = tuple(s // self._array.itemsize for s in self._array.strides)
        return strides if dim is None else strides[self._dim(dim)]

    def data_ptr(self) -> int:
        return self._array.__array_interface__["data"][0]

    @property
    def _version_counter(self) -> int:
        return self._version

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
            raise RuntimeError(f"Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._array.reshape(-1)[0])

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
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

    def __repr__(self) -> str:
        return tensor_repr(self)

    __str__ = __repr__

    __hash__ = object.__hash__

    def __reduce_ex__(self, protocol):
        return (_rebuild, (self._array, self.requires_grad))

    def __deepcopy__(self, memo):
        if not self.is_leaf:
            raise RuntimeError("Only Tensors created explicitly by the user (graph leaves) "
                               "support the deepcopy protocol at the moment.  If you were "
                               "attempting to deepcopy a module, this may be because of a "
                               "torch.nn.utils.weight_norm usage, see "
                               "https://github.com/pytorch/pytorch/pull/103001")
        new = type(self).__new__(type(self))
        new._init(self._array.copy(), None, 0)
        new._requires_grad = self._requires_grad
        if self._grad is not None:
            new._grad = self._grad.__deepcopy__(memo)
        new.__dict__.update({k: v for k, v in self.__dict__.items()})
        memo[id(self)] = new
        return new

    # -- device and dtype moves -------------------------------------------------------------
    def to(self, *args, **kwargs) -> "Tensor":
        """``to(dtype)``, ``to(device)``, ``to(device, dtype)`` or ``to(other_tensor)``."""
        target = kwargs.get("dtype")
        for arg in args + tuple(v for k, v in kwargs.items() if k == "device"):
            if isinstance(arg, Tensor):
                target = arg.dtype
            elif isinstance(arg, _dtype.dtype) or isinstance(arg, np.dtype):
                target = arg
            elif arg is not None:
                device(arg)            # raises for anything but the CPU
        if target is None:
            return self
        target = _dtype.from_numpy_dtype(_dtype.to_numpy_dtype(target))
        if target.np == self._array.dtype and not kwargs.get("copy"):
            return self
        if not target.is_floating_point:         # integer results leave the graph
            return Tensor._make(self._array.astype(target.np), None)
        from .ops.shape import ToCopy
        return ToCopy.apply(self, target.np)

    def cpu(self) -> "Tensor":
        return self

    def cuda(self, *args, **kwargs):
        raise AssertionError("Torch not compiled with CUDA enabled")

    def type(self, dtype=None):
        if dtype is None:
            names = {"float32": "FloatTensor", "float64": "DoubleTensor", "int64": "LongTensor",
                     "int32": "IntTensor", "bool": "BoolTensor", "uint8": "ByteTensor",
                     "float16": "HalfTensor", "int16": "ShortTensor", "int8": "CharTensor"}
            return "minigrad." + names[self.dtype.name]
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
        return self.to(other.dtype)

    def new_tensor(self, data, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import tensor
        return tensor(data, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_zeros(self, *size, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import zeros
        return zeros(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_ones(self, *size, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import ones
        return ones(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_full(self, size, fill_value, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import full
        return full(size, fill_value, dtype=dtype or self.dtype, requires_grad=requires_grad)

    def new_empty(self, *size, dtype=None, requires_grad=False) -> "Tensor":
        from ._creation import empty
        return empty(*size, dtype=dtype or self.dtype, requires_grad=requires_grad)

    # -- in-place updates ----------------------------------------------------------------------
    def _inplace(self, compute) -> "Tensor":
        """Run the out-of-place ``compute()`` and make its result this tensor's value.

        When the result is recorded (grad mode and something requires grad) this
        tensor takes over the result's storage and grad_fn, so earlier saved
        values stay intact.  Otherwise the values are written into the existing
        storage, which views and ``.data`` aliases share.
        """
        if self._requires_grad and grad_mode.is_grad_enabled():
            if self.grad_fn is None:
                raise RuntimeError(LEAF_INPLACE)
            if _is_view_of_leaf(self.grad_fn):
                raise RuntimeError(VIEW_OF_LEAF_INPLACE)
        result = compute()
        out = result._array
        if out.shape != self._array.shape:
            raise RuntimeError(f"output with shape {list(self._array.shape)} doesn't match the "
                               f"broadcast shape {list(out.shape)}")
        if not np.can_cast(out.dtype, self._array.dtype, "same_kind"):
            raise RuntimeError(f"result type {_type_word(out.dtype)} can't be cast to the "
                               f"desired output type {_type_word(self._array.dtype)}")
        if result.grad_fn is not None:
            if out.dtype != self._array.dtype:
                result = result.to(self.dtype)
            self._array = result._array
            self.grad_fn, self._output_nr = result.grad_fn, result._output_nr
            self._requires_grad = True
        else:
            np.copyto(self._array, out, casting="same_kind")
        self._version += 1
        return self

    def zero_(self):
        return self.fill_(0)

    def fill_(self, value):
        return self._inplace(lambda: _full_like(self, value))

    def copy_(self, src, non_blocking=False):
        source = src if isinstance(src, Tensor) else Tensor._make(np.asarray(src), None)
        return self._inplace(lambda: source.to(self.dtype).expand(self.shape) + self * 0
                             if source.requires_grad and grad_mode.is_grad_enabled()
                             else Tensor._make(np.broadcast_to(source._array, self._array.shape)
                                               .astype(self._array.dtype), None))

    def add_(self, other, *, alpha=1):
        return self._inplace(lambda: self.add(other, alpha=alpha))

    def sub_(self, other, *, alpha=1):
        return self._inplace(lambda: self.sub(other, alpha=alpha))

    def mul_(self, other):
        return self._inplace(lambda: self * other)

    def div_(self, other):
        return self._inplace(lambda: self / other)

    def pow_(self, exponent):
        return self._inplace(lambda: self ** exponent)

    def clamp_(self, min=None, max=None):
        return self._inplace(lambda: self.clamp(min, max))

    def relu_(self):
        return self._inplace(self.relu)

    def neg_(self):
        return self._inplace(self.neg)

    def exp_(self):
        return self._inplace(self.exp)

    def sqrt_(self):
        return self._inplace(self.sqrt)

    def masked_fill_(self, mask, value):
        return self._inplace(lambda: self.masked_fill(mask, value))

    def uniform_(self, a=0.0, b=1.0, generator=None):
        from . import random
        sample = random.uniform(self._array.shape, a, b, self._array.dtype, generator)
        return self._inplace(lambda: Tensor._make(sample, None))

    def normal_(self, mean=0.0, std=1.0, generator=None):
        from . import random
        sample = random.normal(self._array.shape, mean, std, self._array.dtype, generator)
        return self._inplace(lambda: Tensor._make(sample, None))

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)


_function.Tensor = Tensor    # let autograd.function see the class without an import cycle


def _is_view_of_leaf(node) -> bool:
    """True when ``node`` is a chain of view ops (slicing, view, transpose...) on a leaf."""
    from .ops import shape as ops
    views = (ops.View, ops.Permute, ops.Expand, ops.Slice, ops.Select)
    while isinstance(node, Node) and issubclass(node.fn, views):
        node = node.edges[0][0]
    return isinstance(node, AccumulateGrad)


def _c_type_name(dt) -> str:
    return {"float32": "float", "float64": "double", "int64": "long int"}.get(dt.name, dt.name)


def _full_like(t, value):
    return Tensor._make(np.full(t._array.shape, value, t._array.dtype), None)


def _type_word(np_dtype) -> str:
    return {"float32": "Float", "float64": "Double", "int64": "Long", "int32": "Int",
            "bool": "Bool", "float16": "Half", "uint8": "Byte"}.get(np.dtype(np_dtype).name,
                                                                     str(np_dtype))


def _rebuild(array, requires_grad):
    t = Tensor._make(array, None)
    t._requires_grad = requires_grad
    return t
