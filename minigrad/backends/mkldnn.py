"""``torch.backends.mkldnn``: minigrad computes with NumPy and never calls mkldnn itself."""

enabled = True


def is_available() -> bool:
    return False
