"""Recipe: train in minigrad, continue in PyTorch on 2 processes with DistributedDataParallel.

Three commands (the README's "Outgrowing minigrad" section runs them)::

    python -m bridge.examples.ddp_continue train run/          # minigrad: run/minigrad.mg
    python -m bridge.export run/minigrad.mg run/torch.pt       # the same checkpoint, for torch
    torchrun --nproc_per_node=2 --master_addr=127.0.0.1 --master_port=29512 \\
        -m bridge.examples.ddp_continue continue run/          # torch DDP: run/torch_final.pt

The model, ``DigitsNet``, is a user-defined minigrad module (scikit-learn's
8x8 digits, no download).  The torch processes build it with
``bridge.to_torch(DigitsNet())`` -- the same class with its forward re-bound
to torch -- load the exported weights into it, wrap it in
``DistributedDataParallel`` (gloo backend, CPU, loopback only) and give
``torch.optim.Adam`` the exported optimizer state.

Why the loss continues exactly: the batch of step ``s`` depends on ``s``
alone (the same images in every engine), and each of the ``W`` processes
takes every ``W``-th of them.  DDP averages the processes' gradients, which
is the gradient of the whole batch's mean loss, so every DDP step is the step
minigrad would have taken next.  ``train --reference K`` lets minigrad run
``K`` steps further (after saving the checkpoint) and keeps those losses;
``continue`` prints both curves side by side.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import List, Optional

import numpy as np

import minigrad
import minigrad.nn.functional as F
import minigrad.optim
from minigrad import nn

SEED = 0
BATCH = 64          # global batch: each of W processes takes BATCH / W of it


class DigitsNet(nn.Module):
    """An MLP for 8x8 digits, written in minigrad like any PyTorch model."""

    def __init__(self, hidden: int = 64):
        super().__init__()
        self.features = nn.Sequential(nn.Flatten(), nn.Linear(64, hidden), nn.LayerNorm(hidden))
        self.classifier = nn.Linear(hidden, 10)

    def forward(self, x):
        return self.classifier(F.gelu(self.features(x)))


def load_data():
    from bridge.data import load_digits
    x, y, _, _ = load_digits(image_size=8)
    return x, y


def batch_indices(step: int, n: int) -> np.ndarray:
    """The images of global step ``step``: a function of the step number alone."""
    return np.random.default_rng([SEED, step]).choice(n, BATCH, replace=False)


# -- 1. train in minigrad ------------------------------------------------------------------------
def train(out: str, steps: int, reference: int, hidden: int, lr: float) -> None:
    x, y = load_data()
    minigrad.manual_seed(SEED)
    model = DigitsNet(hidden)
    optimizer = minigrad.optim.Adam(model.parameters(), lr=lr)

    def step(s: int) -> float:
        idx = batch_indices(s, len(x))
        optimizer.zero_grad()
        loss = F.cross_entropy(model(minigrad.from_numpy(x[idx])), minigrad.from_numpy(y[idx]))
        loss.backward()
        optimizer.step()
        return float(loss.item())

    losses = []
    for s in range(steps):
        losses.append(step(s))
        if s % 10 == 0 or s == steps - 1:
            print(f"minigrad step {s:4d}  loss {losses[-1]:.6f}")
    path = os.path.join(out, "minigrad.mg")
    minigrad.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                   "step": steps, "losses": losses, "config": {"hidden": hidden, "lr": lr}},
                  path)
    print(f"saved {path} after {steps} steps")
    if reference:
        ahead = [step(s) for s in range(steps, steps + reference)]
        with open(os.path.join(out, "minigrad_reference.json"), "w") as f:
            json.dump({"start": steps, "losses": ahead}, f)
        print(f"minigrad ran {reference} steps further for reference "
              f"(minigrad_reference.json; the checkpoint holds step {steps})")


# -- 3. continue in torch, one process per rank ----------------------------------------------------
def continue_training(out: str, steps: int, timeout_s: float) -> None:
    from datetime import timedelta

    import torch
    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel

    import bridge
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    if BATCH % world:
        raise SystemExit(f"the batch of {BATCH} does not split over {world} processes")
    dist.init_process_group("gloo", timeout=timedelta(seconds=timeout_s))
    try:
        checkpoint = torch.load(os.path.join(out, "torch.pt"), weights_only=True)
        config, start = checkpoint["config"], checkpoint["step"]
        model = bridge.to_torch(DigitsNet(config["hidden"]))   # the architecture ...
        model.load_state_dict(checkpoint["model"])               # ... and minigrad's weights
        ddp = DistributedDataParallel(model)
        optimizer = torch.optim.Adam(ddp.parameters(), lr=config["lr"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        x, y = load_data()
        losses = []
        for s in range(start, start + steps):
            mine = batch_indices(s, len(x))[rank::world]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(ddp(torch.from_numpy(x[mine])),
                                                     torch.from_numpy(y[mine]))
            loss.backward()                           # DDP averages the gradients here
            optimizer.step()
            whole = loss.detach().clone()
            dist.all_reduce(whole)                    # the whole batch's mean loss
            losses.append(float(whole) / world)
        if rank == 0:
            _report(out, checkpoint, start, losses, world)
            final = {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                     "step": start + steps, "losses": checkpoint["losses"] + losses,
                     "config": config}
            path = os.path.join(out, "torch_final.pt")
            torch.save(final, path + ".tmp")
            os.replace(path + ".tmp", path)
            print(f"saved {path} (back to minigrad: python -m bridge.export --to-minigrad "
                  f"{path} OUT.mg)")
        # every process waits here for rank 0: one that tore down its process group while
        # the other still wrote could abort in gloo's shutdown (seen with torch 2.13)
        dist.barrier()
    finally:
        dist.destroy_process_group()


def _report(out: str, checkpoint: dict, start: int, losses: List[float], world: int) -> None:
    ref_path = os.path.join(out, "minigrad_reference.json")
    reference = None
    if os.path.exists(ref_path):
        with open(ref_path) as f:
            saved = json.load(f)
        if saved["start"] == start:
            reference = saved["losses"]
    with open(os.path.join(out, "ddp_losses.json"), "w") as f:
        json.dump({"start": start, "world_size": world, "losses": losses}, f)
    history = checkpoint["losses"]
    recent = history[-10:]
    print(f"minigrad trained steps 0-{start - 1}: loss {history[0]:.4f} at step 0, "
          f"{np.mean(recent):.4f} on average over its last {len(recent)} steps")
    print(f"torch continues at step {start}: {np.mean(losses):.4f} on average over "
          f"{len(losses)} steps")
    header = f"{'step':>5}  {'torch DDP (' + str(world) + ' processes)':>26}"
    if reference is not None:
        header += f"  {'minigrad, run on':>18}  {'difference':>10}"
    print(header)
    for i, loss in enumerate(losses):
        line = f"{start + i:5d}  {loss:26.6f}"
        if reference is not None and i < len(reference):
            line += f"  {reference[i]:18.6f}  {abs(loss - reference[i]):10.1e}"
        print(line)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bridge.examples.ddp_continue",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train DigitsNet in minigrad, save OUT/minigrad.mg")
    p.add_argument("out", help="the run folder (created if missing)")
    p.add_argument("--steps", type=int, default=60)
    p.add_argument("--reference", type=int, default=20, metavar="K",
                   help="also run minigrad K steps further, for comparison (default 20)")
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-2)
    p = sub.add_parser("continue", help="under torchrun: continue from OUT/torch.pt with DDP")
    p.add_argument("out", help="the run folder holding torch.pt")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds a process waits for the others (default 60)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.command == "train":
        os.makedirs(args.out, exist_ok=True)
        train(args.out, args.steps, args.reference, args.hidden, args.lr)
    else:
        if "RANK" not in os.environ:
            parser.error("'continue' runs under torchrun (it sets RANK and WORLD_SIZE), e.g. "
                         "torchrun --nproc_per_node=2 --master_addr=127.0.0.1 "
                         "-m bridge.examples.ddp_continue continue " + args.out)
        continue_training(args.out, args.steps, args.timeout)
    if os.environ.get("RANK", "0") == "0":
        print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    code = main()
    if "RANK" in os.environ:
        # a torchrun worker ends here without the interpreter's teardown: with gloo, a
        # process that tears down after the other one has gone sometimes aborts in a
        # gloo thread ("terminate called without an active exception", torch 2.13 and
        # 2.14), after all the work is done and saved
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
