"""The main job: train a tutorial model with minigrad and PyTorch side by side.

``python -m bridge [--model quickstart] [--dataset digits|mnist|fashion-mnist] ...``

Three models train on the same batches (``bridge.lockstep``): torch; a minigrad
twin that takes torch's parameters, buffers and optimizer state before every
step (the per-step check: each step's differences measure that step's
arithmetic alone); and a minigrad twin that trains on its own from the same
initial weights (the free-running drift).  At the end the job prints

* ``accuracy:``    test accuracy of the free-running minigrad twin and of torch,
* ``equivalence:`` the verdict of the per-step check: "equivalent within
  tolerance" or "first disagreement at step k" with the layer and parameter,
* ``drift:``       where the free-running twin left rounding level and which
  ReLU / max-pool decisions flipped there (information, not a failure),
* ``speed:``       median time per training step of each engine and their ratio,

and, with ``--out DIR``, writes ``DIR/report.json`` and ``DIR/report.png``.
``--no-resync`` checks the free-running pair itself (the strict lock-step for
float64), ``--no-drift`` skips the free-running twin.

Without ``--dataset`` it uses scikit-learn's bundled 8x8 digits upsampled to
28x28 (no download), which finishes in well under a minute on two cores.

Threads: one per engine by default (``--threads``).  The engines alternate
every step; with several threads each, the idle pool of one library spins
while the other computes, and on a small machine both slow down many times.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from . import data, report, transfer
from .lockstep import LockstepRunner, batches_from_arrays
from .models import MODELS


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bridge", description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=sorted(MODELS), default="quickstart")
    p.add_argument("--dataset", choices=data.DATASETS, default="digits")
    p.add_argument("--data-root", default=None,
                   help=f"folder holding MNIST/raw etc. (default: ${data.ENV_ROOT})")
    p.add_argument("--download", action="store_true", help="let torchvision download data")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--momentum", type=float, default=0.9, help="SGD momentum")
    p.add_argument("--optimizer", choices=["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"],
                   default="SGD")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--device", default="auto", help="torch device: auto, cpu or cuda")
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tol", type=float, default=None,
                   help="relative tolerance of each compared quantity (default 1e-4 float32, "
                        "1e-9 float64)")
    p.add_argument("--resync", action=argparse.BooleanOptionalAction, default=True,
                   help="per-step check from identical state: before every step the checked "
                        "minigrad twin takes torch's state (default; --no-resync compares "
                        "the free-running pair instead)")
    p.add_argument("--no-drift", action="store_true",
                   help="skip the free-running minigrad twin (one minigrad step less per step)")
    p.add_argument("--out", default=None, help="folder for report.json and report.png")
    p.add_argument("--threads", type=int, default=1,
                   help="threads for torch and NumPy's BLAS (default 1: the engines alternate "
                        "every step, and two sets of thread pools fight over the cores)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress display (one updating line on a terminal, a few lines "
                        "per epoch otherwise)")
    return p.parse_args(argv)


def optimizer_kwargs(args) -> dict:
    kwargs = {"lr": args.lr}
    if args.optimizer == "SGD":
        kwargs["momentum"] = args.momentum
    return kwargs


def main(argv=None) -> int:
    args = parse_args(argv)
    threads = transfer.set_threads(args.threads)
    root = data.data_root(args.data_root)
    x_train, y_train, x_test, y_test = data.load(args.dataset, root, args.download)
    runner = LockstepRunner(args.model, args.optimizer, optimizer_kwargs(args),
                            dtype=args.dtype, device=args.device, tol=args.tol, seed=args.seed,
                            stop_on_breach=False, resync=args.resync, drift=not args.no_drift)
    steps_per_epoch = -(-len(x_train) // args.batch_size)
    total = steps_per_epoch * args.epochs
    if args.steps is not None:
        total = min(total, args.steps)
    print(f"minigrad vs PyTorch: {args.model} on {args.dataset} ({len(x_train)} train / "
          f"{len(x_test)} test), {args.dtype}, {args.optimizer}"
          f"({', '.join(f'{k}={v}' for k, v in optimizer_kwargs(args).items())}), batch "
          f"{args.batch_size}, torch on {runner.config['device']}, threads: {threads}")
    print("per-step check: " + ("from identical state (minigrad takes torch's state before "
                                "every step)" if args.resync else "free-running pair (no resync)")
          + "; drift: " + ("a free-running minigrad twin" if runner.free is not None
                           else "not measured"), flush=True)
    bar = report.progress_bar(total, False if args.no_progress else None,
                              every=max(min(steps_per_epoch, total) // 4, 1))
    say = bar.write if bar is not None else (lambda line: print(line, flush=True))
    start = time.perf_counter()
    mg = runner.minigrad
    for epoch in range(args.epochs):
        done = len(runner.records)
        if done >= total:
            break
        batches = batches_from_arrays(x_train, y_train, args.batch_size, 1, args.seed + epoch)
        runner.run(batches, steps=min(total, done + steps_per_epoch), progress=bar or False)
        records = runner.records[done:]
        if not records:
            break
        acc_mg = mg.evaluate(x_test, y_test)
        acc_th = runner.th.evaluate(x_test, y_test)

        def mean(values):
            values = list(values)
            return sum(values) / len(values)
        loss_mg = mean(r.drift_loss if r.drift_loss is not None and runner.free is not None
                       else r.loss_minigrad for r in records)
        say(f"epoch {epoch + 1}: loss minigrad {loss_mg:.4f} torch "
            f"{mean(r.loss_torch for r in records):.4f} | test accuracy minigrad "
            f"{100 * acc_mg:.2f}% torch {100 * acc_th:.2f}%")
    elapsed = time.perf_counter() - start
    if bar is not None:
        bar.close()
    result = runner.result()
    result.update(accuracy_minigrad=acc_mg, accuracy_torch=acc_th, dataset=args.dataset)
    speed = _speed(runner.records)
    result["speed"] = speed
    print()
    print(report.step_table(result, max_rows=10))
    print()
    print(report.parameter_table(result))
    print()
    which = "free-running twin" if runner.free is not None else \
        "synced to torch before every step" if args.resync else "free-running"
    print(f"accuracy: minigrad {100 * acc_mg:.2f}%  torch {100 * acc_th:.2f}%  "
          f"(difference {100 * abs(acc_mg - acc_th):.2f} points; minigrad {which})")
    for line in report.verdict_lines(result):
        print(line)
    print(f"speed: minigrad {speed['minigrad_ms']:.2f} ms/step, torch "
          f"{speed['torch_ms']:.2f} ms/step ({runner.config['device']}), ratio "
          f"{speed['ratio']:.2f}x (minigrad / torch, median over {speed['steps']} steps); "
          f"total {elapsed:.1f} s")
    if args.out:
        path = report.write_json(result, os.path.join(args.out, "report.json"))
        print(f"wrote {path}")
        png = report.plot(result, os.path.join(args.out, "report.png"))
        if png:
            print(f"wrote {png}")
    runner.close()
    return 0


def _speed(records) -> dict:
    timed = records[1:] if len(records) > 1 else records      # the first step warms up
    mg = statistics.median(r.time_minigrad for r in timed)
    th = statistics.median(r.time_torch for r in timed)
    return {"minigrad_ms": 1000 * mg, "torch_ms": 1000 * th, "ratio": mg / th if th else 0.0,
            "steps": len(timed)}


if __name__ == "__main__":
    sys.exit(main())
