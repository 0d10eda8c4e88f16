"""The main job runs end to end on the bundled digits data."""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_main_job_on_digits(tmp_path):
    cmd = [sys.executable, "-m", "bridge", "--model", "mlp", "--epochs", "1", "--steps", "8",
           "--dtype", "float64", "--device", "cpu", "--out", str(tmp_path), "--no-progress",
           "--threads", "1"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    accuracy = re.search(r"^accuracy: minigrad ([\d.]+)%  torch ([\d.]+)%", text, re.M)
    assert accuracy, text
    assert abs(float(accuracy.group(1)) - float(accuracy.group(2))) < 1.0
    assert re.search(r"^equivalence: 8 steps, .*within tolerance 1e-09", text, re.M), text
    assert re.search(r"^speed: minigrad [\d.]+ ms/step, torch [\d.]+ ms/step .* ratio [\d.]+x",
                     text, re.M), text
    result = json.load(open(tmp_path / "report.json"))
    assert result["ok"] and result["steps"] == 8 and result["dataset"] == "digits"


def test_main_job_rejects_real_data_without_root():
    env = {k: v for k, v in os.environ.items() if k != "MINIGRAD_DATA_ROOT"}
    cmd = [sys.executable, "-m", "bridge", "--dataset", "mnist", "--steps", "1"]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode != 0
    assert "needs --data-root DIR or $MINIGRAD_DATA_ROOT" in out.stderr
