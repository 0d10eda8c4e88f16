"""``torch.backends.cudnn`` as on a CPU-only build: not available, the flags settable."""
from __future__ import annotations

enabled = True          # torch's defaults; setting them changes nothing in minigrad
benchmark = False
deterministic = False
allow_tf32 = True
benchmark_limit = 10


def is_available() -> bool:
    return False


def version():
    """cuDNN's version: None without cuDNN."""
    return None


def is_acceptable(tensor) -> bool:
    return False
