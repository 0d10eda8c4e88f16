"""Headless Chromium for the stepper tests: load a page, dump its DOM, take a screenshot.

The browser is Debian's ``chromium`` package (``apt-get install chromium``;
``.ci/run`` installs it).  ``MINIGRAD_CHROMIUM`` may name another binary.
Where none is found the tests skip and say how to install it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# no network, no first-run work, no GPU: a plain offline renderer
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--mute-audio"]


def find_chromium():
    explicit = os.environ.get("MINIGRAD_CHROMIUM")
    if explicit:
        return explicit if shutil.which(explicit) else None
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    exe = find_chromium()
    if exe is None:
        pytest.skip("headless Chromium not found: install it with `apt-get install chromium` "
                    "(.ci/run does) or point MINIGRAD_CHROMIUM at a Chrome binary")
    return exe


def _run(args, timeout=90) -> str:
    exe = require_chromium()
    with tempfile.TemporaryDirectory(prefix="minigrad-chromium-") as profile:
        done = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): "
                           f"{done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout.decode("utf-8", errors="replace")


def url_of(path: str, fragment: str = "") -> str:
    return "file://" + os.path.abspath(path) + (f"#{fragment}" if fragment else "")


def dump_dom(path: str, fragment: str = "", budget_ms: int = 3000) -> str:
    """The page's DOM after load and ``budget_ms`` of (virtual) time for its timers."""
    return _run([f"--virtual-time-budget={budget_ms}", "--window-size=1280,800", "--dump-dom",
                 url_of(path, fragment)])


def screenshot(path: str, png: str, fragment: str = "", size=(1280, 800)) -> str:
    _run(["--virtual-time-budget=2000", f"--window-size={size[0]},{size[1]}",
          f"--screenshot={os.path.abspath(png)}", url_of(path, fragment)])
    return png
