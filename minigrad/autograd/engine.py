"""The backward pass: the only place that knows about graph order.

``run_backward`` walks the graph of ``grad_fn`` nodes from the roots in
reverse creation order (a node runs once every consumer has sent its
gradient), sums gradients that meet at a node, undoes broadcasting, calls
tensor hooks, accumulates into leaves and frees saved values.  Backward rules
themselves stay plain math.

Gradients travel as NumPy arrays.  With ``create_graph=True`` they travel as
Tensors instead and every backward rule is recorded like any other op, which
gives higher-order derivatives.
"""
from __future__ import annotations

import functools
import heapq
import itertools

import numpy as np

from . import function as _function, grad_mode
from .._dtype import from_numpy_dtype
from .function import AccumulateGrad, Node, OnceDifferentiable, _edge_of


# The per-node instrument hook: None while every instrument (anomaly mode, trace,
# profiler...) is off.  ``autograd/instruments.py`` sets it to
# ``observe_node(node, grads, run)``, which must return ``run(node, grads)``: the gradients
# the node sends along ``node.edges`` (one per forward argument; none for AccumulateGrad).
# It is read once per backward pass.
observe_node = None


def sum_to_shape(grad, shape):
    """Undo broadcasting: sum ``grad`` over the axes that were broadcast to reach it."""
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(shape) if n == 1 and grad.shape[i + lead] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


def _dependencies(roots):
    """Count, for every node reachable from ``roots``, how many edges point to it."""
    counts, seen, stack = {}, set(), list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for child, _ in node.edges:
            if child is not None:
                counts[id(child)] = counts.get(id(child), 0) + 1
                stack.append(child)
    return counts


def run_backward(roots, root_grads, retain_graph=False, create_graph=False, inputs=None,
                 accumulate=True):
    """Propagate ``root_grads`` from tensors ``roots`` back through the graph.

    With ``inputs`` (a list of tensors) the gradients arriving at them are
    returned instead of, or as well as (``accumulate``), being stored in ``.grad``.
    """
    captured = {}
    capture_keys = {}
    held = []        # leaves hold their accumulators weakly: keep them (and their ids) alive
    for i, t in enumerate(inputs or ()):
        node, nr = _edge_of(t)
        held.append(node)
        capture_keys.setdefault((id(node), nr), []).append(i)

    buffers = {}   # id(node) -> list of gradients, one per output
    nodes = {}
    for t, g in zip(roots, root_grads, strict=False):
        node, nr = _edge_of(t)         # roots are checked to require grad
        _add_to_buffer(buffers, nodes, node, nr, g)
    counts = _dependencies(list(nodes.values()))
    ready = _ReadyQueue(n for key, n in nodes.items() if counts.get(key, 0) == 0)
    owned_by_leaf = {id(g) for g in root_grads}  # the caller keeps these arrays

    def run(node, grads):
        """One node's turn: add into ``.grad`` at a leaf, else run the backward rule."""
        if isinstance(node, AccumulateGrad):
            if accumulate and grads[0] is not None:
                _accumulate(node.variable, grads[0], create_graph, owned_by_leaf)
            return ()
        return _call_node(node, grads, retain_graph, create_graph)

    if observe_node is not None:       # an instrument is on: it runs each node (instruments.py)
        run = functools.partial(observe_node, run=run)

    # torch's kernels are silent about inf and nan in gradients; so are NumPy's here
    quiet = np.errstate(divide="ignore", invalid="ignore", over="ignore")
    with grad_mode.set_grad_enabled(create_graph), quiet:
        while ready:
            node = ready.pop()
            key = id(node)
            grads = buffers.pop(key)
            grads = _call_pre_hooks(node, grads)
            for nr, g in enumerate(grads):
                for i in capture_keys.get((key, nr), ()):
                    captured[i] = g
            input_grads = run(node, grads)
            for (child, nr), g in zip(node.edges, input_grads, strict=False):
                if child is None:
                    continue
                if g is not None:
                    _add_to_buffer(buffers, nodes, child, nr, g)
                counts[id(child)] -= 1
                if counts[id(child)] == 0:
                    if id(child) in buffers:
                        ready.push(child)
                    else:
                        _skip_subgraph(child, counts, buffers, ready, retain_graph)
    return [captured.get(i) for i in range(len(inputs or ()))]


class _ReadyQueue:
    """Nodes whose every consumer has sent its gradient, newest (highest sequence_nr) first.

    Leaves (AccumulateGrad, sequence_nr infinite) run as soon as they are ready; nodes
    that tie run in the order they became ready, so every backward pass is deterministic.
    """

    def __init__(self, nodes=()):
        self._tick = itertools.count()
        self._heap = [(-n.sequence_nr, next(self._tick), n) for n in nodes]
        heapq.heapify(self._heap)

    def __bool__(self) -> bool:
        return bool(self._heap)

    def push(self, node) -> None:
        heapq.heappush(self._heap, (-node.sequence_nr, next(self._tick), node))

    def pop(self):
        return heapq.heappop(self._heap)[2]


