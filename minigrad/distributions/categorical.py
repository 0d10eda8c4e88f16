"""``Categorical``: one of ``K`` classes with probabilities ``probs`` (or ``logits``)."""
from __future__ import annotations

import numpy as np

from .. import _creation
from .. import random as _random
from .._tensor import Tensor
from .distribution import Distribution, _as_tensor


class Categorical(Distribution):
    """Class ``k`` with probability ``probs[..., k]`` (normalised over the last dim); or from
    unnormalised log-probabilities ``logits``.  Samples are int64 class indices."""

    _param_names = ("probs", "logits")

    def __init__(self, probs=None, logits=None, validate_args: bool | None = None) -> None:
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            probs = _as_tensor(probs)
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.probs = probs / probs.sum(-1, keepdim=True)
            param = self.probs
        else:
            logits = _as_tensor(logits)
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            # normalise: log p = logits - logsumexp(logits)
            self.logits = logits - logits.logsumexp(dim=-1, keepdim=True)
            param = self.logits
        self._param = param
        self._num_events = param.shape[-1]
        super().__init__(param.shape[:-1], (), validate_args)
        if probs is not None:
            array = self.probs.detach().numpy()
            self._check("probs", self.probs, (array >= 0) & (np.abs(array.sum(-1) - 1) < 1e-6)
                        .reshape(array.shape[:-1] + (1,)), "Simplex()")

    def __getattr__(self, name: str):
        # the parameter not given is derived on first use, as torch's lazy properties
        if name == "probs":
            value = self.logits.softmax(-1)
        elif name == "logits":
            eps = float(np.finfo(self.probs.detach().numpy().dtype).eps)
            value = self.probs.clamp(min=eps, max=1 - eps).log()
        else:
            raise AttributeError(name)
        self.__dict__[name] = value
        return value

    @property
    def param_shape(self):
        return self._param.shape

    @property
    def mean(self) -> Tensor:
        return _creation.full(self._extended_shape(), float("nan"), dtype=self.probs.dtype)

    @property
    def mode(self) -> Tensor:
        return self.probs.argmax(-1)

    @property
    def variance(self) -> Tensor:
        return _creation.full(self._extended_shape(), float("nan"), dtype=self.probs.dtype)

    def sample(self, sample_shape=()) -> Tensor:
        """Class indices: for each distribution, the first class whose cumulative probability
        exceeds a uniform draw."""
        shape = tuple(sample_shape)
        probs = self.probs.detach().numpy().reshape(-1, self._num_events).astype(np.float64)
        cumulative = np.cumsum(probs, axis=-1)
        cumulative /= cumulative[:, -1:]
        n = int(np.prod(shape, dtype=np.int64))
        draws = _random.uniform((n, probs.shape[0]), 0.0, 1.0, np.float64)
        picked = np.stack([np.searchsorted(cumulative[i], draws[:, i], side="right")
                           for i in range(probs.shape[0])], axis=1)
        picked = np.minimum(picked, self._num_events - 1)
        return Tensor._make(picked.reshape(self._extended_shape(shape)).astype(np.int64), None)

    def log_prob(self, value) -> Tensor:
        """``log probs[..., value]``, broadcasting ``value`` against the batch."""
        value = _as_tensor(value).long()
        logits = self.logits
        if self._validate_args:
            array = value.detach().numpy()
            self._check("value", value, (array >= 0) & (array < self._num_events),
                        f"IntegerInterval(lower_bound=0, upper_bound={self._num_events - 1})")
        batch = np.broadcast_shapes(tuple(value.shape), tuple(logits.shape[:-1]))
        table = logits.expand(batch + (self._num_events,)).reshape(-1, self._num_events)
        index = value.expand(batch).reshape(-1)
        picked = table[_creation.arange(table.shape[0]), index]
        return picked.reshape(batch)

    def entropy(self) -> Tensor:
        """``-sum_k p_k log p_k`` (log p clamped at the dtype's lowest value)."""
        lowest = float(np.finfo(self.logits.detach().numpy().dtype).min)
        p_log_p = self.logits.clamp(min=lowest) * self.probs
        return -p_log_p.sum(-1)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        values = _creation.arange(self._num_events).reshape(
            (-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values


__all__ = ["Categorical"]
