"""Distance functions of ``nn.functional``: pairwise_distance, cosine_similarity, pdist."""
from __future__ import annotations

import numpy as np

from ..._tensor import Tensor
from ..._tensor_convert import _type_word
from ..._tensor_math import _broadcast_message
from ..._dtype import from_numpy_dtype, result_type
from ._activation import _check_tensor, _renamed


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """``||x1 - x2 + eps||_p`` over the last dim (the inputs broadcast)."""
    dim = max(x1.ndim, x2.ndim) - 1
    diff = x1 - x2 + eps
    if diff.ndim == 0:
        return _renamed(diff.abs() if p != 0 else (diff != 0).to(diff.dtype), "NormBackward1")
    return _renamed(diff.norm(p, dim, keepdim=keepdim), "NormBackward1")


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """``<x1, x2> / (max(||x1||, eps) max(||x2||, eps))`` along ``dim``.

    Each input is divided by its own norm first (as torch does), which keeps the result
    in [-1, 1]; the norms are clamped at ``eps`` outside the graph.
    """
    _check_tensor("cosine_similarity", x1, "x1", 1)
    _check_tensor("cosine_similarity", x2, "x2", 2)
    try:
        shape = tuple(np.broadcast_shapes(tuple(x1.shape), tuple(x2.shape)))
    except ValueError:
        raise RuntimeError(_broadcast_message(x1, x2)) from None
    common = from_numpy_dtype(result_type(x1._array, x2._array))
    if not common.is_floating_point:
        raise RuntimeError("expected common dtype to be floating point, yet common dtype is "
                           f"{_type_word(common.np)}")
    x1, x2 = x1.to(common).expand(shape), x2.to(common).expand(shape)
    norm1 = x1.norm(2, dim, keepdim=True).clone()
    norm2 = x2.norm(2, dim, keepdim=True).clone()
    from ...autograd.grad_mode import no_grad
    with no_grad():
        norm1.clamp_(min=eps)
        norm2.clamp_(min=eps)
    return ((x1 / norm1) * (x2 / norm2)).sum(dim)


def pdist(input: Tensor, p: float = 2) -> Tensor:
    """p-norm distances between the rows of (N, M) ``input``: the upper triangle of
    ``cdist(input, input)`` row by row, N (N - 1) / 2 values."""
    _check_tensor("pdist", input, "input", 1)
    if input.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input.ndim}D")
    if not input.dtype.is_floating_point:
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    if input.dtype.name == "float16" and input.shape[0] > 1 and input.shape[1]:
        raise NotImplementedError('"pdist" not implemented for \'Half\'')
    first, second = np.triu_indices(input.shape[0], 1)
    pairs = input[Tensor._make(first, None)] - input[Tensor._make(second, None)]
    return _renamed(pairs.norm(p, 1), "PdistBackward0")
