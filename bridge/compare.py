"""Comparing the twins: relative differences per quantity, and summaries of a run's steps.

Every compared quantity is one tensor; its relative difference is
``max |a - b| / max |b|`` with ``b`` torch's value (see ``bridge.lockstep`` for
the rules and the tolerance).
"""
from __future__ import annotations

import math
from dataclasses import asdict
from typing import Dict, Iterable, List, Optional, Tuple

import numpy as np

from . import decisions, transfer


def diff(a, b, tol: float) -> Tuple[float, float, bool]:
    """(max |a - b|, max |a - b| / max |b|, breached?) of two arrays."""
    a, b = _same_float(a, b)
    if a.shape != b.shape:
        return math.inf, math.inf, True
    if a.size == 0:
        return 0.0, 0.0, False
    max_abs = float(np.abs(a - b).max())
    scale = float(np.abs(b).max())
    return max_abs, relative(max_abs, scale), not max_abs <= tol * scale   # NaN breaches


def update_diff(a, b, before, tol: float) -> Tuple[float, float, bool]:
    """Differences of two updates ``a - before`` and ``b - before`` (``a``, ``b``: values after).

    Returns (max |a - b|, max(|a - b| - ulp(b), 0) / max |b - before|, breached?).
    Integer values (step counters) must agree exactly.
    """
    a, b = _same_float(a, b)
    if a.shape != b.shape:
        return math.inf, math.inf, True
    if a.size == 0:
        return 0.0, 0.0, False
    err = np.abs(a - b)
    max_abs = float(err.max())
    if b.dtype.kind == "f":
        err = np.maximum(err - np.spacing(np.abs(b)), 0)
    excess = float(err.max())
    scale = float(np.abs(b - np.asarray(before, b.dtype)).max())
    return max_abs, relative(excess, scale), not excess <= tol * scale


def _same_float(a, b) -> Tuple[np.ndarray, np.ndarray]:
    """Both as arrays of one dtype: float64 unless both share a floating dtype (no copy then).

    Differences of close floats of one dtype are exact (Sterbenz), so comparing
    float32 values in float32 loses nothing that matters here.
    """
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype == b.dtype and a.dtype.kind == "f":
        return a, b
    if b.dtype.kind in "iub" and a.dtype.kind in "iub":
        return a.astype(np.int64), b.astype(np.int64)
    return a.astype(np.float64), b.astype(np.float64)


def relative(err: float, scale: float) -> float:
    if scale > 0:
        return err / scale
    return 0.0 if err == 0 else (math.nan if err != err else math.inf)


def drift_summary(records: List, tol: float) -> Optional[dict]:
    """Where the free-running pair left rounding level (first drift > ``tol``) and why.

    Returns None without drift records; else ``onset`` (the step, or None when the
    drift stayed within ``tol``), ``value`` and ``at`` (the drift at the onset and
    its quantity), ``flips`` (decisions flipped at the onset step, per layer),
    ``flips_before`` (flips in the steps before), ``final`` and ``max`` drift.
    """
    rows = [r if isinstance(r, dict) else asdict(r) for r in records]
    rows = [r for r in rows if r.get("drift") is not None]
    if not rows:
        return None
    onset = next((r for r in rows if not r["drift"] <= tol), None)
    summary = {"onset": None, "value": None, "at": "", "flips": {}, "flips_before": 0,
               "final": rows[-1]["drift"], "max": max(r["drift"] for r in rows),
               "flips_total": sum(sum(r["flips"].values()) for r in rows)}
    if onset is not None:
        summary.update(onset=onset["step"], value=onset["drift"], at=onset["drift_at"],
                       flips=dict(onset["flips"]),
                       flips_before=sum(sum(r["flips"].values()) for r in rows
                                        if r["step"] < onset["step"]))
    return summary


def refereed_summary(records) -> dict:
    """How many steps the float64 referee cleared, and the largest difference it cleared."""
    rows = [r if isinstance(r, dict) else asdict(r) for r in records]
    cleared = [(v, r["step"], k) for r in rows for k, v in r.get("refereed", {}).items()]
    if not cleared:
        return {"steps": 0}
    (diff_torch, err_mine, err_theirs), step, what = max(cleared, key=lambda c: c[0][0])
    return {"steps": len({r["step"] for r in rows if r.get("refereed")}), "step": step,
            "at": what, "difference": float(diff_torch), "minigrad_error": float(err_mine),
            "torch_error": float(err_theirs)}


class Worst:
    """The relative differences of one step by quantity; the largest one (NaN wins)."""

    def __init__(self):
        self.values: Dict[str, float] = {}
        self.value, self.name = 0.0, ""

    def add(self, value: float, name: str) -> None:
        self.values[name] = value
        if value != value or (self.value == self.value and value > self.value):
            self.value, self.name = value, name

    def largest(self, excluding=()) -> Tuple[float, str]:
        best = Worst()
        for name, value in self.values.items():
            if name not in excluding:
                best.add(value, name)
        return best.value, best.name


def grad_diffs(side, th, tol: float, worst: Worst, own=None):
    """Per-parameter gradient differences of ``side`` against torch, and the breaching names.

    ``own``: the side's gradients by name, when its parameters' ``.grad`` were replaced.
    """
    grads, breach = {}, []
    if own is None:
        own = {name: p.grad for name, p in side.model.named_parameters()}
    for name, th_param in th.model.named_parameters():
        mg_grad = own.get(name)
        if th_param.grad is not None or mg_grad is not None:
            if th_param.grad is None or mg_grad is None:
                d = (math.inf, math.inf, True)
            else:
                d = diff(view(mg_grad), view(th_param.grad), tol)
            grads[name] = d[:2]
            worst.add(d[1], f"gradient of '{name}'")
            if d[2]:
                breach.append(name)
    return grads, breach


def total(counts: Iterable[Dict[str, int]]) -> Dict[str, int]:
    total: Dict[str, int] = {}
    for c in counts:
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
    return total


def to_numpy(value):
    return None if value is None else transfer.to_numpy(value)


def view(tensor) -> np.ndarray:
    """A tensor's values as a NumPy array, without a copy where possible (read only here)."""
    return decisions.as_array(tensor)


def values_of(tree):
    """``_view`` of every tensor in a dict (nested dicts too); other values pass through."""
    if isinstance(tree, dict):
        return {k: values_of(v) for k, v in tree.items()}
    return view(tree) if hasattr(tree, "detach") else tree
