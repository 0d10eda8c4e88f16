"""Peak resident memory of one engine training one model, in a fresh process.

``python -m benchmarks.memory ENGINE MODEL [--steps N] [--batch-size B]`` prints
one JSON line ``{"engine", "model", "peak_rss_mb", "baseline_rss_mb"}``.  The
minigrad child never imports torch, so each number is what that engine
alone costs (interpreter + library + model + training).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from typing import Dict


def _peak_mb() -> float:
    """Peak RSS of this process in MB.

    Linux: ``VmHWM`` from ``/proc/self/status``, which starts afresh at exec
    (``ru_maxrss`` would carry over the peak of the forked parent).
    Elsewhere: ``ru_maxrss`` (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024.0 * 1024.0) if sys.platform == "darwin" else peak / 1024.0


def child(engine: str, model: str, steps: int, batch_size: int) -> Dict:
    baseline = _peak_mb()
    from . import set_threads
    if engine == "torch":
        import torch as lib
    else:
        import minigrad as lib
        import minigrad.nn  # noqa: F401
        import minigrad.optim  # noqa: F401
    set_threads(torch=engine == "torch")
    from .cases import _step_case
    run = _step_case(model, batch_size)(lib, "cpu")
    for _ in range(steps):
        run()
    return {"engine": engine, "model": model, "steps": steps, "batch_size": batch_size,
            "peak_rss_mb": _peak_mb(), "baseline_rss_mb": baseline,
            "torch_imported": "torch" in sys.modules}


def measure(engine: str, model: str, steps: int = 5, batch_size: int = 64,
            timeout: float = 600) -> Dict:
    """Run ``child`` in a subprocess and return its JSON result."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cmd = [sys.executable, "-m", "benchmarks.memory", engine, model, "--steps", str(steps),
           "--batch-size", str(batch_size)]
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"memory child failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    import argparse
    p = argparse.ArgumentParser(prog="python -m benchmarks.memory")
    p.add_argument("engine", choices=["minigrad", "torch"])
    p.add_argument("model")
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64)
    args = p.parse_args(argv)
    print(json.dumps(child(args.engine, args.model, args.steps, args.batch_size)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
