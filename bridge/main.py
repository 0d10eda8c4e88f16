"""The main job: train a tutorial model with minigrad and PyTorch side by side.

``python -m bridge [--model quickstart] [--dataset digits|mnist|fashion-mnist] ...``

Both engines start from the same weights and take the same steps on the same
batches (``bridge.lockstep``).  At the end the job prints

* ``accuracy:``    test accuracy of each engine,
* ``equivalence:`` the largest loss, gradient and parameter differences seen
  and whether they stayed within the dtype's tolerance,
* ``speed:``       median time per training step of each engine and their ratio,

and, with ``--out DIR``, writes ``DIR/report.json`` and ``DIR/report.png``.

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
from .models import all_models, default_dataset


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="python -m bridge", description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=sorted(all_models()), default="quickstart")
    p.add_argument("--dataset", choices=data.DATASETS, default=None,
                   help="default: digits, or the bundled text for the language model")
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
                   help="equivalence tolerance (default 1e-4 float32, 1e-9 float64)")
    p.add_argument("--out", default=None, help="folder for report.json and report.png")
    p.add_argument("--threads", type=int, default=1,
                   help="threads for torch and NumPy's BLAS (default 1: the engines alternate "
                        "every step, and two sets of thread pools fight over the cores)")
    p.add_argument("--no-progress", action="store_true", help="no tqdm progress bar")
    return p.parse_args(argv)


def optimizer_kwargs(args) -> dict:
    kwargs = {"lr": args.lr}
    if args.optimizer == "SGD":
        kwargs["momentum"] = args.momentum
    return kwargs


def main(argv=None) -> int:
    args = parse_args(argv)
    args.dataset = args.dataset or default_dataset(args.model)
    threads = transfer.set_threads(args.threads)
    root = data.data_root(args.data_root)
    x_train, y_train, x_test, y_test = data.load(args.dataset, root, args.download)
    runner = LockstepRunner(args.model, args.optimizer, optimizer_kwargs(args),
                            dtype=args.dtype, device=args.device, tol=args.tol, seed=args.seed,
                            stop_on_breach=False)
    steps_per_epoch = -(-len(x_train) // args.batch_size)
    total = steps_per_epoch * args.epochs
    if args.steps is not None:
        total = min(total, args.steps)
    print(f"minigrad vs PyTorch: {args.model} on {args.dataset} ({len(x_train)} train / "
          f"{len(x_test)} test), {args.dtype}, {args.optimizer}"
          f"({', '.join(f'{k}={v}' for k, v in optimizer_kwargs(args).items())}), batch "
          f"{args.batch_size}, torch on {runner.config['device']}, threads: {threads}")
    from .lockstep import _progress
    bar = _progress(total, False if args.no_progress else None)
    say = bar.write if bar is not None else print
    start = time.perf_counter()
    for epoch in range(args.epochs):
        done = len(runner.records)
        if done >= total:
            break
        batches = batches_from_arrays(x_train, y_train, args.batch_size, 1, args.seed + epoch)
        runner.run(batches, steps=min(total, done + steps_per_epoch), progress=bar or False)
        records = runner.records[done:]
        if not records:
            break
        acc_mg = runner.mg.evaluate(x_test, y_test)
        acc_th = runner.th.evaluate(x_test, y_test)
        def mean(key, records=records):
            return sum(getattr(r, key) for r in records) / len(records)

        say(f"epoch {epoch + 1}: loss minigrad {mean('loss_minigrad'):.4f} torch "
              f"{mean('loss_torch'):.4f} | test accuracy minigrad {100 * acc_mg:.2f}% "
              f"torch {100 * acc_th:.2f}%")
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
    print(f"accuracy: minigrad {100 * acc_mg:.2f}%  torch {100 * acc_th:.2f}%  "
          f"(difference {100 * abs(acc_mg - acc_th):.2f} points)")
    worst = {k: max(getattr(r, k) for r in runner.records)
             for k in ("loss_abs", "grad_abs", "grad_rel", "param_abs", "param_rel")}
    verdict = (f"within tolerance {runner.tol:g}" if runner.ok
               else f"tolerance {runner.tol:g} first exceeded: {runner.divergence}")
    print(f"equivalence: {len(runner.records)} steps, max |d loss| {worst['loss_abs']:.3g}, "
          f"max |d grad| {worst['grad_abs']:.3g} (rel {worst['grad_rel']:.3g}), "
          f"max |d param| {worst['param_abs']:.3g} (rel {worst['param_rel']:.3g}); {verdict}")
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
