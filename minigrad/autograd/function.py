"""Differentiable functions and the graph nodes they leave behind.

Every differentiable op is a subclass of :class:`Function` with a static
``forward`` and ``backward``.  Calling ``Op.apply(*inputs)`` runs ``forward``
and, when some input requires grad, records a :class:`Node` (the tensor's
``grad_fn``).  The node doubles as the ``ctx`` object handed to both methods,
as in PyTorch.

Two kinds of Function share this machinery:

* built-in primitives (``on_arrays = True``): ``forward`` and ``backward``
  work on raw NumPy arrays, the fast path;
* user-defined functions (the default): ``forward`` and ``backward`` get and
  return Tensors, exactly like ``torch.autograd.Function``.
"""
from __future__ import annotations

import itertools
import weakref

import numpy as np

from . import grad_mode

# minigrad._tensor sets this once the class exists (the two modules import each other)
Tensor = None

_sequence = itertools.count()

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors "
    "after they have already been freed). Saved intermediate values of the graph are freed "
    "when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to "
    "backward through the graph a second time or if you need to access saved tensors after "
    "calling backward.")


class Node:
    """A recorded call of a Function: the ``grad_fn`` of its outputs and its ``ctx``."""

    def __init__(self, fn_cls, inputs):
        self.fn = fn_cls
        self.sequence_nr = next(_sequence)
        edges, shapes, dtypes, ids = [], [], [], []
        for x in inputs:
            if isinstance(x, Tensor):
                edges.append(_edge_of(x))
                shapes.append(x._array.shape)
                dtypes.append(x._array.dtype)
                ids.append(id(x._array))
            else:
                edges.append((None, 0))
                shapes.append(None)
                dtypes.append(None)
                ids.append(None)
        self.edges = tuple(edges)              # one (node, output_nr) per forward argument
        self.needs_input_grad = tuple(e[0] is not None for e in edges)
        self.input_shapes = tuple(shapes)
        self.input_dtypes = tuple(dtypes)
        self._input_ids = tuple(ids)
        self._saved = ()
        self._freed = False
        self._output_ids = ()
        self._unpack_as_tensors = False
        self._pre_hooks = {}     # output_nr -> list of tensor hooks (retain_grad, register_hook)
        self._hooks = []         # node hooks: hook(grad_inputs, grad_outputs)
        self.materialize_grads = True
        self.n_outputs = 1
        self.name_override = None
        self.metadata = {}

    # -- the ctx API ---------------------------------------------------------------
    def save_for_backward(self, *values) -> None:
        """Keep ``values`` (inputs or outputs) for ``backward``; freed after it runs."""
        self._saved = values

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        if not self._unpack_as_tensors:
            return self._saved
        return tuple(self._as_tensor(v) for v in self._saved)

    def mark_non_differentiable(self, *outputs) -> None:
        self.metadata["non_differentiable"] = {id(o) for o in outputs}

    def set_materialize_grads(self, value: bool) -> None:
        self.materialize_grads = bool(value)

    def mark_dirty(self, *tensors) -> None:
        self.metadata["dirty"] = tensors

    # -- graph inspection -----------------------------------------------------------
    @property
    def next_functions(self):
        """(node, output_nr) for each tensor input, as torch shows them."""
        return tuple(e for e, key in zip(self.edges, self._input_ids, strict=True)
                     if key is not None)

    def name(self) -> str:
        if self.name_override:
            return self.name_override
        return getattr(self.fn, "grad_fn_name", None) or self.fn.__name__ + "Backward"

    def register_hook(self, hook):
        self._hooks.append(hook)
        return _RemovableHandle(self._hooks, hook)

    def register_prehook(self, hook):
        """``hook(grad_outputs)`` with a tuple, before the node runs; may return a new tuple."""
        def on_output(grad):
            result = hook((grad,))
            return None if result is None else result[0]
        return self._add_pre_hook(0, on_output)

    def _add_pre_hook(self, output_nr, hook):
        hooks = self._pre_hooks.setdefault(output_nr, [])
        hooks.append(hook)
        return _RemovableHandle(hooks, hook)

    def __repr__(self) -> str:
        return f"<{self.name()} object at {hex(id(self))}>"

    # -- used by the engine ------------------------------------------------------------
    def release(self) -> None:
        """Drop saved values after a backward pass without ``retain_graph``."""
        self._saved = ()
        self._freed = True

    def _adopt_output(self, value):
        """Make a scalar result an array, also where ``forward`` saved it."""
        array = np.asarray(value)
        self._saved = tuple(array if v is value else v for v in self._saved)
        return array

    def _as_tensor(self, value):
        """Map a saved array back to the tensor it came from, keeping graph identity."""
        if not isinstance(value, np.ndarray):
            return value
        key = id(value)
        if key in self._input_ids:
            node, nr = self.edges[self._input_ids.index(key)]
            if isinstance(node, AccumulateGrad):
                return node.variable
            return Tensor._make(value, node, nr)
        if key in self._output_ids:
            return Tensor._make(value, self, self._output_ids.index(key))
        return Tensor._make(value, None)


