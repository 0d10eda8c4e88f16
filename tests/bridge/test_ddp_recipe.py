"""The README recipe: minigrad training continues in torch with DDP on 2 local processes.

The 2-process job runs under ``torchrun`` (``python -m torch.distributed.run``)
on the loopback interface (gloo, CPU), with a small model and a few steps.
Everything is bounded: the processes wait at most 60 s for each other and
the whole job is killed after ``JOB_TIMEOUT`` seconds.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import numpy as np
import pytest
import torch

import minigrad

from bridge import export
from bridge.examples import ddp_continue

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
JOB_TIMEOUT = 300
TRAIN_STEPS, MORE_STEPS = 12, 4

pytest.importorskip("sklearn", reason="the recipe trains on scikit-learn's digits")
if not (torch.distributed.is_available() and torch.distributed.is_gloo_available()):
    pytest.skip("this torch build has no gloo backend for torch.distributed",
                allow_module_level=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _torchrun(run_dir: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": ROOT, "MASTER_ADDR": "127.0.0.1",
           "OMP_NUM_THREADS": "1"}
    if os.path.exists("/sys/class/net/lo"):
        env["GLOO_SOCKET_IFNAME"] = "lo"                  # loopback only
    command = [sys.executable, "-m", "torch.distributed.run", "--nnodes=1",
               "--nproc_per_node=2", "--master_addr=127.0.0.1", f"--master_port={_free_port()}",
               "--max_restarts=0", "-m", "bridge.examples.ddp_continue", "continue", run_dir,
               "--steps", str(MORE_STEPS), "--timeout", "60"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=JOB_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)            # torchrun and both workers
        output, _ = process.communicate()
        pytest.fail(f"the 2-process job did not finish in {JOB_TIMEOUT} s:\n{output[-3000:]}")
    return subprocess.CompletedProcess(command, process.returncode, output, None)


def test_minigrad_training_continues_in_torch_ddp(tmp_path, capsys):
    run_dir = str(tmp_path / "run")
    assert ddp_continue.main(["train", run_dir, "--steps", str(TRAIN_STEPS),
                              "--reference", str(MORE_STEPS)]) == 0
    assert export.main([os.path.join(run_dir, "minigrad.mg"),
                        os.path.join(run_dir, "torch.pt")]) == 0
    capsys.readouterr()
    done = _torchrun(run_dir)
    assert done.returncode == 0, done.stdout[-3000:]
    with open(os.path.join(run_dir, "ddp_losses.json")) as f:
        ddp = json.load(f)
    with open(os.path.join(run_dir, "minigrad_reference.json")) as f:
        reference = json.load(f)
    assert ddp["start"] == reference["start"] == TRAIN_STEPS and ddp["world_size"] == 2
    # each DDP step is the step minigrad takes next (float32: rounding-level differences)
    np.testing.assert_allclose(ddp["losses"], reference["losses"], rtol=1e-4, atol=1e-6)
    history = minigrad.load(os.path.join(run_dir, "minigrad.mg"))["losses"]
    assert max(ddp["losses"]) < 0.75 * history[0]        # continued, not started afresh
    assert "torch DDP (2 processes)" in done.stdout and "minigrad, run on" in done.stdout
    # the torch checkpoint comes back to minigrad and loads into the model
    final = os.path.join(run_dir, "torch_final.pt")
    assert torch.load(final, weights_only=True)["step"] == TRAIN_STEPS + MORE_STEPS
    assert export.main(["--to-minigrad", final, str(tmp_path / "back.mg")]) == 0
    model = ddp_continue.DigitsNet()
    model.load_state_dict(minigrad.load(tmp_path / "back.mg")["model"])


def test_continue_outside_torchrun_says_how_to_launch(capsys):
    with pytest.raises(SystemExit):
        ddp_continue.main(["continue", "run"])
    assert "torchrun --nproc_per_node=2" in capsys.readouterr().err
