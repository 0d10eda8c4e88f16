"""``trace()``: watch the backward pass node by node.

>>> with minigrad.autograd.trace() as tr:
...     loss.backward()
>>> print(tr)                       # one row per node, in the order the engine ran them
>>> [e.name for e in tr]            # 'NllLossBackward0', 'LogSoftmaxBackward0', ...
>>> tr.to_json()

Each entry keeps what a reader (or a graph stepper) needs to replay the pass:
the node itself, the edges it sends gradients along, the gradients that
arrived and the ones it sent (shape, norm, first values and, by default, a
copy of the whole array), the time it took and, for an ``AccumulateGrad``
node, the leaf and its ``.grad`` afterwards.
"""
from __future__ import annotations

import json
import time
from typing import Iterator, NamedTuple

import numpy as np

from . import instruments
from .function import AccumulateGrad

FIRST = 6    # how many leading values each gradient summary keeps


class Grad(NamedTuple):
    """One gradient seen by the trace: its summary and (optionally) a copy of it."""

    shape: tuple
    dtype: str
    norm: float
    first: tuple           # the first values, flattened in row-major order
    array: np.ndarray | None

    @staticmethod
    def of(value, keep: bool) -> Grad | None:
        if value is None:
            return None
        array = np.asarray(getattr(value, "_array", value))
        flat = array.reshape(-1)
        norm = float(np.sqrt(np.sum(np.square(flat, dtype=np.float64)))) if flat.size else 0.0
        return Grad(tuple(array.shape), str(array.dtype), norm,
                    tuple(float(v) for v in flat[:FIRST]), array.copy() if keep else None)

    def to_dict(self) -> dict:
        return {"shape": list(self.shape), "dtype": self.dtype, "norm": _finite(self.norm),
                "first": [_finite(v) for v in self.first]}


class TraceEntry:
    """One backward node's turn, as the engine ran it."""

    __slots__ = ("index", "name", "node", "edges", "grads_in", "grads_out", "seconds",
                 "leaf", "leaf_grad", "error")

    def __init__(self, index, node, edges, grads_in, grads_out, seconds, leaf, leaf_grad,
                 error):
        self.index = index            # position in the order the engine ran the nodes
        self.name = node.name()       # torch's name: 'AddmmBackward0', ...
        self.node = node              # the grad_fn object itself
        self.edges = edges            # (next node or None, output_nr) per tensor input
        self.grads_in = grads_in      # Grad per node output (None: no gradient arrived)
        self.grads_out = grads_out    # Grad per edge (None: nothing sent along it)
        self.seconds = seconds        # wall time of the node's turn
        self.leaf = leaf              # AccumulateGrad: the leaf tensor, else None
        self.leaf_grad = leaf_grad    # AccumulateGrad: Grad of leaf.grad after the turn
        self.error = error            # repr of the exception the node raised, else None

    @property
    def node_id(self) -> int:
        return id(self.node)

    @property
    def in_shapes(self) -> tuple:
        return tuple(g.shape if g is not None else None for g in self.grads_in)

    @property
    def out_shapes(self) -> tuple:
        return tuple(g.shape if g is not None else None for g in self.grads_out)

    @property
    def in_norms(self) -> tuple:
        return tuple(g.norm if g is not None else None for g in self.grads_in)

    @property
    def out_norms(self) -> tuple:
        return tuple(g.norm if g is not None else None for g in self.grads_out)

    def to_dict(self) -> dict:
        def grads(gs):
            return [g.to_dict() if g is not None else None for g in gs]
        return {
            "index": self.index, "name": self.name, "node_id": self.node_id,
            "next": [None if n is None else {"node_id": id(n), "name": n.name(), "output_nr": nr}
                     for n, nr in self.edges],
            "grads_in": grads(self.grads_in), "grads_out": grads(self.grads_out),
            "time_us": self.seconds * 1e6,
            "leaf": None if self.leaf is None else {
                "shape": list(self.leaf.shape),
                "grad": None if self.leaf_grad is None else self.leaf_grad.to_dict()},
            "error": self.error,
        }

    def __repr__(self) -> str:
        return f"<TraceEntry {self.index} {self.name} in={self.in_shapes} out={self.out_shapes}>"


