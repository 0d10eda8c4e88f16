"""Every minigrad op against torch: max abs/rel errors of forward values and gradients.

``python -m bridge.ops_report [--json PATH] [--dtype float32|float64] [--only PATTERN]``

Each row of ``OPS`` is ``(name, input specs, fn)`` where ``fn(lib, *tensors)``
is written once and run with ``lib = minigrad`` and ``lib = torch`` (the APIs
match).  An input spec is ``(shape, kind)``; kinds keep inputs away from
kinks, ties and invalid domains (``pos`` > 0.5, ``away`` with |x| > 0.2,
``any`` in (-2, 2), ``label`` class indices, ``unit`` in (0.05, 0.95)).
Gradients flow back from ``sum(out * R)`` with a fixed random ``R``.

Errors: ``abs = max |minigrad - torch|`` and ``rel = abs / max |torch|``.
Status ``ok`` when rel <= 1e-10 (float64) or 1e-5 (float32); ``MISSING`` when
minigrad lacks the op; ``ERROR`` when it raised.  At the end the report lists
minigrad Function classes no row exercised.
"""
from __future__ import annotations

import argparse
import fnmatch
import sys
import zlib
from typing import Callable, Dict, List, Tuple

import numpy as np

TOL = {"float64": 1e-10, "float32": 1e-5}


def F(lib):
    return lib.nn.functional


