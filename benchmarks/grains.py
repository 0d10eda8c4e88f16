"""``python -m benchmarks.grains``: where splitting work over threads starts to pay.

For each kind of work that minigrad splits (see minigrad/_parallel.py) this times the
one-thread call against the split call at growing sizes, interleaved, and prints the
smallest size from which the split is faster at every larger size measured.  Each grain
constant in minigrad/_parallel.py should sit near that crossover divided by two (a
chunk must hold at least a grain, and a split needs two chunks).

Options: ``--threads N`` (default: all usable cores), ``--reps N``.
"""
from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import minigrad
from minigrad import _parallel
from minigrad.ops.normalization import channel_sums


def _kinds(rng):
    """name -> (size -> (setup, serial call, split call)); size counts elements or MACs."""
    def ew(size):
        a, b = (rng.standard_normal(size, dtype=np.float32) for _ in range(2))
        return (lambda: np.add(a, b),
                lambda: _parallel.elementwise(np.add, a.reshape(-1, 64), b.reshape(-1, 64)))

    def relu_backward(size):
        g, o = (rng.standard_normal((size // 64, 64), dtype=np.float32) for _ in range(2))
        return (lambda: np.multiply(g, o > 0),
                lambda: _parallel.elementwise(lambda x, y, **out: np.multiply(x, y > 0, **out),
                                              g, o))

    def copy(size):
        a = rng.standard_normal((size // 4096, 64, 64), dtype=np.float32)
        out = np.empty((a.shape[0], 64, 64), np.float32)

        def split():
            _parallel.fill_rows(a.shape[0], max(1, _parallel.COPY_GRAIN // 4096),
                                lambda s, e, into: np.copyto(into, a[s:e].swapaxes(1, 2)), out)
        return (lambda: np.copyto(out, a.swapaxes(1, 2)), split)

    def reduction(size):
        a = rng.standard_normal((size // 4096, 16, 256), dtype=np.float32)
        return (lambda: np.einsum("nci->c", a), lambda: channel_sums(a))

    def gemm(size):                      # size = multiply-adds of (64 x k) @ (k x 512)
        k = max(1, size // (64 * 512))
        a = rng.standard_normal((64, k), dtype=np.float32)
        b = rng.standard_normal((k, 512), dtype=np.float32)
        return (lambda: np.matmul(a, b), lambda: _parallel.matmul(a, b))

    return {"elementwise (add)": ew, "relu backward": relu_backward,
            "strided copy": copy, "per-channel sum": reduction, "matmul (MACs)": gemm}


def measure(fn_pair, threads, reps):
    serial, split = fn_pair
    times = {"serial": [], "split": []}
    for rep in range(reps):
        for name in (("serial", "split") if rep % 2 else ("split", "serial")):
            minigrad.set_num_threads(1 if name == "serial" else threads)
            fn = serial if name == "serial" else split
            fn()
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.grains")
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--reps", type=int, default=21)
    args = p.parse_args(argv)
    threads = args.threads or _parallel.get_num_threads()
    rng = np.random.default_rng(0)
    sizes = [1 << k for k in range(14, 24)]
    print(f"threads {threads}; median of {args.reps}; time split / time serial")
    for name, make in _kinds(rng).items():
        ratios = []
        for size in sizes:
            t = measure(make(size), threads, args.reps)
            ratios.append(t["split"] / t["serial"])
        faster = [i for i in range(len(sizes)) if all(r < 1 for r in ratios[i:])]
        cross = f"2^{sizes[faster[0]].bit_length() - 1}" if faster else "never"
        print(f"  {name:<18} " + " ".join(f"{r:5.2f}" for r in ratios) + f"   pays from {cross}")
    print("  sizes: " + " ".join(f"2^{s.bit_length() - 1}" for s in sizes))
    minigrad.set_num_threads(threads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
