"""Memory stays flat: thousands of training steps, or of graphs built and dropped unused.

Each workload runs in a fresh child process (only minigrad and NumPy imported) that
samples its resident set size after a warm-up and again at the end; a leak of even a
few hundred bytes per step shows up as megabytes over thousands of steps.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import minigrad

REPO = os.path.dirname(os.path.dirname(os.path.abspath(minigrad.__file__)))
TOLERANCE_MB = 4.0

_CHILD = r"""
import json, sys
sys.path.insert(0, {repo!r})
import numpy as np
import minigrad
from minigrad import nn

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * {page} / 2 ** 20

minigrad.manual_seed(0)
model = nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Dropout(0.1), nn.Linear(64, 10))
optimizer = minigrad.optim.Adam(model.parameters(), lr=1e-3)
rng = np.random.default_rng(0)
x = minigrad.tensor(rng.normal(size=(16, 32)).astype(np.float32))
y = minigrad.tensor(rng.integers(0, 10, 16))

def train():
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()

def forward_only():                 # a graph that is built and dropped without backward
    loss = nn.functional.cross_entropy(model(x), y)
    hidden = model[0](x).tanh() * 2
    return loss.item() + hidden.sum().item()

def no_grad_forward():
    with minigrad.no_grad():
        return model(x).sum().item()

def kept_graph():                   # backward twice through a retained graph, then drop it
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward(retain_graph=True)
    loss.backward()
    model.zero_grad(set_to_none=True)

step = {{"train": train, "forward_only": forward_only, "no_grad_forward": no_grad_forward,
        "kept_graph": kept_graph}}[{workload!r}]
for _ in range({warmup}):
    step()
before = rss_mb()
for _ in range({steps}):
    step()
print(json.dumps({{"before": before, "after": rss_mb()}}))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"),
                    reason="reads the resident set size from Linux's /proc/self/statm")
@pytest.mark.parametrize("workload, steps", [("train", 3000), ("forward_only", 3000),
                                             ("no_grad_forward", 3000), ("kept_graph", 2000)])
def test_resident_memory_stays_flat(workload, steps):
    script = _CHILD.format(repo=REPO, page=os.sysconf("SC_PAGE_SIZE"), workload=workload,
                           warmup=300, steps=steps)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    rss = json.loads(done.stdout.strip().splitlines()[-1])
    growth = rss["after"] - rss["before"]
    assert growth < TOLERANCE_MB, (f"{workload}: resident memory grew {growth:.1f} MB over "
                                   f"{steps} steps ({rss['before']:.1f} -> {rss['after']:.1f})")
