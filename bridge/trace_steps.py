"""Recurrent time steps for ``bridge.trace``: one minigrad node, a small graph of torch ops.

minigrad runs one time step of an RNN, LSTM or GRU layer as one fused node
(``RnnTanhCellBackward0``, ``RnnReluCellBackward0``, ``LstmCellBackward0``,
``GruCellBackward0``; ``minigrad/ops/rnn.py``).  torch's CPU layers compute the
same step as a composite of its own ops (on float64, with a projection, or
with oneDNN switched off; ``bridge.trace`` switches it off): an ``addmm`` for
``h W_hh^T + b_hh``, an ``add`` with the step's slice of the input projection,
an ``unsafe_split`` into gates, sigmoids and tanhs, products and sums.

Each function below starts at the torch node that produces the step's output
(the fused node's output 0: ``h_t``) and walks that composite by the names and
positions of its nodes, as torch 2.14 builds it.  It returns a ``Region``: the
torch nodes inside the step, where torch receives the gradient of each output
of the fused node, where it sends the gradient of each input (``(node, index)``
pairs into the node's ``grad_inputs``, summed when the input is used twice, as
GRU uses ``h``), and the torch node that each input comes from (to carry the
matching on below the step).  None when the graph is not such a step.

Only ``h_t`` is compared where it arrives: the gradient arriving at the LSTM
step's ``c_t`` output in minigrad is the next step's part alone (the part
through ``tanh(c_t)`` in ``h_t`` stays inside the fused node), while torch's
``c_t`` node receives both; the next step's part is compared where that step
sends it.

Fused node inputs, in order: ``(gx, h, c, W_hh, b_hh)`` for the LSTM,
``(gx, h, W_hh, b_hh)`` for the others (``b_hh`` absent without bias).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

ACCUMULATE = "torch::autograd::AccumulateGrad"


@dataclass
class Region:
    """Where torch handles, inside one time step, what minigrad's fused step node does."""

    nodes: List[object]                        # torch nodes inside the step
    arrive: List[object]                       # per fused output: torch node receiving it
    send: List[List[Tuple[object, int]]]       # per fused input: (torch node, grad index)s
    below: List[Optional[object]]              # per fused input: torch node it comes from
    roles: List[str] = field(default_factory=list)     # per fused input: what it is


def _child(node, *names):
    """(child, index) of the first of ``node``'s next_functions named one of ``names``."""
    for i, (c, _) in enumerate(node.next_functions):
        if c is not None and c.name() in names:
            return c, i
    return None, None


def _at(node, i):
    return node.next_functions[i][0] if node is not None and i < len(node.next_functions) \
        else None


def _recurrent_product(hh):
    """torch's ``h W_hh^T (+ b_hh)`` node: its T node and the (send, below) of h, W, b."""
    if hh is None or hh.name() not in ("AddmmBackward0", "MmBackward0"):
        return None
    bias = hh.name() == "AddmmBackward0"
    t_node, t_index = _child(hh, "TBackward0")
    if t_node is None:
        return None
    h_index = 1 if bias else 0
    return dict(t=t_node, h=([(hh, h_index)], _at(hh, h_index)), w=([(t_node, 0)],
                _at(t_node, 0)), b=([(hh, 0)], _at(hh, 0)) if bias else None)


def _region(nodes, arrive, gx, cell, recurrent) -> Region:
    """A step's region, its inputs in the fused node's order (gx, h, [c], W_hh, [b_hh])."""
    parts = [("gx_t", gx), ("h_{t-1}", recurrent["h"])] + \
        ([("c_{t-1}", cell)] if cell else []) + [("W_hh", recurrent["w"])] + \
        ([("b_hh", recurrent["b"])] if recurrent["b"] is not None else [])
    return Region(nodes, arrive, [p[1][0] for p in parts], [p[1][1] for p in parts],
                  [p[0] for p in parts])


def rnn_step(entry) -> Optional[Region]:
    """``h_t = tanh(gx_t + h W_hh^T + b_hh)`` (or relu): Tanh/Relu <- Add <- (Addmm, Unbind)."""
    if entry.name() not in ("TanhBackward0", "ReluBackward0"):
        return None
    add = _at(entry, 0)
    if add is None or add.name() != "AddBackward0":
        return None
    gx, gx_index = _child(add, "UnbindBackward0")
    hh, _ = _child(add, "AddmmBackward0", "MmBackward0")
    recurrent = _recurrent_product(hh)
    if gx is None or recurrent is None:
        return None
    return _region([entry, add, hh, recurrent["t"]], [entry], ([(add, gx_index)], gx), None,
                   recurrent)


