"""``torch.accelerator`` queries: no accelerator is ever present in minigrad."""


def is_available() -> bool:
    return False


def current_accelerator(check_available: bool = False):
    return None


def device_count() -> int:
    return 0
