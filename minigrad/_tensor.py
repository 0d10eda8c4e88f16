"""The Tensor: a NumPy array plus what autograd needs to know about it.

Its methods come from mixins: arithmetic and pointwise functions from
``_tensor_math``, reductions from ``_tensor_reduce``, comparisons from
``_tensor_compare``, shape methods from ``_tensor_shape``, conversions and
dtype moves from ``_tensor_convert``, in-place updates from
``_tensor_inplace``, further pointwise functions (log1p, erf, atan2...) from
``_tensor_pointwise``, sorting and order statistics from ``_tensor_order``,
gather/scatter/index/mask/split methods from ``_tensor_indexing`` and torch's
"other operations" (flip, tril, diag, kron, histc...) from ``_tensor_other``.
This file holds the state and the autograd API.
"""
from __future__ import annotations

import warnings
import weakref

import numpy as np

from . import _dtype
from . import _tensor_convert, _tensor_inplace
from ._device import CPU, Size
from ._tensor_compare import TensorCompare
from ._tensor_convert import TensorConvert, _type_word
from ._tensor_indexing import TensorIndexing
from ._tensor_inplace import TensorInplace
from ._tensor_math import TensorMath
from ._tensor_order import TensorOrder
from ._tensor_other import TensorOther
from ._tensor_pointwise import TensorPointwise
from ._tensor_reduce import TensorReduce
from ._tensor_shape import TensorShape
from ._tensor_str import tensor_repr
from .autograd import grad_mode
from .autograd import function as _function
from .autograd.function import AccumulateGrad

NON_LEAF_GRAD = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad "
    "attribute won't be populated during autograd.backward(). If you indeed want the .grad "
    "field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. "
    "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor "
    "instead. See github.com/pytorch/pytorch/pull/30531 for more information.")


class Tensor(TensorConvert, TensorInplace, TensorMath, TensorReduce, TensorCompare,
             TensorShape, TensorPointwise, TensorOrder, TensorIndexing, TensorOther):
    """An n-dimensional array that can record the operations applied to it."""

    __slots__ = ("_array", "grad_fn", "_output_nr", "_requires_grad", "_grad",
                 "_retains_grad", "_accumulator", "_version", "__dict__", "__weakref__")
    __array_priority__ = 1000   # NumPy defers ``ndarray * tensor`` to Tensor.__rmul__

    def __init__(self, *args, dtype=None):
        """``Tensor(data)`` copies data in the default dtype; ``Tensor(2, 3)`` is uninitialised."""
        default = _dtype.get_default_dtype()
        if len(args) == 1 and not isinstance(args[0], (int, np.integer)):
            from ._creation import _infer_array
            data = args[0]
            array = data._array if isinstance(data, Tensor) else _infer_array(data, dtype)
            array = np.array(array, dtype=_dtype.to_numpy_dtype(dtype or default))
        else:
            shape = tuple(int(n) for n in args) if args else (0,)   # Tensor() is empty
            if shape and min(shape) < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension "
                                   f"{next(n for n in shape if n < 0)}: {list(shape)}")
            array = np.empty(shape, default.np)
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
        if requires_grad and self.grad_fn is not None:   # already true: torch lets it pass
            return self
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

    def storage_offset(self) -> int:
        """Elements between the start of the memory this tensor shares and its first one."""
        owner = self._array
        while isinstance(owner.base, np.ndarray):
            owner = owner.base
        start = owner.__array_interface__["data"][0]
        return (self.data_ptr() - start) // self._array.itemsize

    @property
    def _version_counter(self) -> int:
        return self._version

    # -- printing, copying and pickling ---------------------------------------------------
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


# let the modules the class is built from see it without an import cycle
_function.Tensor = _tensor_convert.Tensor = _tensor_inplace.Tensor = Tensor


def _c_type_name(dt) -> str:
    return {"float32": "float", "float64": "double", "int64": "long int"}.get(dt.name, dt.name)


def _rebuild(array, requires_grad):
    t = Tensor._make(array, None)
    t._requires_grad = requires_grad
    return t
