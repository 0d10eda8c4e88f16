"""``torch.backends.mps`` (Apple GPUs): not built into minigrad."""


def is_available() -> bool:
    return False


def is_built() -> bool:
    return False


def is_macos_or_newer(major: int, minor: int) -> bool:
    return False
