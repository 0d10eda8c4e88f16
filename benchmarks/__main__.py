"""``python -m benchmarks``: minigrad vs torch timings, memory and targets.

Options: ``--quick`` (few repetitions, for smoke tests), ``--json PATH``,
``--only PATTERN`` (glob over case names, e.g. ``'step*'``), ``--reps N``,
``--no-memory``, ``--threads N``.
"""
from __future__ import annotations

import argparse
import fnmatch
import os
import platform
import sys
import time

from . import set_threads
from .cases import MEMORY_MODELS, OP_CASES, STEP_CASES, TARGETS
from .instruments import INSTRUMENT_CASES, run_instrument_cases, table_rows
from .memory import measure
from .timing import interleaved


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    p.add_argument("--json", default=None, help="write results to this JSON file")
    p.add_argument("--only", default="*", help="glob over case names")
    p.add_argument("--reps", type=int, default=None, help="repetitions (default 15, quick 3)")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-RSS subprocesses")
    p.add_argument("--threads", type=int, default=None, help="threads (default: all cores)")
    return p.parse_args(argv)


def engines():
    """(name, library, device, sync) for minigrad, torch CPU and, if present, torch CUDA."""
    import torch
    import minigrad
    import minigrad.nn  # noqa: F401
    import minigrad.optim  # noqa: F401
    found = [("minigrad", minigrad, "cpu", lambda: None), ("torch", torch, "cpu", lambda: None)]
    if torch.cuda.is_available():
        found.append(("torch-cuda", torch, "cuda", torch.cuda.synchronize))
    return found


def run_cases(cases, reps, min_time, quick) -> list:
    rows = []
    for name, make in cases.items():
        fns, syncs, errors = {}, {}, {}
        for engine, lib, device, sync in engines():
            try:
                fns[engine], syncs[engine] = make(lib, device), sync
            except Exception as exc:           # a missing op is reported, not fatal
                errors[engine] = f"{type(exc).__name__}: {exc}"
        row = {"case": name, "errors": errors}
        if "minigrad" in fns and "torch" in fns:
            result = interleaved(fns, syncs, reps, min_time, warmup=1 if quick else 2)
            for engine, r in result.items():
                row[f"{engine}_ms"] = 1000 * r["median_s"]
            row["ratio"] = row["minigrad_ms"] / row["torch_ms"]
            if "torch-cuda_ms" in row:
                row["ratio_cuda"] = row["minigrad_ms"] / row["torch-cuda_ms"]
        rows.append(row)
        print(_row_line(row), flush=True)
    return rows


def _row_line(row) -> str:
    if "ratio" not in row:
        return f"  {row['case']:<40} skipped: {row['errors']}"
    cuda = f"  cuda {row['torch-cuda_ms']:8.3f} ms" if "torch-cuda_ms" in row else ""
    return (f"  {row['case']:<40} minigrad {row['minigrad_ms']:9.3f} ms  torch "
            f"{row['torch_ms']:9.3f} ms  ratio {row['ratio']:6.2f}x{cuda}")


def run_memory(models, quick) -> list:
    rows = []
    for model in models:
        row = {"model": model}
        for engine in ("minigrad", "torch"):
            r = measure(engine, model, steps=2 if quick else 5)
            row[f"{engine}_mb"] = r["peak_rss_mb"]
        row["ratio"] = row["minigrad_mb"] / row["torch_mb"]
        rows.append(row)
        print(f"  peak RSS {model:<12} minigrad {row['minigrad_mb']:8.1f} MB  torch "
              f"{row['torch_mb']:8.1f} MB  ratio {row['ratio']:.2f}", flush=True)
    return rows


def check_targets(timings, memory) -> list:
    results = []
    by_case = {r["case"]: r for r in timings}
    for case, limit in TARGETS.items():
        row = by_case.get(case)
        if row is None or "ratio" not in row:
            continue
        results.append({"target": f"{case}: minigrad <= {limit}x torch CPU",
                        "value": row["ratio"], "pass": row["ratio"] <= limit})
    for row in memory:
        results.append({"target": f"peak RSS {row['model']}: minigrad below torch",
                        "value": row["ratio"], "pass": row["ratio"] < 1.0})
    return results


def main(argv=None) -> int:
    from bridge.report import format_table, write_json
    args = parse_args(argv)
    threads = set_threads(args.threads)
    reps = args.reps or (3 if args.quick else 15)
    min_time = 0.0 if args.quick else 0.05
    import numpy
    import torch
    env = {"python": platform.python_version(), "numpy": numpy.__version__,
           "torch": torch.__version__, "threads": threads, "cpu_count": os.cpu_count(),
           "cuda": torch.cuda.is_available(), "reps": reps, "machine": platform.machine()}
    print(f"minigrad vs torch, {threads} threads, {reps} interleaved repetitions, medians")
    ops = {k: v for k, v in OP_CASES.items() if fnmatch.fnmatch(k, args.only)}
    steps = {k: v for k, v in STEP_CASES.items() if fnmatch.fnmatch(k, args.only)}
    start = time.perf_counter()
    timings = run_cases({**ops, **steps}, reps, min_time, args.quick)
    instrument_cases = {k: v for k, v in INSTRUMENT_CASES.items()
                        if fnmatch.fnmatch(k, args.only)}
    instruments = run_instrument_cases(instrument_cases, reps, min_time, args.quick)
    mem_models = [m for m in MEMORY_MODELS if any(k.startswith(f"step {m} ") for k in steps)]
    memory = [] if args.no_memory else run_memory(mem_models, args.quick)
    targets = check_targets(timings, memory)
    rows = [[r["case"], r.get("minigrad_ms", "-"), r.get("torch_ms", "-"),
             r.get("ratio", "-")] + ([r.get("torch-cuda_ms", "-")] if env["cuda"] else [])
            for r in timings]
    headers = ["case", "minigrad ms", "torch ms", "ratio"] + (["cuda ms"] if env["cuda"] else [])
    if rows:
        print()
        print(format_table(headers, rows, "Forward+backward (ops) and training steps: medians"))
    if instruments:
        print()
        print(format_table(["variant"] + [r["case"] for r in instruments],
                           table_rows(instruments),
                           "Instruments: medians and ratio to the same engine with every "
                           "instrument off"))
    if memory:
        print()
        print(format_table(["model", "minigrad MB", "torch MB", "ratio"],
                           [[m["model"], m["minigrad_mb"], m["torch_mb"], m["ratio"]]
                            for m in memory], "Peak RSS (separate processes)"))
    if targets:
        print()
        for t in targets:
            print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['target']} (measured {t['value']:.2f})")
    print(f"\ntotal {time.perf_counter() - start:.1f} s")
    if args.json:
        write_json({"env": env, "timings": timings, "memory": memory, "targets": targets,
                    "instruments": instruments}, args.json)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
