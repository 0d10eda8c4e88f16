"""A layered (Sugiyama-style) layout of a graph, in plain Python.

The HTML stepper draws the graph itself (no Graphviz), so it needs positions.
The classic recipe, kept small:

1. **Layers.**  Each node goes one layer below the lowest of its parents
   (longest path from the roots), so every edge points downwards.
2. **Dummy nodes.**  An edge that skips layers is cut into one-layer pieces
   through invisible dummy nodes, so long edges take part in the ordering.
3. **Order within layers.**  Barycentre sweeps: alternately downwards and
   upwards, each node moves to the mean position of its neighbours in the
   layer just swept; the order with the fewest edge crossings is kept.
4. **x coordinates.**  Each node wants to sit at the mean x of its
   neighbours; within a layer the order is fixed and boxes must not overlap.
   Minimising the squared distance to the wanted positions under those
   constraints is an isotonic regression, solved exactly by pool-adjacent-
   violators.  A few sweeps down and up settle it.

Edges come out as polylines through their dummy nodes; the drawing smooths
them into curves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Sequence, Tuple

GAP_X = 18.0        # horizontal space between boxes
GAP_Y = 46.0        # vertical space between layers
DUMMY_WIDTH = 8.0


@dataclass
class Box:
    x: float                        # centre
    y: float                        # centre
    width: float
    height: float


@dataclass
class Layout:
    boxes: Dict[str, Box] = field(default_factory=dict)
    # edge (from, to) -> points from the bottom of 'from' to the top of 'to'
    routes: Dict[Tuple[str, str], List[Tuple[float, float]]] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0


def layered_layout(keys: Sequence[str], edges: Sequence[Tuple[str, str]],
                   sizes: Dict[str, Tuple[float, float]], sweeps: int = 12) -> Layout:
    """Place nodes ``keys`` (with (width, height) ``sizes``) so that ``edges`` point down.

    ``edges`` must form a DAG; duplicates are drawn once.
    """
    edges = list(dict.fromkeys((a, b) for a, b in edges if a != b))
    layer = _layers(keys, edges)
    order, chains, width = _split_long_edges(keys, edges, layer, sizes)
    up, down = _neighbours(order, chains)
    order = _order_layers(order, up, down, sweeps)
    x = _x_coordinates(order, up, down, width)
    return _assemble(order, x, width, sizes, chains)


def _layers(keys, edges) -> Dict[str, int]:
    """Longest path from the sources, in topological order (Kahn)."""
    parents: Dict[str, List[str]] = {k: [] for k in keys}
    children: Dict[str, List[str]] = {k: [] for k in keys}
    for a, b in edges:
        parents[b].append(a)
        children[a].append(b)
    indegree = {k: len(parents[k]) for k in keys}
    ready = [k for k in keys if indegree[k] == 0]
    layer = {k: 0 for k in ready}
    seen = 0
    while ready:
        k = ready.pop(0)
        seen += 1
        for c in children[k]:
            layer[c] = max(layer.get(c, 0), layer[k] + 1)
            indegree[c] -= 1
            if indegree[c] == 0:
                ready.append(c)
    if seen != len(keys):
        raise ValueError("the graph has a cycle; a layered layout needs a DAG")
    return layer


def _split_long_edges(keys, edges, layer, sizes):
    """Per-layer node lists (in input order) with dummies; the chain of each edge."""
    n_layers = max(layer.values(), default=-1) + 1
    order: List[List[str]] = [[] for _ in range(n_layers)]
    width = {}
    for k in keys:
        order[layer[k]].append(k)
        width[k] = sizes[k][0]
    chains = {}
    for a, b in edges:
        chain = [a]
        for i in range(layer[a] + 1, layer[b]):
            dummy = f"{a}>{b}#{i}"
            order[i].append(dummy)
            width[dummy] = DUMMY_WIDTH
            chain.append(dummy)
        chain.append(b)
        chains[(a, b)] = chain
    return order, chains, width


def _neighbours(order, chains):
    up = {k: [] for layer in order for k in layer}
    down = {k: [] for layer in order for k in layer}
    for chain in chains.values():
        for a, b in zip(chain, chain[1:], strict=False):
            down[a].append(b)
            up[b].append(a)
    return up, down


def _order_layers(order, up, down, sweeps):
    """Barycentre sweeps; keep the ordering with the fewest crossings."""
    best = [list(layer) for layer in order]
    best_crossings = _crossings(best, down)
    current = [list(layer) for layer in order]
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        rng = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for i in rng:
            ref = current[i - 1] if downward else current[i + 1]
            pos = {k: j for j, k in enumerate(ref)}
            links = up if downward else down

            def centre(item, pos=pos, links=links):
                j, k = item
                near = [pos[n] for n in links[k] if n in pos]
                return (sum(near) / len(near), j) if near else (float(j), j)
            current[i] = [k for _, k in sorted(enumerate(current[i]), key=centre)]
        c = _crossings(current, down)
        if c < best_crossings:
            best, best_crossings = [list(layer) for layer in current], c
    return best


def _crossings(order, down) -> int:
    """Edge crossings between consecutive layers (pairs of edges that swap order)."""
    total = 0
    for upper, lower in zip(order, order[1:], strict=False):
        pos = {k: j for j, k in enumerate(lower)}
        ends = [(i, pos[b]) for i, a in enumerate(upper) for b in down[a] if b in pos]
        for p in range(len(ends)):
            for q in range(p + 1, len(ends)):
                (a1, b1), (a2, b2) = ends[p], ends[q]
                if (a1 - a2) * (b1 - b2) < 0:
                    total += 1
    return total


def _x_coordinates(order, up, down, width) -> Dict[str, float]:
    x = {}
    for layer in order:                       # start packed from the left
        left = 0.0
        for k in layer:
            x[k] = left + width[k] / 2
            left += width[k] + GAP_X
    for sweep in range(8):
        downward = sweep % 2 == 0
        layers = order[1:] if downward else order[-2::-1]
        for layer in layers:
            links = up if downward else down
            wanted = []
            for k in layer:
                near = links[k] or up[k] + down[k]
                wanted.append(sum(x[n] for n in near) / len(near) if near else x[k])
            for k, v in zip(layer, _pack(wanted, [width[k] for k in layer]), strict=True):
                x[k] = v
    return x


def _pack(wanted: List[float], widths: List[float]) -> List[float]:
    """Positions closest (least squares) to ``wanted`` keeping order and no overlap.

    With ``s_i`` the least distance from box 0 to box i, ``y_i = x_i - s_i``
    must be non-decreasing: isotonic regression of ``wanted_i - s_i``.
    """
    offsets, s = [], 0.0
    for i, w in enumerate(widths):
        if i:
            s += (widths[i - 1] + w) / 2 + GAP_X
        offsets.append(s)
    blocks: List[List[float]] = []          # [mean, count]
    for target in (w - o for w, o in zip(wanted, offsets, strict=True)):
        blocks.append([target, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, n2 = blocks.pop()
            m1, n1 = blocks.pop()
            blocks.append([(m1 * n1 + m2 * n2) / (n1 + n2), n1 + n2])
    y = [m for m, n in blocks for _ in range(int(n))]
    return [v + o for v, o in zip(y, offsets, strict=True)]


def _assemble(order, x, width, sizes, chains) -> Layout:
    margin = 12.0
    shift = margin - min((x[k] - width[k] / 2 for layer in order for k in layer), default=0)
    layout = Layout()
    top = margin
    layer_y = []
    for layer in order:
        h = max((sizes[k][1] for k in layer if k in sizes), default=10.0)
        layer_y.append(top + h / 2)
        for k in layer:
            if k in sizes:
                layout.boxes[k] = Box(x[k] + shift, top + h / 2, sizes[k][0], sizes[k][1])
        top += h + GAP_Y
    layout.height = top - GAP_Y + margin
    layout.width = max((x[k] + width[k] / 2 + shift for layer in order for k in layer),
                       default=0) + margin
    layer_of = {k: i for i, layer in enumerate(order) for k in layer}
    for (a, b), chain in chains.items():
        pa, pb = layout.boxes[a], layout.boxes[b]
        points = [(pa.x, pa.y + pa.height / 2)]
        points += [(x[d] + shift, layer_y[layer_of[d]]) for d in chain[1:-1]]
        points.append((pb.x, pb.y - pb.height / 2))
        layout.routes[(a, b)] = points
    return layout
