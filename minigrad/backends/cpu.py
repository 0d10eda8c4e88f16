"""``torch.backends.cpu``."""


def get_cpu_capability() -> str:
    """The vector instruction set minigrad's kernels are built for: NumPy decides."""
    return "DEFAULT"
