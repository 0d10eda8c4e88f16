"""In-place updates of Tensor (``add_``, ``fill_``, ``+=``...) and their autograd checks."""
from __future__ import annotations

import numpy as np

import numbers

from . import _dtype
from ._out import can_cast
from ._tensor_convert import _c_type, _type_word, invalid_arguments, not_a_tensor
from .autograd import grad_mode
from ._tensor_math import _renamed
from .autograd.function import AccumulateGrad, Node
from .ops import shape as shape_ops
from .ops.indexing import Overwrite

MULTI_VIEW_INPLACE = ("Output {} of {} is a view and is being modified inplace. This view is "
                      "the output of a function that returns multiple views. Such functions "
                      "do not allow the output views to be modified inplace. You should "
                      "replace the inplace operation by an out-of-place one.")
OVERLAPPING_INPLACE = ("unsupported operation: more than one element of the written-to tensor "
                      "refers to a single memory location. Please clone() the tensor before "
                      "performing the operation.")
LEAF_INPLACE = "a leaf Variable that requires grad is being used in an in-place operation."
VIEW_OF_LEAF_INPLACE = ("a view of a leaf Variable that requires grad is being used in an "
                        "in-place operation.")

# minigrad._tensor sets this once the class exists (the two modules import each other)
Tensor = None


class TensorInplace:
    """Mixin with the in-place methods of Tensor."""

    __slots__ = ()

    # -- in-place updates ----------------------------------------------------------------------
    def _inplace(self, compute, differentiable=True, overlap_ok=False) -> "Tensor":
        """Run the out-of-place ``compute()`` and make its result this tensor's value.

        When the result is recorded (grad mode and something requires grad) this
        tensor takes over the result's storage and grad_fn, so earlier saved
        values stay intact; a view passes the result on to its base
        (``_write_through``).  Otherwise the values are written into the existing
        storage, which views and ``.data`` aliases share.  An op torch gives no
        derivative (``logical_and_``...) may write into a leaf that requires grad.
        """
        if differentiable and self._requires_grad and grad_mode.is_grad_enabled():
            if self.grad_fn is None:
                raise RuntimeError(LEAF_INPLACE)
            if _is_view_of_leaf(self.grad_fn):
                raise RuntimeError(VIEW_OF_LEAF_INPLACE)
            one_of = getattr(self, "_multi_view", None)     # split, chunk, unbind
            if one_of is not None:
                raise RuntimeError(MULTI_VIEW_INPLACE.format(*one_of))
        if not overlap_ok and any(s == 0 and n > 1 for s, n in zip(
                self._array.strides, self._array.shape, strict=True)):
            raise RuntimeError(OVERLAPPING_INPLACE)     # an expanded tensor, say
        result = compute()
        out = result._array
        if out.shape != self._array.shape:
            raise RuntimeError(f"output with shape {list(self._array.shape)} doesn't match the "
                               f"broadcast shape {list(out.shape)}")
        if not can_cast(out.dtype, self._array.dtype):       # torch's rule: int64 -> uint8 ok
            raise RuntimeError(f"result type {_type_word(out.dtype)} can't be cast to the "
                               f"desired output type {_type_word(self._array.dtype)}")
        if result.grad_fn is not None:
            if out.dtype != self._array.dtype:
                result = result.to(self.dtype)
            if not self._write_through(result):
                old = self._array
                _take(self, result)
                _follow(self, old)
        else:
            np.copyto(self._array, out, casting="unsafe")
        self._version += 1
        return self

    def _write_through(self, result) -> bool:
        """A recorded in-place op on a view: the tensor the view looks into (its base) takes
        ``result`` in the view's place, in new memory recorded as torch's CopySlices node
        (the old memory keeps the values saved for backward), and every view of the base,
        this one included, becomes the same view of the new memory (AsStridedBackward0).
        False when this tensor is not such a view (or no longer one: the base's memory
        was replaced since)."""
        base = getattr(self, "_view_base", None)
        if base is None:
            return False
        old = base._array
        geometry = shape_ops.view_geometry(self._array, old)
        if geometry is None:
            return False
        _take(base, shape_ops.CopySlices.apply(base, result, geometry))
        base._version += 1
        _follow(base, old)
        return True

    def zero_(self):
        return self._overwrite(np.zeros((), self._array.dtype), "ZeroBackward0")

    def fill_(self, value):
        if isinstance(value, Tensor):
            if value.ndim:
                raise RuntimeError("fill_ only supports 0-dimension value tensor but got tensor "
                                   f"with {value.ndim} dimensions.")
            name = "FillBackward3"              # cast as tensors are: 300 -> 44 in int8
        elif not isinstance(value, (numbers.Number, np.generic)):
            raise TypeError(invalid_arguments("fill_", (value,), ("Tensor value",
                                                                  "Number value")))
        else:                                   # read as a C++ Scalar: overflow is an error
            value = np.asarray(_dtype.checked_scalar(value, self._array.dtype))
            name = "FillBackward2"
        return self._overwrite(value, name)

    def _overwrite(self, value, name: str):
        """Make ``value`` (a tensor or an array, broadcast) this tensor's value, by an op
        that does not read the old one: in a graph the old values get a zero gradient
        (torch's ``name`` node) and a tensor ``value`` the gradient of the result."""
        def compute():
            with np.errstate(over="ignore", invalid="ignore"):   # a float32 1e10 as a Half
                return _renamed(Overwrite.apply(self, value), name)
        return self._inplace(compute, overlap_ok=True)

    def copy_(self, src, non_blocking=False):
        if not isinstance(src, (Tensor, np.ndarray, numbers.Number, np.generic)):
            raise TypeError(not_a_tensor("copy_", "other", src))
        # a number is copied as a 0-d tensor: cast like one (300 -> 44 in int8)
        source = src if isinstance(src, Tensor) else Tensor._make(np.asarray(src), None)
        shape, src_shape = self._array.shape, source._array.shape
        if len(src_shape) > len(shape) or any(n not in (1, m) for n, m in zip(
                reversed(src_shape), reversed(shape), strict=False)):
            from ._tensor_math import _broadcast_message
            try:
                wide = np.broadcast_shapes(shape, src_shape)
            except ValueError:
                raise RuntimeError(_broadcast_message(self, source)) from None
            raise RuntimeError(f"output with shape {list(shape)} doesn't match the broadcast "
                               f"shape {list(wide)}")
        return self._overwrite(source.to(self.dtype), "CopyBackwards")

    def add_(self, other, *, alpha=1):
        return self._inplace(lambda: self.add(other, alpha=alpha))

    def sub_(self, other, *, alpha=1):
        return self._inplace(lambda: self.sub(other, alpha=alpha))

    def mul_(self, other):
        return self._inplace(lambda: self * other)

    def div_(self, other, *, rounding_mode=None):
        return self._inplace(lambda: self.div(other, rounding_mode=rounding_mode))

    def pow_(self, exponent):
        return self._inplace(lambda: self ** exponent)

    def clamp_(self, min=None, max=None):
        for bound in (min, max):
            check_number_bound(self, bound)
        return self._inplace(lambda: self.clamp(min, max))

    clip_ = clamp_

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
        _random_dtype(self, "check_uniform_bounds")
        if a > b:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                               f"from={a:g} > to={b:g}")
        sample = random.uniform(self._array.shape, a, b, self._array.dtype, generator)
        return self._overwrite(sample, "UniformBackward0")

    def normal_(self, mean=0.0, std=1.0, generator=None):
        from . import random
        _random_dtype(self, "normal_kernel_cpu")
        if std < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {std:g}")
        sample = random.normal(self._array.shape, mean, std, self._array.dtype, generator)
        return self._overwrite(sample, "NormalBackward0")

    def __iadd__(self, other):
        return self.add_(other)

    def __isub__(self, other):
        return self.sub_(other)

    def __imul__(self, other):
        return self.mul_(other)

    def __itruediv__(self, other):
        return self.div_(other)