def _add_to_buffer(buffers, nodes, node, nr, grad):
    nodes[id(node)] = node
    slots = buffers.get(id(node))
    if slots is None:
        slots = buffers[id(node)] = [None] * getattr(node, "n_outputs", 1)
    slots[nr] = grad if slots[nr] is None else slots[nr] + grad


def _skip_subgraph(node, counts, buffers, ready, retain_graph):
    """A node that received no gradient at all: release it and its children's edges."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Node) and not retain_graph:
            n.release()
        for child, _ in n.edges:
            if child is None:
                continue
            counts[id(child)] -= 1
            if counts[id(child)] == 0:
                if id(child) in buffers:
                    ready.push(child)
                else:
                    stack.append(child)


def _call_pre_hooks(node, grads):
    """Run tensor hooks (``register_hook``, ``retain_grad``) registered on node outputs."""
    if not node._pre_hooks:
        return grads
    Tensor = _function.Tensor
    grads = list(grads)
    for nr, hooks in node._pre_hooks.items():
        for hook in list(hooks):
            if grads[nr] is None:
                continue
            g = grads[nr] if isinstance(grads[nr], Tensor) else Tensor._make(grads[nr], None)
            result = hook(g)
            if result is not None:
                grads[nr] = result if isinstance(grads[nr], Tensor) else result._array
    return grads


def _call_node(node, grads, retain_graph, create_graph):
    """Run one node's backward rule and return one gradient per forward input."""
    Tensor = _function.Tensor
    fn = node.fn
    if node.materialize_grads:
        grads = [g if g is not None else _zeros_for(node, nr) for nr, g in enumerate(grads)]
    differentiate = create_graph and not fn.once_differentiable
    if fn.on_arrays and not differentiate:
        arrays = [g._array if isinstance(g, Tensor) else g for g in grads]
        result = fn.backward(node, *arrays)
    else:
        node._unpack_as_tensors = fn.on_arrays
        tensors = [g if isinstance(g, Tensor) or g is None else Tensor._make(g, None)
                   for g in grads]
        try:
            result = fn.backward(node, *tensors)
        finally:
            node._unpack_as_tensors = False
    if not isinstance(result, tuple):
        result = (result,)
    if len(result) < len(node.edges):
        if fn.on_arrays:
            result = result + (None,) * (len(node.edges) - len(result))
        else:
            raise RuntimeError(f"function {node.name()} returned an incorrect number of "
                               f"gradients (expected {len(node.edges)}, got "
                               f"{len(result)})")
    if not retain_graph:
        node.release()
    # gradients of a once-differentiable op are computed off the graph: mark them so that
    # differentiating through them raises instead of silently treating them as constants
    stand_in = Node(OnceDifferentiable, ()) if create_graph and not differentiate and \
        fn.on_arrays else None
    out = []
    for i, g in enumerate(result[:len(node.edges)]):
        if g is None or node.edges[i][0] is None:
            out.append(None)
            continue
        if create_graph and not isinstance(g, Tensor):
            g = Tensor._make(np.asarray(g), stand_in)
        elif not create_graph and isinstance(g, Tensor):
            g = g._array
        shape = node.input_shapes[i]
        if g.shape != shape:
            g = sum_to_shape(g, shape)
        dt = node.input_dtypes[i]
        if (g.dtype if not isinstance(g, Tensor) else g._array.dtype) != dt:
            g = g.astype(dt) if not isinstance(g, Tensor) else g.to(from_numpy_dtype(dt))
        out.append(g)
    if node._hooks:               # hook(grad_inputs, grad_outputs), as Tensors, like torch
        def wrap(g):
            return Tensor._make(g, None) if isinstance(g, np.ndarray) else g
        grad_inputs = tuple(wrap(g) for g, key in zip(out, node._input_ids, strict=True)
                            if key is not None)
        for hook in node._hooks:
            hook(grad_inputs, tuple(wrap(g) for g in grads))
    return out


def _zeros_for(node, nr):
    """Zeros standing in for an output that received no gradient (custom Functions)."""
    shape, dtype = node.output_meta[nr]
    return np.zeros(shape, dtype)


def _accumulate(leaf, grad, create_graph, owned_by_leaf):
    """Add ``grad`` into ``leaf.grad``, in place when the storage is ours."""
    Tensor = _function.Tensor
    if isinstance(grad, Tensor):
        if leaf.grad is None:
            leaf.grad = grad if create_graph else Tensor._make(grad._array.copy(), None)
        else:
            leaf.grad = leaf.grad + grad
        return
    if leaf.grad is None:
        private = (grad.base is None and grad.flags.writeable and id(grad) not in owned_by_leaf)
        owned_by_leaf.add(id(grad))
        leaf.grad = Tensor._make(grad if private else grad.copy(), None)
    elif leaf.grad.requires_grad or grad_mode.is_grad_enabled():
        leaf.grad = leaf.grad + Tensor._make(grad, None)
    else:
        np.add(leaf.grad._array, grad, out=leaf.grad._array)
