"""``python -m benchmarks``: minigrad vs torch timings, memory and targets.

Options: ``--quick`` (few repetitions, for smoke tests), ``--json PATH``,
``--only PATTERN`` (glob over case names, e.g. ``'step*'``), ``--reps N``,
``--no-memory``, ``--threads N``, ``--threads-sweep 1,2,4`` (a scaling table and a PNG
plot, ``--plot PATH``), ``--busy N`` (the same cases again while N other processes keep
N cores busy; ``--busy-seconds`` bounds them).
"""
from __future__ import annotations

import argparse
import fnmatch
import shlex
import sys
import time

from . import machine, set_threads
from .cases import BUSY_TARGETS, MEMORY_MODELS, OP_CASES, STEP_CASES, TARGETS, limit_for
from .instruments import INSTRUMENT_CASES, run_instrument_cases, table_rows
from .load import busy_processes
from .memory import measure
from . import timing
from .timing import interleaved, interleaved_phases


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    p.add_argument("--json", default=None, help="write results to this JSON file")
    p.add_argument("--only", default="*", help="glob over case names")
    p.add_argument("--reps", type=int, default=None, help="repetitions (default 15, quick 3)")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-RSS subprocesses")
    p.add_argument("--threads", type=int, default=None,
                   help="threads for both engines (default: the cores this process may use)")
    p.add_argument("--threads-sweep", default=None, metavar="1,2,4",
                   help="run every case at each of these thread counts: scaling table + plot")
    p.add_argument("--plot", default="threads-sweep.png",
                   help="PNG of the --threads-sweep scaling (default threads-sweep.png)")
    p.add_argument("--busy", type=int, default=0, metavar="N",
                   help="also time every case while N busy processes hold N cores")
    p.add_argument("--busy-seconds", type=float, default=900.0,
                   help="busy processes stop by themselves after this long (default 900)")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                   help="wall time (default) or this process's CPU time, which other jobs "
                        "on a shared machine disturb less (use with --threads 1)")
    p.add_argument("--markdown", default=None, metavar="PATH",
                   help="also write the results as README-ready markdown tables ('-': print)")
    args = p.parse_args(argv)
    if args.threads_sweep:
        try:
            args.threads_sweep = [int(t) for t in args.threads_sweep.split(",") if t.strip()]
        except ValueError:
            p.error(f"--threads-sweep expects comma-separated integers, got "
                    f"{args.threads_sweep!r}")
        if not args.threads_sweep or min(args.threads_sweep) < 1:
            p.error("--threads-sweep expects positive thread counts")
    if args.busy < 0:
        p.error("--busy expects a number of processes >= 0")
    return args


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


def run_cases(cases, reps, min_time, quick, load=None):
    """Time every case; with a busy ``load``, quiet and busy repetitions alternate.

    Returns the rows, or with ``load`` a (quiet rows, busy rows) pair.
    """
    quiet, busy = [], []
    for name, make in cases.items():
        fns, syncs, errors = {}, {}, {}
        for engine, lib, device, sync in engines():
            try:
                fns[engine], syncs[engine] = make(lib, device), sync
            except Exception as exc:           # a missing op is reported, not fatal
                errors[engine] = f"{type(exc).__name__}: {exc}"
        rows = {"quiet": {"case": name, "errors": errors}}
        if load is not None:
            rows["busy"] = {"case": name, "errors": errors}
        if "minigrad" in fns and "torch" in fns:
            warmup = 1 if quick else 2
            if load is None:
                results = {"quiet": interleaved(fns, syncs, reps, min_time, warmup)}
            else:
                # minigrad's pool adapts to load (it stops splitting while that does not
                # pay); the phases switch every few milliseconds, far faster than load
                # changes in practice, so each phase starts from a fresh judgement
                results = interleaved_phases(fns, syncs, reps,
                                             {"quiet": lambda: (load.pause(), _fresh()),
                                              "busy": lambda: (load.resume(), _fresh())},
                                             min_time, warmup)
                load.resume()
            for phase, result in results.items():
                row = rows[phase]
                for engine, r in result.items():
                    row[f"{engine}_ms"] = 1000 * r["median_s"]
                row["ratio"] = row["minigrad_ms"] / row["torch_ms"]
                if "torch-cuda_ms" in row:
                    row["ratio_cuda"] = row["minigrad_ms"] / row["torch-cuda_ms"]
        quiet.append(rows["quiet"])
        print(_row_line(rows["quiet"]), flush=True)
        if load is not None:
            busy.append(rows["busy"])
            print(_row_line(rows["busy"], "busy "), flush=True)
    return quiet if load is None else (quiet, busy)


def _fresh() -> None:
    """Reset minigrad's judgement of whether splitting pays (same thread count)."""
    import minigrad
    minigrad.set_num_threads(minigrad.get_num_threads())


