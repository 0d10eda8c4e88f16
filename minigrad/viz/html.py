"""The backward stepper: one self-contained HTML page that replays a backward pass.

:func:`to_html` draws the graph (laid out by :mod:`.layout`, drawn as inline
SVG) and embeds, as JSON, every step the engine took: which node ran, the
gradients that reached it, its backward rule, the gradients it sent on and
what was added into each leaf's ``.grad``.  The page's own script
(``stepper.js``, inlined with ``stepper.css``) highlights one step at a time;
nothing is loaded from the network.

The page reads two URL fragments: ``#step=N`` (or ``#step=end``) opens it at a
step, ``#play`` starts playing.  Keys: right/left arrow (or n/p) step, space
plays and pauses, Home/End jump.

:func:`page` builds a page from any number of panels (``bridge.trace`` puts
minigrad's and torch's backward side by side); :func:`panel` turns a
:class:`~minigrad.viz.graph.Graph` plus recorded steps into one.
"""
from __future__ import annotations

import html
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import numpy as np

from .graph import ACCUMULATE, Graph, GraphNode, describe, format_shape
from .layout import layered_layout

HEAD = 6                  # how many leading values a gradient shows
_ASSETS = os.path.dirname(os.path.abspath(__file__))


@dataclass
class Step:
    """One node's turn in the backward pass, as recorded by the engine."""

    node: object                        # the engine's node (any engine)
    grads_in: Sequence                  # gradient arriving per output (None: none arrived)
    grads_out: Sequence                 # gradient sent per next_functions entry
    extra: Dict = field(default_factory=dict)   # shown as-is (e.g. a comparison)


def grad_info(g) -> Optional[dict]:
    """What the page shows of one gradient: shape, norm and the first values, as text."""
    if g is None:
        return None
    a = np.asarray(g)
    flat = a.reshape(-1)
    head = [f"{float(v):.6g}" for v in flat[:HEAD]]
    norm = float(np.sqrt(np.sum(np.square(flat, dtype=np.float64)))) if flat.size else 0.0
    return {"shape": format_shape(a.shape), "norm": f"{norm:.6g}", "head": head,
            "more": max(flat.size - HEAD, 0), "dtype": str(a.dtype)}


def to_html(root, path: str, params: Optional[dict] = None, trace=None,
            title: Optional[str] = None) -> str:
    """Write the backward stepper for tensor ``root`` (e.g. the loss) to ``path``.

    Without ``trace`` the backward pass is run here, under
    ``minigrad.autograd.trace()``, with ``retain_graph=True`` and without touching
    any ``.grad`` (like ``autograd.grad``): call it before ``loss.backward()``, or
    pass the ``trace`` you recorded around your own ``loss.backward()``.
    ``params`` (``dict(model.named_parameters())``) names the leaves.
    Returns ``path``.
    """
    graph = describe([root], params)
    steps = record_steps(root, graph, trace)
    write_page(path, [panel(graph, steps, "minigrad")], title or "minigrad backward pass")
    return path


def record_steps(root, graph: Graph, trace=None) -> List[Step]:
    """The steps of a backward pass through ``root``'s graph, in the order they ran.

    Without ``trace``, runs that pass now under ``minigrad.autograd.trace()``
    (``retain_graph=True``, ``.grad`` untouched); otherwise reads ``trace``.
    """
    given = trace is not None
    if not given:
        from ..autograd import grad, trace as tracer
        leaves = [n.obj.variable for n in graph.nodes if n.kind == "leaf"]
        try:
            with tracer(keep_grads=True) as trace:
                grad(root, leaves, retain_graph=True, allow_unused=True)
        except RuntimeError as error:
            if "second time" not in str(error):
                raise
            raise RuntimeError(
                "to_html runs the backward pass itself, but this graph was already freed by "
                "backward(). Call to_html before loss.backward(), or record the pass with "
                "`with minigrad.autograd.trace() as tr: loss.backward()` and pass "
                "trace=tr.") from error
    steps = []
    for e in trace:
        if given and e.grads_in and e.grads_in[0] is not None and e.grads_in[0].array is None:
            raise ValueError("to_html needs the gradient arrays: record the trace with "
                             "minigrad.autograd.trace(keep_grads=True)")
        step = Step(e.node, [_array(g) for g in e.grads_in], [_array(g) for g in e.grads_out])
        if given and e.leaf is not None:
            step.extra["after"] = grad_info(_array(e.leaf_grad))
        steps.append(step)
    return steps


def _array(g):
    return None if g is None else g.array


# -- the page ------------------------------------------------------------------------------

def panel(graph: Graph, steps: Sequence[Step], engine: str, title: str = "") -> dict:
    """One graph and its steps as page data (JSON-ready), with the SVG drawing."""
    drawn = [n for n in graph.nodes if n.kind in ("op", "leaf", "output")]
    keys = {n.key for n in drawn}
    edges = [(a, b) for a, b, _, _ in graph.edges if a in keys and b in keys]
    nodes = {n.key: _node_data(n) for n in drawn}
    step_data = [_intro_step(graph)]
    received: Dict[str, List[str]] = {}      # key -> keys of the nodes that sent it gradient
    for a, b, _, _ in graph.edges:
        if graph.node(a).kind == "output":
            received.setdefault(b, []).append(a)
    for step in steps:
        key = graph.key_of(step.node)
        if key is None:
            continue
        node = graph.node(key)
        data = {"node": key, "from": received.get(key, []),
                "arrive": [grad_info(g) for g in step.grads_in], "send": []}
        outgoing = [(b, index, nr) for a, b, index, nr in graph.edges if a == key]
        for b, index, nr in outgoing:
            g = step.grads_out[index] if index < len(step.grads_out) else None
            data["send"].append({"to": b, "nr": nr, "grad": grad_info(g)})
            if g is not None:
                received.setdefault(b, []).append(key)
        if node.kind == "leaf":
            data["leaf"] = node.label or "leaf"
        data.update(step.extra)
        step_data.append(data)
    prefix = re.sub(r"\W", "", engine) or "graph"
    return {"engine": engine, "title": title or engine, "nodes": nodes,
            "svg": _svg(graph, drawn, edges, prefix), "steps": step_data}


