"""The malloc tuning done at import can be switched off and is a no-op off glibc."""
import subprocess
import sys

import pytest

from minigrad import _allocator


def _keep_freed_memory_in_fresh_process(env_value):
    code = "from minigrad import _allocator; print(_allocator.keep_freed_memory())"
    env = {"MINIGRAD_KEEP_FREED_MEMORY": env_value, "PATH": ""}
    import os
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True)
    return out.stdout.strip()


def test_opt_out_leaves_malloc_alone():
    assert _keep_freed_memory_in_fresh_process("0") == "False"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallopt is glibc's")
def test_glibc_accepts_the_setting():
    assert _keep_freed_memory_in_fresh_process("1") == "True"


def test_other_platforms_are_left_alone(monkeypatch):
    monkeypatch.setattr(_allocator.sys, "platform", "darwin")
    assert _allocator.keep_freed_memory() is False
