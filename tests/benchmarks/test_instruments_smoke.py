"""Smoke test of the instrument benchmarks: they run and report every variant (no timings)."""
import json
import os
import subprocess
import sys

import minigrad
from benchmarks.instruments import INSTRUMENT_CASES, hook_removed

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VARIANTS = ["off", "hook removed", "trace", "trace (summaries)", "profiler", "anomaly",
            "torch off", "torch profiler", "torch anomaly"]


def test_quick_run_reports_every_variant(tmp_path):
    path = tmp_path / "bench.json"
    case = "instruments: 100 tiny ops fwd+bwd"
    cmd = [sys.executable, "-m", "benchmarks", "--quick", "--only", case, "--no-memory",
           "--json", str(path)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.load(open(path))
    assert result["timings"] == []
    (row,) = result["instruments"]
    assert row["case"] == case
    for name in VARIANTS:
        assert row[f"{name}_ms"] > 0 and row[f"{name}_ratio"] > 0
    assert row["off_ratio"] == row["torch off_ratio"] == 1.0
    assert row["hook_price_median"] > 0 and row["hook_price_best"] > 0
    assert "Instruments: medians and ratio" in out.stdout
    assert all(name in out.stdout for name in VARIANTS)


def test_hook_removed_runs_the_same_ops_and_restores_apply():
    shipped = minigrad.autograd.Function.__dict__["apply"]
    x = minigrad.tensor([1.0, -2.0], requires_grad=True)
    with hook_removed():
        assert minigrad.autograd.Function.__dict__["apply"] is not shipped
        (x * 3).relu().sum().backward()
    assert minigrad.autograd.Function.__dict__["apply"] is shipped
    assert x.grad.tolist() == [3.0, 0.0]
    assert set(INSTRUMENT_CASES) == {"instruments: step quickstart (b64)",
                                     "instruments: 100 tiny ops fwd+bwd"}
