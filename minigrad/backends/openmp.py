"""``torch.backends.openmp``: minigrad computes with NumPy and never calls openmp itself."""

enabled = True


def is_available() -> bool:
    return False
