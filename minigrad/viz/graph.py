"""The backward graph as plain data, ready to be drawn.

:func:`describe` walks the ``grad_fn`` graph behind some tensors the way
torch's ``next_functions`` show it (one node per backward node, an edge per
tensor input) and returns a :class:`Graph`: node names, output shapes, leaf
labels, the backward rule of each op and, when asked, its saved values.  The
drawing back ends (DOT text, the HTML stepper) only ever see this
description, so ``bridge`` can describe torch's graph in the same form and
draw both engines alike.

Edges point the way gradients flow: from a node to the nodes that produced
its inputs (its ``next_functions``), from the loss down to the leaves.
"""
from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

ACCUMULATE = "torch::autograd::AccumulateGrad"

# the rule shown for a leaf: what the engine does with the gradient that reaches it
ACCUMULATE_RULE = "leaf.grad = g if leaf.grad is None else leaf.grad + g"


@dataclass
class GraphNode:
    """One node of the drawing: a backward node, a leaf, an output tensor or a saved value."""

    key: str                        # unique within the graph: 'n0', 'n1', ...
    name: str                       # torch's name: 'AddmmBackward0', ACCUMULATE, ...
    kind: str                       # 'op', 'leaf', 'output' or 'saved'
    shapes: List[Tuple[int, ...]] = field(default_factory=list)  # one per output
    label: str = ""                 # parameter name of a leaf, name of a saved value
    op: str = ""                    # the Function that runs it ('Linear'), ops only
    rule: str = ""                  # the math comment(s) of its backward
    source: str = ""                # the source of its backward, dedented
    where: str = ""                 # 'minigrad/ops/linear.py:33'
    obj: object = None              # the engine's node (not drawn, not serialised)

    @property
    def short_name(self) -> str:
        return "AccumulateGrad" if self.name == ACCUMULATE else self.name


@dataclass
class Graph:
    """Nodes in discovery order (depth first from the roots) and directed edges."""

    nodes: List[GraphNode] = field(default_factory=list)
    # (from key, to key, index in next_functions of 'from', output_nr of 'to')
    edges: List[Tuple[str, str, int, int]] = field(default_factory=list)

    def node(self, key: str) -> GraphNode:
        return self._index()[key]

    def key_of(self, obj) -> Optional[str]:
        """The key of the node drawn for engine node ``obj`` (None if it is not drawn)."""
        for n in self.nodes:
            if n.obj is obj and n.kind in ("op", "leaf"):
                return n.key
        return None

    def children(self, key: str) -> List[str]:
        return [b for a, b, _, _ in self.edges if a == key]

    def _index(self) -> Dict[str, GraphNode]:
        return {n.key: n for n in self.nodes}


def format_shape(shape) -> str:
    """``(32, 10)`` as torch users read it; ``()`` for a scalar."""
    shape = tuple(int(n) for n in shape)
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def describe(roots: Sequence, params: Optional[dict] = None,
             show_saved: bool = False) -> Graph:
    """Walk the graph behind minigrad tensors ``roots`` into a :class:`Graph`.

    ``params`` maps names to tensors (``dict(model.named_parameters())``): leaves
    found there are labelled with their name.  ``show_saved`` adds one node per
    value an op saved for backward.
    """
    from .._tensor import Tensor
    from ..autograd.function import AccumulateGrad, _edge_of
    names = {id(t): name for name, t in (params or {}).items()}
    graph = Graph()
    keys: Dict[int, str] = {}
    shapes: Dict[int, Dict[int, tuple]] = {}      # id(node) -> {output_nr: shape}

    def add(node) -> str:
        key = f"n{len(graph.nodes)}"
        keys[id(node)] = key
        if isinstance(node, AccumulateGrad):
            graph.nodes.append(GraphNode(key, ACCUMULATE, "leaf", [node.variable.shape],
                                         names.get(id(node.variable), ""),
                                         rule=ACCUMULATE_RULE, obj=node))
        else:
            graph.nodes.append(_op_node(key, node))
        return key

    stack = []
    for i, root in enumerate(roots):
        if not isinstance(root, Tensor):
            raise TypeError(f"expected Tensors to draw, but got {type(root).__name__}")
        if not root.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not "
                               "have a grad_fn")
        node, nr = _edge_of(root)
        shapes.setdefault(id(node), {})[nr] = tuple(root.shape)
        out = GraphNode(f"n{len(graph.nodes)}", "output", "output", [tuple(root.shape)],
                        names.get(id(root), ""))
        graph.nodes.append(out)
        stack.append((out.key, node, 0, nr))
    # depth first, children in next_functions order, each node once
    stack.reverse()
    while stack:
        parent_key, node, index, nr = stack.pop()
        new = id(node) not in keys
        key = add(node) if new else keys[id(node)]
        graph.edges.append((parent_key, key, index, nr))
        if not new:
            continue
        pending = []
        for j, (child, child_nr, shape) in enumerate(_next_edges(node)):
            if child is None:
                continue
            shapes.setdefault(id(child), {})[child_nr] = shape
            pending.append((key, child, j, child_nr))
        stack.extend(reversed(pending))
    for n in graph.nodes:
        if n.kind == "op":
            known = shapes.get(id(n.obj), {})
            n.shapes = [known.get(k) for k in range(max(known, default=-1) + 1)]
    if show_saved:
        for n in list(graph.nodes):
            if n.kind == "op":
                for j, (label, text) in enumerate(saved_values(n.obj)):
                    key = f"{n.key}s{j}"
                    graph.nodes.append(GraphNode(key, text, "saved", label=label))
                    graph.edges.append((n.key, key, -1, 0))
    return graph


