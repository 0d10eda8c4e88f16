"""``python -m bridge.trace``: one training step in minigrad and torch, compared node by node.

Both engines start from identical weights (torch initialises, minigrad gets a
copy, as in ``bridge.lockstep``) and take one training step on the same batch.
minigrad's backward pass is recorded with ``minigrad.autograd.trace()``;
torch's graph is walked through ``grad_fn.next_functions`` and a hook on every
node (``Node.register_hook``) records the gradients that reached it and the
ones it sent on.  The two graphs are matched node to node, and for every
matched node the largest absolute and relative difference of each gradient it
sends is reported (``bridge.lockstep.diff``: ``max |a - b|`` and that over
``max |b|``).  A gradient *breaches* when ``max |a - b| > tol * max |b|``
(or a NaN or shape differs): relative to the tensor's own scale, because
gradients inside a network are often far below 1, where the absolute part of
lock-step's ``allclose`` test would hide errors of whole percents.  Walking
minigrad's backward order, the first node whose gradients breach is named:
the nodes before it agree, so its own backward rule (or, if the gradient that
*reached* it already differs, the engine's summing) is where the engines part.

How nodes are matched.  Both walks start at the loss's ``grad_fn``.  For a
matched pair (torch node T, minigrad node M), each entry of T's
``next_functions`` is paired with a node below M by its key: the parameter
name for a leaf (``AccumulateGrad``; other leaves by shape), torch's node name
otherwise.  The search looks first at M's own ``next_functions`` and then
further down through nodes not matched yet (at most ``DEPTH`` levels); the
nodes it passes through are minigrad nodes *inside* T.  Two documented
mappings come out of this:

* torch-only nodes: ``TBackward0`` (``nn.Linear`` computes
  ``addmm(bias, x, weight.t())`` and the transpose is its own node; minigrad's
  Linear takes the weight itself).  T's edge is followed through the
  ``TBackward0``, whose output - the gradient of the weight - is compared
  with the gradient minigrad's Linear sends to the weight.
* minigrad nodes inside one torch node: minigrad's layer and group norm, and
  batch norm in eval mode, are composites (``Normalize``, then ``weight.view``
  times it plus ``bias.view``; the last node carries torch's name, e.g.
  ``NativeLayerNormBackward0``, and so does ``Normalize``).  Torch's single node
  (input, weight, bias) is compared with what the composite sends to the input,
  the weight and the bias.  (Batch norm in training is one fused node, as in
  torch.)

A gradient minigrad sends to the same node along several edges of one
composite is summed before comparing.  Nodes that match nothing are listed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Callable, Dict, List, Optional

import numpy as np

from . import transfer
from .lockstep import DEFAULT_TOL, LockstepRunner, diff
from .models import MODELS

PASS_THROUGH = {"TBackward0"}     # torch-only nodes followed through when matching
DEPTH = 4                         # how far below a node its torch twin's children are sought
ACCUMULATE = "torch::autograd::AccumulateGrad"


@dataclass
class Comparison:
    """One gradient of one matched node, in both engines."""

    order: int                  # the minigrad node's step in its backward (1 = ran first)
    minigrad: str               # minigrad node name
    torch: str                  # torch node name
    module: str                 # the module whose output this node made ('' if none)
    gradient: str               # 'arriving', 'sent to X', 'accumulated into p.grad'
    max_abs: float
    max_rel: float
    ok: bool

    def describe(self) -> str:
        where = f" (output of module '{self.module}')" if self.module else ""
        return (f"{self.minigrad}{where}, step {self.order} of minigrad's backward: gradient "
                f"{self.gradient} differs, max abs {self.max_abs:.3g}, "
                f"max rel {self.max_rel:.3g}")


@dataclass
class TraceReport:
    config: dict
    loss_minigrad: float
    loss_torch: float
    comparisons: List[Comparison] = field(default_factory=list)
    first: Optional[Comparison] = None
    folded_torch: List[str] = field(default_factory=list)       # 'TBackward0 -> AddmmBackward0'
    inside: List[str] = field(default_factory=list)             # 'MulBackward0 in NativeBatch..'
    unmatched_minigrad: List[str] = field(default_factory=list)
    unmatched_torch: List[str] = field(default_factory=list)
    order_minigrad: List[str] = field(default_factory=list)
    order_torch: List[str] = field(default_factory=list)
    params_after_step: Dict[str, list] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.first is None and not self.loss_breach

    @property
    def loss_breach(self) -> bool:
        tol = self.config["tol"]
        return not abs(self.loss_minigrad - self.loss_torch) <= tol + tol * abs(self.loss_torch)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        return data

    def table(self) -> str:
        """The per-node comparison as text, ending with the verdict."""
        c = self.config
        lines = [f"bridge.trace: {c['model']}, {c['dtype']}, torch on {c['device']}, batch "
                 f"{c['batch_size']}, image {c['image_size']}x{c['image_size']}, tolerance "
                 f"{c['tol']:g} (max |a - b| <= tol * max |b|, per gradient)",
                 f"loss: minigrad {self.loss_minigrad:.10g}  torch {self.loss_torch:.10g}  "
                 f"|d| {abs(self.loss_minigrad - self.loss_torch):.3g}"]
        rows = [("step", "minigrad node", "torch node", "module", "gradient", "max abs",
                 "max rel", "")]
        for r in self.comparisons:
            rows.append((str(r.order), _short(r.minigrad), _short(r.torch), r.module, r.gradient,
                         f"{r.max_abs:.3g}", f"{r.max_rel:.3g}", "ok" if r.ok else "BREACH"))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            lines.append("  ".join(cell.rjust(w) if i in (0, 5, 6) else cell.ljust(w)
                                   for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
                         .rstrip())
        if self.folded_torch:
            lines.append("torch-only nodes followed through: " + ", ".join(self.folded_torch))
        if self.inside:
            lines.append("minigrad nodes inside one torch node: " + ", ".join(self.inside))
        if self.unmatched_torch:
            lines.append("torch nodes without a minigrad twin: " +
                         ", ".join(self.unmatched_torch))
        if self.unmatched_minigrad:
            lines.append("minigrad nodes without a torch twin: " +
                         ", ".join(self.unmatched_minigrad))
        if self.loss_breach:
            lines.append("the forward pass already differs (the loss breaches the tolerance): "
                         "node differences below may be its consequences; `python -m bridge` "
                         "locates forward divergences module by module")
        if self.first is not None:
            lines.append("first node over tolerance: " + self.first.describe())
        elif not self.loss_breach:
            lines.append(f"all {len(self.comparisons)} gradients of "
                         f"{len({r.order for r in self.comparisons})} matched nodes agree "
                         "within tolerance")
        return "\n".join(lines)


# -- running one step -------------------------------------------------------------------

def run(model: str = "mlp", dtype: str = "float64", device: str = "cpu",
        tol: Optional[float] = None, seed: int = 0, batch_size: int = 32,
        image_size: int = 28, lr: float = 0.01, out: Optional[str] = None,
        before_backward: Optional[Callable] = None) -> TraceReport:
    """One training step of ``model`` in both engines, compared node by node.

    ``before_backward(runner, mg_loss, th_loss)`` is called after the forward
    pass (tests use it to plant bugs).  With ``out``, writes ``out/trace.json``
    and ``out/trace.html`` (both engines' backward steppers side by side).
    """
    import minigrad
    from .data import load_digits
    runner = LockstepRunner(model, "SGD", {"lr": lr}, dtype=dtype, device=device, tol=tol,
                            seed=seed, model_kwargs={"image_size": image_size}, locate=False)
    try:
        x, y, _, _ = load_digits(image_size=image_size)
        x = np.asarray(x[:batch_size], getattr(np, dtype))
        y = np.asarray(y[:batch_size], np.int64)
        mg, th = runner.mg, runner.th
        modules = {}
        handles = _module_hooks(mg.model, modules) + _module_hooks(th.model, modules)
        losses = []
        for side in (mg, th):
            side.optimizer.zero_grad()
            losses.append(side.loss_fn(side.model(side.tensor(x)), side.tensor(y)))
        for h in handles:
            h.remove()
        mg_loss, th_loss = losses
        if before_backward is not None:
            before_backward(runner, mg_loss, th_loss)
        th_records, th_order = _hook_torch_graph(th_loss.grad_fn)
        with minigrad.autograd.trace() as mg_trace:
            mg_loss.backward(retain_graph=out is not None)
        th_loss.backward(retain_graph=out is not None)
        mg_params = dict(mg.model.named_parameters())
        th_params = dict(th.model.named_parameters())
        match = match_graphs(th_loss.grad_fn, mg_loss.grad_fn, _leaf_keys(th_params),
                             _leaf_keys(mg_params))
        report = TraceReport(
            config={"model": model, "dtype": dtype, "device": runner.config["device"],
                    "tol": runner.tol, "seed": seed, "batch_size": batch_size,
                    "image_size": image_size, "lr": lr},
            loss_minigrad=float(mg_loss.item()), loss_torch=float(th_loss.item()),
            order_minigrad=[e.name for e in mg_trace],
            order_torch=[n.name() for n in th_order])
        _compare(report, match, mg_trace, th_records, modules, runner.tol,
                 _leaf_keys(mg_params))
        report.folded_torch = _counted(f"{t.name()} -> {parent.name()}"
                                       for t, parent in match.folded.items())
        groups: Dict[int, list] = {}
        for n, owner in match.inside.values():
            groups.setdefault(id(owner), [owner]).append(n.name())
        report.inside = [f"{match.pairs[id(owner)][1].name()}{_module_suffix(modules, owner)} "
                         f"= {owner.name()} + " + " + ".join(_counted(names))
                         for owner, *names in groups.values()]
        report.unmatched_torch = [n.name() for n in th_order if n not in match.torch_seen]
        report.unmatched_minigrad = [e.name for e in mg_trace if id(e.node) not in match.pairs
                                     and id(e.node) not in match.inside]
        for side in (mg, th):
            side.optimizer.step()
        for name, p in th_params.items():
            report.params_after_step[name] = list(diff(transfer.to_numpy(mg_params[name]),
                                                       transfer.to_numpy(p), runner.tol))
        if out is not None:
            _write(out, report, match, mg_loss, th_loss, mg_trace, th_records, th_order,
                   mg_params, th_params, modules)
        return report
    finally:
        runner.close()


def _short(name: str) -> str:
    return "AccumulateGrad" if name == ACCUMULATE else name


def _counted(items) -> List[str]:
    """'2 x name' for repeated items, in first-seen order."""
    counts: Dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return [f"{n} x {item}" if n > 1 else item for item, n in counts.items()]


def _module_hooks(model, modules: Dict[int, str]) -> list:
    """Forward hooks that remember which module's output each grad_fn made."""
    handles = []
    for path, m in model.named_modules():
        if list(m.children()):            # containers: their output is a leaf module's
            continue
        def hook(module, inputs, output, path=path):
            node = getattr(output, "grad_fn", None)
            if node is not None:
                modules[id(node)] = (path, node)     # keep the node alive: ids stay unique
        handles.append(m.register_forward_hook(hook))
    return handles


def _module_of(modules, node) -> str:
    entry = modules.get(id(node))
    return entry[0] if entry is not None and entry[1] is node else ""


def _module_suffix(modules, node) -> str:
    path = _module_of(modules, node)
    return f" ('{path}')" if path else ""


def _hook_torch_graph(root):
    """A hook on every node of torch's graph: records (arriving, sent) and the order run."""
    records, order, seen, stack = {}, [], set(), [root]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)

        def hook(grad_inputs, grad_outputs, node=node):
            records[node] = ([_to_numpy(g) for g in grad_outputs],
                             [_to_numpy(g) for g in grad_inputs])
            order.append(node)
        node.register_hook(hook)
        stack.extend(c for c, _ in node.next_functions)
    return records, order