A, B = (3, 4), (4, 5)
IMG = (2, 3, 6, 6)
OPS: List[Tuple[str, tuple, Callable]] = [
    # pointwise
    ("add", ((A, "any"), (A, "any")), lambda L, a, b: L.add(a, b)),
    ("add_broadcast", (((3, 1, 4), "any"), ((5, 1), "any")), lambda L, a, b: a + b),
    ("add_alpha", ((A, "any"), (A, "any")), lambda L, a, b: a.add(b, alpha=0.5)),
    ("sub", ((A, "any"), (A, "any")), lambda L, a, b: a - b),
    ("mul", ((A, "any"), (A, "any")), lambda L, a, b: a * b),
    ("mul_broadcast", ((A, "any"), ((4,), "any")), lambda L, a, b: a * b),
    ("mul_scalar", ((A, "any"),), lambda L, a: a * 2.5),
    ("div", ((A, "any"), (A, "pos")), lambda L, a, b: a / b),
    ("rdiv_scalar", ((A, "pos"),), lambda L, a: 1.5 / a),
    ("neg", ((A, "any"),), lambda L, a: -a),
    ("pow_scalar", ((A, "pos"),), lambda L, a: a ** 3),
    ("pow_tensor", ((A, "pos"), (A, "any")), lambda L, a, b: a ** b),
    ("exp", ((A, "any"),), lambda L, a: a.exp()),
    ("log", ((A, "pos"),), lambda L, a: a.log()),
    ("sqrt", ((A, "pos"),), lambda L, a: a.sqrt()),
    ("rsqrt", ((A, "pos"),), lambda L, a: a.rsqrt()),
    ("square", ((A, "any"),), lambda L, a: a.square()),
    ("reciprocal", ((A, "pos"),), lambda L, a: a.reciprocal()),
    ("abs", ((A, "away"),), lambda L, a: a.abs()),
    ("sin", ((A, "any"),), lambda L, a: a.sin()),
    ("cos", ((A, "any"),), lambda L, a: a.cos()),
    ("sigmoid", ((A, "any"),), lambda L, a: a.sigmoid()),
    ("tanh", ((A, "any"),), lambda L, a: a.tanh()),
    ("relu", ((A, "away"),), lambda L, a: a.relu()),
    ("clamp", ((A, "away"),), lambda L, a: a.clamp(-0.1, 0.1)),
    ("maximum", ((A, "any"), (A, "any")), lambda L, a, b: L.maximum(a, b)),
    ("minimum", ((A, "any"), (A, "any")), lambda L, a, b: L.minimum(a, b)),
    ("where", ((A, "any"), (A, "any")), lambda L, a, b: L.where(a > b, a, b * 2)),
    ("masked_fill", ((A, "any"),), lambda L, a: a.masked_fill(a > 0.5, 0.0)),
    # matrix products
    ("matmul", ((A, "any"), (B, "any")), lambda L, a, b: a @ b),
    ("matmul_batched", (((2, 3, 4), "any"), (B, "any")), lambda L, a, b: L.matmul(a, b)),
    ("mm", ((A, "any"), (B, "any")), lambda L, a, b: L.mm(a, b)),
    ("bmm", (((2, 3, 4), "any"), ((2, 4, 5), "any")), lambda L, a, b: L.bmm(a, b)),
    ("mv", ((A, "any"), ((4,), "any")), lambda L, a, b: L.mv(a, b)),
    ("dot", (((4,), "any"), ((4,), "any")), lambda L, a, b: L.dot(a, b)),
    # reductions
    ("sum", ((A, "any"),), lambda L, a: a.sum()),
    ("sum_dim", (((2, 3, 4), "any"),), lambda L, a: a.sum(dim=(0, 2))),
    ("sum_keepdim", ((A, "any"),), lambda L, a: a.sum(1, keepdim=True)),
    ("mean", ((A, "any"),), lambda L, a: a.mean()),
    ("mean_dim", (((2, 3, 4), "any"),), lambda L, a: a.mean(-1)),
    ("max", ((A, "any"),), lambda L, a: a.max()),
    ("max_dim", ((A, "any"),), lambda L, a: a.max(dim=1)[0]),
    ("min", ((A, "any"),), lambda L, a: a.min()),
    ("min_dim", ((A, "any"),), lambda L, a: a.min(dim=0)[0]),
    ("amax", ((A, "any"),), lambda L, a: a.amax(1)),
    ("amin", ((A, "any"),), lambda L, a: a.amin(0)),
    ("var", ((A, "any"),), lambda L, a: a.var(1)),
    ("std", ((A, "any"),), lambda L, a: a.std()),
    ("norm", ((A, "any"),), lambda L, a: a.norm()),
    ("logsumexp", ((A, "any"),), lambda L, a: a.logsumexp(1)),
    ("softmax", ((A, "any"),), lambda L, a: a.softmax(1)),
    ("log_softmax", ((A, "any"),), lambda L, a: a.log_softmax(-1)),
    # shape
    ("reshape", ((A, "any"),), lambda L, a: a.reshape(2, 6)),
    ("view", ((A, "any"),), lambda L, a: a.view(-1)),
    ("flatten", (((2, 3, 4), "any"),), lambda L, a: a.flatten(1)),
    ("squeeze", (((3, 1, 4), "any"),), lambda L, a: a.squeeze(1)),
    ("unsqueeze", ((A, "any"),), lambda L, a: a.unsqueeze(0)),
    ("permute", (((2, 3, 4), "any"),), lambda L, a: a.permute(2, 0, 1)),
    ("transpose", (((2, 3, 4), "any"),), lambda L, a: a.transpose(0, 2)),
    ("t", ((A, "any"),), lambda L, a: a.t()),
    ("expand", (((3, 1), "any"),), lambda L, a: a.expand(3, 4)),
    ("getitem_slice", ((A, "any"),), lambda L, a: a[1:, ::2]),
    ("getitem_index", ((A, "any"),), lambda L, a: a[L.tensor([0, 2, 0])]),
    ("cat", ((A, "any"), (A, "any")), lambda L, a, b: L.cat([a, b], 1)),
    ("stack", ((A, "any"), (A, "any")), lambda L, a, b: L.stack([a, b], 0)),
    ("split", ((A, "any"),), lambda L, a: a.split(2, 1)[1]),
    ("chunk", ((A, "any"),), lambda L, a: a.chunk(2, 0)[0]),
    ("narrow", ((A, "any"),), lambda L, a: a.narrow(1, 1, 2)),
    ("clone", ((A, "any"),), lambda L, a: a.clone()),
    ("select", ((A, "any"),), lambda L, a: a[1]),
    ("setitem", ((A, "any"), (A, "any")), lambda L, a, b: _setitem(a, b)),
    ("to_dtype", ((A, "any"),), lambda L, a: a.to(L.float32) * 2),
    # nn.functional
    ("F.linear", (((5, 4), "any"), ((3, 4), "any"), ((3,), "any")),
     lambda L, x, w, b: F(L).linear(x, w, b)),
    ("F.relu", ((A, "away"),), lambda L, a: F(L).relu(a)),
    ("F.leaky_relu", ((A, "away"),), lambda L, a: F(L).leaky_relu(a, 0.1)),
    ("F.gelu", ((A, "any"),), lambda L, a: F(L).gelu(a)),
    ("F.elu", ((A, "away"),), lambda L, a: F(L).elu(a)),
    ("F.softplus", ((A, "any"),), lambda L, a: F(L).softplus(a)),
    ("F.normalize", ((A, "any"),), lambda L, a: F(L).normalize(a, dim=1)),
    ("F.silu", ((A, "any"),), lambda L, a: F(L).silu(a)),
    ("F.relu6", ((A, "any"),), lambda L, a: F(L).relu6(a * 4)),
    ("F.hardtanh", ((A, "away"),), lambda L, a: F(L).hardtanh(a * 0.4)),
    ("F.logsigmoid", ((A, "any"),), lambda L, a: F(L).logsigmoid(a)),
    ("F.softmin", ((A, "any"),), lambda L, a: F(L).softmin(a, dim=1)),
    ("F.softmax", ((A, "any"),), lambda L, a: F(L).softmax(a, dim=1)),
    ("F.log_softmax", ((A, "any"),), lambda L, a: F(L).log_softmax(a, dim=1)),
    ("F.conv2d", ((IMG, "any"), ((4, 3, 3, 3), "any"), ((4,), "any")),
     lambda L, x, w, b: F(L).conv2d(x, w, b)),
    ("F.conv2d_pad_stride", ((IMG, "any"), ((4, 3, 3, 3), "any")),
     lambda L, x, w: F(L).conv2d(x, w, stride=2, padding=1)),
    ("F.conv1d", (((2, 3, 9), "any"), ((4, 3, 3), "any"), ((4,), "any")),
     lambda L, x, w, b: F(L).conv1d(x, w, b, padding=1)),
    ("F.pad_constant", ((IMG, "any"),), lambda L, x: F(L).pad(x, (1, 2, 0, 1), value=0.5)),
    ("F.pad_reflect", ((IMG, "any"),), lambda L, x: F(L).pad(x, (1, 2, 2, 1), mode="reflect")),
    ("F.pad_replicate", ((IMG, "any"),),
     lambda L, x: F(L).pad(x, (1, 2, 2, 1), mode="replicate")),
    ("F.embedding", (((7,), "label"), ((10, 4), "any")), lambda L, i, w: F(L).embedding(i, w)),
    ("F.max_pool2d", ((IMG, "any"),), lambda L, x: F(L).max_pool2d(x, 2)),
    ("F.max_pool2d_stride", ((IMG, "any"),), lambda L, x: F(L).max_pool2d(x, 3, stride=2,
                                                                          padding=1)),
    ("F.avg_pool2d", ((IMG, "any"),), lambda L, x: F(L).avg_pool2d(x, 2)),
    ("F.adaptive_avg_pool2d", ((IMG, "any"),), lambda L, x: F(L).adaptive_avg_pool2d(x, (2, 3))),
    ("F.layer_norm", (((2, 3, 4), "any"), ((4,), "pos"), ((4,), "any")),
     lambda L, x, w, b: F(L).layer_norm(x, (4,), w, b)),
    ("F.batch_norm", ((IMG, "any"), ((3,), "pos"), ((3,), "any")),
     lambda L, x, w, b: F(L).batch_norm(x, None, None, w, b, training=True)),
    ("F.dropout_p0", ((A, "any"),), lambda L, a: F(L).dropout(a, 0.0, training=True)),
    ("F.cross_entropy", (((6, 10), "any"), ((6,), "label")),
     lambda L, x, y: F(L).cross_entropy(x, y)),
    ("F.cross_entropy_sum", (((6, 10), "any"), ((6,), "label")),
     lambda L, x, y: F(L).cross_entropy(x, y, reduction="sum")),
    ("F.nll_loss", (((6, 10), "any"), ((6,), "label")), lambda L, x, y: F(L).nll_loss(x, y)),
    ("F.mse_loss", ((A, "any"), (A, "any")), lambda L, a, b: F(L).mse_loss(a, b)),
    ("F.l1_loss", ((A, "any"), (A, "any")), lambda L, a, b: F(L).l1_loss(a, b)),
    ("F.huber_loss", ((A, "any"), (A, "any")), lambda L, a, b: F(L).huber_loss(a, b)),
    ("F.smooth_l1_loss", ((A, "any"), (A, "any")),
     lambda L, a, b: F(L).smooth_l1_loss(a, b, beta=0.5)),
    ("F.kl_div", ((A, "any"), (A, "unit")),
     lambda L, a, b: F(L).kl_div(F(L).log_softmax(a, dim=1), b, reduction="batchmean")),
    ("F.binary_cross_entropy", ((A, "unit"), (A, "unit")),
     lambda L, a, b: F(L).binary_cross_entropy(a, b)),
    ("F.bce_with_logits", ((A, "any"), (A, "unit")),
     lambda L, a, b: F(L).binary_cross_entropy_with_logits(a, b)),
    # indexing, slicing, joining, mutating; other operations (one row per primitive)
    ("gather", ((A, "any"),), lambda L, a: a.gather(1, L.tensor([[0, 3], [2, 2], [1, 0]]))),
    ("scatter", ((A, "any"), ((1, 4), "any")),
     lambda L, a, b: a.scatter(0, L.tensor([[2, 0, 1, 2]]), b)),
    ("scatter_value", ((A, "any"),), lambda L, a: a.scatter(1, L.tensor([[0], [3], [1]]), 2.5)),
    ("scatter_add", ((A, "any"), (A, "any")),
     lambda L, a, b: a.scatter_add(0, L.tensor([[0, 0, 1, 2], [2, 2, 2, 0]]), b[:2])),
    ("scatter_reduce_amax", ((A, "any"), (A, "any")),
     lambda L, a, b: a.scatter_reduce(1, L.tensor([[0, 0], [1, 3], [2, 2]]), b[:, :2],
                                      "amax", include_self=False)),
    ("index_select", ((A, "any"),), lambda L, a: a.index_select(1, L.tensor([3, 0, 3]))),
    ("index_add", ((A, "any"), ((3, 2), "any")),
     lambda L, a, b: a.index_add(1, L.tensor([1, 1]), b, alpha=2)),
    ("index_copy", ((A, "any"), ((2, 4), "any")),
     lambda L, a, b: a.index_copy(0, L.tensor([2, 0]), b)),
    ("index_fill", ((A, "any"),), lambda L, a: a.index_fill(1, L.tensor([1, 2]), -1.0)),
    ("index_fill_tensor", ((A, "any"), ((), "any")),
     lambda L, a, v: a.index_fill(1, L.tensor([1, 2]), v)),
    ("index_put", ((A, "any"), ((2,), "any")),
     lambda L, a, v: a.index_put((L.tensor([0, 2]), L.tensor([1, 3])), v)),
    ("masked_select", ((A, "any"),), lambda L, a: a.masked_select(a > 0)),
    ("masked_scatter", ((A, "any"), (A, "any")),
     lambda L, a, b: a.masked_scatter(a.detach() > 0, b)),
    ("take", ((A, "any"),), lambda L, a: a.take(L.tensor([[0, 11], [5, 5]]))),
    ("put", ((A, "any"), ((3,), "any")),
     lambda L, a, b: a.put(L.tensor([0, 5, 5]), b, accumulate=True)),
    ("select_scatter", ((A, "any"), ((4,), "any")),
     lambda L, a, b: L.select_scatter(a, b, 0, 1)),
    ("slice_scatter", ((A, "any"), ((3, 2), "any")),
     lambda L, a, b: L.slice_scatter(a, b, 1, 0, 4, 2)),
    ("flip", ((A, "any"),), lambda L, a: a.flip(0, 1)),
    ("roll", ((A, "any"),), lambda L, a: a.roll((1, -2), (0, 1))),
    ("rot90", ((A, "any"),), lambda L, a: a.rot90(3)),
    ("repeat", ((A, "any"),), lambda L, a: a.repeat(2, 1, 2)),
    ("tril", ((A, "any"),), lambda L, a: a.tril(1)),
    ("triu", ((A, "any"),), lambda L, a: a.triu(-1)),
    ("diagonal", (((2, 3, 4), "any"),), lambda L, a: a.diagonal(1, 2, 1)),
    ("diagonal_scatter", ((A, "any"), ((3,), "any")), lambda L, a, b: L.diagonal_scatter(a, b)),
    ("diag_embed", ((A, "any"),), lambda L, a: a.diag_embed(-1)),
    ("trace", ((A, "any"),), lambda L, a: a.trace()),
    ("block_diag", ((A, "any"), ((2, 2), "any")), lambda L, a, b: L.block_diag(a, b)),
    ("cross", (((2, 3), "any"), ((2, 3), "any")), lambda L, a, b: L.cross(a, b, dim=1)),
    ("einsum", (((2, 3, 4), "any"), ((2, 4, 5), "any")),
     lambda L, a, b: L.einsum("bij,bjk->bik", a, b)),
    ("cdist", (((2, 3, 4), "any"), ((2, 5, 4), "any")), lambda L, a, b: L.cdist(a, b)),
]