def _next_edges(node):
    """(child node, output_nr, shape of that output) per entry of ``next_functions``."""
    result = []
    if not hasattr(node, "input_shapes"):       # a leaf's AccumulateGrad
        return result
    ids = node._input_ids
    for (child, nr), key, shape in zip(node.edges, ids, node.input_shapes, strict=True):
        if key is not None:                  # a tensor argument (None: a python value)
            result.append((child, nr, tuple(shape)))
    return result


def _op_node(key: str, node) -> GraphNode:
    fn = node.fn
    rule, source, where = backward_rule(fn)
    return GraphNode(key, node.name(), "op", label="", op=fn.__name__, rule=rule,
                     source=source, where=where, obj=node)


_RULES: Dict[type, Tuple[str, str, str]] = {}


def backward_rule(fn) -> Tuple[str, str, str]:
    """(math comments, dedented source, 'file:line') of Function ``fn``'s backward."""
    if fn not in _RULES:
        try:
            lines, start = inspect.getsourcelines(fn.backward)
            source = textwrap.dedent("".join(lines))
            path = inspect.getsourcefile(fn.backward) or ""
        except (OSError, TypeError):
            source, start, path = "", 0, ""
        comments = []
        for line in source.splitlines():
            match = re.search(r"#\s*(.+?)\s*$", line)
            if match and not line.lstrip().startswith(('"', "'")):
                comments.append(match.group(1))
        _RULES[fn] = ("\n".join(comments), source, f"{_short_path(path)}:{start}")
    return _RULES[fn]


def _short_path(path: str) -> str:
    path = path.replace("\\", "/")
    index = path.rfind("/minigrad/")
    return path[index + 1:] if index >= 0 else path.rsplit("/", 1)[-1]


def saved_names(fn) -> List[str]:
    """Names given to ``ctx.saved_tensors`` in ``fn.backward`` (``a, b = ctx.saved_tensors``)."""
    _, source, _ = backward_rule(fn)
    match = re.search(r"^\s*\(?([\w\s,]+?),?\)?\s*=\s*ctx\.saved_tensors", source, re.M)
    return [s.strip() for s in match.group(1).split(",") if s.strip()] if match else []


_NODE_FIELDS = None


def saved_values(node) -> List[Tuple[str, str]]:
    """(name, description) of what ``node`` keeps for its backward pass.

    The values passed to ``save_for_backward`` (named as the backward unpacks
    them) and other attributes the forward put on ``ctx``.
    """
    global _NODE_FIELDS
    if _NODE_FIELDS is None:
        from ..autograd.function import Function, Node
        _NODE_FIELDS = set(vars(Node(Function, ())))
    result = []
    if getattr(node, "_freed", False):
        return [("saved", "freed after backward")]
    names = saved_names(node.fn)
    for i, value in enumerate(node._saved):
        name = names[i] if i < len(names) else f"saved[{i}]"
        result.append((name, describe_value(value)))
    for name, value in vars(node).items():
        if name not in _NODE_FIELDS and not name.startswith("_"):
            result.append((name, describe_value(value)))
    return result


def describe_value(value) -> str:
    """A short text for a saved value: shape and dtype of arrays, repr of small things."""
    if isinstance(value, np.ndarray) or hasattr(value, "_array"):
        array = getattr(value, "_array", value)
        if array.ndim == 0:
            return f"{array.item():.4g} ({array.dtype})"
        return f"{format_shape(array.shape)} {array.dtype}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