def _to_numpy(g):
    return None if g is None else g.detach().cpu().numpy().copy()


def _leaf_keys(params: dict) -> Dict[int, str]:
    return {id(p): name for name, p in params.items()}


# -- matching the two graphs --------------------------------------------------------------

@dataclass
class Link:
    """A gradient torch node T sends along one edge, and where minigrad computes the same."""

    torch_source: tuple         # (torch node, index in its grad_inputs)
    minigrad_edges: list        # [(minigrad node, index in its next_functions)], summed
    target: str                 # what receives it ('ReluBackward0', '0.weight')


@dataclass
class Match:
    pairs: Dict[int, tuple] = field(default_factory=dict)      # id(mg) -> (mg node, th node)
    links: Dict[int, list] = field(default_factory=dict)       # id(mg) -> [Link]
    folded: dict = field(default_factory=dict)                 # th pass-through -> th parent
    inside: Dict[int, tuple] = field(default_factory=dict)     # id(mg) -> (mg node, mg owner)
    torch_seen: set = field(default_factory=set)


def match_graphs(th_root, mg_root, th_leaves: Dict[int, str],
                 mg_leaves: Dict[int, str]) -> Match:
    """Pair torch's and minigrad's backward nodes (see the module docstring)."""
    match = Match()
    twin_of = {}                                     # torch node -> minigrad node

    def key(node, leaves):
        if node.name() == ACCUMULATE:
            var = node.variable
            return ("leaf", leaves.get(id(var), tuple(var.shape)))
        return ("op", node.name())

    def label(node, leaves):
        k = key(node, leaves)
        return k[1] if k[0] == "leaf" and isinstance(k[1], str) else node.name()

    def pair(th, mg):
        match.pairs[id(mg)] = (mg, th)
        match.torch_seen.add(th)
        twin_of[th] = mg
        match.links[id(mg)] = []
        queue.append((th, mg))

    queue = deque()
    pair(th_root, mg_root)
    while queue:
        th, mg = queue.popleft()
        for i, (child, _) in enumerate(th.next_functions):
            if child is None:
                continue
            source, target = (th, i), child
            found = _search(mg, key(child, th_leaves), lambda n: key(n, mg_leaves), match,
                            twin_of.get(child), depth=1)
            if found is None and child.name() in PASS_THROUGH:
                inner = [c for c, _ in child.next_functions if c is not None]
                if len(inner) == 1:
                    match.folded[child] = th
                    match.torch_seen.add(child)
                    source, target = (child, 0), inner[0]
            if found is None:
                found = _search(mg, key(target, th_leaves), lambda n: key(n, mg_leaves), match,
                                twin_of.get(target), depth=DEPTH)
            if found is None:
                continue
            mg_child, edges, passed = found
            for n in passed:
                match.inside.setdefault(id(n), (n, mg))
            match.links[id(mg)].append(Link(source, edges, label(target, th_leaves)))
            if target not in twin_of and id(mg_child) not in match.pairs:
                pair(target, mg_child)
    return match


