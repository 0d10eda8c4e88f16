"""``Bernoulli``: 1 with probability ``probs`` (or ``sigmoid(logits)``), else 0."""
from __future__ import annotations

import numpy as np

from .. import random as _random
from .._tensor import Tensor
from .distribution import Distribution, _as_tensor


class Bernoulli(Distribution):
    """A coin with probability ``probs`` of 1; samples are 0.0 / 1.0 in the parameter dtype."""

    _param_names = ("probs", "logits")

    def __init__(self, probs=None, logits=None, validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            self.probs = _as_tensor(probs)
            param = self.probs
        else:
            self.logits = _as_tensor(logits)
            param = self.logits
        self._param = param
        super().__init__(param.shape, (), validate_args)
        if probs is not None:
            array = self.probs.detach().numpy()
            self._check("probs", self.probs, (array >= 0) & (array <= 1),
                        "Interval(lower_bound=0.0, upper_bound=1.0)")

    def __getattr__(self, name: str):
        if name == "probs":
            value = self.logits.sigmoid()
        elif name == "logits":
            eps = float(np.finfo(self.probs.detach().numpy().dtype).eps)
            p = self.probs.clamp(min=eps, max=1 - eps)
            value = p.log() - (-p).log1p() if hasattr(p, "log1p") else (p / (1 - p)).log()
        else:
            raise AttributeError(name)
        self.__dict__[name] = value
        return value

    @property
    def mean(self) -> Tensor:
        return self.probs

    @property
    def mode(self) -> Tensor:
        mode = (self.probs >= 0.5).to(self.probs.dtype)
        return mode.masked_fill(self.probs == 0.5, float("nan"))

    @property
    def variance(self) -> Tensor:
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()) -> Tensor:
        shape = tuple(self._extended_shape(sample_shape))
        probs = np.broadcast_to(self.probs.detach().numpy(), shape)
        draws = _random.uniform(shape, 0.0, 1.0, np.float64)
        return Tensor._make((draws < probs).astype(probs.dtype), None)

    def log_prob(self, value) -> Tensor:
        """``-BCE-with-logits(logits, value)``: ``value log p + (1 - value) log(1 - p)``."""
        from ..nn import functional as F
        value = _as_tensor(value, self._param)
        logits = self.logits
        shape = np.broadcast_shapes(tuple(logits.shape), tuple(value.shape))
        return -F.binary_cross_entropy_with_logits(logits.expand(shape), value.expand(shape),
                                                   reduction="none")

    def entropy(self) -> Tensor:
        from ..nn import functional as F
        return F.binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")


__all__ = ["Bernoulli"]