def _intro_step(graph: Graph) -> dict:
    outputs = [n for n in graph.nodes if n.kind == "output"]
    send = []
    for out in outputs:
        for a, b, _, nr in graph.edges:
            if a == out.key:
                seed = grad_info(np.ones(out.shapes[0]))
                send.append({"to": b, "nr": nr, "grad": seed})
    return {"node": outputs[0].key if outputs else None, "intro": True, "arrive": [],
            "send": send, "from": []}


def _node_data(n: GraphNode) -> dict:
    return {"name": n.name, "short": n.short_name, "kind": n.kind, "label": n.label,
            "shapes": [format_shape(s) if s is not None else None for s in n.shapes],
            "op": n.op, "rule": n.rule, "source": n.source, "where": n.where}


def write_page(path: str, panels: List[dict], title: str, extra: Optional[dict] = None) -> str:
    """Write the page for ``panels`` to ``path`` (atomically). Returns ``path``."""
    data = {"title": title, "panels": panels}
    data.update(extra or {})
    text = page(data)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(suffix=".html", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return path


def page(data: dict) -> str:
    """The complete HTML text: markup, inline CSS, inline JS and the data as JSON."""
    with open(os.path.join(_ASSETS, "stepper.css"), encoding="utf-8") as f:
        css = f.read()
    with open(os.path.join(_ASSETS, "stepper.js"), encoding="utf-8") as f:
        js = f.read()
    # '</' cannot appear inside a <script> element: escape it in the JSON text
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    title = html.escape(data["title"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<header>
  <h1>{title}</h1>
  <nav>
    <button id="first" title="first step (Home)">&#x00AB; first</button>
    <button id="prev" title="previous step (left arrow)">&#x25C0; prev</button>
    <button id="play" title="play / pause (space)">&#x25B6; play</button>
    <button id="next" title="next step (right arrow)">next &#x25B6;</button>
    <button id="last" title="last step (End)">last &#x00BB;</button>
    <input id="slider" type="range" min="0" max="0" value="0" aria-label="step">
    <span id="counter"></span>
  </nav>
</header>
<main>
  <div id="graphs"></div>
  <aside id="info"></aside>
</main>
<script type="application/json" id="data">{payload}</script>
<script>
{js}
</script>
</body>
</html>
"""


# -- drawing -------------------------------------------------------------------------------

FONT = 12.0
CHAR = 0.68 * FONT        # a generous average glyph width of bold sans-serif at FONT px


def _lines(n: GraphNode) -> List[str]:
    shapes = " ".join(format_shape(s) for s in n.shapes if s is not None)
    if n.kind == "leaf":
        return [n.label or "leaf tensor", shapes + " \u2190 .grad"]
    if n.kind == "output":
        return [n.label or "output", shapes]
    return [n.short_name, shapes] if shapes else [n.short_name]


def _svg(graph: Graph, drawn: List[GraphNode], edges, prefix: str) -> str:
    sizes = {}
    for n in drawn:
        lines = _lines(n)
        sizes[n.key] = (max(len(t) for t in lines) * CHAR + 20, 16 * len(lines) + 12)
    lay = layered_layout([n.key for n in drawn], edges, sizes)
    arrow = f"arrow-{prefix}"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" '
           f'viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" width="{lay.width:.0f}" '
           f'height="{lay.height:.0f}">',
           f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" '
           'markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" '
           'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>']
    for (a, b), points in lay.routes.items():
        out.append(f'<path class="edge" data-from="{a}" data-to="{b}" d="{_curve(points)}" '
                   f'marker-end="url(#{arrow})"/>')
    for n in drawn:
        box = lay.boxes[n.key]
        x0, y0 = box.x - box.width / 2, box.y - box.height / 2
        lines = _lines(n)
        tip = html.escape(n.name if n.name != ACCUMULATE else f"{n.label} (AccumulateGrad)")
        out.append(f'<g class="node {n.kind}" data-key="{n.key}"><title>{tip}</title>'
                   f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{box.width:.1f}" '
                   f'height="{box.height:.1f}" rx="6"/>')
        for i, text in enumerate(lines):
            y = y0 + 20 + 16 * i
            cls = "name" if i == 0 else "shape"
            out.append(f'<text class="{cls}" x="{box.x:.1f}" y="{y:.1f}">'
                       f'{html.escape(text)}</text>')
        out.append(f'<g class="badge"><circle cx="{x0 + box.width:.1f}" cy="{y0:.1f}" r="10"/>'
                   f'<text x="{x0 + box.width:.1f}" y="{y0 + 4:.1f}"></text></g></g>')
    out.append("</svg>")
    return "".join(out)


def _curve(points) -> str:
    """A smooth vertical S-curve through ``points`` (cubic Bezier pieces)."""
    (x, y), rest = points[0], points[1:]
    parts = [f"M{x:.1f},{y:.1f}"]
    for nx, ny in rest:
        mid = (y + ny) / 2
        parts.append(f"C{x:.1f},{mid:.1f} {nx:.1f},{mid:.1f} {nx:.1f},{ny:.1f}")
        x, y = nx, ny
    return " ".join(parts)
