"""Graph drawing: DOT text with torch's node names and structure, rendering, the layout."""
import re
import shutil
from collections import Counter

import numpy as np
import pytest
import torch

import minigrad
from minigrad.viz import dot as viz_dot
from minigrad.viz import to_dot
from minigrad.viz.layout import _crossings, _pack, layered_layout

from bridge import transfer
from bridge.models import build

ACC = "torch::autograd::AccumulateGrad"


def parse_dot(text):
    """(names of op and leaf nodes in file order, their labels, Counter of edges between them)."""
    nodes = re.findall(r'^\s+(n\d+) \[label="((?:[^"\\]|\\.)*)", tooltip="([^"]*)", '
                       r'fillcolor="([^"]*)"', text, re.M)
    kept = [(key, label, name) for key, label, name, _ in nodes if name != "output"]
    index = {key: i for i, (key, _, _) in enumerate(kept)}
    edges = Counter((index[a], index[b]) for a, b in re.findall(r"^\s+(n\w+) -> (n\w+)", text,
                                                                 re.M)
                    if a in index and b in index)
    return [n for _, _, n in kept], [lbl for _, lbl, _ in kept], edges


def torch_structure(root, fold_transpose=True):
    """The same walk over torch's graph: depth first, next_functions in order.

    ``fold_transpose``: a TBackward0 whose only input is a leaf is replaced by
    that leaf (nn.Linear's ``weight.t()``; minigrad's Linear takes the weight).
    """
    def resolve(node):
        if fold_transpose and node.name() == "TBackward0":
            inner = [c for c, _ in node.next_functions if c is not None]
            if len(inner) == 1 and inner[0].name() == ACC:
                return inner[0]
        return node
    names, index, edges = [], {}, Counter()
    stack = [(None, resolve(root))]
    while stack:
        parent, node = stack.pop()
        new = node not in index
        if new:
            index[node] = len(names)
            names.append(node.name())
        if parent is not None:
            edges[(index[parent], index[node])] += 1
        if new:
            children = [resolve(c) for c, _ in node.next_functions if c is not None]
            stack.extend((node, c) for c in reversed(children))
    return names, edges


def _twin_expressions():
    rng = np.random.default_rng(0)
    arrays = [rng.uniform(0.5, 2.0, s) for s in [(3, 4), (4, 5), (5,), (3, 1)]]

    def build_graph(lib):
        x, w, b, s = (lib.tensor(a, requires_grad=True) for a in arrays)
        h = (x @ w + b).tanh() * x.sum(1, keepdim=True)     # x is used twice
        h = h.exp() / (s.sqrt() + 1) - h.sigmoid() ** 2
        return [(h.relu().log_softmax(1) * -1).mean(), (x * x).sum()]
    return build_graph(minigrad), build_graph(torch)


def test_node_names_and_structure_match_torch_on_expressions():
    for mg_root, th_root in zip(*_twin_expressions(), strict=True):
        names, _, edges = parse_dot(to_dot(mg_root))
        th_names, th_edges = torch_structure(th_root.grad_fn, fold_transpose=False)
        assert names == th_names
        assert edges == th_edges
    # x * x: two edges from MulBackward0 to the same leaf, as in torch
    names, _, edges = parse_dot(to_dot(_twin_expressions()[0][1]))
    assert names == ["SumBackward0", "MulBackward0", ACC]
    assert edges[(1, 2)] == 2


@pytest.mark.parametrize("model", ["mlp", "mlp2", "simplecnn"])
def test_model_graphs_match_torch_with_linear_transposes_folded(model):
    torch.manual_seed(0)
    th = build(model, torch.nn, image_size=8).double()
    mg = build(model, minigrad.nn, image_size=8).to(minigrad.float64)
    transfer.copy_weights(th, mg)
    x = np.random.default_rng(1).random((4, 1, 8, 8))
    y = np.array([1, 2, 3, 4])
    th_loss = torch.nn.functional.cross_entropy(th(torch.from_numpy(x)), torch.from_numpy(y))
    mg_loss = minigrad.nn.functional.cross_entropy(mg(minigrad.from_numpy(x)),
                                                   minigrad.from_numpy(y))
    params = dict(mg.named_parameters())
    names, labels, edges = parse_dot(to_dot(mg_loss, params=params))
    th_names, th_edges = torch_structure(th_loss.grad_fn)
    assert names == th_names
    assert edges == th_edges
    # every parameter is a leaf labelled with its name and shape
    leaf_labels = [lbl for n, lbl in zip(names, labels, strict=True) if n == ACC]
    assert len(leaf_labels) == len(params)
    for name, p in params.items():
        shape = "(" + ", ".join(map(str, p.shape)) + ("," if p.dim() == 1 else "") + ")"
        assert f"{name}\\n{shape}\\nAccumulateGrad" in leaf_labels
    # and op nodes carry the shape of their output: the logits of the last Linear
    assert labels[names.index("AddmmBackward0")] == "AddmmBackward0\\n(4, 10)"