def _search(start, wanted, key, match, known, depth):
    """Breadth-first below ``start`` for the node with key ``wanted`` (or the node ``known``).

    Passes only through nodes not matched yet.  Returns (node, the edges into
    it from ``start`` or the nodes passed on the way, the nodes passed on the
    way) or None.
    """
    levels, visited = [[start]], {id(start)}
    for _ in range(depth):
        nxt, hit = [], None
        for node in levels[-1]:
            for child, _ in node.next_functions:
                if child is None:
                    continue
                if hit is None and (child is known if known is not None else
                                    key(child) == wanted and id(child) not in match.pairs):
                    hit = child
                if id(child) not in visited and id(child) not in match.pairs:
                    visited.add(id(child))
                    nxt.append(child)
        if hit is not None:
            return (hit,) + _paths_to(hit, levels)
        if not nxt:
            return None
        levels.append(nxt)
    return None


def _paths_to(hit, levels):
    """The edges into ``hit`` from nodes of ``levels`` that lie on a path to it, and those."""
    reaches = {id(hit)}
    passed = []
    for level in reversed(levels[1:]):
        for node in level:
            if any(id(c) in reaches for c, _ in node.next_functions if c is not None):
                reaches.add(id(node))
                passed.append(node)
    inside = [levels[0][0]] + passed
    edges = [(n, j) for n in inside for j, (c, _) in enumerate(n.next_functions) if c is hit]
    return edges, passed


