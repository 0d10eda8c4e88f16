"""The ``Distribution`` base class: shapes, sampling entry points and argument checks."""
from __future__ import annotations

import math

import numpy as np

from .._device import Size
from .._tensor import Tensor

_validate_default = True


class Distribution:
    """A batch of probability distributions of shape ``batch_shape``, each over values of
    shape ``event_shape`` (see ``torch.distributions.Distribution``).

    Subclasses define ``log_prob``, ``sample`` (and ``rsample`` when samples can
    carry gradients), ``entropy``, ``mean`` and ``variance``.  Random draws come
    from minigrad's generator (``minigrad.manual_seed``), so sampled values
    differ from torch's for the same seed.
    """

    has_rsample = False

    def __init__(self, batch_shape=(), event_shape=(), validate_args: bool | None = None):
        self._batch_shape = Size(tuple(batch_shape))
        self._event_shape = Size(tuple(event_shape))
        self._validate_args = _validate_default if validate_args is None else validate_args

    @staticmethod
    def set_default_validate_args(value: bool) -> None:
        global _validate_default
        if value not in [True, False]:
            raise ValueError
        _validate_default = value

    @property
    def batch_shape(self) -> Size:
        return self._batch_shape

    @property
    def event_shape(self) -> Size:
        return self._event_shape

    @property
    def stddev(self) -> Tensor:
        return self.variance.sqrt()

    def _extended_shape(self, sample_shape=()) -> Size:
        return Size(tuple(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def sample(self, sample_shape=()) -> Tensor:
        """Draw ``sample_shape`` samples of every distribution (no gradient)."""
        from ..autograd import grad_mode
        with grad_mode.no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=()) -> Tensor:
        raise NotImplementedError(f"{type(self).__name__} does not support rsample (its samples "
                                  "cannot carry gradients)")

    def sample_n(self, n: int) -> Tensor:
        return self.sample((n,))

    def perplexity(self) -> Tensor:
        return self.entropy().exp()

    def _check(self, name: str, value: Tensor, ok: np.ndarray, constraint: str) -> None:
        if self._validate_args and not bool(np.all(ok)):
            raise ValueError(f"Expected parameter {name} ({type(value).__name__} of shape "
                             f"{tuple(value.shape)}) of distribution {self!r} to satisfy the "
                             f"constraint {constraint}, but found invalid values:\n{value}")

    def __repr__(self) -> str:
        shown = []
        for name in self._param_names:
            value = self.__dict__.get(name)
            if isinstance(value, Tensor):
                shown.append(f"{name}: {value.item() if value.numel() == 1 else value.size()}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _as_tensor(value, like: Tensor | None = None) -> Tensor:
    from .. import _creation, _dtype
    if isinstance(value, Tensor):
        return value
    dtype = like.dtype if like is not None else _dtype.get_default_dtype()
    return _creation.tensor(value, dtype=dtype)


LOG_SQRT_2PI = math.log(math.sqrt(2 * math.pi))