def lstm_step(entry) -> Optional[Region]:
    """``h_t = o * tanh(c_t)``, ``c_t = f * c + i * g``, gates split from
    ``gx_t + h W_hh^T + b_hh``."""
    if entry.name() != "MulBackward0":
        return None
    sig_o, _ = _child(entry, "SigmoidBackward0")
    tanh_c, _ = _child(entry, "TanhBackward0")
    c_add = _at(tanh_c, 0)
    if sig_o is None or c_add is None or c_add.name() != "AddBackward0":
        return None
    products = [_at(c_add, 0), _at(c_add, 1)]
    if any(p is None or p.name() != "MulBackward0" for p in products):
        return None
    ig = next(p for p in products if _child(p, "TanhBackward0")[0] is not None)  # i * g
    fc = products[1] if ig is products[0] else products[0]                       # f * c
    split = _at(sig_o, 0)
    gates = _at(split, 0)
    if split is None or split.name() != "UnsafeSplitBackward0" or gates is None:
        return None
    gx, gx_index = _child(gates, "UnbindBackward0")
    hh, _ = _child(gates, "AddmmBackward0", "MmBackward0")
    recurrent = _recurrent_product(hh)
    if gx is None or recurrent is None:
        return None
    inner = [entry, sig_o, tanh_c, c_add, fc, ig, _at(fc, 0), _at(ig, 0), _at(ig, 1), split,
             gates, hh, recurrent["t"]]
    # c_t's arrival is not compared here (see the module docstring)
    return _region(inner, [entry], ([(gates, gx_index)], gx), ([(fc, 1)], _at(fc, 1)),
                   recurrent)


def gru_step(entry) -> Optional[Region]:
    """``h_t = (h - n) * z + n``, ``n = tanh(gx_n + r * hh_n)``, r and z sigmoids of sums of
    the split ``gx_t`` and the split ``h W_hh^T + b_hh``."""
    if entry.name() != "AddBackward0":
        return None
    mul, _ = _child(entry, "MulBackward0")
    n_tanh, _ = _child(entry, "TanhBackward0")
    if mul is None or n_tanh is None:
        return None
    sub, _ = _child(mul, "SubBackward0")
    sig_z, _ = _child(mul, "SigmoidBackward0")
    n_add = _at(n_tanh, 0)
    if sub is None or sig_z is None or n_add is None or n_add.name() != "AddBackward0":
        return None
    split_ih, _ = _child(n_add, "UnsafeSplitBackward0")
    rn, _ = _child(n_add, "MulBackward0")
    if split_ih is None or rn is None:
        return None
    split_hh, _ = _child(rn, "UnsafeSplitBackward0")
    sig_r, _ = _child(rn, "SigmoidBackward0")
    hh = _at(split_hh, 0)
    recurrent = _recurrent_product(hh)
    gx = _at(split_ih, 0)
    if recurrent is None or sig_r is None or gx is None or gx.name() != "UnbindBackward0":
        return None
    recurrent["h"] = ([(sub, 0)] + recurrent["h"][0], recurrent["h"][1])   # h is used twice
    inner = [entry, mul, n_tanh, sub, sig_z, _at(sig_z, 0), n_add, split_ih, rn, split_hh,
             sig_r, _at(sig_r, 0), hh, recurrent["t"]]
    return _region(inner, [entry], ([(split_ih, 0)], gx), None, recurrent)


VIEWS = ("UnsafeViewBackward0", "ViewBackward0", "CloneBackward0")


def _through_views(node):
    """The first node below ``node`` that is not a reshape or copy of a single input."""
    inside = []
    while node is not None and node.name() in VIEWS and len(node.next_functions) == 1:
        inside.append(node)
        node = node.next_functions[0][0]
    return node, inside


def linear(entry) -> Optional[Region]:
    """torch's ``linear`` as ``add(unsafe_view(mm(x.view(-1, in), W^T)), b)`` (the input
    projection of all time steps; a Linear on a 3-d input) is minigrad's one Linear node
    (inputs ``b, x, W``)."""
    if entry.name() != "AddBackward0":
        return None
    view, _ = _child(entry, "UnsafeViewBackward0", "ViewBackward0")
    bias, b_index = _child(entry, ACCUMULATE)
    mm = _at(view, 0)
    if bias is None or mm is None or mm.name() != "MmBackward0":
        return None
    t_node, _ = _child(mm, "TBackward0")
    if t_node is None:
        return None
    x, views = _through_views(_at(mm, 0))
    return Region([entry, view, mm, t_node] + views, [entry],
                  [[(entry, b_index)], [(mm, 0)], [(t_node, 0)]], [bias, x, _at(t_node, 0)],
                  ["bias", "input", "weight"])


# minigrad node name -> the walker of the torch graph computing the same
FUSED: Dict[str, Callable] = {
    "RnnTanhCellBackward0": rnn_step,
    "RnnReluCellBackward0": rnn_step,
    "LstmCellBackward0": lstm_step,
    "GruCellBackward0": gru_step,
}


def walker(node) -> Optional[Callable]:
    """The walker for minigrad node ``node``: a recurrent step by name, a Linear by its op."""
    if node.name() in FUSED:
        return FUSED[node.name()]
    if getattr(getattr(node, "fn", None), "__name__", "") == "Linear":
        return linear
    return None

# torch's name of the node that minigrad's node of this name stands for
SAME_AS = {"SplitWithSizesBackward0": "UnbindBackward0"}