def _compare(report, match, mg_trace, th_records, modules, tol, leaf_names):
    """Fill ``report.comparisons`` in minigrad's backward order; find the first breach."""
    entries = {id(e.node): e for e in mg_trace}
    for order, e in enumerate(mg_trace, start=1):
        if id(e.node) not in match.pairs:
            continue
        mg, th = match.pairs[id(e.node)]
        arrived, sent = th_records.get(th, ([], []))
        module = _module_of(modules, mg) or _module_of(modules, th)

        def add(what, a, b, order=order, mg=mg, th=th, module=module):
            if a is None and b is None:
                return
            d = node_diff(a, b, tol)
            report.comparisons.append(Comparison(order, mg.name(), th.name(), module, what,
                                                 d[0], d[1], not d[2]))
        if mg.name() == ACCUMULATE:                 # a leaf: compare what it accumulates
            name = leaf_names.get(id(mg.variable), "leaf")
            add(f"accumulated into {name}.grad", _array(e.grads_in[0]),
                arrived[0] if arrived else None)
            continue
        for nr, g in enumerate(e.grads_in):
            add("arriving" + (f" at output {nr}" if len(e.grads_in) > 1 else ""), _array(g),
                arrived[nr] if nr < len(arrived) else None)
        for link in match.links[id(mg)]:
            node, index = link.torch_source
            th_sent = th_records.get(node, ([], []))[1]
            add(f"sent to {link.target}", _sum_sent(link.minigrad_edges, entries),
                th_sent[index] if index < len(th_sent) else None)
    report.first = next((c for c in report.comparisons if not c.ok), None)


