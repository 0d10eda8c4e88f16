"""Reports of a lock-step run: printed tables, a JSON file, a PNG plot and a progress display.

matplotlib and tqdm are optional: without matplotlib ``plot`` prints a
message and returns None; without tqdm the progress line is a plain one.
"""
from __future__ import annotations

import json
import math
import os
import sys
import time
from typing import Dict, Iterable, List, Optional, Sequence


def format_table(headers: Sequence[str], rows: Iterable[Sequence], title: str = "") -> str:
    """A plain-text table with right-aligned columns; floats use 4 significant digits."""
    def cell(v):
        if isinstance(v, float):
            if v != v or v in (math.inf, -math.inf):
                return str(v)
            return f"{v:.4g}" if (v == 0 or 1e-3 <= abs(v) < 1e5) else f"{v:.2e}"
        return str(v)
    body = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(headers)]
    lines = [title] if title else []
    lines.append("  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=False)))
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=False)) for r in body]
    return "\n".join(lines)


def _pick_rows(records: List[dict], max_rows: int) -> List[dict]:
    """All records when few, else evenly spaced ones plus the last."""
    if len(records) <= max_rows:
        return records
    stride = math.ceil(len(records) / max_rows)
    picked = records[::stride]
    return picked if picked[-1] is records[-1] else picked + [records[-1]]


def step_table(result: dict, max_rows: int = 20) -> str:
    """Per-step losses, differences of the checked pair and drift of a ``LockstepRunner.result()``.

    ``step error`` is the checked pair's worst relative difference that step,
    ``drift`` the free-running pair's; ``loss minigrad`` is the free-running
    twin's loss when there is one.
    """
    resync = result.get("mode", "resync") == "resync"
    headers = ["step", "loss torch", "loss minigrad", "|d loss|", "grad rel",
               "update rel" if resync else "param rel", "step error", "drift", "flips"]
    rows = []
    for r in _pick_rows(result["records"], max_rows):
        loss_mg = r["drift_loss"] if r.get("drift_loss") is not None else r["loss_minigrad"]
        drift = r["drift"] if r.get("drift") is not None else math.nan
        rows.append([r["step"], r["loss_torch"], loss_mg, r["loss_abs"], r["grad_rel"],
                     r["param_rel"], r["error"], drift, sum(r.get("flips", {}).values())])
    title = ("Per step: check from identical state (|d loss| .. step error), free-running twin "
             "(loss minigrad, drift, decision flips)" if resync else
             "Per step: free-running lock-step (minigrad vs torch)")
    return format_table(headers, rows, title)


def parameter_table(result: dict) -> str:
    """Worst difference of each parameter's gradient and update (or value) over the run."""
    worst = {}
    for r in result["records"]:
        for name, (a, rel) in r["params"].items():
            w = worst.setdefault(name, [0.0, 0.0, 0.0, 0.0])
            w[2], w[3] = max(w[2], a), max(w[3], rel)
        for name, (a, rel) in r["grads"].items():
            w = worst.setdefault(name, [0.0, 0.0, 0.0, 0.0])
            w[0], w[1] = max(w[0], a), max(w[1], rel)
    rows = [[name] + w for name, w in worst.items()]
    value = "update" if result.get("mode", "resync") == "resync" else "value"
    return format_table(["parameter", "grad abs", "grad rel", "value abs", f"{value} rel"],
                        rows, "Worst differences per parameter and buffer over the run")


def describe_flips(flips: Dict[str, int], kinds: Dict[str, str]) -> str:
    """'2 ReLU decisions in 'features.1', 1 max-pool winner in 'features.2'' (largest first)."""
    parts = []
    for key, n in sorted(flips.items(), key=lambda kv: -kv[1]):
        kind = kinds.get(key, "")
        what = "max-pool winner" if kind.startswith("MaxPool") else f"{kind or 'layer'} decision"
        parts.append(f"{n} {what}{'s' if n != 1 else ''} in '{key}'")
    return ", ".join(parts)


