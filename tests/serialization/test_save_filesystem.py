"""minigrad.save on a real file system: links, modes, owners, FIFOs, device nodes, permissions.

Every test checks the file system afterwards: the node is still what it was (a
symlink, a FIFO, a device, a file with other hard links, its mode and owner),
the data went where ``open(path, "wb")`` - and so torch - would put them, and no
temporary file is left behind.  Tests that need root (mknod, chown) or an
unprivileged user (permission denied) skip with the reason when they cannot run;
as root, the unprivileged cases run in a child process as ``nobody`` (setpriv).
"""
from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading

import numpy as np
import pytest

import minigrad

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = 65534
REPO = os.path.dirname(os.path.dirname(os.path.abspath(minigrad.__file__)))


def _ckpt(value: float):
    return {"w": minigrad.full((3,), value), "step": int(value)}


def _value(path_or_bytes) -> float:
    f = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    return float(minigrad.load(f)["w"][0])


def _leftovers(folder) -> list:
    return [n for n in os.listdir(folder) if n.endswith(".tmp") or n.startswith(".")]


def test_symlink_is_followed_and_kept(tmp_path):
    run = tmp_path / "run7.pt"
    minigrad.save(_ckpt(1), run)
    (tmp_path / "latest.pt").symlink_to("run7.pt")            # relative, like `ln -s`
    (tmp_path / "best.pt").symlink_to(tmp_path / "latest.pt")  # a chain of two links
    minigrad.save(_ckpt(2), tmp_path / "latest.pt")
    assert (tmp_path / "latest.pt").is_symlink()
    assert os.readlink(tmp_path / "latest.pt") == "run7.pt"
    assert _value(run) == 2.0
    minigrad.save(_ckpt(3), tmp_path / "best.pt")
    assert (tmp_path / "best.pt").is_symlink() and (tmp_path / "latest.pt").is_symlink()
    assert _value(run) == 3.0 and _value(tmp_path / "best.pt") == 3.0
    assert sorted(os.listdir(tmp_path)) == ["best.pt", "latest.pt", "run7.pt"]


def test_dangling_symlink_creates_its_target(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "latest.pt").symlink_to(tmp_path / "sub" / "new.pt")
    minigrad.save(_ckpt(4), tmp_path / "latest.pt")
    assert (tmp_path / "latest.pt").is_symlink()
    assert _value(tmp_path / "sub" / "new.pt") == 4.0
    assert os.listdir(tmp_path / "sub") == ["new.pt"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o2644])
def test_existing_mode_is_kept(tmp_path, mode):
    path = tmp_path / "ckpt.pt"
    minigrad.save(_ckpt(1), path)
    os.chmod(path, mode)
    before = os.stat(path)
    minigrad.save(_ckpt(2), path)
    after = os.stat(path)
    assert stat.S_IMODE(after.st_mode) == mode
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert _value(path) == 2.0 and _leftovers(tmp_path) == []


def test_new_file_gets_the_umask_mode(tmp_path):
    mask = os.umask(0o027)
    try:
        minigrad.save(_ckpt(1), tmp_path / "new.pt")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.pt").st_mode) == 0o640


def test_hard_links_are_written_in_place(tmp_path):
    """A rename would leave the other names on the old data: write the shared inode instead."""
    a, b = tmp_path / "a.pt", tmp_path / "b.pt"
    minigrad.save(_ckpt(1), a)
    os.link(a, b)
    inode = os.stat(a).st_ino
    minigrad.save({"w": minigrad.arange(10000.0), "step": 2}, a)   # longer than before
    minigrad.save(_ckpt(3), b)                                    # and shorter again
    assert os.stat(a).st_ino == os.stat(b).st_ino == inode and os.stat(a).st_nlink == 2
    assert _value(a) == _value(b) == 3.0
    assert sorted(os.listdir(tmp_path)) == ["a.pt", "b.pt"]


def test_failed_in_place_write_leaves_the_file_whole(tmp_path, monkeypatch):
    """The archive is staged completely before the first byte of the file changes."""
    a, b = tmp_path / "a.pt", tmp_path / "b.pt"
    minigrad.save(_ckpt(1), a)
    os.link(a, b)
    before = a.read_bytes()
    real = np.lib.format.write_array

    def crash(f, array, *args, **kwargs):
        f.write(b"partial")
        raise OSError("disk full")
    monkeypatch.setattr(np.lib.format, "write_array", crash)
    with pytest.raises(OSError, match="disk full"):
        minigrad.save(_ckpt(2), a)
    monkeypatch.setattr(np.lib.format, "write_array", real)
    assert a.read_bytes() == b.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["a.pt", "b.pt"]


def test_fifo_is_written_into(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    try:
        minigrad.save(_ckpt(5), fifo)
    finally:
        if reader.is_alive():                 # unblock the reader if save failed early
            with open(fifo, "wb"):
                pass
        reader.join(10)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _value(received[0]) == 5.0
    assert os.listdir(tmp_path) == ["pipe"]


def test_device_node_is_written_into_not_replaced(tmp_path):
    """A copy of /dev/null made with mknod: `save(x, "/dev/null")` must never replace it."""
    if not IS_ROOT:
        pytest.skip("mknod of a character device needs root")
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"mknod is not permitted here: {error}")
    minigrad.save(_ckpt(1), node)
    info = os.stat(node)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert os.listdir(tmp_path) == ["null"]