def _array(g):
    return None if g is None else g.array


def node_diff(a, b, tol: float):
    """(max abs, max rel, breached?) of two gradients (None: not computed) at a node."""
    if a is None or b is None:
        return float("inf"), float("inf"), True
    max_abs, max_rel, _ = diff(a, b, tol)
    finite_alike = np.array_equal(np.isfinite(np.asarray(a)), np.isfinite(np.asarray(b)))
    return max_abs, max_rel, not (max_rel <= tol and finite_alike)


def _sum_sent(edges, entries):
    total = None
    for node, j in edges:
        e = entries.get(id(node))
        if e is None or j >= len(e.grads_out) or e.grads_out[j] is None:
            continue
        a = e.grads_out[j].array
        total = a.copy() if total is None else total + a
    return total


# -- output --------------------------------------------------------------------------------

def _write(out, report, match, mg_loss, th_loss, mg_trace, th_records, th_order, mg_params,
           th_params, modules):
    from minigrad.viz.graph import describe
    from minigrad.viz.html import Step, panel, write_page
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "trace.json"), "w", encoding="utf-8") as f:
        json.dump(report.to_dict(), f, indent=1, default=_json_default)
    mg_graph = describe([mg_loss], mg_params)
    th_graph = describe_torch(th_loss, th_params)
    by_order: Dict[int, list] = {}
    for c in report.comparisons:
        by_order.setdefault(c.order, []).append(
            {"label": c.gradient, "max_abs": f"{c.max_abs:.3g}", "max_rel": f"{c.max_rel:.3g}",
             "ok": c.ok})
    mg_steps = []
    for i, e in enumerate(mg_trace, start=1):
        step = Step(e.node, [_array(g) for g in e.grads_in], [_array(g) for g in e.grads_out])
        if i in by_order:
            step.extra["compare"] = by_order[i]
        mg_steps.append(step)
    th_steps = [Step(n, *th_records[n]) for n in th_order if n in th_records]
    left = panel(mg_graph, mg_steps, "minigrad", "minigrad")
    right = panel(th_graph, th_steps, "torch", f"torch ({report.config['device']})")
    right["match"] = {}
    for mg, th in match.pairs.values():
        a, b = mg_graph.key_of(mg), th_graph.key_of(th)
        if a is not None and b is not None:
            right["match"][a] = b
    verdict = ("first node over tolerance: " + report.first.describe()) if report.first \
        else "all matched gradients agree within tolerance"
    first = mg_graph.key_of(mg_trace[report.first.order - 1].node) if report.first else None
    write_page(os.path.join(out, "trace.html"), [left, right],
               f"bridge.trace: {report.config['model']} ({report.config['dtype']})",
               {"note": verdict, "first": first})


