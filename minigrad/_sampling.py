"""torch's random sampling functions: bernoulli, multinomial, normal, poisson, randint_like.

The draws come from minigrad's generator (``manual_seed``, or ``generator=``),
so the values differ from torch's; the shapes, dtypes, distributions and
errors are torch's.  Results carry no gradient, as in torch.
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from . import random
from ._creation import _finish, _np_dtype, check_random_range
from ._tensor import Tensor
from ._tensor_convert import _type_word


def _array(x) -> np.ndarray:
    return x.detach().numpy() if isinstance(x, Tensor) else np.asarray(x)


def bernoulli(input: Tensor, p: float | None = None, *, generator=None, out=None) -> Tensor:
    """1 with probability ``input`` (or ``p``) elementwise, else 0; in input's dtype."""
    probs = _array(input)
    if p is not None:
        probs = np.full(probs.shape, p, np.float64)
    if not ((probs >= 0) & (probs <= 1)).all():
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could "
                           "this error message be improved?  If so, please report an "
                           "enhancement request to PyTorch.)")
    draws = random.uniform(probs.shape, 0.0, 1.0, np.float64, generator)
    return _finish((draws < probs).astype(_array(input).dtype))


def multinomial(input: Tensor, num_samples: int, replacement: bool = False, *,
                generator=None, out=None) -> Tensor:
    """Indices drawn with probabilities proportional to the rows of ``input`` (1-D or 2-D);
    without replacement each index appears at most once per row."""
    weights = _array(input).astype(np.float64)
    if weights.ndim not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    rows = weights.reshape(-1, weights.shape[-1])
    if not replacement and num_samples > rows.shape[-1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if not np.isfinite(rows).all() or (rows < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (rows.sum(-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    picked = np.empty((rows.shape[0], num_samples), np.int64)
    for r, row in enumerate(rows):
        if replacement:
            cumulative = np.cumsum(row) / row.sum()
            draws = random.uniform((num_samples,), 0.0, 1.0, np.float64, generator)
            picked[r] = np.minimum(np.searchsorted(cumulative, draws, side="right"),
                                   len(row) - 1)
        else:
            # the Gumbel-top-k trick: the k largest log(w) + Gumbel noise are a draw
            # without replacement in proportion to w
            noise = -np.log(-np.log(random.uniform(row.shape, 1e-300, 1.0, np.float64,
                                                   generator)))
            with np.errstate(divide="ignore"):
                keys = np.log(row) + noise
            picked[r] = np.argsort(-keys, kind="stable")[:num_samples]
    return _finish(picked.reshape(weights.shape[:-1] + (num_samples,)))


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, device=None,
           requires_grad=False) -> Tensor:
    """Samples of N(mean, std^2): tensors ``mean`` / ``std`` broadcast elementwise, or two
    numbers and a ``size``."""
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise TypeError("normal() received an invalid combination of arguments - got "
                            "(float, float), but expected a size")
        shape = tuple(size)
        kind = _np_dtype(dtype)
        m, s = np.float64(mean), np.float64(std)
    else:
        m, s = _array(mean), _array(std)
        kind = (mean if isinstance(mean, Tensor) else std)._array.dtype   # torch: mean's
        shape = np.broadcast_shapes(np.shape(m), np.shape(s))
    if (np.asarray(s) < 0).any():
        raise RuntimeError("normal expects all elements of std >= 0.0" if isinstance(std, Tensor)
                           else f"normal expects std >= 0.0, but found std {float(std):g}")
    if kind.kind != "f" and math.prod(shape):        # torch samples floats only
        raise NotImplementedError(f'"normal_kernel_cpu" not implemented for '
                                  f"'{_type_word(kind)}'")
    sample = random.normal(shape, 0.0, 1.0, np.float64, generator) * s + m
    return _finish(np.asarray(sample).astype(kind), requires_grad, device)


def poisson(input: Tensor, generator=None) -> Tensor:
    """Poisson counts with rates ``input``, in input's dtype."""
    rates = _array(input)
    if (rates < 0).any():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    counts = (generator or random.default_generator).rng.poisson(rates.astype(np.float64))
    return _finish(np.asarray(counts).astype(rates.dtype))


def randint_like(input: Tensor, low=0, high=None, *, dtype=None, device=None,
                 requires_grad=False, memory_format=None, generator=None) -> Tensor:
    """Random integers in ``[low, high)`` with input's shape (and dtype unless given)."""
    if high is None:
        low, high = 0, low
    if not all(isinstance(v, (numbers.Integral, Tensor)) for v in (low, high)):
        low, high = int(low), int(high)
    kind = _np_dtype(dtype, _array(input).dtype)
    check_random_range(int(low), int(high), kind)
    values = random.integers(int(low), int(high), tuple(input.shape), generator)
    return _finish(values.astype(kind), requires_grad, device)


def is_complex(input) -> bool:
    """False: minigrad has no complex dtypes."""
    if not isinstance(input, Tensor):
        raise TypeError(f"is_complex(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    return False


def is_nonzero(input: Tensor) -> bool:
    """The truth of a one-element tensor."""
    if input.numel() == 0:
        raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
    if input.numel() > 1:
        raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
    return bool(input.item())


def set_flush_denormal(mode: bool) -> bool:
    """NumPy cannot flush denormal numbers to zero: True only when asked not to (as already
    the case), False when asked to flush."""
    return not mode


__all__ = ["bernoulli", "is_complex", "is_nonzero", "multinomial", "normal", "poisson",
           "randint_like", "set_flush_denormal"]
