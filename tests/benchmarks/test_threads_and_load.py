"""Shape of the --threads-sweep and --busy outputs and of the machine facts (no timing)."""
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(args, tmp_path):
    path = tmp_path / "bench.json"
    cmd = [sys.executable, "-m", "benchmarks", "--quick", "--only", "relu 64x512",
           "--no-memory", "--json", str(path)] + args
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.load(open(path)), out.stdout


def test_sweep_prints_a_scaling_table_and_writes_a_plot(tmp_path):
    plot = tmp_path / "sweep.png"
    result, stdout = _run(["--threads-sweep", "1,2", "--plot", str(plot)], tmp_path)
    assert [r["threads"] for r in result["runs"]] == [1, 2]
    assert [r["threads"] for r in result["sweep"]] == [1, 2]
    for row in result["sweep"]:
        assert row["case"] == "relu 64x512"
        for key in ("minigrad_ms", "torch_ms", "ratio", "minigrad_speedup", "torch_speedup"):
            assert row[key] > 0
    assert result["sweep"][0]["minigrad_speedup"] == result["sweep"][0]["torch_speedup"] == 1
    assert "Thread scaling" in stdout
    pytest.importorskip("matplotlib")
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_busy_reports_slowdowns_and_leaves_no_process_behind(tmp_path):
    result, stdout = _run(["--threads", "1", "--busy", "1", "--busy-seconds", "60"], tmp_path)
    (run,) = result["busy_runs"]
    assert run["busy"] == 1 and len(run["pids"]) == 1
    (row,) = result["busy"]
    assert row["threads"] == 1
    for key in ("minigrad_ms", "minigrad_busy_ms", "minigrad_slowdown", "torch_ms",
                "torch_busy_ms", "torch_slowdown"):
        assert row[key] > 0
    assert "busy processes" in stdout
    for pid in run["pids"]:                    # killed and reaped when the run ended
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_every_run_records_the_machine_and_thread_settings(tmp_path):
    result, stdout = _run(["--threads", "1", "--clock", "cpu", "--markdown", "-"], tmp_path)
    env = result["env"]
    assert env["clock"] == "cpu" and "CPU ms" in stdout and "| relu 64x512 |" in stdout
    assert env["cpu_model"] and env["cpu_count"] >= 1 and env["usable_cores"] >= 1
    assert env["threads"] == 1 and env["thread_counts"] == [1]
    assert env["thread_settings"]["minigrad"] == env["thread_settings"]["torch"] == 1
    assert env["numpy_blas"].keys() >= {"internal_api", "version", "architecture",
                                         "num_threads"}
    assert env["torch_cpu_capability"]
    assert "machine:" in stdout


def test_busy_processes_stop_by_themselves():
    from benchmarks.load import busy_processes
    with busy_processes(1, seconds=0.5) as load:
        (pid,) = load.pids
        import time
        time.sleep(1.5)                        # past their time limit: they exit
        waited = os.waitpid(pid, os.WNOHANG)
        assert waited[0] == pid or not _alive(pid)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_limits_by_thread_count():
    from benchmarks.cases import TARGETS, limit_for
    limits = {1: 0.9, 2: 1.0, 16: 1.1}
    assert [limit_for(limits, t) for t in (1, 2, 3, 15, 16, 64)] == [0.9, 1.0, 1.0, 1.0, 1.1,
                                                                       1.1]
    assert limit_for(None, 4) is None
    assert all(1 in v and 2 in v for v in TARGETS.values())