def test_saved_values_are_shown_on_request_and_freed_after_backward():
    a = minigrad.tensor([[1.0, 2.0]], requires_grad=True)
    b = minigrad.tensor([[3.0], [4.0]], requires_grad=True)
    y = (a * b).pow(3).sum()
    plain = to_dot(y)
    assert "shape=note" not in plain
    text = to_dot(y, show_saved=True)
    # Mul saves both inputs (named as its backward unpacks them), Pow its input and exponent
    assert 'label="a: (1, 2) float32"' in text
    assert 'label="b: (2, 1) float32"' in text
    assert 'label="exponent: 3"' in text
    assert re.search(r"n\d+ -> n\d+s0 \[style=dashed", text)
    y.backward()
    assert "freed after backward" in to_dot(y, show_saved=True)


def test_several_roots_and_errors():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    text = to_dot(x.exp().sum(), (x * 2).sum())
    assert text.count('tooltip="output"') == 2
    assert text.count(f'tooltip="{ACC}"') == 1            # the shared leaf is drawn once
    with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad"):
        to_dot(minigrad.tensor([1.0]))
    with pytest.raises(TypeError, match="expected Tensors"):
        to_dot(np.ones(2))


def test_render_without_graphviz_says_how_to_install(monkeypatch, tmp_path):
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    monkeypatch.setattr(viz_dot.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError) as info:
        minigrad.viz.render(x.exp().sum(), str(tmp_path / "g.svg"))
    message = str(info.value)
    assert "apt-get install graphviz" in message and "pip install graphviz" in message
    assert not (tmp_path / "g.svg").exists()
    with pytest.raises(ValueError, match="format"):
        minigrad.viz.render(x.exp().sum(), str(tmp_path / "g.gif"), format="gif")


@pytest.mark.skipif(shutil.which("dot") is None,
                    reason="Graphviz's dot is not installed (apt-get install graphviz)")
def test_render_svg_and_png_with_graphviz(tmp_path):
    model = minigrad.nn.Sequential(minigrad.nn.Linear(3, 2), minigrad.nn.Tanh())
    loss = model(minigrad.ones(4, 3)).sum()
    params = dict(model.named_parameters())
    svg = minigrad.viz.render(loss, str(tmp_path / "g.svg"), params=params)
    text = open(svg, encoding="utf-8").read()
    assert "<svg" in text and "TanhBackward0" in text and "0.weight" in text
    png = minigrad.viz.render([loss], str(tmp_path / "g.png"), format="png", params=params)
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


# -- the layered layout (used by the HTML stepper) ---------------------------------------

def test_layout_points_edges_down_without_overlap():
    keys = ["r", "a", "b", "c", "d", "e", "leaf"]
    edges = [("r", "a"), ("r", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("r", "e"),
             ("e", "leaf"), ("a", "leaf"), ("r", "d")]        # r -> d skips two layers
    sizes = {k: (40 + 10 * i, 20) for i, k in enumerate(keys)}
    lay = layered_layout(keys, edges, sizes)
    for a, b in edges:
        assert lay.boxes[a].y < lay.boxes[b].y
        route = lay.routes[(a, b)]
        assert route[0][1] < route[-1][1]
        assert all(p[1] <= q[1] for p, q in zip(route, route[1:], strict=False))
    assert len(lay.routes[("r", "d")]) == 4     # from r, through two dummy nodes, to d
    rows = {}
    for box in lay.boxes.values():
        rows.setdefault(box.y, []).append(box)
    for row in rows.values():
        row.sort(key=lambda b: b.x)
        for left, right in zip(row, row[1:], strict=False):
            assert left.x + left.width / 2 <= right.x - right.width / 2 + 1e-9
    assert all(0 <= b.x - b.width / 2 and b.x + b.width / 2 <= lay.width
               for b in lay.boxes.values())


def test_layout_untangles_crossings():
    # two chains whose children start in crossed order
    keys = ["a", "b", "y", "x"]
    edges = [("a", "x"), ("b", "y")]
    lay = layered_layout(keys, edges, {k: (30, 20) for k in keys})
    assert (lay.boxes["a"].x < lay.boxes["b"].x) == (lay.boxes["x"].x < lay.boxes["y"].x)
    down = {"a": ["x"], "b": ["y"], "x": [], "y": []}
    assert _crossings([["a", "b"], ["y", "x"]], down) == 1
    assert _crossings([["a", "b"], ["x", "y"]], down) == 0


def test_pack_is_the_closest_non_overlapping_placement():
    # wanted positions that overlap are pushed apart symmetrically (least squares)
    x = _pack([50.0, 50.0], [20.0, 20.0])
    assert x[1] - x[0] == pytest.approx(20 + 18)
    assert (x[0] + x[1]) / 2 == pytest.approx(50.0)
    assert _pack([0.0, 100.0], [20.0, 20.0]) == [0.0, 100.0]