class AccumulateGrad:
    """The graph node of a leaf that requires grad: adds incoming gradient to ``.grad``."""

    def __init__(self, variable):
        self.variable = variable
        self.sequence_nr = float("inf")  # leaves run last
        self.edges = self.next_functions = ()
        self._pre_hooks = {}
        self._hooks = []
        self.metadata = {}

    def name(self) -> str:
        return "torch::autograd::AccumulateGrad"

    def __repr__(self) -> str:
        return f"<AccumulateGrad object at {hex(id(self))}>"

    register_hook = Node.register_hook
    register_prehook = Node.register_prehook
    _add_pre_hook = Node._add_pre_hook


class _RemovableHandle:
    def __init__(self, hooks, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _edge_of(x):
    """The (node, output_nr) that gradient for tensor ``x`` flows into."""
    if not x._requires_grad:
        return (None, 0)
    if x.grad_fn is not None:
        return (x.grad_fn, x._output_nr)
    return (x._grad_accumulator(), 0)


class FunctionMeta(type):
    """Gives each Function subclass its torch-style backward name."""

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        if "grad_fn_name" not in namespace and namespace.get("on_arrays"):
            cls.grad_fn_name = name + "Backward0"


class Function(metaclass=FunctionMeta):
    """Base class of differentiable operations; subclass and call ``apply``.

    >>> class Square(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 2 * x * grad          # d x^2/dx = 2x
    """

    on_arrays = False          # built-in primitives set True: forward/backward on ndarrays
    once_differentiable = False  # True: backward itself cannot be differentiated
    view_op = False            # True: the output may be a view of the first input's memory

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom "
                                  "autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for "
                                  "your custom autograd.Function to use it with backward "
                                  "mode AD.")

    @classmethod
    def apply(cls, *args):
        if observe_op is not None:     # an instrument is on: it runs the op (instruments.py)
            return observe_op(cls, args, _apply)
        return _apply(cls, args)


# The per-op instrument hook: None while every instrument (anomaly mode, profiler...) is
# off.  ``autograd/instruments.py`` sets it to ``observe_op(cls, args, run)``, which must
# return ``run(cls, args)``.
observe_op = None


