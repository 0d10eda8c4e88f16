"""CUDA queries: minigrad is CPU-only, so every answer is "no"."""


def is_available() -> bool:
    return False


def device_count() -> int:
    return 0


def manual_seed(seed: int) -> None:
    """Accepted and ignored, as torch does without a GPU."""


def manual_seed_all(seed: int) -> None:
    """Accepted and ignored."""


def synchronize(device=None) -> None:
    """Nothing runs asynchronously on the CPU."""


from . import amp  # noqa: E402  (torch.cuda.amp: disabled without a GPU, like torch)

__all__ = ["amp", "device_count", "is_available", "manual_seed", "manual_seed_all",
           "synchronize"]