def _setitem(a, b):
    """Write part of ``b`` into a copy of ``a`` (both get gradients)."""
    c = a * 1
    c[1:, :2] = b[:2, 1:3]
    return c


def make_input(rng, shape, kind, dtype) -> np.ndarray:
    if kind == "label":
        return rng.integers(0, 10, shape).astype(np.int64)
    if kind == "pos":
        x = rng.uniform(0.5, 2.0, shape)
    elif kind == "away":
        x = rng.uniform(0.2, 2.0, shape) * rng.choice([-1.0, 1.0], shape)
    elif kind == "unit":
        x = rng.uniform(0.05, 0.95, shape)
    else:
        x = rng.uniform(-2.0, 2.0, shape)
    return x.astype(dtype)


def _err(a, b) -> Tuple[float, float]:
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape:
        return float("inf"), float("inf")
    if a.size == 0:
        return 0.0, 0.0
    abs_err = float(np.abs(a - b).max())
    scale = float(np.abs(b).max())
    return abs_err, abs_err / scale if scale else (0.0 if abs_err == 0 else float("inf"))


def _functions_in_graph(tensor) -> set:
    seen, names, stack = set(), set(), [getattr(tensor, "grad_fn", None)]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if hasattr(node, "fn"):
            names.add(node.fn.__name__)
        stack += [child for child, _ in getattr(node, "edges", ())]
    return names


