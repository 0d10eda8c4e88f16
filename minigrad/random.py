"""Random number generation: a global generator and ``Generator`` objects.

minigrad draws from NumPy's PCG64, so seeded streams differ from torch's;
``bridge`` copies weights instead of relying on equal seeds.
"""
from __future__ import annotations

import json

import numpy as np


class Generator:
    """A seedable random stream, like ``torch.Generator``."""

    def __init__(self, device="cpu"):
        self._seed = 67280421310721
        self.rng = np.random.default_rng(self._seed)

    def manual_seed(self, seed: int) -> "Generator":
        self._seed = int(seed)
        self.rng = np.random.default_rng(self._seed)
        return self

    def seed(self) -> int:
        return self.manual_seed(int(np.random.SeedSequence().entropy % 2 ** 63))._seed

    def initial_seed(self) -> int:
        return self._seed

    def get_state(self):
        """The generator state as a uint8 tensor (JSON text: safe to store and load)."""
        from ._creation import tensor
        state = json.dumps(self.rng.bit_generator.state).encode()
        return tensor(np.frombuffer(state, np.uint8).copy())

    def set_state(self, state) -> None:
        raw = state.numpy().tobytes() if hasattr(state, "numpy") else bytes(state)
        try:
            value = json.loads(raw.decode())
            if value.get("bit_generator") != "PCG64":
                raise ValueError
            self.rng.bit_generator.state = value
        except (ValueError, AttributeError, TypeError):
            raise RuntimeError("Invalid mt19937 state") from None


default_generator = Generator()


def manual_seed(seed: int) -> Generator:
    """Seed the global generator (what ``torch.manual_seed`` does)."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    return default_generator.seed()


def initial_seed() -> int:
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(state) -> None:
    default_generator.set_state(state)


def _rng(generator):
    return (generator or default_generator).rng


def uniform(shape, low, high, dtype, generator=None) -> np.ndarray:
    sample = _rng(generator).random(shape, dtype=np.float64 if dtype != np.float32 else dtype)
    return (sample * (high - low) + low).astype(dtype, copy=False)


def normal(shape, mean, std, dtype, generator=None) -> np.ndarray:
    kind = np.float32 if dtype == np.float32 else np.float64
    sample = _rng(generator).standard_normal(shape, dtype=kind)
    return (sample * std + mean).astype(dtype, copy=False)


def integers(low, high, shape, generator=None) -> np.ndarray:
    return _rng(generator).integers(low, high, shape, dtype=np.int64)


def permutation(n, generator=None) -> np.ndarray:
    return _rng(generator).permutation(n).astype(np.int64)