def _row_line(row, label="") -> str:
    if "ratio" not in row:
        return f"  {label + row['case']:<45} skipped: {row['errors']}"
    cuda = f"  cuda {row['torch-cuda_ms']:8.3f} ms" if "torch-cuda_ms" in row else ""
    return (f"  {label + row['case']:<45} minigrad {row['minigrad_ms']:9.3f} ms  torch "
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


def busy_rows(quiet, busy) -> list:
    """Per case: each engine's slowdown (busy ms / quiet ms) at the same thread count."""
    by_case = {r["case"]: r for r in quiet if "ratio" in r}
    rows = []
    for b in busy:
        q = by_case.get(b["case"])
        if q is None or "ratio" not in b:
            continue
        rows.append({"case": b["case"], "threads": b["threads"],
                     "minigrad_ms": q["minigrad_ms"], "minigrad_busy_ms": b["minigrad_ms"],
                     "minigrad_slowdown": b["minigrad_ms"] / q["minigrad_ms"],
                     "torch_ms": q["torch_ms"], "torch_busy_ms": b["torch_ms"],
                     "torch_slowdown": b["torch_ms"] / q["torch_ms"]})
    return rows


def sweep_rows(runs) -> list:
    """Per case and thread count: both engines' ms, the ratio and speedups over 1 thread."""
    first = {}
    rows = []
    for run in runs:
        for r in run["timings"]:
            if "ratio" not in r:
                continue
            base = first.setdefault(r["case"], r)
            rows.append({"case": r["case"], "threads": run["threads"],
                         "minigrad_ms": r["minigrad_ms"], "torch_ms": r["torch_ms"],
                         "ratio": r["ratio"],
                         "minigrad_speedup": base["minigrad_ms"] / r["minigrad_ms"],
                         "torch_speedup": base["torch_ms"] / r["torch_ms"]})
    return rows


def check_targets(runs, busy, memory) -> list:
    results = []
    for run in runs:
        for row in run["timings"]:
            limit = limit_for(TARGETS.get(row["case"]), run["threads"])
            if limit is None or "ratio" not in row:
                continue
            results.append({"target": f"{row['case']}, {run['threads']} threads: minigrad "
                                      f"<= {limit}x torch CPU",
                            "value": row["ratio"], "pass": row["ratio"] <= limit})
    for row in busy:
        if any(fnmatch.fnmatch(row["case"], pattern) for pattern in BUSY_TARGETS):
            value = row["minigrad_slowdown"] / row["torch_slowdown"]
            results.append({"target": f"{row['case']}, {row['threads']} threads, busy cores: "
                                      "minigrad slows down no more than torch",
                            "value": value, "pass": value <= 1.0})
    for row in memory:
        results.append({"target": f"peak RSS {row['model']}: minigrad below torch",
                        "value": row["ratio"], "pass": row["ratio"] < 1.0})
    return results


def plot_sweep(rows, path, facts) -> str | None:
    """Speedup over one thread per case, both engines; a PNG at ``path``."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot (pip install matplotlib)")
        return None
    cases = list(dict.fromkeys(r["case"] for r in rows))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5))
    for i, case in enumerate(cases):
        mine = [r for r in rows if r["case"] == case]
        threads = [r["threads"] for r in mine]
        color = f"C{i % 10}"
        left.plot(threads, [r["minigrad_speedup"] for r in mine], "-o", color=color,
                  label=f"{case} minigrad")
        left.plot(threads, [r["torch_speedup"] for r in mine], "--x", color=color,
                  label=f"{case} torch")
        right.plot(threads, [r["ratio"] for r in mine], "-o", color=color, label=case)
    top = max(r["threads"] for r in rows)
    left.plot([1, top], [1, top], ":", color="gray", label="linear")
    left.set(xlabel="threads", ylabel="speedup over 1 thread", title="scaling")
    right.axhline(1.0, color="gray", linestyle=":")
    right.set(xlabel="threads", ylabel="minigrad ms / torch ms", title="ratio")
    left.legend(fontsize=6)
    right.legend(fontsize=6)
    fig.suptitle(machine.one_line(facts), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def markdown(facts, runs, busy, targets, argv, reps) -> str:
    """The results as markdown: the machine, one table per thread count, the busy table."""
    limits = {t["target"]: t for t in targets}
    clock = "CPU" if timing.clock is timing.CLOCKS["cpu"] else "wall"
    lines = [f"Measured on {machine.one_line(facts)}, with "
             f"`python -m benchmarks {shlex.join(argv)}` ({reps} interleaved repetitions, "
             f"medians, {clock} ms per forward+backward or per training step).", ""]
    for run in runs:
        lines += [f"| case, {run['threads']} threads | minigrad | torch | ratio | target |",
                  "|---|---|---|---|---|"]
        for r in run["timings"]:
            if "ratio" not in r:
                continue
            target = [t for key, t in limits.items()
                      if key.startswith(f"{r['case']}, {run['threads']} threads: ")]
            cell = (f"<= {target[0]['target'].split('<= ')[1].split('x')[0]}: "
                    f"{'pass' if target[0]['pass'] else 'FAIL'}") if target else ""
            lines.append(f"| {r['case']} | {r['minigrad_ms']:.2f} | {r['torch_ms']:.2f} | "
                         f"{r['ratio']:.2f} | {cell} |")
        lines.append("")
    if busy:
        lines += ["| case, threads, cores busy | minigrad quiet / busy | slowdown | "
                  "torch quiet / busy | slowdown |", "|---|---|---|---|---|"]
        for r in busy:
            lines.append(f"| {r['case']}, {r['threads']} | {r['minigrad_ms']:.2f} / "
                         f"{r['minigrad_busy_ms']:.2f} | {r['minigrad_slowdown']:.2f} | "
                         f"{r['torch_ms']:.2f} / {r['torch_busy_ms']:.2f} | "
                         f"{r['torch_slowdown']:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    from bridge.report import format_table, write_json
    args = parse_args(argv)
    timing.clock = timing.CLOCKS[args.clock]
    counts = args.threads_sweep or [set_threads(args.threads)]
    reps = args.reps or (3 if args.quick else 15)
    min_time = 0.0 if args.quick else 0.05
    ops = {k: v for k, v in OP_CASES.items() if fnmatch.fnmatch(k, args.only)}
    steps = {k: v for k, v in STEP_CASES.items() if fnmatch.fnmatch(k, args.only)}
    cases = {**ops, **steps}
    start = time.perf_counter()
    facts = machine.describe()
    print(f"machine: {machine.one_line(facts)}")
    runs, busy_runs = [], []
    for threads in counts:
        set_threads(threads)
        print(f"minigrad vs torch, {threads} threads, {reps} interleaved repetitions, medians "
              f"of {args.clock} time")
        if not args.busy:
            runs.append({"threads": threads, "busy": 0,
                         "timings": run_cases(cases, reps, min_time, args.quick)})
            continue
        print(f"(each repetition also runs while {args.busy} busy processes hold "
              f"{args.busy} cores: 'busy' rows)")
        with busy_processes(args.busy, args.busy_seconds) as load:
            timings, busy_timings = run_cases(cases, reps, min_time, args.quick, load)
        runs.append({"threads": threads, "busy": 0, "timings": timings})
        busy_runs.append({"threads": threads, "busy": args.busy, "pids": load.pids,
                          "timings": busy_timings})
    set_threads(counts[0])
    busy = [row for q, b in zip(runs, busy_runs, strict=False)
            for row in busy_rows(q["timings"], [dict(r, threads=b["threads"])
                                                for r in b["timings"]])]
    sweep = sweep_rows(runs) if args.threads_sweep else []
    instrument_cases = {k: v for k, v in INSTRUMENT_CASES.items()
                        if fnmatch.fnmatch(k, args.only)}
    instruments = run_instrument_cases(instrument_cases, reps, min_time, args.quick)
    mem_models = [m for m in MEMORY_MODELS if any(k.startswith(f"step {m} ") for k in steps)]
    memory = [] if args.no_memory else run_memory(mem_models, args.quick)
    targets = check_targets(runs, busy, memory)
    cuda = facts.get("cuda", False)
    for run in runs:
        rows = [[r["case"], r.get("minigrad_ms", "-"), r.get("torch_ms", "-"),
                 r.get("ratio", "-")] + ([r.get("torch-cuda_ms", "-")] if cuda else [])
                for r in run["timings"]]
        headers = ["case", "minigrad ms", "torch ms", "ratio"] + (["cuda ms"] if cuda else [])
        print()
        print(format_table(headers, rows, f"Forward+backward (ops) and training steps, "
                                          f"{run['threads']} threads: medians"))
    if sweep:
        print()
        print(format_table(["case", "threads", "minigrad ms", "torch ms", "ratio",
                            "minigrad speedup", "torch speedup"],
                           [[r["case"], r["threads"], r["minigrad_ms"], r["torch_ms"],
                             r["ratio"], r["minigrad_speedup"], r["torch_speedup"]]
                            for r in sweep], "Thread scaling (speedup over the first count)"))
        plotted = plot_sweep(sweep, args.plot, facts)
        if plotted:
            print(f"wrote {plotted}")
    if busy:
        print()
        print(format_table(["case", "threads", "minigrad ms", "busy ms", "slowdown",
                            "torch ms", "busy ms", "slowdown"],
                           [[r["case"], r["threads"], r["minigrad_ms"], r["minigrad_busy_ms"],
                             r["minigrad_slowdown"], r["torch_ms"], r["torch_busy_ms"],
                             r["torch_slowdown"]] for r in busy],
                           f"With {args.busy} busy processes (slowdown = busy / quiet)"))
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
    if args.markdown:
        text = markdown(facts, runs, busy, targets, argv if argv is not None else sys.argv[1:],
                        reps)
        if args.markdown == "-":
            print("\n" + text)
        else:
            with open(args.markdown, "w") as f:
                f.write(text)
            print(f"wrote {args.markdown}")
    if args.json:
        env = dict(facts, reps=reps, threads=counts[0], thread_counts=counts, busy=args.busy,
                   clock=args.clock)
        write_json({"env": env, "timings": runs[0]["timings"], "runs": runs,
                    "busy_runs": busy_runs, "busy": busy, "sweep": sweep, "memory": memory,
                    "targets": targets,
                    "instruments": instruments}, args.json)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
