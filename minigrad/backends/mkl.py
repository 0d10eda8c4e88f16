"""``torch.backends.mkl``: minigrad computes with NumPy and never calls mkl itself."""

enabled = True


def is_available() -> bool:
    return False
