"""Make docs/stepper.png, the README's picture of the backward stepper.

    python docs/make_stepper_png.py [--html docs/stepper.html]

Builds a small MLP on scikit-learn's 8x8 digits, writes its backward stepper
with ``minigrad.viz.to_html`` and has headless Chromium (``apt-get install
chromium``) photograph it at the step where the ReLU runs.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import minigrad
from minigrad import nn

from bridge.data import load_digits

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--html", default=None, help="also keep the page here")
    p.add_argument("--png", default=os.path.join(HERE, "stepper.png"))
    args = p.parse_args(argv)
    minigrad.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 10))
    x, y, _, _ = load_digits(image_size=8)
    loss = nn.functional.cross_entropy(model(minigrad.from_numpy(x[:8])),
                                       minigrad.from_numpy(y[:8]))
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)
    if exe is None:
        print("headless Chromium is needed: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        page = args.html or os.path.join(tmp, "stepper.html")
        minigrad.viz.to_html(loss, page, params=dict(model.named_parameters()),
                             title="minigrad backward pass: MLP on 8x8 digits")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--hide-scrollbars",
                        f"--user-data-dir={os.path.join(tmp, 'profile')}",
                        "--window-size=1200,720", "--virtual-time-budget=2000",
                        f"--screenshot={os.path.abspath(args.png)}",
                        "file://" + os.path.abspath(page) + "#step=6"],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