def check_op(name, specs, fn, dtype: str, seed: int = 0) -> Dict:
    """Run one op in both engines; return errors of the output and of each input grad."""
    import torch
    import minigrad
    rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
    arrays = [make_input(rng, shape, kind, dtype) for shape, kind in specs]
    row = {"op": name, "dtype": dtype, "fwd_abs": None, "fwd_rel": None, "grad_abs": None,
           "grad_rel": None, "status": "ok", "functions": []}
    th_in = [torch.from_numpy(a.copy()).requires_grad_(a.dtype.kind == "f") for a in arrays]
    th_out = fn(torch, *th_in)
    upstream = make_input(rng, tuple(th_out.shape), "any", dtype)
    (th_out * torch.from_numpy(upstream)).sum().backward()
    try:
        mg_in = [minigrad.from_numpy(a.copy()).requires_grad_(a.dtype.kind == "f")
                 for a in arrays]
        mg_out = fn(minigrad, *mg_in)
        row["functions"] = sorted(_functions_in_graph(mg_out))
        (mg_out * minigrad.from_numpy(upstream)).sum().backward()
    except AttributeError as exc:
        row["status"] = "MISSING"
        row["error"] = str(exc)
        return row
    except Exception as exc:       # report, keep going
        row["status"] = "ERROR"
        row["error"] = f"{type(exc).__name__}: {exc}"
        return row
    row["fwd_abs"], row["fwd_rel"] = _err(mg_out.detach().numpy(), th_out.detach().numpy())
    grads = [(_err(m.grad.numpy(), t.grad.numpy()) if m.grad is not None and t.grad is not None
              else ((0.0, 0.0) if m.grad is None and t.grad is None else (np.inf, np.inf)))
             for m, t in zip(mg_in, th_in, strict=False) if t.requires_grad]
    row["grad_abs"] = max((g[0] for g in grads), default=0.0)
    row["grad_rel"] = max((g[1] for g in grads), default=0.0)
    dtype_ok = str(mg_out.dtype).split(".")[-1] == str(th_out.dtype).split(".")[-1]
    if not dtype_ok:
        row["status"] = f"DTYPE {mg_out.dtype} vs {th_out.dtype}"
    elif max(row["fwd_rel"], row["grad_rel"]) > TOL[dtype]:
        row["status"] = "FAIL"
    return row


