"""The main job runs end to end on the bundled digits data."""
import json
import os
import re
import subprocess
import sys
import threading

import pytest

from bridge.main import main

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _job(capsys, *args):
    assert main(["--device", "cpu", "--threads", "1", *args]) == 0
    return capsys.readouterr()


def test_main_job_on_digits(tmp_path, capsys):
    text = _job(capsys, "--model", "mlp", "--epochs", "1", "--steps", "8", "--dtype",
                "float64", "--out", str(tmp_path), "--no-progress").out
    accuracy = re.search(r"^accuracy: minigrad ([\d.]+)%  torch ([\d.]+)%", text, re.M)
    assert accuracy, text
    assert abs(float(accuracy.group(1)) - float(accuracy.group(2))) < 1.0
    assert re.search(r"^equivalence: equivalent within tolerance 1e-09 over 8 steps \(per-step "
                     r"check from identical state\): worst relative difference ", text, re.M), text
    assert re.search(r"^drift: the free-running twin stayed at rounding level for 8 steps",
                     text, re.M), text
    assert re.search(r"^speed: minigrad [\d.]+ ms/step, torch [\d.]+ ms/step .* ratio [\d.]+x",
                     text, re.M), text
    result = json.load(open(tmp_path / "report.json"))
    assert result["ok"] and result["steps"] == 8 and result["dataset"] == "digits"
    assert result["mode"] == "resync" and result["drift"]["onset"] is None
    assert all(r["drift"] is not None and r["error"] < 1e-9 for r in result["records"])
    assert (tmp_path / "report.png").exists() or "matplotlib is not installed" in text


def test_main_job_reports_a_disagreement_with_its_layer(capsys):
    # --tol 0 turns every rounding difference into a disagreement: the verdict names it
    text = _job(capsys, "--model", "mlp", "--steps", "3", "--no-progress", "--tol", "0",
                "--no-drift").out
    line = re.search(r"^equivalence: first disagreement at step 0 in the \w+ pass: "
                     r"layer '\d' \(\w+\).*$", text, re.M)
    assert line, text
    assert re.search(r"[123] of 3 steps breach", line.group(0))
    assert "drift: not measured" in text


def test_main_job_without_resync_checks_the_free_running_pair(capsys):
    text = _job(capsys, "--model", "mlp", "--steps", "4", "--dtype", "float64",
                "--no-progress", "--no-resync").out
    assert "over 4 steps (free-running lock-step (no resync)): " in text, text


def test_progress_in_a_log_is_a_few_lines_per_epoch(capsys):
    # stdout and stderr are not terminals here: no per-step output, one line per epoch
    out = _job(capsys, "--model", "mlp", "--epochs", "5", "--dtype", "float64")
    assert "\r" not in out.out + out.err
    assert len(re.findall(r"^epoch \d: ", out.out, re.M)) == 5
    assert len(out.out.splitlines()) < 60 and not out.err.strip()


def test_progress_on_a_terminal_is_one_updating_line():
    pytest.importorskip("tqdm")
    pty = pytest.importorskip("pty")
    import fcntl
    import struct
    import termios
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    chunks = []

    def drain():
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:                  # the terminal closed
                return
            if not data:
                return
            chunks.append(data)
    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    cmd = [sys.executable, "-m", "bridge", "--device", "cpu", "--threads", "1", "--model",
           "mlp", "--epochs", "5", "--dtype", "float64"]
    try:
        out = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=slave, text=True,
                             timeout=600)
    finally:
        os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    assert out.returncode == 0
    shown = b"".join(chunks).decode(errors="replace")
    assert "lock-step:" in shown and shown.count("\r") >= 5, shown
    assert shown.count("\n") == 0, shown           # the bar stays on one line
    assert len(re.findall(r"^epoch \d: ", out.stdout, re.M)) == 5


def test_main_job_rejects_real_data_without_root(monkeypatch):
    monkeypatch.delenv("MINIGRAD_DATA_ROOT", raising=False)
    with pytest.raises(ValueError, match=r"needs --data-root DIR or \$MINIGRAD_DATA_ROOT"):
        main(["--dataset", "mnist", "--steps", "1"])