def verdict_lines(result: dict) -> List[str]:
    """The ``equivalence:`` line (the verdict) and the ``drift:`` line (information)."""
    tol, steps = result["tolerance"], result["steps"]
    resync = result.get("mode", "resync") == "resync"
    how = "per-step check from identical state" if resync else \
        "free-running lock-step (no resync)"
    worst = result.get("worst") or {}
    if result["ok"]:
        aligned = sum(result.get("aligned", {}).values())
        at = f" at step {worst.get('step')}, {worst.get('at')}" if worst.get("at") else ""
        equivalence = (f"equivalence: equivalent within tolerance {tol:g} over {steps} steps "
                       f"({how}): worst relative difference {worst.get('error', 0.0):.3g}{at}")
        if resync:
            equivalence += (f"; {aligned} near-tie ReLU / max-pool decision"
                            f"{'s' if aligned != 1 else ''} aligned")
        refereed = result.get("refereed") or {}
        if refereed.get("steps"):
            n = refereed["steps"]
            equivalence += (f"; {n} step{'s' if n != 1 else ''} over the tolerance cleared by "
                            f"torch float64 (largest: {refereed['at']} at step "
                            f"{refereed['step']}, torch float32 off by "
                            f"{refereed['torch_error']:.2g}, minigrad by "
                            f"{refereed['minigrad_error']:.2g})")
    else:
        from .lockstep import Divergence
        equivalence = (f"equivalence: {Divergence(**result['divergence'])} (tolerance {tol:g}, "
                       f"{how}; {result.get('breaches', 1)} of {steps} steps breach)")
    return [equivalence, drift_line(result)]


def drift_line(result: dict) -> str:
    """Where the free-running pair left rounding level, and why (never a verdict)."""
    summary = result.get("drift")
    resync = result.get("mode", "resync") == "resync"
    if not summary:
        return "drift: not measured (no free-running twin)"
    who = "the free-running twin" if resync else "the pair"
    kinds = result.get("decision_layers", {})
    if summary["onset"] is None:
        n = summary["flips_total"]
        return (f"drift: {who} stayed at rounding level for {result['steps']} steps (worst "
                f"relative difference {summary['max']:.3g} <= {result['tolerance']:g}; "
                f"{n} ReLU / max-pool decision{'s' if n != 1 else ''} flipped)")
    if summary["flips"]:
        why = "when " + describe_flips(summary["flips"], kinds) + " flipped"
    else:
        why = "with no ReLU / max-pool decision flipped at that step"
    if summary["flips_before"]:
        why += f" ({summary['flips_before']} flipped in earlier steps)"
    onset = next((r for r in result["records"] if r["step"] == summary["onset"]), {})
    if onset.get("refereed"):
        torch_error = max(v[2] for v in onset["refereed"].values())
        why += (f", where torch float32 itself is {torch_error:.2g} away from torch float64 "
                "(refereed)")
    note = ": drift, not a disagreement" if resync and result["ok"] else ""
    return (f"drift: {who} left rounding level at step {summary['onset']} (relative difference "
            f"{summary['value']:.3g} > {result['tolerance']:g}, {summary['at']}) {why}; after "
            f"{result['steps']} steps the twins differ by {summary['final']:.3g}{note}")


def summary(result: dict) -> str:
    """Tables plus the verdict and drift lines."""
    lines = [step_table(result), "", parameter_table(result), ""]
    return "\n".join(lines + verdict_lines(result))


def write_json(data: dict, path: str) -> str:
    """Write ``data`` as JSON atomically (temp file + rename)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=2, default=_json_default)
    os.replace(tmp, path)
    return path


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def plot(result: dict, path: str, title: Optional[str] = None) -> Optional[str]:
    """Loss curves, and the per-step error and free-running drift against the tolerance (PNG)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: skipping the plot (pip install matplotlib)")
        return None
    records = result["records"]
    steps = [r["step"] for r in records]
    resync = result.get("mode", "resync") == "resync"
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
    top.plot(steps, [r["loss_torch"] for r in records], label="torch", linewidth=2)
    free = [r.get("drift_loss") for r in records]
    if resync and all(v is not None for v in free):
        top.plot(steps, free, "--", label="minigrad (free-running)")
    else:
        top.plot(steps, [r["loss_minigrad"] for r in records], "--", label="minigrad")
    top.set_ylabel("training loss")
    top.legend()
    top.set_title(title or f"{result['config']['model']} ({result['config']['dtype']}): "
                  "minigrad vs torch")
    # exact zeros have no place on a log axis: they show as gaps
    label = "per-step error (from identical state)" if resync else "per-step error"
    bottom.semilogy(steps, [_positive(r["error"]) for r in records], ".", markersize=3,
                    label=label)
    cleared = [(r["step"], max(v[0] for v in r["refereed"].values())) for r in records
               if r.get("refereed")]
    if cleared:
        bottom.semilogy([c[0] for c in cleared], [c[1] for c in cleared], "x", markersize=4,
                        label="over tolerance, cleared by torch float64")
    if resync and any(r.get("drift") is not None for r in records):
        bottom.semilogy(steps, [_positive(r.get("drift")) for r in records], "-",
                        label="free-running drift")
    bottom.axhline(result["tolerance"], color="red", linestyle=":",
                   label=f"tolerance {result['tolerance']:g}")
    drift = result.get("drift") or {}
    if drift.get("onset") is not None:
        bottom.axvline(drift["onset"], color="grey", linestyle="--", linewidth=1,
                       label=f"drift leaves rounding level (step {drift['onset']})")
    if result.get("divergence"):
        bottom.axvline(result["divergence"]["step"], color="red", linewidth=1,
                       label=f"first disagreement (step {result['divergence']['step']})")
    bottom.set_xlabel("step")
    bottom.set_ylabel("worst relative difference")
    bottom.legend(fontsize="small")
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _positive(value):
    return value if value is not None and value > 0 else math.nan