def _apply(cls, args):
    """Run ``cls.forward`` and, when some input requires grad, record its graph node."""
    record = False
    if grad_mode._enabled:
        for a in args:
            if isinstance(a, Tensor) and a._requires_grad:
                record = True
                break
    ctx = Node(cls, args) if record else _UnrecordedContext()
    if cls.on_arrays:
        arrays = [a._array if isinstance(a, Tensor) else a for a in args]
        # torch's kernels answer inf or nan for log(0), 0/0, overflow... silently; NumPy's
        # warn (or raise, under np.seterr(all="raise")): not while minigrad computes
        with np.errstate(all="ignore"):
            out = cls.forward(ctx, *arrays)
        if type(out) is tuple:                 # a multi-output op (split, an LSTM cell...)
            return _wrap_outputs(ctx, out, record)
        if not record:
            result = Tensor._make(out, None)
        else:
            if type(out) is not np.ndarray:    # 0-d results may come back as NumPy scalars
                out = ctx._adopt_output(out)
            ctx._output_ids = (id(out),)
            result = Tensor._make(out, ctx)
        if cls.view_op:
            _note_view(result, args[0])
        return result
    return _apply_user_function(cls, ctx, args, record)


def _owner(array):
    """The object that owns ``array``'s memory, at the end of its chain of ``base``s (which
    passes through the wrapper that NumPy's ``as_strided`` puts in between)."""
    while getattr(array, "base", None) is not None:
        array = array.base
    return array


def _note_view(view, source) -> None:
    """Link ``view`` and the tensor whose memory it shares (the first tensor of a chain of
    views, its base), both ways, so that an in-place op on one view can write through to
    the base and the base's other views (see ``TensorInplace._write_through``)."""
    if view._array.base is not None and _owner(view._array) is _owner(source._array):
        base = getattr(source, "_view_base", source)
        view._view_base = base
        if getattr(source, "_multi_view", None) is not None and view.grad_fn is not None:
            # a view of one of split's outputs is one too, named after its own op
            view._multi_view = (0, view.grad_fn.name().removesuffix("Backward0"))
        views = getattr(base, "_views", None)
        if views is None:
            views = base._views = weakref.WeakSet()
        views.add(view)


def _wrap_outputs(ctx, outs, record):
    """Tensors for the arrays of a multi-output op: output ``nr`` of the node is ``outs[nr]``."""
    if not record:
        return tuple(Tensor._make(o, None) for o in outs)
    ctx.n_outputs = len(outs)
    ctx._output_ids = tuple(id(o) for o in outs)
    ctx.output_meta = tuple((o.shape, o.dtype) for o in outs)   # zeros for unused outputs
    return tuple(Tensor._make(o, ctx, nr) for nr, o in enumerate(outs))


class _UnrecordedContext:
    """The ctx handed to ``forward`` when nothing requires grad; saves nothing."""

    needs_input_grad = ()

    def save_for_backward(self, *values):
        pass

    def mark_non_differentiable(self, *outputs):
        pass

    def set_materialize_grads(self, value):
        pass

    def mark_dirty(self, *tensors):
        pass


def _apply_user_function(cls, ctx, args, record):
    """Run a Tensor-level custom Function and hook its outputs into the graph."""
    with grad_mode.no_grad():
        outputs = cls.forward(ctx, *args)
    is_tuple = isinstance(outputs, tuple)
    outputs = outputs if is_tuple else (outputs,)
    if not record:
        return outputs if is_tuple else outputs[0]
    ctx.n_outputs = len(outputs)
    non_diff = ctx.metadata.get("non_differentiable", set())
    wrapped = []
    for nr, out in enumerate(outputs):
        if isinstance(out, Tensor) and id(out) not in non_diff and out.dtype.is_floating_point:
            out = Tensor._make(out._array, ctx, nr)
        wrapped.append(out)
    ctx._output_ids = tuple(id(o._array) if isinstance(o, Tensor) else None for o in wrapped)
    ctx.output_meta = tuple((o.shape, o._array.dtype) if isinstance(o, Tensor) else ((), None)
                            for o in wrapped)
    return tuple(wrapped) if is_tuple else wrapped[0]


class OnceDifferentiable(Function):
    """Stands in a ``create_graph`` graph for the backward of a once-differentiable op."""

    on_arrays = True

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("trying to differentiate twice a function that was marked with "
                           "@once_differentiable")


def once_differentiable(backward):
    """Decorator kept for API parity: minigrad runs such backward on plain data."""
    return backward
