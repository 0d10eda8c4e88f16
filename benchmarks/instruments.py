"""What the instruments cost: off, hook point removed, and trace / profiler / anomaly mode on.

Every variant of a case runs interleaved with the others in the same process
(``timing.interleaved``), so the ratios to ``off`` are measured in one run.

* ``off``: minigrad as shipped, every instrument off: ``Function.apply`` tests
  ``observe_op is None`` once per op, ``run_backward`` tests ``observe_node``
  once per pass.
* ``hook removed``: the same step with ``Function.apply`` replaced by one that
  calls the op body without that test: the hot path as if the hook point did
  not exist.  ``off / hook removed`` is the whole price of the hook point.
* ``trace``, ``trace (summaries)``, ``profiler``, ``anomaly``: minigrad with that
  instrument on; ``torch profiler`` and ``torch anomaly`` against ``torch off``
  give torch's own overhead for scale.
"""
from __future__ import annotations

import contextlib
import warnings
from typing import Callable, Dict

import numpy as np

from .cases import _step_case


def _chain_case(lib, device="cpu"):
    """100 tiny ops (relu and mul of 8 numbers) and their backward: the worst case per op."""
    x = lib.from_numpy(np.linspace(-1.0, 1.0, 8).astype(np.float32)).requires_grad_(True)

    def run():
        x.grad = None
        h = x
        for _ in range(50):
            h = (h * 1.01).relu()
        h.sum().backward()
    return run


INSTRUMENT_CASES: Dict[str, Callable] = {
    "instruments: step quickstart (b64)": _step_case("quickstart"),
    "instruments: 100 tiny ops fwd+bwd": _chain_case,
}


@contextlib.contextmanager
def hook_removed():
    """``Function.apply`` without the ``observe_op`` test, for as long as the block runs."""
    from minigrad.autograd import function
    shipped = function.Function.__dict__["apply"]
    body = function._apply
    function.Function.apply = classmethod(lambda cls, *args: body(cls, args))
    try:
        yield
    finally:
        function.Function.apply = shipped


def _quiet(context_factory):
    """Enter an instrument without its "only for debugging" warning."""
    @contextlib.contextmanager
    def entered():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            context = context_factory()
        with context:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield
    return entered


def variants(make: Callable) -> Dict[str, Callable]:
    """name -> zero-argument function running one unit of work under that variant."""
    import torch

    import minigrad
    mg_step, th_step = make(minigrad, "cpu"), make(torch, "cpu")
    contexts = {
        "off": (mg_step, contextlib.nullcontext),
        "hook removed": (mg_step, hook_removed),
        "trace": (mg_step, minigrad.autograd.trace),
        "trace (summaries)": (mg_step, lambda: minigrad.autograd.trace(keep_grads=False)),
        "profiler": (mg_step, minigrad.autograd.profiler.profile),
        "anomaly": (mg_step, _quiet(minigrad.autograd.detect_anomaly)),
        "torch off": (th_step, contextlib.nullcontext),
        "torch profiler": (th_step, _quiet(torch.autograd.profiler.profile)),
        "torch anomaly": (th_step, _quiet(torch.autograd.detect_anomaly)),
    }

    def under(step, context):
        def run():
            with context():
                step()
        return run
    return {name: under(step, context) for name, (step, context) in contexts.items()}


def run_instrument_cases(cases: Dict[str, Callable], reps: int, min_time: float,
                         quick: bool) -> list:
    from .timing import interleaved
    rows = []
    for case, make in cases.items():
        fns = variants(make)
        result = interleaved(fns, {name: (lambda: None) for name in fns}, reps, min_time,
                             warmup=1 if quick else 2)
        row = {"case": case}
        for name, r in result.items():
            row[f"{name}_ms"] = 1000 * r["median_s"]
            row[f"{name}_best_ms"] = 1000 * min(r["times"])
        for name in fns:
            base = "torch off" if name.startswith("torch") else "off"
            row[f"{name}_ratio"] = row[f"{name}_ms"] / row[f"{base}_ms"]
        # the price of the hook point; the best of the repetitions is the least disturbed by
        # other processes, so it is reported next to the median
        row["hook_price_median"] = row["off_ms"] / row["hook removed_ms"]
        row["hook_price_best"] = row["off_best_ms"] / row["hook removed_best_ms"]
        rows.append(row)
        print(f"  {case:<40} off {row['off_ms']:8.3f} ms  hook removed "
              f"{row['hook removed_ms']:8.3f} ms  off / hook removed: median "
              f"{row['hook_price_median']:.3f}, best {row['hook_price_best']:.3f}", flush=True)
    return rows


def table_rows(rows: list) -> list:
    """[variant, case..., ] rows: ms and the ratio to the engine's own 'off'."""
    names = ["off", "hook removed", "trace", "trace (summaries)", "profiler", "anomaly",
             "torch off", "torch profiler", "torch anomaly"]
    return [[name] + [f"{r[f'{name}_ms']:.3f} ms  {r[f'{name}_ratio']:.3f}x" for r in rows]
            for name in names]