# -- progress ------------------------------------------------------------------------------
def progress_bar(total: Optional[int], wanted=None, stream=None, every: Optional[int] = None,
                 interval: float = 30.0, desc: str = "lock-step"):
    """A progress display for ``total`` steps, or None.

    ``wanted``: False gives None; None gives a display for 100 steps or more;
    True always gives one.  On a terminal (``stream``, default stderr, is a
    tty) it is one line updated in place (tqdm's bar when tqdm is installed).
    Otherwise (a log file, a pipe, CI) it prints a summary line to stdout
    every ``every`` steps (default: a quarter of ``total``), at most one per
    ``interval`` seconds, and nothing per step.  Each display has ``update``,
    ``set_postfix``, ``write`` (a line above the bar) and ``close``.
    """
    if wanted is False or (wanted is None and (total is None or total < 100)):
        return None
    stream = sys.stderr if stream is None else stream
    if getattr(stream, "isatty", lambda: False)():
        try:
            from tqdm import tqdm
        except ImportError:
            return _LineProgress(total, stream, desc)
        return tqdm(total=total, desc=desc, unit="step", leave=False, file=stream)
    return _LogProgress(total, every or max((total or 4) // 4, 1), interval, desc)


class _LineProgress:
    """One line rewritten in place with a carriage return (a terminal without tqdm)."""

    def __init__(self, total, stream, desc):
        self.total, self.stream, self.desc, self.n, self.postfix = total, stream, desc, 0, ""
        self.start = time.perf_counter()

    def update(self, n: int = 1) -> None:
        self.n += n
        rate = self.n / max(time.perf_counter() - self.start, 1e-9)
        of = f"/{self.total}" if self.total else ""
        self.stream.write(f"\r{self.desc}: {self.n}{of} steps, {rate:.1f} step/s {self.postfix}")
        self.stream.flush()

    def set_postfix(self, values=None, **kwargs) -> None:
        values = dict(values or {}, **kwargs)
        self.postfix = ", ".join(f"{k}={v}" for k, v in values.items())

    def write(self, line: str) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()
        print(line, flush=True)

    def close(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


class _LogProgress:
    """A few summary lines for a log: one every ``every`` steps, at most one per ``interval`` s."""

    def __init__(self, total, every, interval, desc):
        self.total, self.every, self.interval, self.desc = total, every, interval, desc
        self.n, self.postfix = 0, {}
        self.start = self.last = time.perf_counter()

    def update(self, n: int = 1) -> None:
        before, self.n = self.n, self.n + n
        if self.n // self.every == before // self.every:
            return
        if self.total and self.n + self.every > self.total:    # the end is reported anyway
            return
        now = time.perf_counter()
        if now - self.last < self.interval:
            return
        self.last = now
        of = f"/{self.total} ({100 * self.n / self.total:.0f}%)" if self.total else ""
        extra = "".join(f", {k} {v}" for k, v in self.postfix.items())
        print(f"{self.desc}: step {self.n}{of}, {now - self.start:.0f} s{extra}", flush=True)

    def set_postfix(self, values=None, **kwargs) -> None:
        self.postfix = dict(values or {}, **kwargs)

    def write(self, line: str) -> None:
        print(line, flush=True)

    def close(self) -> None:
        pass
