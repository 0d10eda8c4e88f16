"""``Normal``: the Gaussian with mean ``loc`` and standard deviation ``scale``."""
from __future__ import annotations

import math

import numpy as np

from .. import random as _random
from .._tensor import Tensor
from .distribution import LOG_SQRT_2PI, Distribution, _as_tensor


class Normal(Distribution):
    """``N(loc, scale^2)``, batched over the broadcast shape of ``loc`` and ``scale``.
    ``rsample`` is ``loc + scale * eps`` (the reparametrization trick)."""

    has_rsample = True
    _param_names = ("loc", "scale")

    def __init__(self, loc, scale, validate_args: bool | None = None) -> None:
        loc, scale = _as_tensor(loc), _as_tensor(scale)
        loc = _as_tensor(loc, scale) if not isinstance(loc, Tensor) else loc
        shape = np.broadcast_shapes(tuple(loc.shape), tuple(scale.shape))
        self.loc, self.scale = loc.expand(shape), scale.expand(shape)
        super().__init__(shape, (), validate_args)
        self._check("scale", scale, scale.detach().numpy() > 0, "GreaterThan(lower_bound=0.0)")

    @property
    def mean(self) -> Tensor:
        return self.loc

    @property
    def mode(self) -> Tensor:
        return self.loc

    @property
    def stddev(self) -> Tensor:
        return self.scale

    @property
    def variance(self) -> Tensor:
        return self.scale ** 2

    def rsample(self, sample_shape=()) -> Tensor:
        shape = self._extended_shape(sample_shape)
        dtype = self.loc.detach().numpy().dtype
        eps = Tensor._make(_random.normal(tuple(shape), 0.0, 1.0, dtype), None)
        return self.loc + eps * self.scale

    def log_prob(self, value) -> Tensor:
        """``-(x - loc)^2 / (2 scale^2) - log scale - log sqrt(2 pi)``."""
        value = _as_tensor(value, self.loc)
        var = self.scale ** 2
        return -((value - self.loc) ** 2) / (2 * var) - self.scale.log() - LOG_SQRT_2PI

    def entropy(self) -> Tensor:
        """``1/2 + log sqrt(2 pi) + log scale``."""
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()


__all__ = ["Normal"]