def all_functions() -> set:
    """Names of minigrad's built-in differentiable Function classes."""
    import importlib
    import pkgutil
    import minigrad
    from minigrad.autograd.function import Function
    names = set()
    for pkg_name in ("minigrad.ops", "minigrad.nn.functional"):
        try:
            pkg = importlib.import_module(pkg_name)
        except ImportError:
            continue
        modules = [pkg] + [importlib.import_module(f"{pkg_name}.{m.name}")
                           for m in pkgutil.iter_modules(getattr(pkg, "__path__", []))]
        for module in modules:
            for obj in vars(module).values():
                if isinstance(obj, type) and issubclass(obj, Function) and obj is not Function \
                        and obj.__module__.startswith("minigrad"):
                    names.add(obj.__name__)
    del minigrad
    return names


def run(dtypes=("float32", "float64"), only: str = "*") -> List[Dict]:
    try:
        import minigrad.nn  # noqa: F401  (the F.* rows need it)
    except ImportError:
        pass
    rows = []
    for name, specs, fn in OPS:
        if not fnmatch.fnmatch(name, only):
            continue
        for dtype in dtypes:
            rows.append(check_op(name, specs, fn, dtype))
    return rows


def main(argv=None) -> int:
    from .report import format_table, write_json
    parser = argparse.ArgumentParser(prog="python -m bridge.ops_report",
                                     description="Compare every minigrad op with torch.")
    parser.add_argument("--dtype", choices=["float32", "float64", "both"], default="both")
    parser.add_argument("--only", default="*", help="glob over op names, e.g. 'F.*'")
    parser.add_argument("--json", help="write the rows to this JSON file")
    args = parser.parse_args(argv)
    from .transfer import set_threads
    set_threads(1)                       # tiny inputs: threads only add overhead
    dtypes = ("float32", "float64") if args.dtype == "both" else (args.dtype,)
    rows = run(dtypes, args.only)
    table = [[r["op"], r["dtype"], _fmt(r["fwd_abs"]), _fmt(r["fwd_rel"]), _fmt(r["grad_abs"]),
              _fmt(r["grad_rel"]), r["status"]] for r in rows]
    print(format_table(["op", "dtype", "fwd abs", "fwd rel", "grad abs", "grad rel", "status"],
                       table, "minigrad vs torch, per op (rel = max abs err / max |torch|)"))
    bad = [r for r in rows if r["status"] != "ok"]
    covered = set().union(*(r["functions"] for r in rows)) if rows else set()
    uncovered = sorted(all_functions() - covered) if args.only == "*" else []
    print(f"\n{len(rows) - len(bad)}/{len(rows)} ok")
    for r in bad:
        print(f"  {r['op']} ({r['dtype']}): {r['status']} {r.get('error', '')}")
    if uncovered:
        print("minigrad Functions not exercised by any row: " + ", ".join(uncovered))
    if args.json:
        write_json({"rows": rows, "uncovered": uncovered}, args.json)
        print(f"wrote {args.json}")
    return 0 if not bad else 1


def _fmt(v):
    return "-" if v is None else v


if __name__ == "__main__":
    sys.exit(main())