def _take(t, source) -> None:
    """``t`` becomes ``source`` (its memory, node and output number), as an in-place op
    makes the tensor it changes.  A retained gradient moves along: torch retains the
    gradient of the newest version."""
    old_fn, old_nr = t.grad_fn, t._output_nr
    t._array, t.grad_fn, t._output_nr = source._array, source.grad_fn, source._output_nr
    t._requires_grad = source._requires_grad
    store = t.__dict__.get("_retain_hook")
    if t._retains_grad and store is not None and old_fn is not None and t.grad_fn is not None:
        old_fn._pre_hooks.get(old_nr, []).remove(store)
        t.grad_fn._add_pre_hook(t._output_nr, store)


def _follow(base, old) -> None:
    """After an in-place op gave ``base`` new memory: every live view of it still in the
    ``old`` memory becomes the same view of the new one (torch's views share the memory
    that the op wrote into)."""
    views = getattr(base, "_views", None)
    if not views:
        return
    if base._array.strides != old.strides:       # lay the new values out as the old ones
        base._array = np.array(base._array, order="F" if old.flags.f_contiguous and not
                               old.flags.c_contiguous else "C")
    for view in list(views):
        where = shape_ops.view_geometry(view._array, old)
        if where is not None and view is not base:
            _take(view, shape_ops.AsStrided.apply(base, where))
            view._version += 1


def _is_view_of_leaf(node) -> bool:
    """True when ``node`` is a chain of view ops (slicing, view, transpose...) on a leaf."""
    from .ops import shape as ops
    views = (ops.View, ops.Permute, ops.Expand, ops.Slice, ops.Select)
    while isinstance(node, Node) and issubclass(node.fn, views):
        node = node.edges[0][0]
    return isinstance(node, AccumulateGrad)


def _random_dtype(t, kernel: str) -> None:
    """torch draws uniform and normal samples into floating tensors only."""
    if t._array.dtype.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for '
                                  f"'{_type_word(t._array.dtype)}'")


def check_number_bound(t, bound) -> None:
    """clamp_ and its one-sided forms with a number that would change the tensor's type (a
    float for an int tensor, an int for a bool one): torch's clamp kernels name the
    tensor's C++ type ("long int", "bool"), where other in-place ops say "Long", "Bool"."""
    if isinstance(bound, (numbers.Number, np.generic)):
        result = _dtype.result_type(t._array, bound)
        if not can_cast(result, t._array.dtype):
            raise RuntimeError(f"result type {_type_word(result)} can't be cast to the desired "
                               f"output type {_c_type(t._array.dtype)}")