def test_save_to_a_directory_refuses_like_torch(tmp_path):
    with pytest.raises(RuntimeError, match="open file failed with strerror: Is a directory"):
        minigrad.save(_ckpt(1), tmp_path)
    assert os.listdir(tmp_path) == []


def test_owner_is_kept_when_root_overwrites_a_users_file(tmp_path):
    if not IS_ROOT:
        pytest.skip("giving a file to another user needs root")
    path = tmp_path / "ckpt.pt"
    minigrad.save(_ckpt(1), path)
    os.chown(path, NOBODY, NOBODY)
    os.chmod(path, 0o600)
    minigrad.save(_ckpt(2), path)
    info = os.stat(path)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOBODY, 0o600)
    assert _value(path) == 2.0 and _leftovers(tmp_path) == []


# -- as an unprivileged user ---------------------------------------------------------------
_CHILD = """
import json, sys
sys.path.insert(0, {repo!r})
import minigrad
results = {{}}
for name, path, value in {jobs!r}:
    try:
        minigrad.save({{"w": minigrad.full((3,), value), "step": int(value)}}, path)
        results[name] = "ok"
    except Exception as error:
        results[name] = type(error).__name__ + ": " + str(error)
print(json.dumps(results))
"""


@pytest.fixture
def open_folder():
    """A folder every user can reach (pytest's tmp_path sits under a private 0700 folder)."""
    folder = tempfile.mkdtemp(prefix="minigrad-save-")
    os.chmod(folder, 0o755)
    yield folder
    for root, dirs, _ in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
    shutil.rmtree(folder)


def _unprivileged(script: str):
    """Run a python script as a user without root's rights (``nobody`` when we are root)."""
    command = [sys.executable, "-c", script]
    if IS_ROOT:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv (util-linux) is not there to drop to "
                        "an unprivileged user")
        command = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                   *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": REPO})


def _save_unprivileged(jobs, folder) -> dict:
    """Run minigrad.save for each (name, path, value) as a user without root's rights."""
    probe = _unprivileged(f"import os, sys; sys.path.insert(0, {REPO!r}); import minigrad; "
                          f"os.listdir({folder!r})")
    if probe.returncode != 0:
        pytest.skip("the unprivileged user cannot run this interpreter, read the repository "
                    f"or reach {folder}: {probe.stderr.strip().splitlines()[-1:]}")
    done = _unprivileged(_CHILD.format(repo=REPO, jobs=jobs))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _make(path, value, mode, owner=None):
    minigrad.save(_ckpt(value), path)
    if owner is not None:
        os.chown(path, *owner)
    os.chmod(path, mode)


def test_unprivileged_saves(open_folder):
    """Locked folders, read-only files, other users' files and /dev/null, as torch sees them."""
    locked = os.path.join(open_folder, "locked")          # the folder is not writable ...
    os.mkdir(locked)
    shared = os.path.join(open_folder, "shared")          # ... this one is
    os.mkdir(shared)
    user = (NOBODY, NOBODY) if IS_ROOT else (os.getuid(), os.getgid())
    _make(os.path.join(locked, "writable.pt"), 1, 0o666)
    _make(os.path.join(locked, "private.pt"), 1, 0o640, user)
    _make(os.path.join(shared, "readonly.pt"), 1, 0o444, user)
    _make(os.path.join(shared, "others.pt"), 1, 0o666, (0, 0) if IS_ROOT else None)
    os.chmod(locked, 0o555)
    if IS_ROOT:
        os.chown(shared, *user)
    results = _save_unprivileged([
        ("writable", os.path.join(locked, "writable.pt"), 2),
        ("private", os.path.join(locked, "private.pt"), 2),
        ("new", os.path.join(locked, "new.pt"), 2),
        ("readonly", os.path.join(shared, "readonly.pt"), 2),
        ("others", os.path.join(shared, "others.pt"), 2),
        ("devnull", os.devnull, 2)], open_folder)
    # a writable file in a locked folder is written in place, keeping inode and mode
    assert results["writable"] == results["private"] == "ok"
    assert _value(os.path.join(locked, "writable.pt")) == 2.0
    assert stat.S_IMODE(os.stat(os.path.join(locked, "private.pt")).st_mode) == 0o640
    # no new file can appear in a locked folder; torch says "open file failed"
    assert results["new"].startswith("RuntimeError: open file failed with strerror: "
                                     "Permission denied")
    assert sorted(os.listdir(locked)) == ["private.pt", "writable.pt"]
    # a read-only file stays as it was, as with torch (a rename could replace it)
    assert results["readonly"].startswith("RuntimeError: open file failed with strerror: "
                                          "Permission denied")
    assert _value(os.path.join(shared, "readonly.pt")) == 1.0
    # another user's writable file keeps its owner: written in place, not replaced
    assert results["others"] == "ok"
    if IS_ROOT:
        assert os.stat(os.path.join(shared, "others.pt")).st_uid == 0
    assert _value(os.path.join(shared, "others.pt")) == 2.0
    assert sorted(os.listdir(shared)) == ["others.pt", "readonly.pt"]
    assert results["devnull"] == "ok" and stat.S_ISCHR(os.stat(os.devnull).st_mode)
