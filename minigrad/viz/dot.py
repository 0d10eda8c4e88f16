"""Graphviz DOT text of the backward graph, and rendering it with Graphviz's ``dot``.

Writing DOT needs nothing; turning it into a picture needs the ``dot``
program from Graphviz (a system package, not a Python one).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Optional

from .graph import Graph, GraphNode, describe, format_shape

# fill colours: ops grey, parameters blue, other leaves light blue, outputs green, saved orange
_STYLE = {
    "op": 'fillcolor="#eeeeee"',
    "leaf": 'fillcolor="#cfe3ff"',
    "output": 'fillcolor="#c9e7c4"',
    "saved": 'fillcolor="#ffe2bd", shape=note',
}

INSTALL_HINT = (
    "Graphviz's 'dot' program was not found on PATH; minigrad.viz.render needs it to turn "
    "the graph into a picture. Install Graphviz with the system package manager "
    "(Debian/Ubuntu: apt-get install graphviz; Fedora: dnf install graphviz; macOS: "
    "brew install graphviz; conda: conda install graphviz). Note that 'pip install graphviz' "
    "installs only Python bindings, not the dot program. Without Graphviz, "
    "minigrad.viz.to_dot() gives the DOT text and minigrad.viz.to_html() draws the graph "
    "in a browser.")


def to_dot(*roots, params: Optional[dict] = None, show_saved: bool = False) -> str:
    """Graphviz DOT text of the backward graph behind tensors ``roots``.

    One box per backward node with torch's name and the shape of its output;
    leaves (AccumulateGrad) carry their parameter name when ``params``
    (``dict(model.named_parameters())``) is given; ``show_saved`` adds the
    values each op saved for backward.  Arrows point the way gradients flow.

    >>> print(to_dot(loss, params=dict(model.named_parameters())))  # doctest: +SKIP
    """
    return graph_to_dot(describe(roots, params, show_saved))


def graph_to_dot(graph: Graph, title: str = "") -> str:
    """DOT text of a :class:`~minigrad.viz.graph.Graph` (from either engine)."""
    lines = ["digraph backward {",
             '    graph [rankdir=TB, nodesep=0.25, ranksep=0.35' +
             (f', label="{_escape(title)}", labelloc=t' if title else "") + "];",
             '    node [shape=box, style="filled,rounded", fontname="Helvetica", '
             'fontsize=10, height=0.2];',
             '    edge [arrowsize=0.6, color="#555555"];']
    for n in graph.nodes:
        lines.append(f'    {n.key} [label="{_escape(_label(n))}", '
                     f'tooltip="{_escape(n.name)}", {_STYLE[n.kind]}];')
    for a, b, _, _ in graph.edges:
        style = ' [style=dashed, arrowhead=none, color="#c08a3e"]' \
            if graph.node(b).kind == "saved" else ""
        lines.append(f"    {a} -> {b}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _label(n: GraphNode) -> str:
    shapes = [s for s in n.shapes if s is not None]
    shape_text = " ".join(format_shape(s) for s in shapes)
    if n.kind == "saved":
        return f"{n.label}: {n.name}"
    if n.kind == "output":
        return f"{n.label or 'output'}\n{shape_text}"
    if n.kind == "leaf":
        return "\n".join(x for x in (n.label, shape_text, "AccumulateGrad") if x)
    return f"{n.name}\n{shape_text}" if shape_text else n.name


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def render(root, path: str, format: str = "svg", params: Optional[dict] = None,
           show_saved: bool = False) -> str:
    """Draw the graph behind ``root`` (a tensor or a sequence of them) into ``path``.

    Runs Graphviz's ``dot`` (``format`` 'svg', 'png' or 'pdf'); raises
    RuntimeError saying how to install Graphviz when ``dot`` is missing.
    Returns ``path``.
    """
    if format not in ("svg", "png", "pdf"):
        raise ValueError(f"format must be 'svg', 'png' or 'pdf', but got {format!r}")
    roots = tuple(root) if isinstance(root, (list, tuple)) else (root,)
    text = to_dot(*roots, params=params, show_saved=show_saved)
    return render_dot(text, path, format)


def render_dot(text: str, path: str, format: str = "svg") -> str:
    """Run ``dot -T<format>`` on DOT ``text``, writing ``path`` (replaced atomically)."""
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeError(INSTALL_HINT)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(suffix="." + format, dir=folder)
    os.close(fd)
    try:
        done = subprocess.run([exe, f"-T{format}", "-o", tmp], input=text.encode(),
                              capture_output=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"Graphviz's dot failed: {done.stderr.decode(errors='replace')}")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return path
