"""Smoke test of the benchmarks: they run and write JSON (no timing assertions)."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_quick_run_of_one_case(tmp_path):
    path = tmp_path / "bench.json"
    cmd = [sys.executable, "-m", "benchmarks", "--quick", "--only", "relu 64x512",
           "--no-memory", "--json", str(path)]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.load(open(path))
    (row,) = result["timings"]
    assert row["case"] == "relu 64x512"
    assert row["minigrad_ms"] > 0 and row["torch_ms"] > 0 and row["ratio"] > 0
    assert result["env"]["threads"] >= 1
    assert "relu 64x512" in out.stdout


def test_memory_child_of_minigrad_never_imports_torch():
    from benchmarks.memory import measure
    result = measure("minigrad", "mlp", steps=1)
    assert result["peak_rss_mb"] >= result["baseline_rss_mb"] > 0
    assert result["torch_imported"] is False
