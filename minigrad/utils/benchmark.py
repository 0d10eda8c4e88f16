"""``torch.utils.benchmark``: not supported; time code with ``timeit`` (or minigrad's
``benchmarks`` package, which measures against torch)."""
from __future__ import annotations


class Timer:
    """Refuses to be built: see the module docstring."""

    def __init__(self, *args, **kwargs) -> None:
        raise NotImplementedError("torch.utils.benchmark.Timer is not supported by minigrad: "
                                  "use timeit, or python -m benchmarks")


__all__ = ["Timer"]