def _json_default(value):
    if isinstance(value, float) and not np.isfinite(value):
        return str(value)
    return str(value)


def describe_torch(loss, params: dict):
    """torch's backward graph as a :class:`minigrad.viz.graph.Graph` (to draw it alike)."""
    from minigrad.viz.graph import Graph, GraphNode
    names = _leaf_keys(params)
    graph = Graph()
    keys = {}

    def add(node):
        key = f"n{len(graph.nodes)}"
        keys[node] = key
        if node.name() == ACCUMULATE:
            var = node.variable
            graph.nodes.append(GraphNode(key, ACCUMULATE, "leaf", [tuple(var.shape)],
                                         names.get(id(var), ""), obj=node))
        else:
            shapes = [tuple(m.shape) for m in node._input_metadata]
            graph.nodes.append(GraphNode(key, node.name(), "op", shapes, obj=node,
                                         where="torch (C++ autograd)"))
        return key

    out = GraphNode("n0", "output", "output", [tuple(loss.shape)])
    graph.nodes.append(out)
    stack = [(out.key, loss.grad_fn, 0, 0)]
    while stack:
        parent, node, index, nr = stack.pop()
        new = node not in keys
        key = add(node) if new else keys[node]
        graph.edges.append((parent, key, index, nr))
        if new:
            pending = [(key, c, j, cnr) for j, (c, cnr) in enumerate(node.next_functions)
                       if c is not None]
            stack.extend(reversed(pending))
    return graph


# -- command line --------------------------------------------------------------------------

def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bridge.trace",
                                description="one training step in minigrad and torch, "
                                            "compared backward node by backward node")
    p.add_argument("--model", choices=sorted(MODELS), default="mlp")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float64")
    p.add_argument("--device", default="cpu", help="torch device: cpu or cuda")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--image-size", type=int, default=28)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tol", type=float, default=None,
                   help=f"tolerance (default {DEFAULT_TOL['float64']:g} float64, "
                        f"{DEFAULT_TOL['float32']:g} float32)")
    p.add_argument("--out", default=None, help="folder for trace.json and trace.html")
    args = p.parse_args(argv)
    transfer.set_threads(1)
    report = run(args.model, args.dtype, args.device, args.tol, args.seed, args.batch_size,
                 args.image_size, args.lr, args.out)
    print(report.table())
    if args.out:
        print(f"wrote {os.path.join(args.out, 'trace.json')} and "
              f"{os.path.join(args.out, 'trace.html')}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
