"""Bad input raises what torch raises: same exception type and the same message."""
from __future__ import annotations

import pytest
import torch

import minigrad

from .support import assert_raises_like

CASES = {
    "broadcast": lambda T: T.ones(2, 3) + T.ones(4),
    "broadcast_mul_3d": lambda T: T.ones(2, 3, 4) * T.ones(3, 3, 1),
    "broadcast_div": lambda T: T.ones(2) / T.ones(3),
    "mm_shapes": lambda T: T.ones(2, 3) @ T.ones(2, 3),
    "mm_vector": lambda T: T.ones(2, 3) @ T.ones(2),
    "matmul_batched": lambda T: T.ones(2, 3, 4) @ T.ones(2, 5, 4),
    "matmul_0d": lambda T: T.tensor(1.0) @ T.ones(2),
    "bmm_batches": lambda T: T.ones(2, 3, 4).bmm(T.ones(3, 4, 4)),
    "bmm_2d": lambda T: T.ones(3, 4).bmm(T.ones(2, 4, 4)),
    "mm_3d": lambda T: T.mm(T.ones(2, 3, 4), T.ones(4, 4)),
    "dot_2d": lambda T: T.dot(T.ones(2, 2), T.ones(2)),
    "view_stride": lambda T: T.ones(2, 3).t().view(6),
    "view_size": lambda T: T.ones(2, 3).view(4, 2),
    "reshape_size": lambda T: T.ones(2, 3).reshape(4, -1),
    "squeeze_dim": lambda T: T.ones(2, 1).squeeze(5),
    "unsqueeze_dim": lambda T: T.ones(2).unsqueeze(3),
    "sum_dim": lambda T: T.ones(2, 3).sum(-3),
    "transpose_dim": lambda T: T.ones(2, 3).transpose(0, 2),
    "permute_len": lambda T: T.ones(2, 3).permute(0),
    "t_3d": lambda T: T.ones(2, 3, 4).t(),
    "expand": lambda T: T.ones(2, 3).expand(4, 3),
    "flatten_dims": lambda T: T.ones(2, 3, 4).flatten(2, 1),
    "cat_ndim": lambda T: T.cat([T.ones(2), T.ones(2, 2)]),
    "cat_sizes": lambda T: T.cat([T.ones(2, 3), T.ones(2, 4)]),
    "cat_empty_list": lambda T: T.cat([]),
    "stack_sizes": lambda T: T.stack([T.ones(2), T.ones(3)]),
    "where_cond": lambda T: T.where(T.ones(2), T.ones(2), T.zeros(2)),
    "index_range": lambda T: T.ones(3)[3],
    "index_dims": lambda T: T.ones(3)[0, 0],
    "item_many": lambda T: T.ones(2).item(),
    "bool_many": lambda T: bool(T.ones(2)),
    "len_0d": lambda T: len(T.tensor(1.0)),
    "iter_0d": lambda T: iter(T.tensor(1.0)),
    "neg_bool": lambda T: -T.tensor([True]),
    "sub_bool": lambda T: T.tensor([True]) - T.tensor([False]),
    "clamp_none": lambda T: T.ones(2).clamp(),
    "mean_int": lambda T: T.arange(3).mean(),
    "numpy_grad": lambda T: T.ones(2, requires_grad=True).numpy(),
    "requires_grad_int": lambda T: T.arange(3).requires_grad_(),
    "inplace_cast": lambda T: T.arange(3).mul_(0.5),
    "inplace_shape": lambda T: T.ones(3).add_(T.ones(2, 3)),
    "grad_non_leaf_flag": lambda T: (T.ones(1, requires_grad=True) * 2).requires_grad_(False),
    "backward_no_grad": lambda T: T.ones(2).sum().backward(),
    "backward_non_scalar": lambda T: (T.ones(2, requires_grad=True) * 2).backward(),
    "backward_grad_shape": lambda T: (T.ones(2, requires_grad=True) * 2).backward(T.ones(3)),
    "zeros_negative": lambda T: T.zeros(2, -1),
    "ones_negative": lambda T: T.ones(-2),
    "max_empty": lambda T: T.zeros(0).max(),
    "softmax_dim": lambda T: T.ones(2).softmax(1),
    "argmax_dim": lambda T: T.ones(2).argmax(2),
}


@pytest.mark.parametrize("name", list(CASES))
def test_error_matches_torch(name):
    assert_raises_like(lambda: CASES[name](minigrad), lambda: CASES[name](torch))