class trace:
    """Context manager: record every backward node the engine runs inside the block.

    Args:
        keep_grads: keep a copy of every gradient array (default); with False only
            shapes, norms and the first values are kept.
    """

    def __init__(self, keep_grads: bool = True) -> None:
        self.keep_grads = keep_grads
        self.entries: list[TraceEntry] = []

    def __enter__(self) -> trace:
        instruments.attach(self)
        return self

    def __exit__(self, *exc_info) -> None:
        instruments.detach(self)

    # -- the instrument --------------------------------------------------------------
    def around_node(self, node, grads, run):
        keep = self.keep_grads
        grads_in = tuple(Grad.of(g, keep) for g in grads)
        error, sent = None, ()
        start = time.perf_counter()
        try:
            sent = run(node, grads)
            return sent
        except BaseException as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            seconds = time.perf_counter() - start
            self._record(node, grads_in, sent, seconds, error)

    def _record(self, node, grads_in, sent, seconds, error):
        keep = self.keep_grads
        leaf = leaf_grad = None
        if isinstance(node, AccumulateGrad):
            edges, grads_out = (), ()
            leaf = node.variable
            leaf_grad = Grad.of(leaf.grad, keep)
        else:
            tensor_inputs = [i for i, key in enumerate(node._input_ids) if key is not None]
            edges = tuple(node.edges[i] for i in tensor_inputs)
            grads_out = tuple(Grad.of(sent[i], keep) if i < len(sent) else None
                              for i in tensor_inputs)
        self.entries.append(TraceEntry(len(self.entries), node, edges, grads_in, grads_out,
                                       seconds, leaf, leaf_grad, error))

    # -- reading it --------------------------------------------------------------------
    def __iter__(self) -> Iterator[TraceEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, i):
        return self.entries[i]

    def to_json(self, path=None, indent: int | None = 1) -> str:
        """The entries as JSON text (also written to ``path`` when given)."""
        text = json.dumps({"entries": [e.to_dict() for e in self.entries]}, indent=indent)
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        return text

    def __str__(self) -> str:
        rows = [("#", "node", "grad in", "|grad in|", "grad out", "|grad out|", "time")]
        for e in self.entries:
            if e.leaf is not None:
                out = "-> .grad " + _shape(e.leaf_grad.shape if e.leaf_grad else None)
                out_norm = _norm(e.leaf_grad.norm if e.leaf_grad else None)
            else:
                out = ", ".join(_shape(s) for s in e.out_shapes)
                out_norm = ", ".join(_norm(n) for n in e.out_norms)
            rows.append((str(e.index), e.name + (" !" if e.error else ""),
                         ", ".join(_shape(s) for s in e.in_shapes),
                         ", ".join(_norm(n) for n in e.in_norms), out, out_norm,
                         _duration(e.seconds)))
        widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
        right = {0, 3, 5, 6}
        lines = ["  ".join(cell.rjust(w) if c in right else cell.ljust(w)
                           for c, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
                 for row in rows]
        total = sum(e.seconds for e in self.entries)
        lines.insert(1, "-" * max(len(line) for line in lines))
        lines.append(f"{len(self.entries)} nodes, {_duration(total)} in backward rules and "
                     "accumulation")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<minigrad.autograd.trace: {len(self.entries)} nodes>"


def _finite(v: float):
    return v if np.isfinite(v) else str(v)      # JSON has no nan / inf


def _shape(shape) -> str:
    return "-" if shape is None else "[" + ", ".join(str(n) for n in shape) + "]"


def _norm(n) -> str:
    return "-" if n is None else f"{n:.4g}"


def _duration(seconds: float) -> str:
    us = seconds * 1e6
    return f"{us / 1000:.3f} ms" if us >= 1000 else f"{us:.1f} us"
